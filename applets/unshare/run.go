package unshare

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/enter"
	"nsbox/nslib/prestage"
	"nsbox/nslib/rundir"
)

// role is which of unshare's processes this one is. All of them parse the
// same command line; the plan nsbox handed to itself (prestage.Plan) says
// what to do with it.
type role int

const (
	roleMain   role = iota
	roleStaged      // re-executed through the unshare stage: user/time done
	roleChild       // --fork's child, inside the namespaces: steps 12-20
	roleMaps        // the idmap helper, in the original namespaces
	roleBinds       // the bind helper, in the original namespaces
)

// The plan's records for unshare's processes: after the stage, "resume"
// is EUID,EGID,MAPSPID,MAPSFD,BINDPID,BINDFD; a --fork child has "child",
// PIDFD,EUID,EGID (the parent's pidfd for --kill-child, or -1, and its
// ids); a helper has "helper", maps or binds, and its release pipe on fd 3.
const (
	recChild  = "child"
	recHelper = "helper"
)

// helper is a helper process and the pipe that releases it.
type helper struct {
	pid int
	w   *os.File
}

// roleState is what takeRole found.
type roleState struct {
	stageErr    error
	maps, binds *helper
	parentPidfd int
}

// takeRole reads the plan this process was handed, if any.
func (c *cmd) takeRole() error {
	c.parentPidfd = -1
	staged, resume, stageErr := enter.UnshareStaged()
	plan := prestage.Taken()
	child, isChild := plan[recChild]
	switch {
	case staged:
		c.role, c.stageErr = roleStaged, stageErr
		var v [6]int
		f := strings.Split(resume, ",")
		if len(f) != len(v) {
			return c.fail("%v", enter.ErrBadUnshareStage{})
		}
		for i := range v {
			n, err := strconv.Atoi(f[i])
			if err != nil {
				return c.fail("%v", enter.ErrBadUnshareStage{})
			}
			v[i] = n
		}
		c.realEUID, c.realEGID = uint32(v[0]), uint32(v[1])
		c.maps, c.binds = takeHelper(v[2], v[3]), takeHelper(v[4], v[5])
	case isChild:
		// The ids are the parent's: inside a user namespace ours may be
		// mapped to others, and the maps' parsing (subid look-ups) must
		// not change.
		c.role = roleChild
		var fd int
		if _, err := fmt.Sscanf(child, "%d,%d,%d", &fd, &c.realEUID, &c.realEGID); err != nil {
			return c.fail("%v", enter.ErrBadUnshareStage{})
		}
		if fd >= 0 {
			unix.CloseOnExec(fd)
			c.parentPidfd = fd
		}
	case plan[recHelper] == "maps":
		c.role = roleMaps
	case plan[recHelper] == "binds":
		c.role = roleBinds
	}
	return nil
}

func takeHelper(pid, fd int) *helper {
	if pid <= 0 || fd < 0 {
		return nil
	}
	unix.CloseOnExec(fd)
	return &helper{pid: pid, w: os.NewFile(uintptr(fd), "helper")}
}

// run is util-linux's main after getopt, for whichever process this is.
func (c *cmd) run(program []string) error {
	prestage.ClearInherited(unix.SIGCHLD) // util-linux's signal(SIGCHLD, SIG_DFL)
	c.foldMaps()
	switch c.role {
	case roleChild:
		return c.onLockedThread(func() error { return c.finish(program) })
	case roleMaps:
		return c.helperMain(func(pid, _ int) error { return c.writeRangeMaps(pid) })
	case roleBinds:
		return c.helperMain(c.persistAll)
	}
	stageFlags := c.flags & enter.UnshareStageTypes
	if c.role == roleMain {
		if err := c.check(); err != nil {
			return err
		}
		if stageFlags != 0 {
			return c.enterStage(stageFlags)
		}
	}
	if c.stageErr != nil {
		return c.fail("%v", c.stageErr)
	}
	if c.maps != nil {
		if err := c.release(c.maps, 0); err != nil {
			return err
		}
	}
	return c.onLockedThread(func() error { return c.unshareAndRun(program, c.flags&^stageFlags) })
}

// check is every refusal made before anything is created: util-linux's
// option conflicts, what this build cannot do, and (nsbox) persistence
// that would fail half-way.
func (c *cmd) check() error {
	if (c.monotonic != nil || c.boottime != nil) && c.flags&unix.CLONE_NEWTIME == 0 {
		return c.fail("options --monotonic and --boottime require unsharing of a time namespace (-T)")
	}
	if c.mapGroup >= 0 && c.setgroups == "allow" {
		return c.fail("options --setgroups=allow and --map-group are mutually exclusive")
	}
	if c.flags&enter.UnshareStageTypes != 0 && !enter.UnshareStageAvailable {
		return c.fail("%v", enter.ErrNoUnshareStage{})
	}
	if file, ok := c.persist[unix.CLONE_NEWPID]; ok && !c.fork {
		return c.fail("cannot keep the pid namespace on %s without --fork: it gets its first process only "+
			"when unshare forks; add -f (--fork)", file)
	}
	if file, ok := c.persist[unix.CLONE_NEWNS]; ok {
		if mnt, shared := sharedMountOf(file); shared {
			return c.fail("cannot keep the mount namespace on %s: %s is a shared mount, which the kernel "+
				"refuses (EINVAL); use a file on a private mount, e.g. mount --bind DIR DIR && "+
				"mount --make-private DIR", file, mnt)
		}
	}
	if c.netnsName != "" {
		rd := rundir.DefaultRunDir()
		if rd.NameTaken(c.netnsName) {
			return c.failErr("Cannot create namespace file \""+rd.Path(c.netnsName)+"\"", unix.EEXIST)
		}
	}
	return nil
}

func (c *cmd) persisting() bool { return len(c.persist) > 0 || c.netnsName != "" }

// enterStage is util-linux's steps 3-6 for user and time namespaces: the
// bind and idmap helpers are started in the original namespaces, then the
// process re-executes itself through the unshare stage, which does --owner
// and unshare(2) before the Go runtime starts. It returns only on failure.
func (c *cmd) enterStage(flags int) error {
	resume := []int{int(c.realEUID), int(c.realEGID), 0, -1, 0, -1}
	if c.persisting() && c.flags&unix.CLONE_NEWUSER != 0 {
		h, err := c.startHelper("binds")
		if err != nil {
			return err
		}
		resume[4], resume[5] = h.pid, int(h.w.Fd())
	}
	if c.hasUserMap || c.hasGroupMap {
		h, err := c.startHelper("maps")
		if err != nil {
			return err
		}
		resume[2], resume[3] = h.pid, int(h.w.Fd())
	}
	for _, fd := range []int{resume[3], resume[5]} {
		if fd >= 0 {
			enter.KeepOpen(fd)
		}
	}
	var s []string
	for _, v := range resume {
		s = append(s, strconv.Itoa(v))
	}
	stage := enter.UnshareStage{Flags: flags, OwnerUID: c.ownerUID, OwnerGID: c.ownerGID,
		Boottime: c.boottime, Monotonic: c.monotonic}
	err := stage.Exec(os.Args, strings.Join(s, ","))
	return c.failErr("cannot re-execute "+c.name+" for the unshare stage", err)
}

// startHelper starts this binary again as a helper that waits, in the
// original namespaces, until release tells it the PID and thread to work
// on.
func (c *cmd) startHelper(kind string) (*helper, error) {
	plan, err := prestage.Plan{recHelper: kind}.Seal()
	if err != nil {
		return nil, c.failErr("cannot hand a plan to the "+kind+" helper", err)
	}
	defer plan.Close()
	r, w, err := os.Pipe()
	if err != nil {
		return nil, c.failErr("pipe failed", err)
	}
	defer r.Close()
	cmd := exec.Command("/proc/self/exe")
	cmd.Args = os.Args
	cmd.Env = append(os.Environ(), prestage.Trigger(4)) // ExtraFiles from fd 3
	cmd.ExtraFiles = []*os.File{r, plan}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.io.In, c.io.Out, c.io.Err
	if err := enter.Start(cmd); err != nil {
		w.Close()
		return nil, c.failErr("fork failed", err)
	}
	return &helper{pid: cmd.Process.Pid, w: w}, nil
}

// release tells a helper to go ahead on this process (and thread tid),
// then waits for it; its failure status becomes ours.
func (c *cmd) release(h *helper, tid int) error {
	fmt.Fprintf(h.w, "%d %d\n", os.Getpid(), tid)
	h.w.Close()
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(h.pid, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return c.failErr("waitpid failed", err)
		}
		break
	}
	if ws.Exited() && ws.ExitStatus() != 0 {
		return applet.ExitCode(ws.ExitStatus())
	}
	return nil
}

// helperMain is a helper's life: wait for the release, then work. A
// parent that gave up (its pipe closed unreleased) ends it quietly.
func (c *cmd) helperMain(work func(pid, tid int) error) error {
	f := os.NewFile(3, "release")
	b, _ := io.ReadAll(f)
	f.Close()
	var pid, tid int
	if n, _ := fmt.Sscanf(string(b), "%d %d", &pid, &tid); n != 2 || pid <= 0 {
		return applet.ExitCode(1)
	}
	if tid == 0 {
		tid = pid
	}
	return work(pid, tid)
}

// onLockedThread runs fn with the calling goroutine locked to its thread
// for good: fn unshares on it and then execs, or forks from it and waits,
// and the process ends either way, so the thread (the main one, as a
// rule) never serves other goroutines in the new namespaces. A fresh
// goroutine would cost a thread hand-off (about a millisecond here) for
// nothing.
func (c *cmd) onLockedThread(fn func() error) error {
	runtime.LockOSThread()
	return fn()
}

// unshareAndRun is steps 6 and 9-15 on the locked thread: unshare the
// rest, the namespace-wide setup (maps, setgroups, propagation), then
// fork, or persist and finish in place.
func (c *cmd) unshareAndRun(program []string, flags int) error {
	if flags != 0 {
		if err := c.unshare(flags); err != nil {
			return c.failErr("unshare failed", err)
		}
	}
	// These act on the namespaces, which parent and child share: nsbox
	// does them before the fork, util-linux in the child.
	if err := c.writeSingleMaps(); err != nil {
		return err
	}
	if c.flags&unix.CLONE_NEWNS != 0 && c.propagation != 0 {
		if err := unix.Mount("none", "/", "", c.propagation, ""); err != nil {
			return c.failErr("cannot change root filesystem propagation", err)
		}
	}
	if c.fork {
		return c.forkAndWait(program)
	}
	if err := c.persistNow(); err != nil {
		return err
	}
	return c.finish(program)
}

// unshare is unshare(2) of flags on this thread; a mount namespace that is
// to be persisted is made so that the original namespace may bind it (see
// enter.UnshareMountAbove).
func (c *cmd) unshare(flags int) error {
	_, persisted := c.persist[unix.CLONE_NEWNS]
	if flags&unix.CLONE_NEWNS == 0 || !persisted {
		return nslib.Unshare(flags)
	}
	var above uint64
	if f, err := nslib.Open("/proc/thread-self/ns/mnt"); err == nil {
		above, _ = f.MountNSID()
		f.Close()
	}
	if rest := flags &^ unix.CLONE_NEWNS; rest != 0 {
		if err := nslib.Unshare(rest); err != nil {
			return err
		}
	}
	return enter.UnshareMountAbove(above)
}

// persistNow binds the namespaces of this thread: through the bind helper
// when a user namespace took our privilege over the original mounts,
// else from another thread, which is still in the original namespaces.
func (c *cmd) persistNow() error {
	if !c.persisting() {
		return nil
	}
	tid := unix.Gettid()
	if c.binds != nil {
		return c.release(c.binds, tid)
	}
	done := make(chan error, 1)
	go func() { done <- c.persistAll(os.Getpid(), tid) }()
	return <-done
}

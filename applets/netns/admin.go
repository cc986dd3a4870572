package netns

import (
	"errors"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/link"
	"nsbox/nslib/nsid"
	"nsbox/nslib/rundir"
	"nsbox/wifi"
)

// runErr prints an nslib failure (it already reads like iproute2's message)
// and gives status 1.
func (c *cmd) runErr(err error) error {
	return c.fail(1, "%s", err.Error())
}

func (c *cmd) add(args []string) error {
	if len(args) < 1 {
		return c.fail(1, "No netns name specified")
	}
	if err := c.run.Add(args[0]); err != nil {
		return c.runErr(err)
	}
	return nil
}

func (c *cmd) attach(args []string) error {
	if len(args) < 2 {
		return c.fail(1, "No netns name and PID specified")
	}
	pid, ok := applet.ParseCInt(args[1], 0, 32)
	if !ok || pid == 0 {
		return c.fail(1, "Invalid PID: %s", args[1])
	}
	if err := c.run.Attach(args[0], int(pid)); err != nil {
		return c.runErr(err)
	}
	return nil
}

func (c *cmd) rename(args []string) error {
	if len(args) < 2 {
		return c.fail(1, "No netns names specified: rename OLD NEW")
	}
	if !rundir.ValidName(args[1]) {
		return c.fail(255, "Invalid netns name \"%s\"", args[1])
	}
	if err := c.run.Rename(args[0], args[1]); err != nil {
		return c.runErr(err)
	}
	return nil
}

// set assigns an nsid (in the -n namespace's table, like iproute2) or, as
// an nsbox addition, brings the namespace's loopback up or down.
func (c *cmd) set(args []string) error {
	if len(args) < 1 {
		return c.fail(1, "No netns name specified")
	}
	if len(args) < 2 {
		return c.fail(1, "No nsid specified")
	}
	name, val := args[0], args[1]
	var id int64 = nsid.Unassigned
	if val != "auto" && val != "up" && val != "down" {
		var ok bool
		if id, ok = applet.ParseCInt(val, 0, 32); !ok {
			return c.fail(255, "Error: argument \"%s\" is wrong: Invalid \"netnsid\" value", val)
		}
		if id < 0 {
			return c.fail(255, "Error: argument \"%s\" is wrong: \"netnsid\" value should be >= 0", val)
		}
	}
	f, err := c.run.OpenNamed(name)
	if err != nil {
		return c.fail(1, "Cannot open network namespace \"%s\": %s", name, nslib.Strerror(err))
	}
	defer f.Close()
	// Not a namespace: iproute2 gets the kernel's refusal, status 2.
	if err := f.CheckType(unix.CLONE_NEWNET); err != nil {
		return c.fail(2, "Cannot use network namespace \"%s\": %s", name, nslib.Strerror(err))
	}
	if val == "up" || val == "down" {
		if err := link.SetLoopback(f.FD(), val == "up"); err != nil {
			return c.fail(2, "%s", nsid.NetlinkError(err))
		}
		return nil
	}
	conn, err := nsid.Dial(c.viewerFD())
	if err != nil {
		return c.fail(2, "%s", nsid.NetlinkError(err))
	}
	defer conn.Close()
	if err := conn.Set(f.FD(), int32(id)); err != nil {
		return c.fail(2, "%s", nsid.NetlinkError(err))
	}
	return nil
}

// killGrace is how long delete --kill waits after SIGTERM before SIGKILL.
const killGrace = 3 * time.Second

// delete removes one name (iproute2 ignores further names), or every name
// with -all: it stops at the first failure and, like iproute2, still exits 0.
// A name that --kill or --evacuate must not touch (homeNamespace) is refused,
// and with -all skipped: the rest are still deleted and the status is 1.
func (c *cmd) delete(args []string) error {
	// The options come before the name; words after it are ignored, as
	// iproute2 ignores extra names.
	var kill, evacuate, dry bool
	for len(args) > 0 && (args[0] == "--kill" || args[0] == "--evacuate" || args[0] == "--dry-run") {
		kill = kill || args[0] == "--kill"
		evacuate = evacuate || args[0] == "--evacuate"
		dry = dry || args[0] == "--dry-run"
		args = args[1:]
	}
	names := args
	if c.all {
		all, err := c.allNames()
		if err != nil {
			return err
		}
		var status error
		for _, n := range all {
			if dry {
				c.out.WriteString(n + ":\n")
			}
			err := c.deleteOne(n, kill, evacuate, dry)
			var refused *refusal
			if errors.As(err, &refused) {
				c.errorf("netns: skipping \"%s\": %s", n, refused.why)
				status = applet.ExitCode(1)
				continue
			}
			if err != nil {
				break
			}
		}
		return status
	}
	if len(names) == 0 {
		return c.fail(1, "No netns name specified")
	}
	if !rundir.ValidName(names[0]) {
		return c.fail(255, "Invalid netns name \"%s\"", names[0])
	}
	err := c.deleteOne(names[0], kill, evacuate, dry)
	var refused *refusal
	if errors.As(err, &refused) {
		return c.fail(1, "netns: refusing to delete \"%s\" with %s: %s", names[0], refused.options, refused.why)
	}
	return err
}

func (c *cmd) deleteOne(name string, kill, evacuate, dry bool) error {
	if dry {
		return c.dryRun(name, kill, evacuate)
	}
	if kill || evacuate {
		if err := c.emptyNamespace(name, kill, evacuate); err != nil {
			return err
		}
	}
	if err := c.run.Delete(name); err != nil {
		return c.runErr(err)
	}
	return nil
}

// refusal is a delete that --kill or --evacuate must not do; nothing has
// been changed when it is returned.
type refusal struct {
	options, why string
}

func (r *refusal) Error() string { return r.why }

// emptyOptions names the options a refusal is about: "--kill --evacuate".
func emptyOptions(kill, evacuate bool) string {
	var options []string
	if kill {
		options = append(options, "--kill")
	}
	if evacuate {
		options = append(options, "--evacuate")
	}
	return strings.Join(options, " ")
}

// homeNamespace says why the namespace id must not be emptied ("" when it
// may): --kill there would end every service and the caller's own shell
// (nsbox alone would be spared), and --evacuate has nowhere to send its
// devices. When PID 1's namespace cannot be read, nothing is risked.
func homeNamespace(id nslib.Ident) string {
	if self, err := nslib.StatIdent("/proc/thread-self/ns/net"); err != nil {
		return "cannot read the caller's own network namespace: " + nslib.Strerror(err)
	} else if id == self {
		return "it is the caller's own network namespace"
	}
	if init, err := nslib.StatIdent(nslib.ProcPath(1, "net")); err != nil {
		return "cannot read PID 1's network namespace: " + nslib.Strerror(err)
	} else if id == init {
		return "it is PID 1's network namespace"
	}
	return ""
}

// emptyNamespace prepares a delete: --evacuate sends the namespace's
// physical devices to the initial namespace (PID 1's) while they can still
// be named, --kill ends every process inside (threads included) so nothing
// keeps the namespace, and its devices, hostage. The caller's own namespace
// and PID 1's are refused before anything is done.
func (c *cmd) emptyNamespace(name string, kill, evacuate bool) error {
	f, err := c.run.OpenNamed(name)
	if err != nil || f.CheckType(unix.CLONE_NEWNET) != nil {
		if f != nil {
			f.Close()
		}
		return nil // nothing mounted there: plain delete
	}
	defer f.Close()
	id, err := f.Ident()
	if err != nil {
		return c.runErr(err)
	}
	if err := c.emptyCheck(id, kill, evacuate); err != nil {
		return err
	}
	if evacuate {
		home, err := nslib.OpenPIDNS(1, "net")
		if err != nil {
			return c.fail(1, "Cannot open the initial network namespace: %s", nslib.Strerror(err))
		}
		// Radios first: their interfaces cannot move on their own, only
		// with their phy.
		var moved []string
		phys, err := wifi.MovePhysHome(f.FD(), home.FD())
		for _, p := range phys {
			moved = append(moved, p.Name)
		}
		if err == nil {
			var links []string
			links, err = link.MoveLinks(f.FD(), home.FD(), link.IsPhysical)
			moved = append(moved, links...)
		}
		home.Close()
		if len(moved) > 0 {
			c.warn("netns: " + name + ": moved to the initial namespace: " + strings.Join(moved, " "))
		}
		if err != nil {
			return c.fail(2, "netns: %s: %s", name, err.Error())
		}
	}
	if kill {
		killMembers(id)
	}
	return nil
}

// killMembers sends SIGTERM to every process in the namespace, waits up to
// killGrace for them to go, then SIGKILLs the rest.
func killMembers(id nslib.Ident) {
	members := func() []int {
		pids := netMembers(scanNet(true), id.Ino)
		return slices.DeleteFunc(pids, func(p int) bool { return p == os.Getpid() })
	}
	signal := func(pids []int, sig syscall.Signal) {
		for _, p := range pids {
			if fd, err := unix.PidfdOpen(p, 0); err == nil {
				unix.PidfdSendSignal(fd, sig, nil, 0)
				unix.Close(fd)
			} else if errors.Is(err, unix.ENOSYS) {
				unix.Kill(p, sig)
			}
		}
	}
	pids := members()
	if len(pids) == 0 {
		return
	}
	signal(pids, unix.SIGTERM)
	deadline := time.Now().Add(killGrace)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if pids = members(); len(pids) == 0 {
			return
		}
	}
	signal(pids, unix.SIGKILL)
	for i := 0; i < 100 && len(members()) > 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
}

// allNames lists the run dir for -all: a missing one is empty, any other
// failure ends the command with iproute2's message and status 1.
func (c *cmd) allNames() ([]string, error) {
	names, err := c.run.Names()
	if err != nil && !isNotExist(err) {
		return nil, c.fail(1, "Failed to open directory %s: %s", c.run.Dir, strerrorPath(err))
	}
	return names, nil
}

func isNotExist(err error) bool { return errors.Is(err, os.ErrNotExist) }

package rundir

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/enter"
)

// EnterNetnsForExec prepares the calling thread to run a program inside the
// named network namespace, iproute2's `ip netns exec` recipe: join the
// namespace, take a private mount namespace that receives but never sends
// mount events, replace /sys with the namespace's own sysfs and bind
// ETC_DIR/NAME/* over /etc. The caller must have locked its thread; the
// thread is not fit for anything else afterwards.
//
// Two things nsbox does beyond iproute2: a stale placeholder is reported as
// such before setns, and /sys/fs/cgroup survives the /sys swap (iproute2
// loses it, which breaks systemd, podman and gVisor inside).
func (r *RunDir) EnterNetnsForExec(name string) error {
	ns, err := r.OpenNamed(name)
	if err != nil {
		return nslib.OpErr(err, "Cannot open network namespace \"%s\"", name)
	}
	defer ns.Close()
	if err := ns.CheckType(unix.CLONE_NEWNET); err != nil {
		return nslib.OpErr(err, "setting the network namespace \"%s\" failed", name)
	}
	if err := unix.Setns(ns.FD(), unix.CLONE_NEWNET); err != nil {
		return nslib.OpErr(err, "setting the network namespace \"%s\" failed", name)
	}
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return nslib.OpErr(err, "unshare failed")
	}
	if err := unix.Mount("", "/", "none", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return nslib.OpErr(err, "\"mount --make-rslave /\" failed")
	}
	if err := remountSys(name); err != nil {
		return err
	}
	r.bindEtc(name)
	return nil
}

// remountSys replaces /sys with a sysfs of the current network namespace
// (its source is the namespace name, as in iproute2), read-only when the old
// one was, and carries the cgroup tree over to the new /sys.
func remountSys(name string) error {
	var flags uintptr
	var vfs unix.Statfs_t
	if unix.Statfs("/sys", &vfs) == nil && vfs.Flags&unix.ST_RDONLY != 0 {
		flags = unix.MS_RDONLY
	}
	cgroups := -1
	var cfs unix.Statfs_t
	if unix.Statfs("/sys/fs/cgroup", &cfs) == nil && cfs.Type != unix.SYSFS_MAGIC {
		// A detached copy of the whole cgroup tree (v1, hybrid or v2).
		if fd, err := unix.OpenTree(unix.AT_FDCWD, "/sys/fs/cgroup",
			unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC|unix.AT_RECURSIVE); err == nil {
			cgroups = fd
			defer unix.Close(fd)
		}
	}
	if err := unix.Unmount("/sys", unix.MNT_DETACH); err != nil {
		var sv unix.Statfs_t
		if unix.Statfs("/sys", &sv) == nil && sv.Flags&unix.ST_RDONLY != 0 {
			flags = unix.MS_RDONLY
		}
	}
	if err := unix.Mount(name, "/sys", "sysfs", flags, ""); err != nil {
		return nslib.OpErr(err, "mount of /sys failed")
	}
	switch {
	case cgroups >= 0:
		unix.MoveMount(cgroups, "", unix.AT_FDCWD, "/sys/fs/cgroup", unix.MOVE_MOUNT_F_EMPTY_PATH)
	case cfs.Type == unix.CGROUP2_SUPER_MAGIC:
		// No open_tree (kernel < 5.2): mount the unified hierarchy again.
		unix.Mount("cgroup2", "/sys/fs/cgroup", "cgroup2", flags, "")
	}
	return nil
}

// bindEtc binds every entry of ETC_DIR/NAME over the same name in /etc.
// Failures are warnings, as in iproute2.
func (r *RunDir) bindEtc(name string) {
	if len(name) >= 255 {
		return
	}
	dir := r.etcPath(name)
	// O_DIRECTORY, as iproute2's opendir: anything else there (a FIFO,
	// whose open would wait for a writer) is no directory to bind from.
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(fd), dir)
	entries, _ := f.Readdirnames(-1)
	f.Close()
	for _, e := range entries {
		src, dst := dir+"/"+e, "/etc/"+e
		if err := unix.Mount(src, dst, "none", unix.MS_BIND, ""); err != nil {
			r.warn("Bind " + src + " -> " + dst + " failed: " + nslib.Strerror(err))
		}
	}
}

// RunInNetns runs argv in the named namespace in a child process and waits:
// the fork-and-wait variant for -all and batch mode. The setup happens on a
// thread of its own that is thrown away afterwards. It returns the child's
// wait status; a setup or exec failure is an error.
func (r *RunDir) RunInNetns(name string, argv []string, stdin, stdout, stderr *os.File) (syscall.WaitStatus, error) {
	type result struct {
		ws  syscall.WaitStatus
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := r.EnterNetnsForExec(name); err != nil {
			done <- result{err: err}
			return
		}
		p, err := enter.LookPath(argv[0])
		if err != nil {
			done <- result{err: &enter.ExecError{Cmd: argv[0], Err: err}}
			return
		}
		cmd := &exec.Cmd{Path: p, Args: argv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
		err = enter.Start(cmd)
		if errors.Is(err, syscall.ENOEXEC) {
			cmd = &exec.Cmd{Path: enter.BShell, Args: enter.ScriptArgv(p, argv), Stdin: stdin, Stdout: stdout, Stderr: stderr}
			err = enter.Start(cmd)
		}
		if err != nil {
			done <- result{err: &enter.ExecError{Cmd: argv[0], Err: nslib.UnwrapPath(err)}}
			return
		}
		cmd.Wait()
		done <- result{ws: cmd.ProcessState.Sys().(syscall.WaitStatus)}
	}()
	res := <-done
	return res.ws, res.err
}

package nslib

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
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
		return opErr(err, "Cannot open network namespace \"%s\"", name)
	}
	defer ns.Close()
	if err := ns.CheckType(unix.CLONE_NEWNET); err != nil {
		return opErr(err, "setting the network namespace \"%s\" failed", name)
	}
	if err := unix.Setns(ns.FD(), unix.CLONE_NEWNET); err != nil {
		return opErr(err, "setting the network namespace \"%s\" failed", name)
	}
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return opErr(err, "unshare failed")
	}
	if err := unix.Mount("", "/", "none", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return opErr(err, "\"mount --make-rslave /\" failed")
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
		return opErr(err, "mount of /sys failed")
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
			r.warn("Bind " + src + " -> " + dst + " failed: " + Strerror(err))
		}
	}
}

// ExecError is a failed execvp: `exec of "CMD" failed: ERR`.
type ExecError struct {
	Cmd string
	Err error
}

func (e *ExecError) Error() string {
	return "exec of \"" + e.Cmd + "\" failed: " + Strerror(e.Err)
}
func (e *ExecError) Unwrap() error { return e.Err }

// defaultPath is glibc execvp's search path when PATH is unset (confstr
// _CS_PATH): `env -i`, cron and initramfs scripts run without PATH.
const defaultPath = "/bin:/usr/bin"

// LookPath is glibc execvp's search, the one every applet uses: a name with
// a slash as it is, else each PATH entry (defaultPath without PATH, "." for
// an empty entry). A candidate that exists but may not be run (or a
// directory that may not be searched) makes the final error EACCES rather
// than ENOENT, as execvp(3) reports it.
func LookPath(name string) (string, error) {
	if name == "" {
		return "", unix.ENOENT // execvp(3) of "": ENOENT, no PATH search
	}
	if strings.Contains(name, "/") {
		return name, nil
	}
	path, ok := os.LookupEnv("PATH")
	if !ok {
		path = defaultPath
	}
	denied := false
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + name
		var st unix.Stat_t
		err := unix.Stat(p, &st)
		if err == nil && st.Mode&unix.S_IFMT == unix.S_IFREG &&
			unix.Faccessat(unix.AT_FDCWD, p, unix.X_OK, unix.AT_EACCESS) == nil {
			return p, nil
		}
		if err == nil || err == unix.EACCES {
			denied = true
		}
	}
	if denied {
		return "", unix.EACCES
	}
	return "", unix.ENOENT
}

// Execvp replaces the process with argv (PATH search) and returns only on
// failure. Namespaces are those of the calling thread, so call it from the
// locked thread that prepared them.
func Execvp(argv []string) error {
	p, err := LookPath(argv[0])
	if err != nil {
		return &ExecError{Cmd: argv[0], Err: err}
	}
	err = Exec(p, argv)
	err.(*ExecError).Cmd = argv[0]
	return err
}

// bshell runs executable files that are not binaries and have no #! line,
// as execvp(3) does (glibc's _PATH_BSHELL).
const bshell = "/bin/sh"

// scriptArgv is execvp(3)'s command line for such a file: the shell, the
// file's path, then the arguments.
func scriptArgv(path string, argv []string) []string {
	return append([]string{bshell, path}, argv[1:]...)
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
		p, err := LookPath(argv[0])
		if err != nil {
			done <- result{err: &ExecError{Cmd: argv[0], Err: err}}
			return
		}
		cmd := &exec.Cmd{Path: p, Args: argv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
		err = Start(cmd)
		if errors.Is(err, syscall.ENOEXEC) {
			cmd = &exec.Cmd{Path: bshell, Args: scriptArgv(p, argv), Stdin: stdin, Stdout: stdout, Stderr: stderr}
			err = Start(cmd)
		}
		if err != nil {
			done <- result{err: &ExecError{Cmd: argv[0], Err: unwrapPath(err)}}
			return
		}
		cmd.Wait()
		done <- result{ws: cmd.ProcessState.Sys().(syscall.WaitStatus)}
	}()
	res := <-done
	return res.ws, res.err
}

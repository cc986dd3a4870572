package unshare

import (
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib/enter"
	"nsbox/nslib/prestage"
)

// forkAndWait is util-linux's steps 9-11 on the locked thread: the parent
// keeps SIGINT and SIGTERM from ending it (or forwards them), starts the
// child from this thread (so it has the new namespaces, and its parent
// death signal is tied to this thread, which lives until the child is
// gone), persists, and then ends the way the child ended.
func (c *cmd) forkAndWait(program []string) error {
	// From before the fork on, a Go handler catches SIGINT and SIGTERM
	// (exec resets it in the child), as util-linux blocks them. With
	// --forward-signals it passes them on, even over an inherited SIG_IGN
	// as util-linux's handler: prestage.IgnoreInherited first, or the fork
	// would undo the Notify. Without, they are ignored once the child has
	// started: the child must not inherit a SIG_IGN that nsbox did not, and
	// keeps one it did (the fork ignores those again, see forChild).
	// Signals that come before the child's PID is known wait in the channel.
	sigs := make(chan os.Signal, 8)
	held := []os.Signal{unix.SIGINT, unix.SIGTERM}
	if c.forward {
		prestage.IgnoreInherited()
	} else {
		held = prestage.NotInherited(held...)
	}
	if len(held) > 0 { // Notify of none would catch every signal
		signal.Notify(sigs, held...)
	}
	pidfd := -1
	if c.killSig != 0 {
		fd, err := unix.PidfdOpen(os.Getpid(), 0)
		if err != nil {
			return c.failErr("pidfd_open failed", err)
		}
		pidfd = fd
	}
	pid, startErr := c.startChild(program, pidfd)
	switch {
	case startErr == nil && c.forward:
		go func() {
			for s := range sigs {
				unix.Kill(pid, s.(syscall.Signal))
			}
		}()
	case startErr == nil:
		signal.Ignore(unix.SIGINT, unix.SIGTERM) // the child has exec'd: it keeps its own
	}
	if pidfd >= 0 {
		unix.Close(pidfd)
	}
	if err := c.persistNow(); err != nil {
		return err
	}
	if startErr != nil {
		return startErr
	}
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return c.failErr("waitpid failed", err)
		}
		break
	}
	switch {
	case ws.Exited():
		return applet.ExitCode(ws.ExitStatus())
	case ws.Signaled():
		enter.DieOfSignal(ws.Signal())
	}
	return c.fail("child exit failed")
}

// needsChildStage: the child has work of its own before exec (in the new
// pid namespace, or per process); otherwise the program is started
// directly.
func (c *cmd) needsChildStage() bool {
	return c.killSig != 0 || c.procSet || c.binfmtSet || c.interp != "" ||
		c.rootSet || c.wdSet || c.creds.SetUID || c.creds.SetGID || c.keepCaps ||
		c.clearEnv || c.hasWhitelist
}

// startChild forks from the calling (locked) thread: this binary again
// when the child has work to do (the pre-runtime stage's child recipe, or
// finish in a build without the stage), else the program.
func (c *cmd) startChild(program []string, pidfd int) (int, error) {
	// The first process of a new pid namespace is its init: once it has
	// died (a failed exec), no second fork gets in (ENOMEM), so a file
	// without #! must go to /bin/sh from the same process, as execvp does
	// it. The stage's recipe does; enter.ForkExec's retry forks again.
	if prestage.Available && (c.needsChildStage() || c.flags&unix.CLONE_NEWPID != 0) {
		return c.startStagedChild(program, pidfd)
	}
	if !c.needsChildStage() {
		path, argv, err := c.resolve(program)
		if err != nil {
			return 0, err
		}
		pid, err := enter.ForkExec(path, argv)
		if err != nil {
			return 0, c.execFailed(argv[0], err)
		}
		return pid, nil
	}
	files := enter.StdFiles()
	childFD := -1
	if pidfd >= 0 {
		childFD = len(files)
		files = append(files, uintptr(pidfd))
	}
	plan, err := prestage.Plan{recChild: strconv.Itoa(childFD) + "," +
		strconv.FormatUint(uint64(c.realEUID), 10) + "," + strconv.FormatUint(uint64(c.realEGID), 10)}.Seal()
	if err != nil {
		return 0, c.failErr("cannot hand a plan to the child", err)
	}
	defer plan.Close()
	env := append(os.Environ(), prestage.Trigger(len(files)))
	files = append(files, plan.Fd())
	pid, err := enter.ForkExecAttr("/proc/self/exe", os.Args, &syscall.ProcAttr{Env: env, Files: files})
	if err != nil {
		return 0, c.failErr("fork failed", err)
	}
	return pid, nil
}

// startStagedChild forks this binary with a plan for the stage's child
// recipe (nslib/prestage/child.c), which is finish in C: the child never
// starts the Go runtime, whose threads would take PIDs in a new pid
// namespace. The program is its argv and the program's environment its
// environment. An exec as a non-root user of the current user namespace
// would drop every capability the child needs for its steps (mount /proc,
// chroot): they go into its ambient set for that exec, and the recipe
// takes them out again before the program's (or, with --keep-caps, keeps
// them as util-linux does).
func (c *cmd) startStagedChild(program []string, pidfd int) (int, error) {
	files := enter.StdFiles()
	plan := prestage.Plan{"exec": "1"}
	argv := program
	if len(argv) == 0 {
		plan["shell"], argv = "1", []string{"-"}
	}
	if c.killSig != 0 {
		plan["kill"] = strconv.Itoa(c.killSig)
		if pidfd >= 0 {
			plan["parentfd"] = strconv.Itoa(len(files))
			files = append(files, uintptr(pidfd))
		}
	}
	if c.interp != "" {
		plan["interp"], plan["interpdir"] = c.interp, c.binfmtMnt
		if isFixed(c.interp) {
			plan["interpfixed"] = "1"
		}
	}
	if c.binfmtSet {
		plan["binfmt"] = c.binfmtMnt
	}
	if c.rootSet {
		plan["root"] = c.root
	}
	if c.wdSet {
		plan["wd"] = c.wd
	}
	if c.procSet {
		plan["proc"] = c.procMnt
		if !c.rootSet && c.propagation != propagationDefault {
			plan["procprivate"] = "1"
		}
	}
	if c.creds.SetGID {
		plan["setgid"] = strconv.FormatUint(uint64(c.creds.GID), 10)
	}
	if c.creds.SetUID {
		plan["setuid"] = strconv.FormatUint(uint64(c.creds.UID), 10)
	}
	if c.keepCaps && c.flags&unix.CLONE_NEWUSER != 0 {
		plan["keepcaps"] = "1"
	}
	attr := &syscall.ProcAttr{Env: c.programEnv()}
	if os.Geteuid() != 0 {
		caps, inheritable, err := enter.PermittedCaps()
		if err != nil {
			return 0, c.fail("%v", err)
		}
		attr.Sys = &syscall.SysProcAttr{AmbientCaps: caps}
		plan["caps"] = strconv.FormatUint(inheritable&0xffffffff, 10) + "," + strconv.FormatUint(inheritable>>32, 10)
	}
	f, err := plan.Seal()
	if err != nil {
		return 0, c.failErr("cannot hand a plan to the child", err)
	}
	defer f.Close()
	attr.Env = append(attr.Env, prestage.Trigger(len(files)))
	attr.Files = append(files, f.Fd())
	pid, err := enter.ForkExecAttr("/proc/self/exe", argv, attr)
	if err != nil {
		return 0, c.failErr("fork failed", err)
	}
	return pid, nil
}

// programEnv is the program's environment: ours, or with --clear-env or
// --whitelist-env only the kept variables.
func (c *cmd) programEnv() []string {
	if c.clearEnv || c.hasWhitelist {
		return append([]string{}, c.whitelist...)
	}
	return os.Environ()
}

// finish is util-linux's steps 12 and 16-20 for the process that runs the
// program: parent death signal, root and working directory, proc and
// binfmt_misc, credentials, capabilities, environment, exec.
func (c *cmd) finish(program []string) error {
	if c.killSig != 0 {
		if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(c.killSig), 0, 0, 0); err != nil {
			return c.failErr("prctl failed", err)
		}
		// The parent may have died before prctl: then the pidfd is
		// readable, and the new parent does not want this orphan.
		if c.parentPidfd >= 0 {
			n, err := unix.Poll([]unix.PollFd{{Fd: int32(c.parentPidfd), Events: unix.POLLIN}}, 0)
			if err != nil {
				return c.failErr("poll parent pidfd failed", err)
			}
			if n > 0 {
				return applet.ExitCode(1)
			}
			unix.Close(c.parentPidfd)
		}
	}
	fixed := c.interp != "" && isFixed(c.interp) && c.rootSet
	if fixed {
		// The F flag opens the interpreter now: register it before the
		// chroot, so it comes from the host.
		const mnt = "/proc/sys/fs/binfmt_misc"
		if err := unix.Mount("binfmt_misc", mnt, "binfmt_misc", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, ""); err != nil {
			return c.failErr("mount "+mnt+" failed", err)
		}
		if err := c.loadInterp(mnt); err != nil {
			return err
		}
	}
	wd, wdSet := c.wd, c.wdSet
	if c.rootSet {
		if err := unix.Chroot(c.root); err != nil {
			return c.failErr("cannot change root directory to '"+c.root+"'", err)
		}
		if !wdSet {
			wd, wdSet = "/", true
		}
	}
	if wdSet {
		if err := unix.Chdir(wd); err != nil {
			return c.failErr("cannot chdir to '"+wd+"'", err)
		}
	}
	if c.procSet {
		if !c.rootSet && c.propagation != propagationDefault {
			// A custom DIR is usually no mount point: EINVAL is fine.
			err := unix.Mount("none", c.procMnt, "", unix.MS_PRIVATE|unix.MS_REC, "")
			if err != nil && err != unix.EINVAL {
				return c.failErr("cannot change "+c.procMnt+" filesystem propagation", err)
			}
		}
		if err := unix.Mount("proc", c.procMnt, "proc", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, ""); err != nil {
			return c.failErr("mount "+c.procMnt+" failed", err)
		}
	}
	if c.binfmtSet {
		if err := unix.Mount("binfmt_misc", c.binfmtMnt, "binfmt_misc", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, ""); err != nil {
			return c.failErr("mount "+c.binfmtMnt+" failed", err)
		}
	}
	if c.interp != "" && !fixed {
		if err := c.loadInterp(c.binfmtMnt); err != nil {
			return err
		}
	}
	if c.creds.SetUID || c.creds.SetGID {
		// Every setgroups failure counts here, unlike nsenter's.
		if err := c.creds.Apply(unix.EPERM); err != nil {
			return c.fail("%v", err)
		}
	}
	if c.keepCaps && c.flags&unix.CLONE_NEWUSER != 0 {
		if err := enter.AmbientFromPermitted(); err != nil {
			return c.fail("%v", err)
		}
	}
	if c.clearEnv || c.hasWhitelist {
		os.Clearenv()
		for _, kv := range c.programEnv() {
			k, v, _ := strings.Cut(kv, "=")
			os.Setenv(k, v)
		}
	}
	path, argv, err := c.resolve(program)
	if err != nil {
		return err
	}
	return c.execFailed(argv[0], enter.Exec(path, argv))
}

// resolve finds the program as execvp would, or the login shell when
// there is none.
func (c *cmd) resolve(program []string) (path string, argv []string, err error) {
	if len(program) == 0 {
		path, argv0 := enter.LoginShell(os.Getuid())
		return path, []string{argv0}, nil
	}
	p, err := enter.LookPath(program[0])
	if err != nil {
		return "", nil, c.execFailed(program[0], err)
	}
	return p, program, nil
}

// execFailed is util-linux's errexec: 127 when not found, else 126.
func (c *cmd) execFailed(name string, err error) error {
	if e, ok := err.(*enter.ExecError); ok {
		err = e.Err
		if strings.HasPrefix(name, "-") {
			name = e.Cmd
		}
	}
	c.failErr("failed to execute "+name, err)
	if err == unix.ENOENT {
		return applet.ExitCode(127)
	}
	return applet.ExitCode(126)
}

// isFixed: the binfmt definition (":name:type:offset:magic:mask:interp:
// flags") has the F flag.
func isFixed(def string) bool {
	i := strings.LastIndexByte(def, ':')
	return i >= 0 && strings.Contains(def[i:], "F")
}

func (c *cmd) loadInterp(mnt string) error {
	dir, err := unix.Open(mnt, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return c.failErr("cannot open "+mnt, err)
	}
	defer unix.Close(dir)
	fd, err := unix.Openat(dir, "register", unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return c.failErr("cannot open "+mnt+"/register", err)
	}
	defer unix.Close(fd)
	if _, err := unix.Write(fd, []byte(c.interp)); err != nil {
		return c.failErr("write failed "+mnt+"/register", err)
	}
	return nil
}

// exitStatus ends the run with a helper's status.
func exitStatus(code int) error { return applet.ExitCode(code) }

// Package nsenter is the nsenter applet: util-linux nsenter(1), option for
// option, with user and time namespaces through nslib's pre-runtime stage,
// plus --netns=NAME and -t always checked through a pidfd.
package nsenter

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/enter"
	"nsbox/nslib/rundir"
)

// Info registers the applet.
func Info() applet.Info {
	return applet.Info{Name: "nsenter", Usage: "run a program in namespaces of other processes (nsenter)",
		Main: Main, CLI: func() applet.CLI { return newCmd("nsenter", applet.StdIO()).command().CLI() }, UtilLinux: true}
}

// nsOpt is one namespace type: enabled, and its file when one is open.
type nsOpt struct {
	enabled bool
	file    *nslib.NSFile
}

// cmd is one run: the options as parsed, and what steps 2-7 open.
type cmd struct {
	name string // argv[0], for getopt's messages
	io   applet.IO
	ns   []nsOpt // indexed like nslib.Types

	target      int
	pidfd       int // -1: none
	all         bool
	sockFD      int // -N; -1: none
	userParent  bool
	creds       enter.Credentials
	followUID   bool
	followGID   bool
	preserve    bool
	keepCaps    bool
	doRoot      bool
	doWd        bool
	wdSeen      bool
	wdnsSeen    bool
	root, wd    *os.File
	wdns        string
	doEnv       bool
	environ     *os.File
	noFork      bool
	joinCgroup  bool
	cgroupProcs *os.File
}

func newCmd(name string, io applet.IO) *cmd {
	return &cmd{name: name, io: io, ns: make([]nsOpt, len(nslib.Types)), pidfd: -1, sockFD: -1}
}

// Main runs `nsenter [options] [program [arguments]]`.
func Main(argv []string, io applet.IO) int {
	c := newCmd(argv[0], io)
	if r, ok := enter.Resumed(); ok {
		return c.resume(r, argv)
	}
	return c.command().Run(argv)
}

// fail prints "nsenter: MSG" and gives status 1 (util-linux's err/errx).
func (c *cmd) fail(format string, args ...any) error {
	fmt.Fprintf(c.io.Err, "nsenter: "+format+"\n", args...)
	return applet.ExitCode(1)
}

func (c *cmd) failErr(msg string, err error) error {
	return c.fail("%s: %s", msg, nslib.Strerror(err))
}

func typeIndex(typ string) int {
	for i, t := range nslib.Types {
		if t.Name == typ {
			return i
		}
	}
	return -1
}

// enable is util-linux's enable_namespace: an argument is a file, or
// :ID a namespace id, opened now (one leading '=' stripped, for -n=FILE);
// none means the target's.
func (c *cmd) enable(typ, arg string, has bool) error {
	n := &c.ns[typeIndex(typ)]
	if has {
		if len(arg) > 0 && arg[0] == '=' {
			arg = arg[1:]
		}
		var f *nslib.NSFile
		var err error
		if id, ok := strings.CutPrefix(arg, ":"); ok {
			f, err = c.openID(id)
		} else {
			f, err = c.open(arg)
		}
		if err != nil {
			return err
		}
		c.use(typ, f)
	}
	n.enabled = true
	return nil
}

// use makes f the namespace of type typ to enter.
func (c *cmd) use(typ string, f *nslib.NSFile) {
	n := &c.ns[typeIndex(typ)]
	if n.file != nil {
		n.file.Close()
	}
	n.file, n.enabled = f, true
}

// open is util-linux's open_target_fd for an explicit path.
func (c *cmd) open(path string) (*nslib.NSFile, error) {
	f, err := nslib.Open(path)
	if err != nil {
		return nil, c.failErr("cannot open "+path, err)
	}
	return f, nil
}

// openID is util-linux 2.42's open_target_fd_by_nsid: -n:ID is the
// namespace whose 64-bit id (NS_GET_ID) is ID, through an nsfs file handle
// (Linux 6.19).
func (c *cmd) openID(s string) (*nslib.NSFile, error) {
	id, err := strtou64(s)
	if err != nil {
		return nil, c.fail("failed to parse nsid: %s", s)
	}
	f, err := nslib.OpenByID(id)
	var he *nslib.HandleError
	switch {
	case errors.As(err, &he):
		return nil, c.failErr("failed to fill namespace file handle", he.Err)
	case err != nil:
		return nil, c.failErr(fmt.Sprintf("cannot open namespace of id %d", id), err)
	}
	return f, nil
}

// openTarget opens /proc/PID/WHAT (util-linux's open_target_fd without a path).
func (c *cmd) openTarget(what string) (*nslib.NSFile, error) {
	if c.target == 0 {
		return nil, c.fail("neither filename nor target pid supplied for %s", what)
	}
	path := fmt.Sprintf("/proc/%d/%s", c.target, what)
	f, err := c.open(path)
	if err == nil && !nslib.PidfdAlive(c.pidfd) {
		// The target died after its pidfd was taken: the PID may be
		// someone else's by now.
		f.Close()
		return nil, c.failErr("cannot open "+path, unix.ESRCH)
	}
	return f, err
}

func (c *cmd) setNetns(name string, _ bool) error {
	if !rundir.ValidName(name) {
		return c.fail("invalid network namespace name: '%s'", name)
	}
	rd := rundir.DefaultRunDir()
	path := rd.Path(name)
	// Opened as every run-dir entry is (a FIFO there never blocks).
	f, err := rd.OpenNamed(name)
	if err != nil {
		return c.failErr("cannot open "+path, err)
	}
	c.use("net", f)
	// A placeholder left by a crashed `netns add` would only give EINVAL
	// at setns: say what it is.
	if err := f.CheckType(unix.CLONE_NEWNET); err != nil {
		return c.fail("%s: %v", path, err)
	}
	return nil
}

func (c *cmd) setTarget(arg string, _ bool) error {
	if c.target != 0 {
		return c.fail("option --target may be given only once")
	}
	pid, inode, err := parsePID(arg)
	if err != nil {
		return c.failErr("failed to parse PID argument '"+arg+"'", err)
	}
	c.target = pid
	if inode != 0 {
		fd, err := nslib.OpenPidfd(pid, inode)
		if err != nil {
			return c.failErr(fmt.Sprintf("failed to obtain a valid file descriptor for PID %d", pid), err)
		}
		c.pidfd = fd
	}
	return nil
}

// setNetSocket is util-linux's str2num_or_err(arg, 10, …, 0, INT_MAX): a
// range error names the errno, a malformed number does not; a low bound
// of 0 is no bound, so a negative FD is taken, and then means no -N.
func (c *cmd) setNetSocket(arg string, _ bool) error {
	v, rest, erange, ok := strtoimax(arg)
	switch {
	case ok && (erange || rest == "" && v > 1<<31-1):
		return c.failErr("failed to parse file descriptor: '"+arg+"'", unix.ERANGE)
	case !ok || rest != "":
		return c.fail("failed to parse file descriptor: '%s'", arg)
	}
	c.sockFD = max(int(v), -1)
	return nil
}

func (c *cmd) setID(set *bool, id *uint32, follow *bool, what string) func(string, bool) error {
	return func(arg string, _ bool) error {
		if arg == "follow" {
			*follow = true
		} else {
			v, err := strtou64(arg)
			if err != nil {
				if err == unix.ERANGE {
					return c.failErr("failed to parse "+what+": '"+arg+"'", err)
				}
				return c.fail("failed to parse %s: '%s'", what, arg)
			}
			*id = uint32(v) // uid_t truncation, as in C
		}
		*set = true
		return nil
	}
}

func (c *cmd) setRoot(arg string, has bool) error {
	if !has {
		c.doRoot = true
		return nil
	}
	f, err := c.open(arg)
	if err != nil {
		return err
	}
	c.root = f.File
	return nil
}

// excludeWd is util-linux's exclusive pair {W, w}: the second one met fails.
func (c *cmd) excludeWd() error {
	return c.fail("mutually exclusive arguments: --wdns --wd")
}

func (c *cmd) setWd(arg string, has bool) error {
	if c.wdnsSeen {
		return c.excludeWd()
	}
	c.wdSeen = true
	if !has {
		c.doWd = true
		return nil
	}
	if len(arg) > 0 && arg[0] == '=' {
		arg = arg[1:]
	}
	f, err := c.open(arg)
	if err != nil {
		return err
	}
	c.wd = f.File
	return nil
}

func (c *cmd) setWdns(arg string, has bool) error {
	if c.wdSeen {
		return c.excludeWd()
	}
	c.wdnsSeen = true
	if len(arg) > 0 && arg[0] == '=' {
		arg = arg[1:]
	}
	c.wdns = arg
	return nil
}

// run is util-linux's main after getopt: steps 2-8 of the spec here, the
// rest in finish.
func (c *cmd) run(program []string) error {
	if c.all {
		if err := c.enableAll(); err != nil {
			return err
		}
	}
	if err := c.openRest(); err != nil {
		return err
	}
	set := c.joinSet()
	mask := set.Mask()
	if mask == 0 {
		return c.fail("no namespace specified")
	}
	fork := mask&unix.CLONE_NEWPID != 0 && !c.noFork
	userns := mask&unix.CLONE_NEWUSER != 0
	if userns && !c.preserve {
		c.creds.SetUID, c.creds.SetGID = true, true
	}
	if userns && c.pidAlreadyOurs() {
		set.Joins = slices.DeleteFunc(set.Joins, func(j enter.Join) bool { return j.Type == unix.CLONE_NEWPID })
	}
	if enter.StageNeeded(mask) {
		st := c.state(fork, userns, len(program))
		err := set.Reexec(userns && !c.preserve, st)
		if _, ok := err.(enter.ErrNoStage); ok {
			return c.fail("%v", err)
		}
		return c.failErr("cannot re-execute nsbox for the pre-runtime stage", err)
	}
	return c.enterAndFinish(set, program, fork, userns, nil)
}

// enterAndFinish joins set (nil: nothing left to join) and runs finish, on
// a thread of its own that never goes back to the runtime: it execs, or
// forks and dies with the process.
func (c *cmd) enterAndFinish(set *enter.JoinSet, program []string, fork, userns bool, setgroupsErr error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if set != nil {
			err := set.Enter()
			set.Close()
			if err != nil {
				done <- c.fail("%v", err)
				return
			}
		}
		done <- c.finish(program, fork, userns, setgroupsErr)
	}()
	return <-done
}

// enableAll is --all: every namespace type this kernel has that is not
// given yet, except a user namespace that is already ours (setns would say
// EINVAL) and, in nsbox, a time namespace that is already ours (a no-op
// join that would otherwise cost the pre-runtime stage).
func (c *cmd) enableAll() error {
	// util-linux finds no /proc/self/ns/X and enables nothing: "no
	// namespace specified" (2.38.1 even ran the program in no namespace).
	if err := nslib.CheckProc(); err != nil {
		return c.fail("cannot tell which namespaces --all enters: %v", err)
	}
	for i, t := range nslib.Types {
		if c.ns[i].enabled {
			continue
		}
		self := "/proc/self/ns/" + t.Name
		mine, err := nslib.StatIdent(self)
		if err == unix.ENOENT {
			continue
		}
		if t.Name == "user" || t.Name == "time" {
			path := nslib.ProcPath(c.target, t.Name)
			theirs, err := nslib.StatIdent(path)
			if err != nil {
				if t.Name == "user" {
					return c.failErr("stat of "+path+" failed", err)
				}
			} else if theirs == mine {
				if t.Name == "user" {
					continue
				}
				if child, err := nslib.StatIdent("/proc/self/ns/time_for_children"); err == nil && child == mine {
					continue
				}
			}
		}
		c.ns[i].enabled = true
	}
	return nil
}

// openRest is steps 3-5: the target's pidfd (or its namespace files), the
// root, cwd, environ and cgroup files, then --user-parent and -N.
func (c *cmd) openRest() error {
	missing := false
	for _, n := range c.ns {
		missing = missing || (n.enabled && n.file == nil)
	}
	if missing || c.sockFD >= 0 || c.userParent {
		if c.target == 0 {
			return c.fail("no target PID specified")
		}
		if c.pidfd < 0 {
			if fd, err := nslib.OpenPidfd(c.target, 0); err == nil {
				c.pidfd = fd
			}
		}
		if c.pidfd < 0 && missing {
			for i, t := range nslib.Types {
				if n := &c.ns[i]; n.enabled && n.file == nil {
					f, err := c.openTarget("ns/" + t.Name)
					if err != nil {
						return err
					}
					n.file = f
				}
			}
		}
	}
	for _, o := range []struct {
		do   bool
		what string
		dst  **os.File
	}{{c.doRoot, "root", &c.root}, {c.doWd, "cwd", &c.wd}, {c.doEnv, "environ", &c.environ}} {
		if o.do {
			f, err := c.openTarget(o.what)
			if err != nil {
				return err
			}
			*o.dst = f.File
		}
	}
	if c.followUID || c.followGID {
		f, err := c.openTarget("")
		if err != nil {
			return err
		}
		var st unix.Stat_t
		if err := unix.Fstat(f.FD(), &st); err != nil {
			return c.failErr("can not get process stat", err)
		}
		f.Close()
		if c.followUID {
			c.creds.UID = st.Uid
		}
		if c.followGID {
			c.creds.GID = st.Gid
		}
	}
	if c.joinCgroup {
		if err := c.openCgroupProcs(); err != nil {
			return err
		}
	}
	if c.userParent {
		if err := c.openUserParent(); err != nil {
			return err
		}
	}
	if c.sockFD >= 0 {
		if err := c.openSocketNetns(); err != nil {
			return err
		}
	}
	return nil
}

func (c *cmd) openCgroupProcs() error {
	var sfs unix.Statfs_t
	if err := unix.Statfs("/sys/fs/cgroup", &sfs); err != nil {
		return c.failErr("statfs /sys/fs/cgroup failed", err)
	}
	if sfs.Type != unix.CGROUP2_SUPER_MAGIC {
		return c.fail("--join-cgroup is only supported in cgroup v2")
	}
	f, err := c.openTarget("cgroup")
	if err != nil {
		return err
	}
	path, err := enter.CgroupPath(f.File)
	f.Close()
	if err != nil {
		return c.failErr("failed to get cgroup path", err)
	}
	fd, err := unix.Open("/sys/fs/cgroup/"+path+"/cgroup.procs", unix.O_WRONLY|unix.O_APPEND|unix.O_CLOEXEC, 0)
	if err != nil {
		return c.failErr("failed to open cgroup.procs", err)
	}
	c.cgroupProcs = os.NewFile(uintptr(fd), "cgroup.procs")
	return nil
}

// openUserParent is --user-parent: the user namespace that owns the -U
// file, else the target's (through the pidfd, or any open namespace file,
// or /proc/PID/ns/user).
func (c *cmd) openUserParent() error {
	user := &c.ns[typeIndex("user")]
	f := user.file
	if f == nil && c.pidfd >= 0 {
		f, _ = nslib.PidfdUserns(c.pidfd)
	}
	if f == nil {
		for _, n := range c.ns {
			if n.enabled && n.file != nil {
				f = n.file
				break
			}
		}
	}
	if f == nil {
		var err error
		if f, err = c.openTarget("ns/user"); err != nil {
			return err
		}
	}
	parent, err := f.Owner()
	if err != nil {
		return c.failErr("failed to open parent namespace", err)
	}
	if user.file != nil {
		user.file.Close()
	}
	user.file, user.enabled = parent, true
	return nil
}

func (c *cmd) openSocketNetns() error {
	pidfd := c.pidfd
	if pidfd < 0 {
		fd, err := unix.PidfdOpen(c.target, 0)
		if err != nil {
			return c.failErr(fmt.Sprintf("failed to pidfd_open() for %d", c.target), err)
		}
		pidfd = fd
		defer unix.Close(fd)
	}
	sk, err := unix.PidfdGetfd(pidfd, c.sockFD, 0)
	if err != nil {
		return c.failErr(fmt.Sprintf("pidfd_getfd(%d, %d)", pidfd, c.sockFD), err)
	}
	f, err := nslib.SocketNetns(sk)
	unix.Close(sk)
	if err != nil {
		return c.failErr(fmt.Sprintf("ioctl(%d, SIOCGSKNS)", sk), err)
	}
	net := &c.ns[typeIndex("net")]
	if net.file != nil {
		net.file.Close()
	}
	net.file, net.enabled = f, true
	return nil
}

// pidAlreadyOurs reports that the pid namespace to join is the one this
// process and its children are in already, so joining changes nothing.
// With a user namespace such a join is dropped: the stage leaves pid joins
// until after the user join (nslib.Reexec), where a pid namespace above the
// new user namespace is refused, while util-linux joins it earlier.
func (c *cmd) pidAlreadyOurs() bool {
	pid := &c.ns[typeIndex("pid")]
	if !pid.enabled {
		return false
	}
	var theirs nslib.Ident
	var err error
	if pid.file != nil {
		theirs, err = pid.file.Ident()
	} else {
		theirs, err = nslib.StatIdent(nslib.ProcPath(c.target, "pid"))
		if err == nil && c.pidfd >= 0 && !nslib.PidfdAlive(c.pidfd) {
			return false // the PID is someone else's now: let the join fail
		}
	}
	own, err1 := nslib.StatIdent("/proc/self/ns/pid")
	kids, err2 := nslib.StatIdent("/proc/self/ns/pid_for_children")
	return err == nil && err1 == nil && err2 == nil && theirs == own && theirs == kids
}

func (c *cmd) joinSet() *enter.JoinSet {
	set := &enter.JoinSet{PidFD: c.pidfd}
	for i, t := range nslib.Types {
		if c.ns[i].enabled {
			set.Joins = append(set.Joins, enter.Join{Type: t.Flag, File: c.ns[i].file})
		}
	}
	return set
}

// finish is steps 9-16, on the thread (or process) that joined: root and
// working directory, environment, cgroup, credentials, capabilities, then
// exec, in a forked child when a pid namespace was entered.
func (c *cmd) finish(program []string, fork, userns bool, setgroupsErr error) error {
	if err := enter.ChangeRoot(c.root, c.wd, c.wdns); err != nil {
		return c.fail("%v", err)
	}
	if c.environ != nil {
		if err := enter.LoadEnviron(c.environ); err != nil {
			return c.failErr("failed to get environment variables", err)
		}
	}
	if c.cgroupProcs != nil {
		if _, err := fmt.Fprintf(c.cgroupProcs, "%d", os.Getpid()); err != nil {
			return c.failErr("write cgroup.procs failed", err)
		}
	}
	// nsbox changes credentials before the fork, util-linux in the child:
	// the same for the program, and the waiting parent needs none of them.
	if c.creds.SetUID || c.creds.SetGID {
		if err := c.creds.Apply(setgroupsErr); err != nil {
			return c.fail("%v", err)
		}
	}
	if c.keepCaps && userns {
		if err := enter.AmbientFromPermitted(); err != nil {
			return c.fail("%v", err)
		}
	}
	path, argv := "", program
	if len(program) == 0 {
		var argv0 string
		path, argv0 = enter.LoginShell(os.Getuid())
		argv = []string{argv0}
	} else if p, err := enter.LookPath(program[0]); err == nil {
		path = p
	} else {
		return c.execFailed(program[0], err)
	}
	name := path
	if len(program) > 0 {
		name = program[0]
	}
	if fork {
		pid, err := enter.ForkExec(path, argv)
		if err != nil {
			return c.execFailed(name, err)
		}
		return applet.ExitCode(enter.MirrorChild(pid))
	}
	return c.execFailed(name, enter.Exec(path, argv))
}

// execFailed is util-linux's errexec: 127 when not found, else 126.
func (c *cmd) execFailed(name string, err error) error {
	c.failErr("failed to execute "+name, unwrapExec(err))
	if unwrapExec(err) == unix.ENOENT {
		return applet.ExitCode(127)
	}
	return applet.ExitCode(126)
}

func unwrapExec(err error) error {
	if e, ok := err.(*enter.ExecError); ok {
		return e.Err
	}
	return err
}

// Package unshare is the unshare applet: util-linux unshare(1), option for
// option, with user and time namespaces created in place through nslib's
// unshare stage, plus --netns=NAME and up-front refusals of persistence
// that util-linux would give up on half-way.
package unshare

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/enter"
	"nsbox/nslib/rundir"
)

// Info registers the applet.
func Info() applet.Info {
	return applet.Info{Name: "unshare", Usage: "run a program with some namespaces unshared from the parent (unshare)",
		Main: Main, CLI: func() applet.CLI { return newCmd("unshare", applet.StdIO()).command().CLI() }, UtilLinux: true}
}

const propagationDefault = unix.MS_REC | unix.MS_PRIVATE

// cmd is one run: the options as parsed.
type cmd struct {
	name string // argv[0], for getopt's messages
	argv []string
	io   applet.IO
	role role

	flags     int            // CLONE_NEW*
	persist   map[int]string // CLONE_NEW* → FILE to bind the namespace onto
	netnsName string         // --netns

	fork, forward bool
	killSig       int // --kill-child; 0: not given

	procMnt, binfmtMnt, interp string
	procSet, binfmtSet         bool // given, even if empty (util-linux tests for NULL)
	propagation                uintptr

	mapUser, mapGroup       int64 // single maps; -1: none
	userMap, groupMap       []idRange
	hasUserMap, hasGroupMap bool
	ownerUID, ownerGID      int64 // --owner; -1: none
	setgroups               string

	root, wd     string
	rootSet      bool // given, even if empty
	wdSet        bool
	creds        enter.Credentials
	keepCaps     bool
	monotonic    *int64
	boottime     *int64
	clearEnv     bool
	whitelist    []string // --whitelist-env: NAME=VALUE as found while parsing
	hasWhitelist bool

	realEUID, realEGID uint32
	roleState
}

func newCmd(name string, io applet.IO) *cmd {
	return &cmd{name: name, io: io, persist: map[int]string{}, propagation: propagationDefault,
		mapUser: -1, mapGroup: -1, ownerUID: -1, ownerGID: -1,
		realEUID: uint32(os.Geteuid()), realEGID: uint32(os.Getegid())}
}

// Main runs `unshare [options] [program [arguments]]`. The same argv is
// parsed again by the processes unshare starts of itself (the stage, the
// forked child, the helpers); the role says which one this is.
func Main(argv []string, io applet.IO) int {
	c := newCmd(argv[0], io)
	c.argv = argv
	if err := c.takeRole(); err != nil {
		return applet.Code("unshare", err, io.Err)
	}
	return c.command().Run(argv)
}

// fail prints "unshare: MSG" and gives status 1 (util-linux's err/errx).
func (c *cmd) fail(format string, args ...any) error {
	fmt.Fprintf(c.io.Err, "unshare: "+format+"\n", args...)
	return applet.ExitCode(1)
}

func (c *cmd) failErr(msg string, err error) error {
	return c.fail("%s: %s", msg, nslib.Strerror(err))
}

// options is the one declaration of unshare's options, in util-linux's
// --help order: getopt's table (getopt string "+fhVmuinpCTUrR:w:S:G:cl:"
// plus the long-only ones, places in its longopts order), --help, the
// docs and the fast path (-m -u -i -n -p -C -f) all come from it. The
// namespace options take their FILE only in the long form: -m never has
// an argument, --mount=FILE may.
func (c *cmd) options() []applet.Opt {
	ns := func(flag int) func(string, bool) error {
		return func(arg string, has bool) error {
			c.flags |= flag
			if has {
				c.persist[flag] = arg
			}
			return nil
		}
	}
	on := func(b *bool) func(string, bool) error {
		return func(string, bool) error { *b = true; return nil }
	}
	return []applet.Opt{
		{Long: "mount", Short: 'm', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 3, HelpArg: "[=<file>]", Help: "unshare mounts namespace",
			Doc: "unshare mounts namespace; --mount=FILE keeps it bound on FILE", Fast: "CLONE_NEWNS", Set: ns(unix.CLONE_NEWNS)},
		{Long: "uts", Short: 'u', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 4, HelpArg: "[=<file>]", Help: "unshare UTS namespace (hostname etc)",
			Doc: "unshare UTS namespace (hostname etc); =FILE keeps it", Fast: "CLONE_NEWUTS", Set: ns(unix.CLONE_NEWUTS)},
		{Long: "ipc", Short: 'i', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 5, HelpArg: "[=<file>]", Help: "unshare System V IPC namespace",
			Doc: "unshare System V IPC namespace; =FILE keeps it", Fast: "CLONE_NEWIPC", Set: ns(unix.CLONE_NEWIPC)},
		{Long: "net", Short: 'n', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 6, HelpArg: "[=<file>]", Help: "unshare network namespace",
			Doc: "unshare network namespace; =FILE keeps it", Fast: "CLONE_NEWNET", Set: ns(unix.CLONE_NEWNET)},
		{Long: "netns", Arg: applet.RequiredArg, Getopt: 37, HelpArg: " <name>", Aligned: true, Help: "unshare network namespace, keep it as the named one <name>",
			Doc: "unshare network namespace and keep it as the named network namespace NAME of the run dir (nsbox)", Set: func(arg string, _ bool) error {
				if !rundir.ValidName(arg) {
					return c.fail("invalid network namespace name: '%s'", arg)
				}
				c.flags |= unix.CLONE_NEWNET
				c.netnsName = arg
				return nil
			}},
		{Long: "pid", Short: 'p', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 7, HelpArg: "[=<file>]", Help: "unshare pid namespace",
			Doc: "unshare pid namespace; =FILE keeps it (needs --fork)", Fast: "CLONE_NEWPID", Set: ns(unix.CLONE_NEWPID)},
		{Long: "user", Short: 'U', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 8, HelpArg: "[=<file>]", Help: "unshare user namespace",
			Doc: "unshare user namespace; =FILE keeps it (needs the cgo build)", Set: ns(unix.CLONE_NEWUSER)},
		{Long: "cgroup", Short: 'C', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 9, HelpArg: "[=<file>]", Help: "unshare cgroup namespace",
			Doc: "unshare cgroup namespace; =FILE keeps it", Fast: "CLONE_NEWCGROUP", Set: ns(unix.CLONE_NEWCGROUP)},
		{Long: "time", Short: 'T', Arg: applet.OptionalArg, ShortFlag: true, Getopt: 10, HelpArg: "[=<file>]", Help: "unshare time namespace",
			Doc: "unshare time namespace; =FILE keeps it (needs the cgo build)", Set: ns(unix.CLONE_NEWTIME)},
		{Long: "mount-proc", Arg: applet.OptionalArg, Getopt: 14, HelpArg: "[=<dir>]", Gap: true, Help: "mount proc filesystem first (implies --mount)",
			Doc: "mount proc filesystem first, on DIR (default /proc; implies --mount)", Set: func(arg string, has bool) error {
				c.flags |= unix.CLONE_NEWNS
				c.procMnt, c.procSet = "/proc", true
				if has {
					c.procMnt = arg
				}
				return nil
			}},
		{Long: "mount-binfmt", Arg: applet.OptionalArg, Getopt: 15, HelpArg: "[=<dir>]", Help: "mount binfmt filesystem first (implies --user and --mount)",
			Doc: "mount binfmt filesystem first, on DIR (implies --user and --mount)", Set: func(arg string, has bool) error {
				c.flags |= unix.CLONE_NEWNS | unix.CLONE_NEWUSER
				c.binfmtMnt, c.binfmtSet = arg, true
				if !has {
					c.defaultBinfmt()
				}
				return nil
			}},
		{Long: "load-interp", Short: 'l', Arg: applet.RequiredArg, Getopt: 34, HelpArg: " <file>", Help: "load binfmt definition in the namespace (implies --mount-binfmt)",
			Set: func(arg string, _ bool) error {
				c.flags |= unix.CLONE_NEWNS | unix.CLONE_NEWUSER
				if !c.binfmtSet {
					c.defaultBinfmt()
				}
				c.interp = arg
				return nil
			}},
		{Long: "propagation", Arg: applet.RequiredArg, Getopt: 25, HelpArg: " slave|shared|private|unchanged", Help: "modify mount propagation in mount namespace",
			Doc: "modify mount propagation in mount namespace: slave, shared, private or unchanged", Set: c.setPropagation},
		{Long: "root", Short: 'R', Arg: applet.RequiredArg, Getopt: 30, HelpArg: " <dir>", Help: "run the command with root directory set to <dir>",
			Doc: "run the command with root directory set to DIR", Set: func(arg string, _ bool) error { c.root, c.rootSet = arg, true; return nil }},
		{Long: "wd", Short: 'w', Arg: applet.RequiredArg, Getopt: 31, HelpArg: " <dir>", Help: "change working directory to <dir>",
			Doc: "change working directory to DIR", Set: func(arg string, _ bool) error { c.wd, c.wdSet = arg, true; return nil }},
		{Long: "setuid", Short: 'S', Arg: applet.RequiredArg, Getopt: 28, HelpArg: " <uid>", Gap: true, Help: "set uid in entered namespace",
			Set: c.setID(&c.creds.SetUID, &c.creds.UID, "uid")},
		{Long: "setgid", Short: 'G', Arg: applet.RequiredArg, Getopt: 29, HelpArg: " <gid>", Help: "set gid in entered namespace",
			Set: c.setID(&c.creds.SetGID, &c.creds.GID, "gid")},
		{Long: "map-user", Arg: applet.RequiredArg, Getopt: 16, HelpArg: " <uid>|<name>", Help: "map current user to uid (implies --user)",
			Set: func(arg string, _ bool) error {
				c.flags |= unix.CLONE_NEWUSER
				id, err := c.lookupID(arg, "/etc/passwd", "uid")
				c.mapUser = id
				return err
			}},
		{Long: "map-group", Arg: applet.RequiredArg, Getopt: 18, HelpArg: " <gid>|<name>", Help: "map current group to gid (implies --user)",
			Set: func(arg string, _ bool) error {
				c.flags |= unix.CLONE_NEWUSER
				id, err := c.lookupID(arg, "/etc/group", "gid")
				c.mapGroup = id
				return err
			}},
		{Long: "map-root-user", Short: 'r', Getopt: 20, Help: "map current user to root (implies --user)",
			Set: func(string, bool) error {
				c.flags |= unix.CLONE_NEWUSER
				c.mapUser, c.mapGroup = 0, 0
				return nil
			}},
		{Long: "map-current-user", Short: 'c', Getopt: 21, Help: "map current user to itself (implies --user)",
			Set: func(string, bool) error {
				c.flags |= unix.CLONE_NEWUSER
				c.mapUser, c.mapGroup = int64(c.realEUID), int64(c.realEGID)
				return nil
			}},
		{Long: "map-auto", Getopt: 22, Help: "map users and groups automatically (implies --user)",
			Set: func(string, bool) error {
				if err := c.addRanges("auto", true); err != nil {
					return err
				}
				return c.addRanges("auto", false)
			}},
		{Long: "map-subids", Getopt: 23, Help: "map the first block of user IDs owned by euid (implies --user)",
			Set: func(string, bool) error {
				if err := c.addRanges("subids", true); err != nil {
					return err
				}
				return c.addRanges("subids", false)
			}},
		{Long: "map-users", Arg: applet.RequiredArg, Getopt: 17, HelpArg: " <inneruid>:<outeruid>:<count>", Help: "map count users from outeruid to inneruid (implies --user)",
			Doc: "map count users from outeruid to inneruid: INNER:OUTER:COUNT, auto, subids or all (implies --user)", Set: func(arg string, _ bool) error { return c.addRanges(arg, true) }},
		{Long: "map-groups", Arg: applet.RequiredArg, Getopt: 19, HelpArg: " <innergid>:<outergid>:<count>", Help: "map count groups from outergid to innergid (implies --user)",
			Doc: "map count groups from outergid to innergid: INNER:OUTER:COUNT, auto, subids or all (implies --user)", Set: func(arg string, _ bool) error { return c.addRanges(arg, false) }},
		{Long: "owner", Arg: applet.RequiredArg, Getopt: 24, HelpArg: " <uid>:<gid>", Help: "set the user namespace owner (implies --user)",
			Doc: "set the user namespace owner UID:GID (implies --user)", Set: c.setOwner},
		{Long: "fork", Short: 'f', Getopt: 11, Gap: true, Help: "fork before launching <program>",
			Doc: "fork before launching the program; the parent waits and ends as the child did", Fast: "FORK", Set: on(&c.fork)},
		{Long: "kill-child", Arg: applet.OptionalArg, Getopt: 12, HelpArg: "[=<signame>]", Help: "when dying, kill the forked child (implies --fork)\n  defaults to SIGKILL",
			Doc: "when dying, kill the forked child with SIGNAME (default SIGKILL; implies --fork)", Set: c.setKillChild},
		{Long: "forward-signals", Getopt: 13, Help: "forward SIGTERM and SIGINT to child (implies --fork)",
			Set: func(string, bool) error {
				c.fork, c.forward = true, true
				return nil
			}},
		{Long: "setgroups", Arg: applet.RequiredArg, Getopt: 26, HelpArg: " allow|deny", Gap: true, Help: "control the setgroups syscall in user namespaces",
			Doc: "control the setgroups syscall in user namespaces: allow or deny", Set: func(arg string, _ bool) error {
				if arg != "allow" && arg != "deny" {
					return c.fail("unsupported --setgroups argument '%s'", arg)
				}
				c.setgroups = arg
				return nil
			}},
		{Long: "keep-caps", Getopt: 27, Help: "retain capabilities granted in user namespaces",
			Set: on(&c.keepCaps)},
		{Long: "monotonic", Arg: applet.RequiredArg, Getopt: 32, HelpArg: " <offset>", Gap: true, Help: "set clock monotonic offset (seconds) in time namespaces",
			Set: c.setOffset(&c.monotonic, "monotonic")},
		{Long: "boottime", Arg: applet.RequiredArg, Getopt: 33, HelpArg: " <offset>", Help: "set clock boottime offset (seconds) in time namespaces",
			Set: c.setOffset(&c.boottime, "boottime")},
		{Long: "clear-env", Getopt: 35, Help: "do not inherit environment variables from the calling process",
			Set: on(&c.clearEnv)},
		{Long: "whitelist-env", Arg: applet.RequiredArg, Getopt: 36, HelpArg: " <list>", Help: "clear environment except for specified variables",
			Doc: "clear environment except for the comma-separated variables LIST", Set: func(arg string, _ bool) error {
				c.hasWhitelist = true
				for _, name := range strings.Split(arg, ",") {
					if v, ok := os.LookupEnv(name); ok && name != "" {
						c.whitelist = append(c.whitelist, name+"="+v)
					}
				}
				return nil
			}},
		{Long: "help", Short: 'h', Getopt: 1, Gap: true, Help: "display this help",
			Set: func(string, bool) error { return c.help() }},
		{Long: "version", Short: 'V', Getopt: 2, Help: "display version",
			Set: func(string, bool) error {
				c.io.Printf("unshare from nsbox %s\n", applet.Version)
				return applet.ExitCode(0)
			}},
	}
}

// defaultBinfmt is --mount-binfmt without a directory: binfmt_misc at its
// usual place, and a fresh /proc for it to live in.
func (c *cmd) defaultBinfmt() {
	if !c.procSet {
		c.procMnt, c.procSet = "/proc", true
	}
	c.binfmtMnt, c.binfmtSet = "/proc/sys/fs/binfmt_misc", true
}

func (c *cmd) setKillChild(arg string, has bool) error {
	c.fork = true
	c.killSig = int(unix.SIGKILL)
	if has {
		sig := signalNumber(arg)
		if sig <= 0 {
			return c.fail("unknown signal: %s", arg)
		}
		c.killSig = sig
	}
	return nil
}

// signalNumber is util-linux's signame_to_signum: a name with or without
// "SIG", any case; RTMIN+N and RTMAX-N; no numbers.
func signalNumber(name string) int {
	s := strings.ToUpper(name)
	s = strings.TrimPrefix(s, "SIG")
	if rt, ok := strings.CutPrefix(s, "RT"); ok {
		const rtmin, rtmax = 34, 64 // glibc's SIGRTMIN, SIGRTMAX
		base, sign, off := rt, 1, "0"
		if i := strings.IndexAny(rt, "+-"); i >= 0 {
			base, off = rt[:i], rt[i+1:]
			if rt[i] == '-' {
				sign = -1
			}
		}
		n, err := strconv.Atoi(off)
		if err != nil || n < 0 {
			return -1
		}
		var v int
		switch {
		case base == "MIN" && sign > 0:
			v = rtmin + n
		case base == "MAX" && sign < 0:
			v = rtmax - n
		case base == "MIN" || base == "MAX":
			if n != 0 {
				return -1
			}
			v = map[string]int{"MIN": rtmin, "MAX": rtmax}[base]
		default:
			return -1
		}
		if v < rtmin || v > rtmax {
			return -1
		}
		return v
	}
	alias := map[string]string{"IOT": "ABRT", "CLD": "CHLD", "POLL": "IO"}
	if a, ok := alias[s]; ok {
		s = a
	}
	if s == "" || s == "0" {
		return -1
	}
	return int(unix.SignalNum("SIG" + s))
}

func (c *cmd) setOwner(arg string, _ bool) error {
	c.flags |= unix.CLONE_NEWUSER
	u, g, ok := strings.Cut(arg, ":")
	uid, err1 := strconv.ParseUint(u, 10, 32)
	gid, err2 := strconv.ParseUint(g, 10, 32)
	if !ok || err1 != nil || err2 != nil {
		return c.fail("failed to parse owner")
	}
	c.ownerUID, c.ownerGID = int64(uid), int64(gid)
	return nil
}

func (c *cmd) setPropagation(arg string, _ bool) error {
	modes := map[string]uintptr{
		"slave": unix.MS_REC | unix.MS_SLAVE, "private": unix.MS_REC | unix.MS_PRIVATE,
		"shared": unix.MS_REC | unix.MS_SHARED, "unchanged": 0,
	}
	flag, ok := modes[arg]
	if !ok {
		return c.fail("unsupported propagation mode: %s", arg)
	}
	c.propagation = flag
	return nil
}

// setID is -S/-G: util-linux's strtoul_or_err, truncated to uid_t.
func (c *cmd) setID(set *bool, id *uint32, what string) func(string, bool) error {
	return func(arg string, _ bool) error {
		v, err := strtoul(arg)
		if err != nil {
			return c.parseFail("failed to parse "+what, arg, err)
		}
		*id = uint32(v)
		*set = true
		return nil
	}
}

func (c *cmd) setOffset(dst **int64, what string) func(string, bool) error {
	return func(arg string, _ bool) error {
		v, err := strtos64(arg)
		if err != nil {
			return c.parseFail("failed to parse "+what+" offset", arg, err)
		}
		*dst = &v
		return nil
	}
}

// parseFail is util-linux's *_or_err: "MSG: 'ARG'", plus strerror when
// the number was out of range.
func (c *cmd) parseFail(msg, arg string, err error) error {
	if err == unix.ERANGE {
		return c.fail("%s: '%s': %s", msg, arg, nslib.Strerror(err))
	}
	return c.fail("%s: '%s'", msg, arg)
}

// strtoul is ul_strtou64 (base 10): blanks and '+' allowed, a minus sign
// or overflow is ERANGE, no digits or trailing text EINVAL.
func strtoul(s string) (uint64, error) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := strings.HasPrefix(t, "-")
	if neg || strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	if t == "" || strings.TrimLeft(t, "0123456789") != "" {
		return 0, unix.EINVAL
	}
	u, err := strconv.ParseUint(t, 10, 64)
	if err != nil || (neg && u != 0) {
		return 0, unix.ERANGE
	}
	return u, nil
}

// strtos64 is ul_strtos64 (base 10).
func strtos64(s string) (int64, error) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	digits := strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" || len(t)-len(digits) > 1 {
		return 0, unix.EINVAL
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(t, "+"), 10, 64)
	if err != nil {
		return 0, unix.ERANGE
	}
	return v, nil
}

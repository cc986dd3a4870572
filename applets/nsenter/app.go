package nsenter

import (
	"nsbox/applets/applet"
	"nsbox/nslib/enter"
)

// options is the one declaration of nsenter's options, in util-linux's
// --help order: getopt's table (getopt string
// "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W::ecFZ" plus the long-only
// ones, places in its longopts order), --help, the docs and the fast path
// (-t with -n, -u, -i, -C) all come from it.
func (c *cmd) options() []applet.Opt {
	ns := func(typ string) func(string, bool) error {
		return func(arg string, has bool) error { return c.enable(typ, arg, has) }
	}
	on := func(b *bool) func(string, bool) error {
		return func(string, bool) error { *b = true; return nil }
	}
	const nsArg = "[=<file>|:<nsid>]"
	return []applet.Opt{
		{Long: "all", Short: 'a', Getopt: 1, Help: "enter all namespaces", Set: on(&c.all)},
		{Long: "target", Short: 't', Arg: applet.RequiredArg, Getopt: 4, HelpArg: " <PID>", Help: "target process to get namespaces from",
			Doc: "target process to get namespaces from: PID or PID:INODE", Fast: "TARGET", Set: c.setTarget},
		{Long: "mount", Short: 'm', Arg: applet.OptionalArg, Getopt: 5, HelpArg: nsArg, Help: "enter mount namespace",
			Doc: "enter the mount namespace of the target, of FILE (--mount=FILE, -mFILE) or of id ID (-m:ID)", Set: ns("mnt")},
		{Long: "uts", Short: 'u', Arg: applet.OptionalArg, Getopt: 6, HelpArg: nsArg, Help: "enter UTS namespace (hostname etc)",
			Doc: "enter UTS namespace (hostname etc), the target's, FILE's or id ID's (:ID)", Fast: "CLONE_NEWUTS", Set: ns("uts")},
		{Long: "ipc", Short: 'i', Arg: applet.OptionalArg, Getopt: 7, HelpArg: nsArg, Help: "enter System V IPC namespace",
			Doc: "enter System V IPC namespace, the target's, FILE's or id ID's (:ID)", Fast: "CLONE_NEWIPC", Set: ns("ipc")},
		{Long: "net", Short: 'n', Arg: applet.OptionalArg, Getopt: 8, HelpArg: nsArg, Help: "enter network namespace",
			Doc: "enter network namespace, the target's, FILE's or id ID's (:ID)", Fast: "CLONE_NEWNET", Set: ns("net")},
		{Long: "netns", Arg: applet.RequiredArg, Getopt: 26, HelpArg: " <name>", Help: "enter the named network namespace <name>",
			Doc: "enter the named network namespace NAME of the run dir (nsbox)", Set: c.setNetns},
		{Long: "net-socket", Short: 'N', Arg: applet.RequiredArg, Getopt: 9, HelpArg: " <fd>", Help: "enter socket's network namespace (needs --target)",
			Doc: "enter the network namespace of the target's socket FD (needs --target)", Set: c.setNetSocket},
		{Long: "pid", Short: 'p', Arg: applet.OptionalArg, Getopt: 10, HelpArg: nsArg, Help: "enter pid namespace",
			Doc: "enter pid namespace, the target's, FILE's or id ID's (:ID) (forks unless --no-fork)", Set: ns("pid")},
		{Long: "cgroup", Short: 'C', Arg: applet.OptionalArg, Getopt: 12, HelpArg: nsArg, Help: "enter cgroup namespace",
			Doc: "enter cgroup namespace, the target's, FILE's or id ID's (:ID)", Fast: "CLONE_NEWCGROUP", Set: ns("cgroup")},
		{Long: "user", Short: 'U', Arg: applet.OptionalArg, Getopt: 11, HelpArg: nsArg, Help: "enter user namespace",
			Doc: "enter user namespace, the target's, FILE's or id ID's (:ID) (needs the cgo build)", Set: ns("user")},
		{Long: "user-parent", Getopt: 24, Help: "enter parent user namespace", Set: on(&c.userParent)},
		{Long: "time", Short: 'T', Arg: applet.OptionalArg, Getopt: 13, HelpArg: nsArg, Help: "enter time namespace",
			Doc: "enter time namespace, the target's, FILE's or id ID's (:ID) (needs the cgo build)", Set: ns("time")},
		{Long: "setuid", Short: 'S', Arg: applet.RequiredArg, Getopt: 14, HelpArg: "[=<uid>]", Help: "set uid in entered namespace",
			Doc: "set uid in entered namespace (a number or follow)", Set: c.setID(&c.creds.SetUID, &c.creds.UID, &c.followUID, "uid")},
		{Long: "setgid", Short: 'G', Arg: applet.RequiredArg, Getopt: 15, HelpArg: "[=<gid>]", Help: "set gid in entered namespace",
			Doc: "set gid in entered namespace (a number or follow)", Set: c.setID(&c.creds.SetGID, &c.creds.GID, &c.followGID, "gid")},
		{Long: "preserve-credentials", Getopt: 22, Help: "do not touch uids or gids", Set: on(&c.preserve)},
		{Long: "keep-caps", Getopt: 23, Help: "retain capabilities granted in user namespaces", Set: on(&c.keepCaps)},
		{Long: "root", Short: 'r', Arg: applet.OptionalArg, Getopt: 16, HelpArg: "[=<dir>]", Help: "set the root directory",
			Doc: "set the root directory: the target's, or DIR (--root=DIR)", Set: c.setRoot},
		{Long: "wd", Short: 'w', Arg: applet.OptionalArg, Getopt: 17, HelpArg: "[=<dir>]", Help: "set the working directory",
			Doc: "set the working directory: the target's, or DIR (--wd=DIR)", Set: c.setWd},
		{Long: "wdns", Short: 'W', Arg: applet.OptionalArg, Getopt: 18, HelpArg: " <dir>", Help: "set the working directory in namespace",
			Doc: "set the working directory to DIR inside the namespaces and root (--wdns=DIR)", Set: c.setWdns},
		{Long: "env", Short: 'e', Getopt: 19, Help: "inherit environment variables from target process", Set: on(&c.doEnv)},
		{Long: "no-fork", Short: 'F', Getopt: 20, Help: "do not fork before exec'ing <program>", Set: on(&c.noFork)},
		{Long: "join-cgroup", Short: 'c', Getopt: 21, Help: "join the cgroup of the target process", Set: on(&c.joinCgroup)},
		{Long: "follow-context", Short: 'Z', Getopt: 25, Doc: "SELinux: not supported by nsbox", Set: func(string, bool) error {
			return c.fail("--follow-context: SELinux is not supported by nsbox")
		}},
		{Long: "help", Short: 'h', Getopt: 2, Gap: true, Help: "display this help", Set: func(string, bool) error { return c.help() }},
		{Long: "version", Short: 'V', Getopt: 3, Help: "display version", Set: func(string, bool) error {
			c.io.Printf("nsenter from nsbox %s\n", applet.Version)
			return applet.ExitCode(0)
		}},
	}
}

// command is the one definition of the nsenter command line (dispatch,
// help and the generated docs).
func (c *cmd) command() *applet.GetoptCommand {
	return &applet.GetoptCommand{Name: "nsenter", Usage: "run a program with namespaces of other processes",
		UsageText: "nsenter [options] [<program> [<argument>...]]", Opts: c.options(), Layout: applet.HelpLayout{Width: 30, LongOnly: "     "},
		Action: c.run, IO: c.io, Section: 1}
}

// help is util-linux's usage(), with a note when this build cannot do
// everything.
func (c *cmd) help() error {
	return c.command().Help(c.name, applet.StageNote(enter.StageAvailable, "-U and -T"))
}

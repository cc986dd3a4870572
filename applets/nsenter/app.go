package nsenter

import "nsbox/applets/applet"

// options is util-linux nsenter's option table (getopt string
// "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W::ecFZ" plus the long-only
// ones), in its longopts order.
var options = []applet.Option{
	{Long: "all", Short: 'a'}, {Long: "help", Short: 'h'}, {Long: "version", Short: 'V'},
	{Long: "target", Short: 't', Arg: applet.RequiredArg}, {Long: "mount", Short: 'm', Arg: applet.OptionalArg},
	{Long: "uts", Short: 'u', Arg: applet.OptionalArg}, {Long: "ipc", Short: 'i', Arg: applet.OptionalArg},
	{Long: "net", Short: 'n', Arg: applet.OptionalArg}, {Long: "net-socket", Short: 'N', Arg: applet.RequiredArg},
	{Long: "pid", Short: 'p', Arg: applet.OptionalArg}, {Long: "user", Short: 'U', Arg: applet.OptionalArg},
	{Long: "cgroup", Short: 'C', Arg: applet.OptionalArg}, {Long: "time", Short: 'T', Arg: applet.OptionalArg},
	{Long: "setuid", Short: 'S', Arg: applet.RequiredArg}, {Long: "setgid", Short: 'G', Arg: applet.RequiredArg},
	{Long: "root", Short: 'r', Arg: applet.OptionalArg}, {Long: "wd", Short: 'w', Arg: applet.OptionalArg},
	{Long: "wdns", Short: 'W', Arg: applet.OptionalArg},
	{Long: "env", Short: 'e'}, {Long: "no-fork", Short: 'F'}, {Long: "join-cgroup", Short: 'c'},
	{Long: "preserve-credentials"}, {Long: "keep-caps"}, {Long: "user-parent"},
	{Long: "follow-context", Short: 'Z'},
	{Long: "netns", Arg: applet.RequiredArg}, // nsbox: a named network namespace of the run dir
}

// command is the one definition of the nsenter command line (dispatch,
// help and the generated docs).
func (c *cmd) command() *applet.GetoptCommand {
	return &applet.GetoptCommand{Name: "nsenter", Usage: "run a program with namespaces of other processes",
		UsageText: "nsenter [options] [<program> [<argument>...]]", Options: options,
		Defs: c.optionDefs(), Action: c.run, IO: c.io}
}

const helpText = `
Usage:
 %s [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all                     enter all namespaces
 -t, --target <PID>            target process to get namespaces from
 -m, --mount[=<file>|:<nsid>]  enter mount namespace
 -u, --uts[=<file>|:<nsid>]    enter UTS namespace (hostname etc)
 -i, --ipc[=<file>|:<nsid>]    enter System V IPC namespace
 -n, --net[=<file>|:<nsid>]    enter network namespace
     --netns <name>            enter the named network namespace <name>
 -N, --net-socket <fd>         enter socket's network namespace (needs --target)
 -p, --pid[=<file>|:<nsid>]    enter pid namespace
 -C, --cgroup[=<file>|:<nsid>] enter cgroup namespace
 -U, --user[=<file>|:<nsid>]   enter user namespace
     --user-parent             enter parent user namespace
 -T, --time[=<file>|:<nsid>]   enter time namespace
 -S, --setuid[=<uid>]          set uid in entered namespace
 -G, --setgid[=<gid>]          set gid in entered namespace
     --preserve-credentials    do not touch uids or gids
     --keep-caps               retain capabilities granted in user namespaces
 -r, --root[=<dir>]            set the root directory
 -w, --wd[=<dir>]              set the working directory
 -W, --wdns <dir>              set the working directory in namespace
 -e, --env                     inherit environment variables from target process
 -F, --no-fork                 do not fork before exec'ing <program>
 -c, --join-cgroup             join the cgroup of the target process

 -h, --help                    display this help
 -V, --version                 display version
%s
For more details see nsenter(1).
`

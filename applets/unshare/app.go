package unshare

import "nsbox/applets/applet"

// options is util-linux unshare's option table (getopt string
// "+fhVmuinpCTUrR:w:S:G:cl:" plus the long-only ones) in its longopts
// order. The namespace options take their FILE only in the long form:
// -m never has an argument, --mount=FILE may.
var options = []applet.Option{
	{Long: "help", Short: 'h'}, {Long: "version", Short: 'V'},
	{Long: "mount", Short: 'm', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "uts", Short: 'u', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "ipc", Short: 'i', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "net", Short: 'n', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "pid", Short: 'p', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "user", Short: 'U', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "cgroup", Short: 'C', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "time", Short: 'T', Arg: applet.OptionalArg, ShortFlag: true},
	{Long: "fork", Short: 'f'}, {Long: "kill-child", Arg: applet.OptionalArg}, {Long: "forward-signals"},
	{Long: "mount-proc", Arg: applet.OptionalArg}, {Long: "mount-binfmt", Arg: applet.OptionalArg},
	{Long: "map-user", Arg: applet.RequiredArg}, {Long: "map-users", Arg: applet.RequiredArg},
	{Long: "map-group", Arg: applet.RequiredArg}, {Long: "map-groups", Arg: applet.RequiredArg},
	{Long: "map-root-user", Short: 'r'}, {Long: "map-current-user", Short: 'c'},
	{Long: "map-auto"}, {Long: "map-subids"}, {Long: "owner", Arg: applet.RequiredArg},
	{Long: "propagation", Arg: applet.RequiredArg}, {Long: "setgroups", Arg: applet.RequiredArg}, {Long: "keep-caps"},
	{Long: "setuid", Short: 'S', Arg: applet.RequiredArg}, {Long: "setgid", Short: 'G', Arg: applet.RequiredArg},
	{Long: "root", Short: 'R', Arg: applet.RequiredArg}, {Long: "wd", Short: 'w', Arg: applet.RequiredArg},
	{Long: "monotonic", Arg: applet.RequiredArg}, {Long: "boottime", Arg: applet.RequiredArg},
	{Long: "load-interp", Short: 'l', Arg: applet.RequiredArg}, {Long: "clear-env"}, {Long: "whitelist-env", Arg: applet.RequiredArg},
	{Long: "netns", Arg: applet.RequiredArg}, // nsbox: persist the network namespace as a named one
}

// command is the one definition of the unshare command line (dispatch,
// help and the generated docs).
func (c *cmd) command() *applet.GetoptCommand {
	return &applet.GetoptCommand{Name: "unshare", Usage: "run a program with some namespaces unshared from the parent",
		UsageText: "unshare [options] [<program> [<argument>...]]", Options: options,
		Defs: c.optionDefs(), Action: c.run, IO: c.io}
}

const helpText = `
Usage:
 %s [options] [<program> [<argument>...]]

Run a program with some namespaces unshared from the parent.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
 -u, --uts[=<file>]        unshare UTS namespace (hostname etc)
 -i, --ipc[=<file>]        unshare System V IPC namespace
 -n, --net[=<file>]        unshare network namespace
     --netns <name>        unshare network namespace, keep it as the named one <name>
 -p, --pid[=<file>]        unshare pid namespace
 -U, --user[=<file>]       unshare user namespace
 -C, --cgroup[=<file>]     unshare cgroup namespace
 -T, --time[=<file>]       unshare time namespace

 --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)
 --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)
 -l, --load-interp <file>  load binfmt definition in the namespace (implies --mount-binfmt)
 --propagation slave|shared|private|unchanged
                           modify mount propagation in mount namespace
 -R, --root <dir>          run the command with root directory set to <dir>
 -w, --wd <dir>            change working directory to <dir>

 -S, --setuid <uid>        set uid in entered namespace
 -G, --setgid <gid>        set gid in entered namespace
 --map-user <uid>|<name>   map current user to uid (implies --user)
 --map-group <gid>|<name>  map current group to gid (implies --user)
 -r, --map-root-user       map current user to root (implies --user)
 -c, --map-current-user    map current user to itself (implies --user)
 --map-auto                map users and groups automatically (implies --user)
 --map-subids              map the first block of user IDs owned by euid (implies --user)
 --map-users <inneruid>:<outeruid>:<count>
                           map count users from outeruid to inneruid (implies --user)
 --map-groups <innergid>:<outergid>:<count>
                           map count groups from outergid to innergid (implies --user)
 --owner <uid>:<gid>       set the user namespace owner (implies --user)

 -f, --fork                fork before launching <program>
 --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)
                             defaults to SIGKILL
 --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)

 --setgroups allow|deny    control the setgroups syscall in user namespaces
 --keep-caps               retain capabilities granted in user namespaces

 --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces
 --boottime <offset>       set clock boottime offset (seconds) in time namespaces
 --clear-env               do not inherit environment variables from the calling process
 --whitelist-env <list>    clear environment except for specified variables

 -h, --help                display this help
 -V, --version             display version
%s
For more details see unshare(1).
`

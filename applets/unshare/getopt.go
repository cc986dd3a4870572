package unshare

import "nsbox/applets/applet"

const (
	noArg       = applet.NoArg
	requiredArg = applet.RequiredArg
	optionalArg = applet.OptionalArg
)

// options is util-linux unshare's option table (getopt string
// "+fhVmuinpCTUrR:w:S:G:cl:" plus the long-only ones) in its longopts
// order. The namespace options take their FILE only in the long form:
// -m never has an argument, --mount=FILE may.
var options = []applet.Option{
	{Long: "help", Short: 'h'}, {Long: "version", Short: 'V'},
	{Long: "mount", Short: 'm', Arg: optionalArg, ShortFlag: true},
	{Long: "uts", Short: 'u', Arg: optionalArg, ShortFlag: true},
	{Long: "ipc", Short: 'i', Arg: optionalArg, ShortFlag: true},
	{Long: "net", Short: 'n', Arg: optionalArg, ShortFlag: true},
	{Long: "pid", Short: 'p', Arg: optionalArg, ShortFlag: true},
	{Long: "user", Short: 'U', Arg: optionalArg, ShortFlag: true},
	{Long: "cgroup", Short: 'C', Arg: optionalArg, ShortFlag: true},
	{Long: "time", Short: 'T', Arg: optionalArg, ShortFlag: true},
	{Long: "fork", Short: 'f'}, {Long: "kill-child", Arg: optionalArg}, {Long: "forward-signals"},
	{Long: "mount-proc", Arg: optionalArg}, {Long: "mount-binfmt", Arg: optionalArg},
	{Long: "map-user", Arg: requiredArg}, {Long: "map-users", Arg: requiredArg},
	{Long: "map-group", Arg: requiredArg}, {Long: "map-groups", Arg: requiredArg},
	{Long: "map-root-user", Short: 'r'}, {Long: "map-current-user", Short: 'c'},
	{Long: "map-auto"}, {Long: "map-subids"}, {Long: "owner", Arg: requiredArg},
	{Long: "propagation", Arg: requiredArg}, {Long: "setgroups", Arg: requiredArg}, {Long: "keep-caps"},
	{Long: "setuid", Short: 'S', Arg: requiredArg}, {Long: "setgid", Short: 'G', Arg: requiredArg},
	{Long: "root", Short: 'R', Arg: requiredArg}, {Long: "wd", Short: 'w', Arg: requiredArg},
	{Long: "monotonic", Arg: requiredArg}, {Long: "boottime", Arg: requiredArg},
	{Long: "load-interp", Short: 'l', Arg: requiredArg}, {Long: "clear-env"}, {Long: "whitelist-env", Arg: requiredArg},
	{Long: "netns", Arg: requiredArg}, // nsbox: persist the network namespace as a named one
}

// canonical is argv as applet.Canonical rewrites it for urfave/cli.
func canonical(argv []string) []string {
	out, _ := applet.Canonical(argv, options)
	return out
}

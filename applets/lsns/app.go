package lsns

import "nsbox/applets/applet"

// cli is the one definition of the lsns command line: the getopt table,
// and the generated docs come from it (--help is util-linux's own text,
// in help.go). The flag order is util-linux's longopts order, which
// getopt's "ambiguous" message follows.
func cli() applet.CLI {
	flag := func(long string, short byte, arg applet.HasArg, argName, usage string) applet.Flag {
		return applet.Flag{Option: applet.Option{Long: long, Short: short, Arg: arg}, ArgName: argName, Usage: usage}
	}
	return applet.CLI{
		Name:      "lsns",
		Usage:     "list system namespaces (util-linux lsns)",
		UsageText: "lsns [options] [<namespace>]",
		Flags: []applet.Flag{
			flag("json", 'J', applet.NoArg, "", "use JSON output format"),
			flag("task", 'p', applet.RequiredArg, "<pid>", "print process namespaces"),
			flag("help", 'h', applet.NoArg, "", "display this help"),
			flag("output", 'o', applet.RequiredArg, "<list>", "define which output columns to use"),
			flag("output-all", 0, applet.NoArg, "", "output all columns"),
			flag("persistent", 'P', applet.NoArg, "", "namespaces without processes"),
			flag("filter", 'Q', applet.RequiredArg, "<expr>", "apply display filter"),
			flag("notruncate", 'u', applet.NoArg, "", "don't truncate text in columns"),
			flag("version", 'V', applet.NoArg, "", "display version"),
			flag("noheadings", 'n', applet.NoArg, "", "don't print headings"),
			flag("nowrap", 'W', applet.NoArg, "", "don't use multi-line representation"),
			flag("list", 'l', applet.NoArg, "", "use list format output"),
			flag("raw", 'r', applet.NoArg, "", "use the raw output format"),
			flag("type", 't', applet.RequiredArg, "<name>", "namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)"),
			// optional argument: -T, -Towner, --tree=owner (never "-T owner")
			flag("tree", 'T', applet.OptionalArg, "[=<rel>]", "use tree format (parent, owner, or process)"),
			flag("list-columns", 'H', applet.NoArg, "", "list the available columns"),
			flag("threads", 0, applet.NoArg, "", "also scan threads (/proc/PID/task/TID/ns) [nsbox]"),
		},
	}
}

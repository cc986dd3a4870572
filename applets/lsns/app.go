package lsns

import "nsbox/applets/applet"

// cli is the one definition of the lsns command line: the getopt table,
// and the generated docs come from it (--help is util-linux's own text,
// in help.go). The flag order is util-linux's longopts order, which
// getopt's "ambiguous" message follows.
func cli() applet.CLI {
	return applet.CLI{
		Name:      "lsns",
		Usage:     "list system namespaces (util-linux lsns)",
		UsageText: "lsns [options] [<namespace>]",
		Description: "LIBSMARTCOLS_JSON shapes -J output as the newest libsmartcols does: compact " +
			"drops the blanks and puts each top-level row (its children inline) on a line of its own; " +
			"lines prints those rows as JSON Lines, without the enclosing object; any other value is ignored.",
		Flags: []applet.Flag{
			applet.NewFlag("json", 'J', applet.NoArg, "", "use JSON output format"),
			applet.NewFlag("task", 'p', applet.RequiredArg, "<pid>", "print process namespaces"),
			applet.NewFlag("help", 'h', applet.NoArg, "", "display this help"),
			applet.NewFlag("output", 'o', applet.RequiredArg, "<list>", "define which output columns to use"),
			applet.NewFlag("output-all", 0, applet.NoArg, "", "output all columns"),
			applet.NewFlag("persistent", 'P', applet.NoArg, "", "namespaces without processes"),
			applet.NewFlag("filter", 'Q', applet.RequiredArg, "<expr>", "apply display filter"),
			applet.NewFlag("notruncate", 'u', applet.NoArg, "", "don't truncate text in columns"),
			applet.NewFlag("version", 'V', applet.NoArg, "", "display version"),
			applet.NewFlag("noheadings", 'n', applet.NoArg, "", "don't print headings"),
			applet.NewFlag("nowrap", 'W', applet.NoArg, "", "don't use multi-line representation"),
			applet.NewFlag("list", 'l', applet.NoArg, "", "use list format output"),
			applet.NewFlag("raw", 'r', applet.NoArg, "", "use the raw output format"),
			applet.NewFlag("type", 't', applet.RequiredArg, "<name>", "namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)"),
			// optional argument: -T, -Towner, --tree=owner (never "-T owner")
			applet.NewFlag("tree", 'T', applet.OptionalArg, "[=<rel>]", "use tree format (parent, owner, or process)"),
			applet.NewFlag("list-columns", 'H', applet.NoArg, "", "list the available columns"),
			applet.NewFlag("threads", 0, applet.NoArg, "", "also scan threads (/proc/PID/task/TID/ns) [nsbox]"),
		},
	}
}

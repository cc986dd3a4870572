package lsns

import (
	"fmt"
	"strings"

	"nsbox/applets/applet"
	"nsbox/nslib/procscan"
)

// cli is the lsns command line for the generated docs.
func (c *cmd) cli() applet.CLI {
	return applet.CLI{
		Name:      "lsns",
		Usage:     "list system namespaces (util-linux lsns)",
		UsageText: "lsns [options] [<namespace>]",
		Flags:     c.options(),
		Section:   manSection,
	}
}

// options is the one declaration of lsns's options, in util-linux's --help
// order (newest release, plus --threads): getopt's table (places in its
// longopts order), --help and the docs come from it. Each acts as getopt
// meets it, so the first error (or -h, -V, -H) ends the run at its place.
func (c *cmd) options() []applet.Opt {
	on := func(b *bool) func(string, bool) error {
		return func(string, bool) error { *b = true; return nil }
	}
	return []applet.Opt{
		{Long: "json", Short: 'J', Getopt: 1, Help: "use JSON output format", Set: on(&c.json)},
		{Long: "list", Short: 'l', Getopt: 12, Help: "use list format output", Set: on(&c.forceList)},
		{Long: "noheadings", Short: 'n', Getopt: 10, Help: "don't print headings", Set: on(&c.noHeadings)},
		{Long: "output", Short: 'o', Arg: applet.RequiredArg, Getopt: 4, HelpArg: " <list>", Help: "define which output columns to use",
			Set: func(arg string, _ bool) error { c.outarg, c.hasOutarg = arg, true; return nil }},
		{Long: "output-all", Getopt: 5, Help: "output all columns", Set: func(string, bool) error {
			c.columns = c.columns[:0]
			for i := range infos {
				c.columns = append(c.columns, i)
			}
			return nil
		}},
		{Long: "persistent", Short: 'P', Getopt: 6, Help: "namespaces without processes", Set: on(&c.persist)},
		{Long: "task", Short: 'p', Arg: applet.RequiredArg, Getopt: 2, HelpArg: " <pid>", Help: "print process namespaces",
			Set: func(arg string, _ bool) error {
				pid, err := parseS32(arg)
				if err != nil {
					return c.numErr("invalid PID argument", arg, err)
				}
				c.fltrPID = int(pid)
				return nil
			}},
		{Long: "filter", Short: 'Q', Arg: applet.RequiredArg, Getopt: 7, HelpArg: " <expr>", Help: "apply display filter",
			Set: func(arg string, _ bool) error {
				f, err := parseFilter(arg)
				if err != nil {
					return c.fail("failed to parse \"%s\": %s", arg, err)
				}
				c.filter, c.filterText = f, arg
				return nil
			}},
		{Long: "raw", Short: 'r', Getopt: 13, Help: "use the raw output format", Set: func(string, bool) error {
			c.raw, c.noWrap = true, true
			return nil
		}},
		{Long: "notruncate", Short: 'u', Getopt: 8, Help: "don't truncate text in columns", Set: on(&c.noTrunc)},
		{Long: "nowrap", Short: 'W', Getopt: 11, Help: "don't use multi-line representation", Set: on(&c.noWrap)},
		{Long: "type", Short: 't', Arg: applet.RequiredArg, Getopt: 14, HelpArg: " <name>", Help: "namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)",
			Set: func(arg string, _ bool) error {
				t := procscan.ScanTypeIndex(arg)
				if t < 0 {
					return c.fail("unknown namespace type: %s", arg)
				}
				c.types[t] = true
				c.ntypes++
				if arg == "net" {
					c.isNet = true
				}
				return nil
			}},
		// optional argument: -T, -Towner, --tree=owner (never "-T owner")
		{Long: "tree", Short: 'T', Arg: applet.OptionalArg, Getopt: 15, HelpArg: "[=<rel>]", Help: "use tree format (parent, owner, or process)",
			Set: func(arg string, has bool) error {
				c.tree = treeOwner
				if has {
					switch v := strings.TrimPrefix(arg, "="); v {
					case "parent":
						c.tree = treeParent
					case "process":
						c.tree = treeProcess
					case "owner":
					default:
						return c.fail("unknown tree type: %s", v)
					}
				}
				return nil
			}},
		{Long: "threads", Getopt: 17, Help: "also scan threads (/proc/PID/task/TID/ns)",
			Doc: "also scan threads (/proc/PID/task/TID/ns) [nsbox]", Set: on(&c.threads)},
		{Long: "list-columns", Short: 'H', Getopt: 16, Gap: true, Help: "list the available columns",
			Set: func(string, bool) error { return c.listColumns() }},
		{Long: "help", Short: 'h', Getopt: 3, Help: "display this help", Set: func(string, bool) error { return c.usage() }},
		{Long: "version", Short: 'V', Getopt: 9, Help: "display version", Set: func(string, bool) error {
			fmt.Fprintf(c.out, "lsns from nsbox %s (util-linux 2.38.1 compatible)\n", applet.Version)
			return applet.ExitCode(0)
		}},
	}
}

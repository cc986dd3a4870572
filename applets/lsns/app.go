package lsns

import (
	"github.com/urfave/cli/v2"
	"nsbox/applets/applet"
)

// newApp is the one definition of the lsns command line: the getopt table
// (getoptTable), --help and the generated docs come from it. It is never
// run: util-linux's getopt rules (optional arguments only attached, options
// after positionals) are beyond urfave/cli, so Main parses with
// applet.Getopt.
func (c *cmd) newApp() *cli.App {
	return &cli.App{
		Name:            "lsns",
		Usage:           "list system namespaces (util-linux lsns)",
		UsageText:       "lsns [options] [<namespace>]",
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
		SkipFlagParsing: true,
		Writer:          c.io.Out,
		ErrWriter:       c.io.Err,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Aliases: []string{"J"}, Usage: "use JSON output format"},
			&cli.IntFlag{Name: "task", Aliases: []string{"p"}, Usage: "print process namespaces", DefaultText: "<pid>"},
			&cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "display this help"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "define which output columns to use", DefaultText: "<list>"},
			&cli.BoolFlag{Name: "output-all", Usage: "output all columns"},
			&cli.BoolFlag{Name: "persistent", Aliases: []string{"P"}, Usage: "namespaces without processes"},
			&cli.StringFlag{Name: "filter", Aliases: []string{"Q"}, Usage: "apply display filter", DefaultText: "<expr>"},
			&cli.BoolFlag{Name: "notruncate", Aliases: []string{"u"}, Usage: "don't truncate text in columns"},
			&cli.BoolFlag{Name: "version", Aliases: []string{"V"}, Usage: "display version"},
			&cli.BoolFlag{Name: "noheadings", Aliases: []string{"n"}, Usage: "don't print headings"},
			&cli.BoolFlag{Name: "nowrap", Aliases: []string{"W"}, Usage: "don't use multi-line representation"},
			&cli.BoolFlag{Name: "list", Aliases: []string{"l"}, Usage: "use list format output"},
			&cli.BoolFlag{Name: "raw", Aliases: []string{"r"}, Usage: "use the raw output format"},
			&cli.StringSliceFlag{Name: "type", Aliases: []string{"t"}, Usage: "namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)", DefaultText: "<name>"},
			// optional argument: -T, -Towner, --tree=owner (never "-T owner")
			&cli.GenericFlag{Name: "tree", Aliases: []string{"T"}, Value: &optionalValue{}, Usage: "use tree format (parent, owner, or process)", DefaultText: "[=<rel>]"},
			&cli.BoolFlag{Name: "list-columns", Aliases: []string{"H"}, Usage: "list the available columns"},
			&cli.BoolFlag{Name: "threads", Usage: "also scan threads (/proc/PID/task/TID/ns) [nsbox]"},
		},
	}
}

// optionalValue marks a flag whose argument is optional.
type optionalValue struct{ v string }

func (o *optionalValue) Set(s string) error { o.v = s; return nil }
func (o *optionalValue) String() string     { return o.v }

// getoptTable derives the getopt option table from the cli flags, in
// their order (the order of util-linux's long_opts, which getopt_long's
// "ambiguous" message follows).
func getoptTable(app *cli.App) []applet.Option {
	var table []applet.Option
	for _, f := range app.Flags {
		names := f.Names()
		o := applet.Option{Long: names[0]}
		for _, a := range names[1:] {
			if len(a) == 1 {
				o.Short = a[0]
			}
		}
		switch fl := f.(type) {
		case *cli.BoolFlag:
			o.Arg = applet.NoArg
		case *cli.GenericFlag:
			if _, ok := fl.Value.(*optionalValue); ok {
				o.Arg = applet.OptionalArg
			}
		default:
			o.Arg = applet.RequiredArg
		}
		table = append(table, o)
	}
	return table
}

package netns

import (
	"strings"

	"github.com/urfave/cli/v2"
	"nsbox/applets/applet"
)

// newApp is the one definition of the netns command line: dispatch, the
// `netns help` text and the generated docs all come from it. iproute2's
// parsing (prefix matching, single-dash options) happens before it, in
// main and dispatch, so every subcommand takes its words verbatim.
func (c *cmd) newApp() *cli.App {
	sub := func(name, usage, args string, action func(args []string) error) *cli.Command {
		return &cli.Command{
			Name: name, Usage: usage, ArgsUsage: args,
			SkipFlagParsing: true, HideHelp: true,
			Action: func(ctx *cli.Context) error { return action(ctx.Args().Slice()) },
		}
	}
	return &cli.App{
		Name:            "netns",
		Usage:           "manage named network namespaces (iproute2's ip netns)",
		UsageText:       "netns [OPTIONS] [SUBCOMMAND [ARGS...]]",
		HideHelp:        true,
		HideHelpCommand: true,
		Writer:          c.out,
		ErrWriter:       c.io.Err,
		ExitErrHandler:  func(*cli.Context, error) {},
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "all", Aliases: []string{"a"}, Usage: "delete or exec: every named namespace"},
			&cli.BoolFlag{Name: "json", Aliases: []string{"j"}, Usage: "JSON output (list, list-id, identify, pids)"},
			&cli.BoolFlag{Name: "pretty", Aliases: []string{"p"}, Usage: "indent the JSON output"},
			&cli.StringFlag{Name: "netns", Aliases: []string{"n"}, Usage: "run in the named namespace NAME: nsids are seen and set from there"},
			&cli.StringFlag{Name: "batch", Aliases: []string{"b"}, Usage: "read commands (\"netns ...\" lines) from FILE, - for stdin"},
			&cli.BoolFlag{Name: "force", Usage: "batch: go on after a failing line"},
			&cli.BoolFlag{Name: "Version", Aliases: []string{"V"}, Usage: "print the version"},
		},
		Commands: []*cli.Command{
			sub("list", "list named namespaces; with all, the PIDs in each", "[all]", c.list),
			sub("add", "create a network namespace and name it", "NAME", c.add),
			sub("attach", "name the network namespace of process PID", "NAME PID", c.attach),
			sub("set", "assign an nsid, or bring the namespace's loopback up or down", "NAME {NETNSID|up|down}", c.set),
			sub("rename", "rename a namespace; its processes are unaffected", "OLD NEW", c.rename),
			sub("delete", "remove a name; --kill ends its processes first, --evacuate sends physical devices home", "[--kill] [--evacuate] [NAME]", c.delete),
			sub("identify", "print the name(s) of a process's network namespace", "[PID]", c.identify),
			sub("pids", "list the processes in a named namespace", "NAME", c.pids),
			sub("exec", "run a command in a named namespace (every one with -all)", "[NAME] cmd ...", c.exec),
			sub("monitor", "report names added and deleted; nsid or all: nsid events too", "[nsid|all]", c.monitor),
			sub("list-id", "list the nsids this namespace has assigned", "[target-nsid POSITIVE-INT] [nsid POSITIVE-INT]", c.listID),
			sub("help", "print this usage", "", func([]string) error { return c.usage() }),
		},
	}
}

// usage prints iproute2-style usage on stderr and ends with status 255.
func (c *cmd) usage() error {
	var b strings.Builder
	b.WriteString("Usage:")
	for _, sc := range c.app.Commands {
		prefix := "netns "
		if sc.Name == "delete" || sc.Name == "exec" {
			prefix = "[-all] netns "
		}
		b.WriteString("\t" + prefix + strings.TrimSpace(sc.Name+" "+sc.ArgsUsage) + "\n")
	}
	b.WriteString("NETNSID := auto | POSITIVE-INT\n")
	b.WriteString("OPTIONS := { -a[ll] | -j[son] | -p[retty] | -n[etns] NAME | -b[atch] FILE [-force] | -V[ersion] }\n")
	c.out.Flush()
	c.io.Err.WriteString(b.String())
	return applet.ExitCode(255)
}

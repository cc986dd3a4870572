package netns

import (
	"strings"

	"nsbox/applets/applet"
)

// command is one subcommand: the one definition that iproute2's matching,
// dispatch, the `netns help` text, the generated docs and the completions
// all use. The table is in the usage's order; Match places it in
// iproute2's matching order (do_netns's chain of matches()).
type command struct {
	applet.Command
	run func(c *cmd, args []string) error
}

func commands() []command {
	return []command{
		{applet.Command{Name: "list", Aliases: []string{"show", "lst"}, Match: 1, ArgsUsage: "[all]",
			Usage: "list named namespaces; with all, the PIDs in each"}, (*cmd).list},
		{applet.Command{Name: "add", Match: 4, ArgsUsage: "NAME", Usage: "create a network namespace and name it"}, (*cmd).add},
		{applet.Command{Name: "attach", Match: 11, ArgsUsage: "NAME PID", Usage: "name the network namespace of process PID"}, (*cmd).attach},
		{applet.Command{Name: "set", Match: 5, ArgsUsage: "NAME {NETNSID|up|down}",
			Usage: "assign an nsid, or bring the namespace's loopback up or down"}, (*cmd).set},
		{applet.Command{Name: "rename", Match: 12, ArgsUsage: "OLD NEW", Usage: "rename a namespace; its processes are unaffected"}, (*cmd).rename},
		{applet.Command{Name: "delete", Match: 6, ArgsUsage: "[--kill] [--evacuate] [NAME]",
			Usage: "remove a name; --kill ends its processes first, --evacuate sends physical devices and radios home"}, (*cmd).delete},
		{applet.Command{Name: "identify", Match: 7, ArgsUsage: "[PID]", Usage: "print the name(s) of a process's network namespace"}, (*cmd).identify},
		{applet.Command{Name: "pids", Match: 8, ArgsUsage: "NAME", Usage: "list the processes in a named namespace"}, (*cmd).pids},
		{applet.Command{Name: "exec", Match: 9, ArgsUsage: "[NAME] cmd ...",
			Usage: "run a command in a named namespace (every one with -all)"}, (*cmd).exec},
		{applet.Command{Name: "monitor", Match: 10, ArgsUsage: "[nsid|all]",
			Usage: "report names added and deleted; nsid or all: nsid events too"}, (*cmd).monitor},
		{applet.Command{Name: "list-id", Match: 2, ArgsUsage: "[target-nsid POSITIVE-INT] [nsid POSITIVE-INT]",
			Usage: "list the nsids this namespace has assigned"}, (*cmd).listID},
		{applet.Command{Name: "help", Match: 3, Usage: "print this usage"}, func(c *cmd, _ []string) error { return c.usage() }},
	}
}

// subcommands are the subcommands as plain data, in the usage's order.
func subcommands() []applet.Command {
	cmds := commands()
	out := make([]applet.Command, len(cmds))
	for i, sc := range cmds {
		out[i] = sc.Command
	}
	return out
}

// subcommand resolves a (prefix of a) subcommand word ("" if unknown):
// "l" and "s" list, "se" set, "d" delete, "list-" list-id.
func subcommand(word string) string { return applet.Match(subcommands(), word) }

// cli describes the command line for the man page and completion. Parsing
// never goes through it: iproute2's rules (prefix matching, single-dash
// options, words taken verbatim) are main's and dispatch's.
func (c *cmd) cli() applet.CLI {
	cl := applet.CLI{
		Name:      "netns",
		Usage:     "manage named network namespaces (iproute2's ip netns)",
		UsageText: "netns [OPTIONS] [SUBCOMMAND [ARGS...]]",
		Flags: []applet.Opt{
			{Long: "all", Short: 'a', Doc: "delete or exec: every named namespace"},
			{Long: "json", Short: 'j', Doc: "JSON output (list, list-id, identify, pids)"},
			{Long: "pretty", Short: 'p', Doc: "indent the JSON output"},
			{Long: "netns", Short: 'n', Arg: applet.RequiredArg, HelpArg: " NAME", Doc: "run in the named namespace NAME: nsids are seen and set from there"},
			{Long: "batch", Short: 'b', Arg: applet.RequiredArg, HelpArg: " FILE", Doc: "read commands (\"netns ...\" lines) from FILE, - for stdin"},
			{Long: "force", Doc: "batch: go on after a failing line"},
			{Long: "Version", Short: 'V', Doc: "print the version"},
		},
	}
	cl.Commands = subcommands()
	return cl
}

// usage prints iproute2-style usage on stderr and ends with status 255.
func (c *cmd) usage() error {
	c.out.Flush()
	c.io.Err.WriteString(c.usageText())
	return applet.ExitCode(255)
}

// usageText is the usage, iproute2's layout with nsbox's subcommands.
func (c *cmd) usageText() string {
	var b strings.Builder
	b.WriteString("Usage:")
	for _, sc := range subcommands() {
		prefix := "netns "
		if sc.Name == "delete" || sc.Name == "exec" {
			prefix = "[-all] netns "
		}
		b.WriteString("\t" + prefix + strings.TrimSpace(sc.Name+" "+sc.ArgsUsage) + "\n")
	}
	b.WriteString("NETNSID := auto | POSITIVE-INT\n")
	b.WriteString("OPTIONS := { -a[ll] | -j[son] | -p[retty] | -n[etns] NAME | -b[atch] FILE [-force] | -V[ersion] }\n")
	return b.String()
}

package netns

import (
	"strings"

	"nsbox/applets/applet"
)

// command is one subcommand: the one definition that dispatch, the
// `netns help` text and the generated docs all use.
type command struct {
	name, usage, args string
	run               func(args []string) error
}

func (c *cmd) commands() []command {
	// Built once per run: a batch dispatches every line through it.
	if c.cmds != nil {
		return c.cmds
	}
	c.cmds = []command{
		{"list", "list named namespaces; with all, the PIDs in each", "[all]", c.list},
		{"add", "create a network namespace and name it", "NAME", c.add},
		{"attach", "name the network namespace of process PID", "NAME PID", c.attach},
		{"set", "assign an nsid, or bring the namespace's loopback up or down", "NAME {NETNSID|up|down}", c.set},
		{"rename", "rename a namespace; its processes are unaffected", "OLD NEW", c.rename},
		{"delete", "remove a name; --kill ends its processes first, --evacuate sends physical devices and radios home", "[--kill] [--evacuate] [NAME]", c.delete},
		{"identify", "print the name(s) of a process's network namespace", "[PID]", c.identify},
		{"pids", "list the processes in a named namespace", "NAME", c.pids},
		{"exec", "run a command in a named namespace (every one with -all)", "[NAME] cmd ...", c.exec},
		{"monitor", "report names added and deleted; nsid or all: nsid events too", "[nsid|all]", c.monitor},
		{"list-id", "list the nsids this namespace has assigned", "[target-nsid POSITIVE-INT] [nsid POSITIVE-INT]", c.listID},
		{"help", "print this usage", "", func([]string) error { return c.usage() }},
	}
	return c.cmds
}

// cli describes the command line for the man page and completion. Parsing
// never goes through it: iproute2's rules (prefix matching, single-dash
// options, words taken verbatim) are main's and dispatch's.
func (c *cmd) cli() applet.CLI {
	cl := applet.CLI{
		Name:      "netns",
		Usage:     "manage named network namespaces (iproute2's ip netns)",
		UsageText: "netns [OPTIONS] [SUBCOMMAND [ARGS...]]",
		Flags: []applet.Flag{
			applet.NewFlag("all", 'a', applet.NoArg, "", "delete or exec: every named namespace"),
			applet.NewFlag("json", 'j', applet.NoArg, "", "JSON output (list, list-id, identify, pids)"),
			applet.NewFlag("pretty", 'p', applet.NoArg, "", "indent the JSON output"),
			applet.NewFlag("netns", 'n', applet.RequiredArg, "NAME", "run in the named namespace NAME: nsids are seen and set from there"),
			applet.NewFlag("batch", 'b', applet.RequiredArg, "FILE", "read commands (\"netns ...\" lines) from FILE, - for stdin"),
			applet.NewFlag("force", 0, applet.NoArg, "", "batch: go on after a failing line"),
			applet.NewFlag("Version", 'V', applet.NoArg, "", "print the version"),
		},
	}
	for _, sc := range c.commands() {
		cl.Commands = append(cl.Commands, applet.Command{Name: sc.name, Usage: sc.usage, ArgsUsage: sc.args})
	}
	return cl
}

// usage prints iproute2-style usage on stderr and ends with status 255.
func (c *cmd) usage() error {
	var b strings.Builder
	b.WriteString("Usage:")
	for _, sc := range c.commands() {
		prefix := "netns "
		if sc.name == "delete" || sc.name == "exec" {
			prefix = "[-all] netns "
		}
		b.WriteString("\t" + prefix + strings.TrimSpace(sc.name+" "+sc.args) + "\n")
	}
	b.WriteString("NETNSID := auto | POSITIVE-INT\n")
	b.WriteString("OPTIONS := { -a[ll] | -j[son] | -p[retty] | -n[etns] NAME | -b[atch] FILE [-force] | -V[ersion] }\n")
	c.out.Flush()
	c.io.Err.WriteString(b.String())
	return applet.ExitCode(255)
}

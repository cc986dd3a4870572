package netns

import (
	"strings"
	"sync"

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
			Usage: "list named namespaces; with all, the PIDs in each",
			Doc: "list the named namespaces, in the run dir's order, each with \" (id: N)\" when this namespace has given it an nsid; " +
				"with **all**, each name followed by the PIDs inside it. Also what a bare **netns** does."}, (*cmd).list},
		{applet.Command{Name: "add", Match: 4, ArgsUsage: "NAME", Usage: "create a network namespace and name it",
			Doc: "create a network namespace and bind it to <NAME> in the run dir (made a shared mount point of its own), " +
				"where it stays until deleted, with no process in it."}, (*cmd).add},
		{applet.Command{Name: "attach", Match: 11, ArgsUsage: "NAME PID", Usage: "name the network namespace of process PID"}, (*cmd).attach},
		{applet.Command{Name: "set", Match: 5, ArgsUsage: "NAME {NETNSID|up|down}",
			Usage: "assign an nsid, or bring the namespace's loopback up or down",
			Doc: "assign the nsid <NETNSID> (a positive integer, or **auto** for the kernel's choice) to <NAME> in this " +
				"namespace (or in **-netns**'s); **up** or **down** (nsbox) brings <NAME>'s loopback up or down."}, (*cmd).set},
		{applet.Command{Name: "rename", Match: 12, ArgsUsage: "OLD NEW", Usage: "rename a namespace; its processes are unaffected"}, (*cmd).rename},
		{applet.Command{Name: "delete", Match: 6, ArgsUsage: "[--kill] [--evacuate] [--dry-run] [NAME]",
			Usage: "remove a name; --kill ends its processes first, --evacuate sends physical devices and radios home; --dry-run only tells",
			Doc: "unmount and remove <NAME> (every name with **-all**); the namespace goes when nothing else holds it. " +
				"**--kill** (nsbox) first sends SIGTERM to every process inside, then SIGKILL after 3 s; **--evacuate** (nsbox) first " +
				"moves its wireless radios and physical devices to PID 1's namespace. Both refuse the caller's and PID 1's namespace. " +
				"**--dry-run** (nsbox) changes nothing and prints what the delete would do: the unmount, the radios and devices " +
				"**--evacuate** would move, the processes **--kill** would end, whether the namespace then dies or stays and what " +
				"holds it (as **holders** lists it), and each device's fate when it dies: physical devices return to the initial " +
				"namespace (renamed dev<N> when their name is taken there), radios with their interfaces, virtual devices are " +
				"destroyed, a veth with its peer, named wherever it is. It fails as the delete would."}, (*cmd).delete},
		{applet.Command{Name: "identify", Match: 7, ArgsUsage: "[PID]", Usage: "print the name(s) of a process's network namespace",
			Doc: "print the names of the network namespace of process <PID> (default: netns's own, or **-netns**'s)."}, (*cmd).identify},
		{applet.Command{Name: "pids", Match: 8, ArgsUsage: "NAME", Usage: "list the processes in a named namespace"}, (*cmd).pids},
		{applet.Command{Name: "holders", Match: 13, ArgsUsage: "[--threads] NAME|PATH",
			Usage: "list what keeps a namespace alive, and whether deleting its name ends it",
			Doc: "list, one per line and grouped by kind, everything that keeps the network namespace <NAME> (or the " +
				"namespace file <PATH>) alive: the processes in it (PID, user, command; with **--threads**, also those in it " +
				"through one thread only), descriptors of it (PID, fd, the path it was opened by), sockets created in it and " +
				"held by a process outside it (PID, fd), and its bind mounts in every mount namespace a process is in " +
				"(the mount point as seen there, and that namespace as **lsns** lists it: mnt:[INODE] and its lowest PID). " +
				"The last line says whether the namespace dies once its name is deleted; the name's own mount and its " +
				"propagated copies are marked \"(the name)\". A namespace owned by a user namespace below netns's own (a rootless " +
				"container's) also shows that owner: user:[INODE], the uid that created it and its lowest PID; it holds nothing, " +
				"the namespace keeps it alive. With **-j**: an object {\"holders\": {\"processes\": [...], \"descriptors\": [...], " +
				"\"sockets\": [...], \"mounts\": [...], \"owner\": {...} (when shown)}, \"dies\": BOOL}. Not run as root, it lists what it may read and says " +
				"on stderr that the list may be incomplete."}, (*cmd).holders},
		{applet.Command{Name: "exec", Match: 9, ArgsUsage: "[NAME] cmd ...",
			Usage: "run a command in a named namespace (every one with -all)",
			Doc: "run <cmd> in <NAME>: in a private mount namespace with a fresh /sys and the files of /etc/netns/<NAME> " +
				"bound over those of /etc; <cmd> replaces netns and keeps its PID. With **-all**, <cmd> runs in every named " +
				"namespace in turn, each preceded by a line \"netns: NAME\"."}, (*cmd).exec},
		{applet.Command{Name: "monitor", Match: 10, ArgsUsage: "[nsid|all]",
			Usage: "report names added and deleted; nsid or all: nsid events too",
			Doc: "report names as they are added and deleted (\"add NAME\", \"delete NAME\"); **nsid** (nsbox) reports nsid " +
				"events instead, as **ip monitor nsid** does, **all** both."}, (*cmd).monitor},
		{applet.Command{Name: "list-id", Match: 2, ArgsUsage: "[target-nsid POSITIVE-INT] [nsid POSITIVE-INT]",
			Usage: "list the nsids this namespace has assigned",
			Doc:   "list the nsids this namespace (or **-netns**'s) has assigned; **target-nsid** and **nsid** narrow the list."}, (*cmd).listID},
		{applet.Command{Name: "help", Match: 3, Usage: "print this usage"}, func(c *cmd, _ []string) error { return c.usage() }},
	}
}

var (
	commandOnce sync.Once
	commandList []command
	commandData []applet.Command
)

// tables builds commands() and its plain data once: a batch dispatches
// every line through them.
func tables() {
	commandList = commands()
	commandData = make([]applet.Command, len(commandList))
	for i, sc := range commandList {
		commandData[i] = sc.Command
	}
}

// commandTable is commands(), built once.
func commandTable() []command {
	commandOnce.Do(tables)
	return commandList
}

// subcommands are the subcommands as plain data, in the usage's order
// (shared: callers must not change them).
func subcommands() []applet.Command {
	commandOnce.Do(tables)
	return commandData
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
		Section:   8, // as iproute2's ip-netns(8)
		Usage:     "manage named network namespaces (iproute2's ip netns)",
		UsageText: synopsis()[0],
		Flags: []applet.Opt{
			{Long: "all", Short: 'a', Doc: "delete or exec: every named namespace"},
			{Long: "json", Short: 'j', Doc: "JSON output (list, list-id, identify, pids, holders)"},
			{Long: "pretty", Short: 'p', Doc: "indent the JSON output"},
			{Long: "netns", Short: 'n', Arg: applet.RequiredArg, HelpArg: " NAME", Doc: "run in the named namespace NAME: nsids are seen and set from there"},
			{Long: "batch", Short: 'b', Arg: applet.RequiredArg, HelpArg: " FILE", Doc: "read commands (\"netns ...\" lines) from FILE, - for stdin"},
			{Long: "force", Doc: "batch: go on after a failing line"},
			{Long: "Version", Short: 'V', Doc: "print the version"},
		},
	}
	cl.Commands = append([]applet.Command(nil), subcommands()...)
	return cl
}

// takesAll tells the subcommands that -all applies to.
func takesAll(name string) bool { return name == "delete" || name == "exec" }

// synopsis is the man page's SYNOPSIS: the command line, then each
// subcommand's as the usage has it, -all after the applet's name.
func synopsis() []string {
	lines := []string{"netns [OPTIONS] [SUBCOMMAND [ARGS...]]"}
	for _, sc := range subcommands() {
		all := ""
		if takesAll(sc.Name) {
			all = "[-all] "
		}
		lines = append(lines, strings.TrimSpace("netns "+all+sc.Name+" "+sc.ArgsUsage))
	}
	return lines
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
		if takesAll(sc.Name) {
			prefix = "[-all] netns "
		}
		b.WriteString("\t" + prefix + strings.TrimSpace(sc.Name+" "+sc.ArgsUsage) + "\n")
	}
	b.WriteString("NETNSID := auto | POSITIVE-INT\n")
	b.WriteString("OPTIONS := { -a[ll] | -j[son] | -p[retty] | -n[etns] NAME | -b[atch] FILE [-force] | -V[ersion] }\n")
	return b.String()
}

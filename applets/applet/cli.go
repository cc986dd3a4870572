package applet

// CLI describes an applet's command line as plain data: the applets parse
// and print help from it, and docs/gen renders it through urfave/cli as a
// man page. Keeping urfave/cli out of the applets keeps it out of the
// binary, whose start-up it would slow by a third of a millisecond.
type CLI struct {
	Name, Usage, UsageText, Description string
	Flags                               []Opt // in the getopt table's order
	Commands                            []Command
}

// Command is one subcommand (netns list, netns add …).
type Command struct {
	Name, Usage, ArgsUsage string
}

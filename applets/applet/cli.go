package applet

// CLI describes an applet's command line as plain data: the applets parse
// and print help from it, and docs/gen renders it through urfave/cli as a
// man page. Keeping urfave/cli out of the applets keeps it out of the
// binary, whose start-up it would slow by a third of a millisecond.
type CLI struct {
	Name, Usage, UsageText, Description string
	Flags                               []Flag
	Commands                            []Command
}

// Flag is one option: getopt's entry and its line in the docs.
type Flag struct {
	Option
	Usage   string
	ArgName string // shown for the argument, e.g. "<pid>"
}

// NewFlag makes a Flag; argName is shown for the argument ("" for none).
func NewFlag(long string, short byte, arg HasArg, argName, usage string) Flag {
	return Flag{Option: Option{Long: long, Short: short, Arg: arg}, ArgName: argName, Usage: usage}
}

// Command is one subcommand (netns list, netns add …).
type Command struct {
	Name, Usage, ArgsUsage string
}

// GetoptTable is the getopt table of the flags, in their order (the order
// of util-linux's longopts, which getopt's "ambiguous" message follows).
func (c CLI) GetoptTable() []Option {
	table := make([]Option, len(c.Flags))
	for i, f := range c.Flags {
		table[i] = f.Option
	}
	return table
}

package applet

// Man is an applet's manual page beyond its options, subcommands and
// section (CLI): the prose kept beside the applet's CLI declaration, which
// docs/gen renders with them into roff. Each applet's Man() is called by
// docs/gen alone, so the prose stays out of the binary.
//
// Text may mark **bold** words and <italic> ones (util-linux's help writes
// arguments as <pid>); paragraphs are separated by a blank line.
type Man struct {
	// Synopsis lines; none: CLI.UsageText's lines.
	Synopsis []string
	// Description is the DESCRIPTION section.
	Description string
	// CommandsHeading names the section of CLI.Commands ("": COMMANDS).
	CommandsHeading string
	Environment     []Entry // variables the applet reads
	Files           []Entry
	ExitStatus      []Entry // Term: the status
	Examples        []Entry // Term: the command line, Text: what it does
	// Notes are where nsbox differs from the tool it mirrors, one a
	// paragraph.
	Notes   []string
	SeeAlso []string // "ip-netns(8)"
}

// Entry is one tagged paragraph of a section.
type Entry struct{ Term, Text string }

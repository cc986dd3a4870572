package applet

import "strings"

// Opt is one option, declared once: getopt's entry, its --help line, its
// text in the man page and the completions, what it does, and what the
// fast path makes of it. An applet declares its options in --help's order.
type Opt struct {
	Long  string
	Short byte // 0: long only
	Arg   HasArg
	// ShortFlag: the short form never takes an argument although the long
	// one may (unshare's -m against --mount=FILE).
	ShortFlag bool
	// Getopt is the option's place (from 1) in the anchor's longopts
	// order, the order glibc lists ambiguous prefixes in. 0 in every
	// entry: the declaration order is the longopts order too.
	Getopt int
	// HelpArg follows the names in --help, literally as the anchor's help
	// has it (" <pid>", "[=<file>|:<nsid>]"): util-linux's help does not
	// follow the table (nsenter's -S shows [=<uid>] but requires it).
	HelpArg string
	// Help is the --help text, continuation lines after "\n"; "": the
	// option has no --help line.
	Help string
	// Gap: a blank line comes before the option in --help.
	Gap bool
	// Aligned: a long-only option whose --help names stand under the long
	// names of the others although the applet indents its long-only ones
	// less (nsbox's --netns among util-linux unshare's options).
	Aligned bool
	// Doc is the option's text in the man page and the completions; "":
	// Help's.
	Doc string
	// Fast is the option's meaning on the fast path (nslib/prestage's
	// fastopts.h, written by docs/gen): the name of a CLONE_NEW* flag,
	// FORK or TARGET. "": a command line with the option is Go's.
	Fast string
	// Set acts on the option as getopt meets it.
	Set func(arg string, has bool) error
}

// DocText is the option's text for the man page and the completions.
func (o *Opt) DocText() string {
	if o.Doc != "" {
		return o.Doc
	}
	return o.Help
}

// ArgName names the option's argument in the docs: HelpArg without its
// blanks, "" for an optional one ("[=<file>]") or none.
func (o *Opt) ArgName() string {
	if o.Arg == NoArg || strings.HasPrefix(o.HelpArg, "[") {
		return ""
	}
	return strings.TrimSpace(o.HelpArg)
}

// DocArg is the option's argument as the man page shows it: what getopt
// really takes, named as HelpArg names it. --help keeps util-linux's text
// even where it does not follow the table (nsenter's -S shows [=<uid>] but
// requires it, -W shows <dir> but takes it only attached).
func (o *Opt) DocArg() string {
	name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(o.HelpArg, "[="), "]"))
	switch {
	case o.Arg == NoArg || name == "":
		return ""
	case o.Arg == OptionalArg:
		return "[=" + name + "]"
	}
	return " " + name
}

// Table is the getopt table of opts: in the anchor's longopts order
// (Getopt), or as declared when no option has a place.
func Table(opts []Opt) []Opt {
	if len(opts) == 0 || opts[0].Getopt == 0 {
		return opts
	}
	table := make([]Opt, len(opts))
	for _, o := range opts {
		table[o.Getopt-1] = o
	}
	return table
}

// HelpLayout is how an applet's --help lays its options out: the width of
// the names column, and the indent of a long-only option's names.
type HelpLayout struct {
	Width    int
	LongOnly string
}

// Lines are the --help lines of opts, in their order.
func (l HelpLayout) Lines(opts []Opt) string {
	var b strings.Builder
	pad := "\n" + strings.Repeat(" ", l.Width+1)
	for _, o := range opts {
		if o.Help == "" {
			continue
		}
		if o.Gap {
			b.WriteString("\n")
		}
		names := l.LongOnly + "--" + o.Long
		switch {
		case o.Short != 0:
			names = " -" + string(o.Short) + ", --" + o.Long
		case o.Aligned:
			names = "     --" + o.Long
		}
		names += o.HelpArg
		b.WriteString(names)
		if len(names) > l.Width {
			b.WriteString(pad)
		} else {
			b.WriteString(strings.Repeat(" ", l.Width+1-len(names)))
		}
		b.WriteString(strings.ReplaceAll(o.Help, "\n", pad) + "\n")
	}
	return b.String()
}

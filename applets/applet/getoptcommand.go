package applet

import (
	"os"
	"path/filepath"
	"strings"
)

// GetoptCommand is the command line of a util-linux tool whose options act
// as getopt meets them (nsenter, unshare: files opened, errors reported in
// command-line order): Run calls each option's Set in turn, then Action
// with the operands. CLI describes the same definition for the docs.
type GetoptCommand struct {
	Name, Usage, UsageText string
	Opts                   []Opt // in --help's order
	Layout                 HelpLayout
	Action                 func(operands []string) error
	IO                     IO
	Section                int // the man page's (CLI.Section)
}

// Run runs the command with argv and returns its exit status.
func (g *GetoptCommand) Run(argv []string) int {
	parsed, operands, gerr := Getopt(argv, Table(g.Opts), RequireOrder)
	for _, p := range parsed {
		if err := p.Opt.Set(p.Arg, p.HasArg); err != nil {
			return Code(g.Name, err, g.IO.Err)
		}
	}
	if gerr != nil {
		g.IO.Err.WriteString(gerr.Error() + "\n")
		return Code(g.Name, TryHelp(g.IO.Err, filepath.Base(argv[0])), g.IO.Err)
	}
	return Code(g.Name, g.Action(operands), g.IO.Err)
}

// CLI describes the command, for the generated docs.
func (g *GetoptCommand) CLI() CLI {
	return CLI{Name: g.Name, Usage: g.Usage, UsageText: g.UsageText, Flags: g.Opts, Section: g.Section}
}

// Help is util-linux's usage() for the command: the usage line with the
// name it was called by, Usage as a sentence, the options' lines, note
// (if any) and the man page (util-linux's "For more details see
// nsenter(1)."). It ends the run with status 0.
func (g *GetoptCommand) Help(argv0, note string) error {
	usage := filepath.Base(argv0) + strings.TrimPrefix(g.UsageText, g.Name)
	g.IO.Printf("\nUsage:\n %s\n\n%s.\n\nOptions:\n%s%s\nFor more details see %s(%d).\n",
		usage, strings.ToUpper(g.Usage[:1])+g.Usage[1:], g.Layout.Lines(g.Opts), note, g.Name, g.Section)
	return ExitCode(0)
}

// StageNote is the note --help ends with in a build without the
// pre-runtime stage (CGO_ENABLED=0), which what (options) need.
func StageNote(available bool, what string) string {
	if available {
		return ""
	}
	return "\nThis build has no pre-runtime stage: " + what + " need the cgo build (CGO_ENABLED=1).\n"
}

// TryHelp is util-linux's errtryhelp(EXIT_FAILURE).
func TryHelp(stderr *os.File, name string) error {
	stderr.WriteString("Try '" + name + " --help' for more information.\n")
	return ExitCode(1)
}

// getoptErrorFlag marks a getopt error in Canonical's rendering.
const getoptErrorFlag = "nsbox-getopt-error"

// Canonical renders a RequireOrder parse of argv on one line, for the
// option-table tests: every option as --LONG, an argument as --LONG==ARG
// (the extra '=' tells an empty argument apart from none), a getopt error
// as --nsbox-getopt-error==MESSAGE after the options before it, then "--"
// and the operands.
func Canonical(argv []string, opts []Opt) []string {
	parsed, operands, err := Getopt(argv, opts, RequireOrder)
	var out []string
	for _, p := range parsed {
		if p.HasArg {
			out = append(out, "--"+p.Opt.Long+"=="+p.Arg)
		} else {
			out = append(out, "--"+p.Opt.Long)
		}
	}
	if err != nil {
		out = append(out, "--"+getoptErrorFlag+"=="+err.Error())
	}
	return append(append(out, "--"), operands...)
}

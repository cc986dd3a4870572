package applet

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
)

// OptionDef is what one option does when getopt meets it, and its line in
// the docs.
type OptionDef struct {
	Name, Usage string // Name: the option's Long name in the getopt table
	Set         func(arg string, has bool) error
}

// GetoptCommand is the command line of a util-linux tool whose options act
// as getopt meets them (nsenter, unshare: files opened, errors reported in
// command-line order): Run calls each option's Set in turn, then Action
// with the operands. App renders the same definition for the docs.
type GetoptCommand struct {
	Name, Usage, UsageText string
	Options                []Option    // getopt's table, in longopts order
	Defs                   []OptionDef // in the order the docs list them
	Action                 func(operands []string) error
	IO                     IO
}

// Run runs the command with argv and returns its exit status. Parsing is
// Getopt's alone: urfave/cli stays off the run path, which is start-up
// time for every nsenter and unshare.
func (g *GetoptCommand) Run(argv []string) int {
	parsed, operands, gerr := Getopt(argv, g.Options, RequireOrder)
	for _, p := range parsed {
		for _, d := range g.Defs {
			if d.Name == p.Opt.Long {
				if err := d.Set(p.Arg, p.HasArg); err != nil {
					return Code(g.Name, err, g.IO.Err)
				}
				break
			}
		}
	}
	if gerr != nil {
		g.IO.Err.WriteString(gerr.Error() + "\n")
		return Code(g.Name, TryHelp(g.IO.Err, filepath.Base(argv[0])), g.IO.Err)
	}
	return Code(g.Name, g.Action(operands), g.IO.Err)
}

// App is the urfave/cli rendering of the command, for the generated docs.
func (g *GetoptCommand) App() *cli.App {
	var flags []cli.Flag
	for _, d := range g.Defs {
		flags = append(flags, newGetoptFlag(g.option(d.Name), d.Usage, d.Set))
	}
	return &cli.App{
		Name:            g.Name,
		Usage:           g.Usage,
		UsageText:       g.UsageText,
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
		Writer:          g.IO.Out,
		ErrWriter:       g.IO.Err,
		Flags:           flags,
	}
}

func (g *GetoptCommand) option(name string) Option {
	for _, o := range g.Options {
		if o.Long == name {
			return o
		}
	}
	return Option{Long: name}
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
func Canonical(argv []string, opts []Option) []string {
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

// GetoptFlag is how an option of a Canonical command line reaches its
// handler through urfave/cli: Set receives "true" (no argument) or
// "=ARG" and calls the handler at once, so options act in command-line
// order, as they do during util-linux's getopt loop. In the generated
// docs it shows both names, and a value only where one is required; only
// the long name is registered with the parser (an alias would make
// urfave/cli call Set twice).
type GetoptFlag struct {
	*cli.GenericFlag
	opt Option
}

// newGetoptFlag makes the flag of opt; set gets the argument and whether
// there was one.
func newGetoptFlag(opt Option, usage string, set func(arg string, has bool) error) *GetoptFlag {
	return &GetoptFlag{GenericFlag: &cli.GenericFlag{Name: opt.Long, Usage: usage,
		Value: &getoptValue{set: set, isBool: opt.Arg != RequiredArg}}, opt: opt}
}

func (f *GetoptFlag) Names() []string {
	if f.opt.Short == 0 {
		return []string{f.opt.Long}
	}
	return []string{f.opt.Long, string(f.opt.Short)}
}
func (f *GetoptFlag) TakesValue() bool       { return f.opt.Arg == RequiredArg }
func (f *GetoptFlag) GetDefaultText() string { return "" }

type getoptValue struct {
	set    func(arg string, has bool) error
	isBool bool
}

func (v *getoptValue) String() string   { return "" }
func (v *getoptValue) IsBoolFlag() bool { return v.isBool }
func (v *getoptValue) Set(s string) error {
	if arg, ok := strings.CutPrefix(s, "="); ok {
		return v.set(arg, true)
	}
	return v.set("", false)
}

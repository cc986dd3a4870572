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
// command-line order): argv goes through Canonical, then urfave/cli calls
// each option's Set in turn and Action with the operands.
type GetoptCommand struct {
	Name, Usage, UsageText string
	Options                []Option    // getopt's table, in longopts order
	Defs                   []OptionDef // in the order the docs list them
	Action                 func(operands []string) error
	IO                     IO

	prog    string    // argv[0], for errtryhelp
	stopped *ExitCode // an option ended the run
}

// Run runs the command with argv and returns its exit status.
func (g *GetoptCommand) Run(argv []string) int {
	g.prog = argv[0]
	err := g.App().Run(append([]string{argv[0]}, Canonical(argv, g.Options)...))
	if g.stopped != nil {
		return int(*g.stopped)
	}
	return Code(g.Name, err, g.IO.Err)
}

// App is the one urfave/cli definition of the command: for Run, and for
// the generated docs.
func (g *GetoptCommand) App() *cli.App {
	var flags []cli.Flag
	for _, d := range g.Defs {
		flags = append(flags, newGetoptFlag(g.option(d.Name), d.Usage, g.stopOnError(d.Set)))
	}
	flags = append(flags, &cli.GenericFlag{Name: getoptErrorFlag, Hidden: true,
		Value: &getoptValue{set: g.stopOnError(func(msg string, _ bool) error {
			g.IO.Err.WriteString(msg + "\n")
			return TryHelp(g.IO.Err, filepath.Base(g.prog))
		})}})
	return &cli.App{
		Name:            g.Name,
		Usage:           g.Usage,
		UsageText:       g.UsageText,
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
		Writer:          g.IO.Out,
		ErrWriter:       g.IO.Err,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    func(_ *cli.Context, err error, _ bool) error { return err },
		Flags:           flags,
		Action:          func(ctx *cli.Context) error { return g.Action(ctx.Args().Slice()) },
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

// stopOnError remembers the exit status an option ends the run with: the
// flag package wraps Set's error in text of its own, so it cannot carry
// the status back.
func (g *GetoptCommand) stopOnError(set func(string, bool) error) func(string, bool) error {
	return func(arg string, has bool) error {
		err := set(arg, has)
		if code, ok := err.(ExitCode); ok {
			g.stopped = &code
		}
		return err
	}
}

// TryHelp is util-linux's errtryhelp(EXIT_FAILURE).
func TryHelp(stderr *os.File, name string) error {
	stderr.WriteString("Try '" + name + " --help' for more information.\n")
	return ExitCode(1)
}

// getoptErrorFlag is the long name of the hidden flag that carries a getopt
// error to its place in the option sequence, so errors come out in the
// order util-linux meets them (an option's own error before a bad one
// further on).
const getoptErrorFlag = "nsbox-getopt-error"

// Canonical is argv as Getopt reads it in RequireOrder, rewritten for
// urfave/cli: every option as --LONG, an argument as --LONG==ARG (the extra
// '=' tells an empty argument apart from none), then "--" and the operands.
// A getopt error becomes --nsbox-getopt-error==MESSAGE after the options
// before it, and ends them.
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

package nsenter

import (
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
	"nsbox/applets/applet"
)

// optValue is every nsenter option: Set receives what canonical() made of
// it ("true" for no argument, "=ARG" for one) and acts at once, so files
// are opened and errors reported in command-line order, as util-linux does
// during getopt.
type optValue struct {
	set    func(arg string, has bool) error
	isBool bool
}

func (v *optValue) String() string   { return "" }
func (v *optValue) IsBoolFlag() bool { return v.isBool }
func (v *optValue) Set(s string) error {
	if arg, ok := strings.CutPrefix(s, "="); ok {
		return v.set(arg, true)
	}
	return v.set("", false)
}

// docFlag shows an option in the generated docs as getopt has it: both
// names, and a value only where one is required. Only the long name is
// registered with the parser (canonical() has turned -X into --LONG, and an
// alias would make urfave/cli call Set a second time).
type docFlag struct {
	*cli.GenericFlag
	opt option
}

func (f *docFlag) Names() []string {
	if f.opt.short == 0 {
		return []string{f.opt.long}
	}
	return []string{f.opt.long, string(f.opt.short)}
}
func (f *docFlag) TakesValue() bool       { return f.opt.arg == requiredArg }
func (f *docFlag) GetDefaultText() string { return "" }

// newApp is the one definition of the nsenter command line (dispatch, help
// and the generated docs). canonical() has already turned getopt syntax
// into --LONG / --LONG==ARG, so urfave/cli sees only long options.
func (c *cmd) newApp() *cli.App {
	flag := func(o option, usage string, set func(arg string, has bool) error) cli.Flag {
		return &docFlag{GenericFlag: &cli.GenericFlag{Name: o.long, Usage: usage,
			Value: &optValue{set: c.stopOnError(set), isBool: o.arg != requiredArg}}, opt: o}
	}
	byName := func(name string) option {
		for _, o := range options {
			if o.long == name {
				return o
			}
		}
		return option{long: name}
	}
	var flags []cli.Flag
	for _, d := range c.optionDefs() {
		flags = append(flags, flag(byName(d.name), d.usage, d.set))
	}
	flags = append(flags, &cli.GenericFlag{Name: getoptError, Hidden: true,
		Value: &optValue{set: c.stopOnError(func(msg string, _ bool) error {
			c.io.Err.WriteString(msg + "\n")
			return c.tryHelp()
		})}})
	return &cli.App{
		Name:            "nsenter",
		Usage:           "run a program with namespaces of other processes",
		UsageText:       "nsenter [options] [<program> [<argument>...]]",
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
		Writer:          c.io.Out,
		ErrWriter:       c.io.Err,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return err
		},
		Flags:  flags,
		Action: func(ctx *cli.Context) error { return c.run(ctx.Args().Slice()) },
	}
}

// stopOnError remembers the exit status an option ends the run with: the
// flag package wraps Set's error in text of its own, so it cannot carry
// the status back.
func (c *cmd) stopOnError(set func(string, bool) error) func(string, bool) error {
	return func(arg string, has bool) error {
		err := set(arg, has)
		if code, ok := err.(applet.ExitCode); ok {
			c.stopped = &code
		}
		return err
	}
}

// tryHelp is util-linux's errtryhelp(EXIT_FAILURE).
func (c *cmd) tryHelp() error {
	c.io.Err.WriteString("Try '" + filepath.Base(c.name) + " --help' for more information.\n")
	return applet.ExitCode(1)
}

const helpText = `
Usage:
 %s [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all                     enter all namespaces
 -t, --target <PID>            target process to get namespaces from
 -m, --mount[=<file>]          enter mount namespace
 -u, --uts[=<file>]            enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]            enter System V IPC namespace
 -n, --net[=<file>]            enter network namespace
     --netns <name>            enter the named network namespace <name>
 -N, --net-socket <fd>         enter socket's network namespace (needs --target)
 -p, --pid[=<file>]            enter pid namespace
 -C, --cgroup[=<file>]         enter cgroup namespace
 -U, --user[=<file>]           enter user namespace
     --user-parent             enter parent user namespace
 -T, --time[=<file>]           enter time namespace
 -S, --setuid[=<uid>]          set uid in entered namespace
 -G, --setgid[=<gid>]          set gid in entered namespace
     --preserve-credentials    do not touch uids or gids
     --keep-caps               retain capabilities granted in user namespaces
 -r, --root[=<dir>]            set the root directory
 -w, --wd[=<dir>]              set the working directory
 -W, --wdns <dir>              set the working directory in namespace
 -e, --env                     inherit environment variables from target process
 -F, --no-fork                 do not fork before exec'ing <program>
 -c, --join-cgroup             join the cgroup of the target process

 -h, --help                    display this help
 -V, --version                 display version
%s
For more details see nsenter(1).
`

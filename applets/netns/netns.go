// Package netns is the netns applet: iproute2's `ip netns`, argument for
// argument, plus rename, set NAME up|down, list all, delete --kill and
// --evacuate, stale-placeholder recovery and a flushed monitor.
package netns

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
	"nsbox/applets/applet"
	"nsbox/nslib"
)

// cmd is one run of the applet: its streams and the global options.
type cmd struct {
	io     applet.IO
	out    *bufio.Writer
	run    *nslib.RunDir
	app    *cli.App
	all    bool // -all
	json   bool // -j
	pretty bool // -p
	force  bool // -force
	batch  string
	// inBatch: exec forks instead of replacing the process.
	inBatch bool
	// viewer is the -n namespace: nsids are read and set from there, and
	// identify without a PID names it. nil: our own.
	viewer *nslib.NSFile
}

// Info registers the applet.
func Info() applet.Info {
	return applet.Info{Name: "netns", Usage: "manage named network namespaces (ip netns)", Main: Main,
		App: func(io applet.IO) *cli.App { return newCmd(io).app }}
}

// usageErr ends a run like iproute2's exit(-1): status 255, at once (it also
// ends a batch).
const usageErr = applet.ExitCode(255)

func newCmd(io applet.IO) *cmd {
	c := &cmd{io: io, out: applet.Writer(io.Out), run: nslib.DefaultRunDir()}
	c.run.Warn = c.warn
	c.app = c.newApp()
	return c
}

// Main runs `netns [OPTIONS] [SUBCOMMAND [ARGS]]`.
func Main(argv []string, io applet.IO) int {
	c := newCmd(io)
	defer c.out.Flush()
	code := c.main(argv[1:])
	if c.viewer != nil {
		c.viewer.Close()
	}
	return code
}

func (c *cmd) warn(msg string) {
	c.out.Flush()
	fmt.Fprintln(c.io.Err, msg)
}

// errorf prints an error line on stderr (after what stdout has so far).
func (c *cmd) errorf(format string, args ...any) {
	c.out.Flush()
	fmt.Fprintf(c.io.Err, format+"\n", args...)
}

// fail prints an error line and returns the exit status as an error.
func (c *cmd) fail(code int, format string, args ...any) error {
	c.errorf(format, args...)
	return applet.ExitCode(code)
}

// globalOptions are iproute2's, matched by prefix in its order; the ones
// that mean nothing to netns are accepted and ignored so `ip -s netns …`
// style scripts keep working.
var globalOptions = []struct {
	name string
	arg  bool
}{
	{"-force", false}, {"-batch", true}, {"-json", false}, {"-pretty", false},
	{"-netns", true}, {"-all", false}, {"-Version", false}, {"-human", false},
	{"-help", false}, {"-iec", false}, {"-stats", false}, {"-details", false},
	{"-resolve", false}, {"-oneline", false}, {"-timestamp", false}, {"-tshort", false},
	{"-Numeric", false}, {"-color", false}, {"-brief", false}, {"-4", false}, {"-6", false}, {"-0", false},
}

// main parses the global options, then runs a batch or one command.
func (c *cmd) main(args []string) int {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		opt := args[0]
		if opt == "--" {
			args = args[1:]
			break
		}
		if strings.HasPrefix(opt, "--") {
			opt = opt[1:]
		}
		matched := ""
		for _, o := range globalOptions {
			if len(opt) > 1 && applet.Matches(opt, o.name) && (opt != "-f" || o.name != "-force") {
				matched = o.name
				if o.arg && len(args) < 2 {
					c.errorf("Command line is not complete. Try option \"help\"")
					return 255
				}
				break
			}
		}
		switch matched {
		case "":
			c.errorf("Option \"%s\" is unknown, try \"netns help\".", args[0])
			return 255
		case "-force":
			c.force = true
		case "-batch":
			c.batch = args[1]
		case "-json":
			c.json = true
		case "-pretty":
			c.pretty = true
		case "-all":
			c.all = true
		case "-netns":
			if err := c.setViewer(args[1]); err != nil {
				return applet.Code("netns", err, c.io.Err)
			}
		case "-Version":
			fmt.Fprintln(c.out, "netns utility, nsbox "+applet.Version)
			return 0
		case "-help":
			return applet.Code("netns", c.usage(), c.io.Err)
		}
		args = args[1:]
		if matched == "-batch" || matched == "-netns" {
			args = args[1:]
		}
	}
	if c.batch != "" {
		return c.runBatch(c.batch)
	}
	return applet.Code("netns", c.dispatch(args), c.io.Err)
}

// setViewer handles -n NAME: later commands see nsids from NAME.
func (c *cmd) setViewer(name string) error {
	f, err := c.run.OpenNamed(name)
	if err != nil {
		return c.fail(255, "Cannot open network namespace \"%s\": %s", name, nslib.Strerror(err))
	}
	if err := f.CheckType(0x40000000); err != nil {
		f.Close()
		return c.fail(255, "setting the network namespace \"%s\" failed: %s", name, nslib.Strerror(err))
	}
	c.viewer = f
	return nil
}

func (c *cmd) viewerFD() int {
	if c.viewer == nil {
		return 0
	}
	return c.viewer.FD()
}

// subcommands in iproute2's matching order: the first whose name the word
// is a prefix of wins ("l" and "s" list, "se" set, "d" delete, "list-" list-id).
var subcommands = []string{"list", "show", "lst", "list-id", "help", "add", "set", "delete",
	"identify", "pids", "exec", "monitor", "attach", "rename"}

// canonical maps a matched word to the command that runs it.
var canonical = map[string]string{"show": "list", "lst": "list"}

// dispatch runs one netns command line (without the object word).
func (c *cmd) dispatch(args []string) error {
	if len(args) == 0 {
		return c.list(nil)
	}
	if !c.all && len(args) > 1 && !nslib.ValidName(args[1]) {
		return c.fail(255, "Invalid netns name \"%s\"", args[1])
	}
	for _, s := range subcommands {
		if applet.Matches(args[0], s) {
			if n, ok := canonical[s]; ok {
				s = n
			}
			return c.app.Run(append([]string{"netns", s}, args[1:]...))
		}
	}
	return c.fail(255, "Command \"%s\" is unknown, try \"netns help\".", args[0])
}

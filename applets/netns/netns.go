// Package netns is the netns applet: iproute2's `ip netns`, argument for
// argument, plus rename, set NAME up|down, list all, delete --kill and
// --evacuate, stale-placeholder recovery and a flushed monitor.
package netns

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/nsid"
	"nsbox/nslib/rundir"
)

// cmd is one run of the applet: its streams and the global options.
type cmd struct {
	io     applet.IO
	out    *bufio.Writer
	run    *rundir.RunDir
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
		CLI: func() applet.CLI { return newCmd(applet.StdIO()).cli() }}
}

// usageErr ends a run like iproute2's exit(-1): status 255, at once (it also
// ends a batch).
const usageErr = applet.ExitCode(255)

func newCmd(io applet.IO) *cmd {
	c := &cmd{io: io, out: io.Writer(), run: rundir.DefaultRunDir()}
	c.run.Warn = c.warn
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

// globalOptions are iproute2's, matched by prefix in its order (so "-f" is
// -family and "-r" -resolve); the ones that mean nothing to netns are
// accepted and ignored so `ip -s netns …` style scripts keep working.
var globalOptions = []struct {
	name string
	arg  bool
}{
	{"-loops", true}, {"-family", true}, {"-4", false}, {"-6", false}, {"-0", false},
	{"-human", false}, {"-human-readable", false}, {"-iec", false}, {"-stats", false}, {"-statistics", false},
	{"-details", false}, {"-resolve", false}, {"-oneline", false}, {"-timestamp", false}, {"-tshort", false},
	{"-Version", false}, {"-force", false}, {"-batch", true}, {"-brief", false}, {"-json", false},
	{"-pretty", false}, {"-rcvbuf", true}, {"-color", false}, {"-help", false}, {"-netns", true},
	{"-Numeric", false}, {"-all", false},
}

// matchOption finds the global option opt names ("" if none) and whether
// it takes a value. Only -color has a form with '=': =always|auto|never.
func matchOption(opt string) (name string, arg bool) {
	if c, val, ok := strings.Cut(opt, "="); ok {
		if applet.Matches(c, "-color") && (val == "" || val == "always" || val == "auto" || val == "never") {
			return "-color", false
		}
		return "", false
	}
	for _, o := range globalOptions {
		if len(opt) > 1 && applet.Matches(opt, o.name) {
			return o.name, o.arg
		}
	}
	return "", false
}

// families are the names iproute2's -family takes.
var families = []string{"inet", "inet6", "link", "ipx", "dnet", "mpls", "bridge"}

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
		matched, arg := matchOption(opt)
		if arg && len(args) < 2 {
			c.errorf("Command line is not complete. Try option \"help\"")
			return 255
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
		case "-family":
			if args[1] == "help" {
				return applet.Code("netns", c.usage(), c.io.Err)
			}
			if !slices.Contains(families, args[1]) {
				c.errorf("Error: argument \"%s\" is wrong: invalid protocol family", args[1])
				return 255
			}
		case "-rcvbuf":
			if v, ok := applet.ParseCInt(args[1], 0, 33); !ok || v < 0 { // an unsigned int
				c.errorf("Invalid rcvbuf size '%s'", args[1])
				return 255
			}
		case "-Version":
			fmt.Fprintln(c.out, "netns utility, nsbox "+applet.Version)
			return 0
		case "-help":
			// --help is the GNU spelling every applet takes: usage on
			// stdout, status 0. iproute2's own (-help, -he, `netns help`)
			// keep its usage on stderr and status 255.
			if args[0] == "--help" {
				c.out.WriteString(c.usageText())
				return 0
			}
			return applet.Code("netns", c.usage(), c.io.Err)
		}
		args = args[1:]
		if arg {
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
	// iproute2 enters NAME at once: one we may not enter fails here, as
	// there, not later with its nsids silently missing.
	conn, err := nsid.Dial(f.FD())
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		f.Close()
		return c.fail(255, "setting the network namespace \"%s\" failed: %s", name, nslib.Strerror(err))
	}
	if err == nil {
		conn.Close()
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

// dispatch runs one netns command line (without the object word).
func (c *cmd) dispatch(args []string) error {
	if len(args) == 0 {
		return c.list(nil)
	}
	name := subcommand(args[0])
	// holders takes a path too, and its options before the name.
	if !c.all && len(args) > 1 && name != "holders" && !rundir.ValidName(args[1]) {
		return c.fail(255, "Invalid netns name \"%s\"", args[1])
	}
	if name != "" {
		for _, sc := range commandTable() {
			if sc.Name == name {
				return sc.run(c, args[1:])
			}
		}
	}
	return c.fail(255, "Command \"%s\" is unknown, try \"netns help\".", args[0])
}

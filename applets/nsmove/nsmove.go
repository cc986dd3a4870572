// Package nsmove is the nsmove applet: `ip link set dev X netns Y [name Z]`
// and `iw phy P set netns …` in one command, for several devices at once,
// checked before anything moves. A wireless interface moves its whole phy.
package nsmove

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/rundir"
)

// Exit statuses, those of `ip link set … netns`: 1 an unknown device, 2 a
// kernel refusal, 255 a usage error or a target that cannot be opened.
const (
	exitNoDevice = 1
	exitKernel   = 2
	exitUsage    = 255
)

// cmd is one run of the applet: its streams and options.
type cmd struct {
	io                               applet.IO
	out                              *bufio.Writer
	runDir                           *rundir.RunDir
	source, newName                  string
	sourceSet, nameSet               bool // given, even if empty
	noPhy, unblock, list, json, help bool
}

// Info registers the applet.
func Info() applet.Info {
	return applet.Info{Name: "nsmove", Usage: "move devices and wireless radios between network namespaces", Main: Main,
		CLI: func() applet.CLI { return newCmd(applet.StdIO()).cli() }}
}

func newCmd(io applet.IO) *cmd {
	return &cmd{io: io, out: io.Writer(), runDir: rundir.DefaultRunDir()}
}

// Main runs `nsmove [OPTIONS] DEVICE... TARGET`.
func Main(argv []string, io applet.IO) int {
	c := newCmd(io)
	defer c.out.Flush()
	operands, err := c.parse(argv[1:])
	if err == nil && c.help {
		c.usage()
		return 0
	}
	if err == nil {
		err = c.run(operands)
	}
	return applet.Code("nsmove", err, io.Err)
}

// fail prints a one-line error and returns the exit status as an error.
func (c *cmd) fail(code int, format string, args ...any) error {
	c.note(format, args...)
	return applet.ExitCode(code)
}

// note prints "nsmove: MSG" on stderr, after what stdout has so far.
func (c *cmd) note(format string, args ...any) {
	c.out.Flush()
	fmt.Fprintf(c.io.Err, "nsmove: "+format+"\n", args...)
}

func (c *cmd) usageErr(format string, args ...any) error {
	c.note(format, args...)
	fmt.Fprintln(c.io.Err, "Usage: nsmove [OPTIONS] DEVICE... TARGET | nsmove --list [-j] [-n NS]; try nsmove --help")
	return applet.ExitCode(exitUsage)
}

// run is the action: a listing, or a move.
func (c *cmd) run(args []string) error {
	if c.list {
		if len(args) > 0 {
			return c.usageErr("--list takes no DEVICE or TARGET")
		}
		if c.nameSet || c.noPhy || c.unblock {
			return c.usageErr("--list cannot be combined with --name, --no-phy or --unblock")
		}
		return c.listDevices()
	}
	if c.json {
		return c.usageErr("-j goes with --list")
	}
	if len(args) < 2 {
		return c.usageErr("need at least one DEVICE and a TARGET")
	}
	if c.nameSet {
		if len(args) != 2 {
			return c.usageErr("--name renames one DEVICE, not %d", len(args)-1)
		}
		if !validIfname(c.newName) {
			return c.fail(exitUsage, "argument \"%s\" is wrong: \"name\" not a valid ifname", c.newName)
		}
	}
	for _, dev := range args[:len(args)-1] {
		if !validDevArg(dev) {
			return c.fail(exitUsage, "argument \"%s\" is wrong: \"dev\" not a valid ifname", dev)
		}
	}
	src, err := c.openSource()
	if err != nil {
		return err
	}
	if src != nil {
		defer src.Close()
	}
	target := args[len(args)-1]
	dst, err := c.openNetns(target, exitKernel)
	if err != nil {
		return err
	}
	defer dst.Close()
	return c.move(fdOf(src), dst.FD(), args[:len(args)-1])
}

// openSource opens the -n namespace (nil: our own). One that is no
// namespace is status 255, as `ip -n`'s failed setns.
func (c *cmd) openSource() (*nslib.NSFile, error) {
	if !c.sourceSet {
		return nil, nil
	}
	return c.openNetns(c.source, exitUsage)
}

// openNetns resolves a namespace argument as `ip link set … netns ARG`
// does and makes sure it is a mounted network namespace: a stale
// placeholder would otherwise reach the kernel as EINVAL. notNetns is the
// status when it is not one.
func (c *cmd) openNetns(arg string, notNetns int) (*nslib.NSFile, error) {
	f, _, err := c.runDir.OpenNetTarget(arg)
	if err != nil {
		return nil, c.fail(exitUsage, "cannot open network namespace \"%s\": %s", arg, nslib.Strerror(err))
	}
	if err := f.CheckType(unix.CLONE_NEWNET); err != nil {
		f.Close()
		why := nslib.Strerror(err)
		if errors.Is(err, nslib.ErrNotNamespace) {
			why = "nothing is mounted on it (a stale placeholder?)"
			if strings.Contains(arg, "/") {
				why = "not a namespace file"
			}
		}
		// iproute2 sends the file and the kernel answers EINVAL: status 2.
		return nil, c.fail(notNetns, "\"%s\" is not a network namespace: %s", arg, why)
	}
	return f, nil
}

// enterCode is the status when rtnetlink cannot be opened in the source:
// for a -n namespace that is `ip -n`'s failed setns, 255.
func (c *cmd) enterCode() int {
	if c.sourceSet {
		return exitUsage
	}
	return exitKernel
}

func fdOf(f *nslib.NSFile) int {
	if f == nil {
		return 0
	}
	return f.FD()
}

// kernelReason renders a refusal: the kernel's extended-ack text when it
// sent one ("The interface netns is immutable"), else the errno.
func kernelReason(err error) string {
	var oe *netlink.OpError
	if errors.As(err, &oe) {
		if oe.Message != "" {
			return strings.TrimSuffix(oe.Message, ".")
		}
		return nslib.Strerror(oe.Err)
	}
	return nslib.Strerror(err)
}

// validDevArg is iproute2's check of a `dev` argument (check_altifname: a
// name or altname): not empty, no '/' and no white space.
func validDevArg(s string) bool {
	return s != "" && !strings.ContainsAny(s, "/ \t\n\v\f\r")
}

// validIfname is the kernel's dev_valid_name: 1 to 15 bytes, not "." or
// "..", no '/', ':' or white space.
func validIfname(s string) bool {
	if s == "" || len(s) >= 16 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', ':', ' ', '\t', '\n', '\v', '\f', '\r':
			return false
		}
	}
	return true
}

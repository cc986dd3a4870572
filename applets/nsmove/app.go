package nsmove

import (
	"fmt"
	"strings"

	"nsbox/applets/applet"
)

const (
	usageText = "nsmove [OPTIONS] DEVICE... TARGET\n" +
		"nsmove -l|--list [-j] [-n NS]"
	description = "DEVICE is an interface name, or phyN / phy#N for a wireless radio; a wireless\n" +
		"interface moves its whole phy, with every interface on it. TARGET and NS are a\n" +
		"name in the run dir, a path (it contains '/') or a PID; a name wins over a PID\n" +
		"with the same digits, so 1 is the initial namespace unless a namespace is named 1.\n" +
		"All devices are checked before the first one moves."
)

// options is the one definition of the command line: parsing (GNU getopt,
// options anywhere before "--"), --help and the generated docs.
func (c *cmd) options() []applet.Opt {
	on := func(b *bool) func(string, bool) error {
		return func(string, bool) error { *b = true; return nil }
	}
	return []applet.Opt{
		{Long: "netns", Short: 'n', Arg: applet.RequiredArg, HelpArg: " NS", Help: "the source namespace NS, like ip -n (default: our own)",
			Set: func(a string, _ bool) error { c.source, c.sourceSet = a, true; return nil }},
		{Long: "name", Arg: applet.RequiredArg, HelpArg: " NEW", Help: "rename the one DEVICE to NEW in the request that moves it",
			Set: func(a string, _ bool) error { c.newName, c.nameSet = a, true; return nil }},
		{Long: "no-phy", Help: "refuse to move a wireless interface's whole phy", Set: on(&c.noPhy)},
		{Long: "unblock", Help: "clear a moved radio's rfkill soft block", Set: on(&c.unblock)},
		{Long: "list", Short: 'l', Help: "list the devices and phys of the source namespace, and whether they can move", Set: on(&c.list)},
		{Long: "json", Short: 'j', Help: "--list: JSON output", Set: on(&c.json)},
		{Long: "help", Short: 'h', Help: "show this help", Set: on(&c.help)},
	}
}

// parse applies the options of args and returns the operands; a getopt
// error is a usage error (status 255, as ip's).
func (c *cmd) parse(args []string) ([]string, error) {
	parsed, operands, err := applet.Getopt(append([]string{"nsmove"}, args...), c.options(), applet.Permute)
	for _, p := range parsed {
		p.Opt.Set(p.Arg, p.HasArg) // nsmove's options never fail
	}
	if err != nil {
		return nil, c.usageErr("%s", strings.TrimPrefix(err.Error(), "nsmove: "))
	}
	return operands, nil
}

// usage prints the help, made from the same definition.
func (c *cmd) usage() {
	fmt.Fprintf(c.out, "Usage:\n %s\n\n%s\n\nOptions:\n%s", strings.ReplaceAll(usageText, "\n", "\n "), description,
		applet.HelpLayout{Width: 22, LongOnly: "    "}.Lines(c.options()))
}

// cli describes the command line, for the man page.
func (c *cmd) cli() applet.CLI {
	return applet.CLI{Name: "nsmove",
		Usage:     "move network devices and whole wireless radios to another network namespace",
		UsageText: usageText,
		Flags:     c.options(),
		Section:   8, // as ip-link(8) and iw(8)
	}
}

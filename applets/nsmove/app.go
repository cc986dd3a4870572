package nsmove

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
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

// option is one nsmove option: its getopt entry, its help line, and what it
// does when getopt meets it.
type option struct {
	applet.Option
	usage string
	set   func(arg string)
}

// options is the one definition of the command line: parsing (GNU getopt,
// options anywhere before "--"), --help and the generated docs.
func (c *cmd) options() []option {
	on := func(b *bool) func(string) { return func(string) { *b = true } }
	return []option{
		{applet.Option{Long: "netns", Short: 'n', Arg: applet.RequiredArg}, "the source namespace NS, like ip -n (default: our own)",
			func(a string) { c.source, c.sourceSet = a, true }},
		{applet.Option{Long: "name", Arg: applet.RequiredArg}, "rename the one DEVICE to NEW in the request that moves it",
			func(a string) { c.newName, c.nameSet = a, true }},
		{applet.Option{Long: "no-phy"}, "refuse to move a wireless interface's whole phy", on(&c.noPhy)},
		{applet.Option{Long: "unblock"}, "clear a moved radio's rfkill soft block", on(&c.unblock)},
		{applet.Option{Long: "list", Short: 'l'}, "list the devices and phys of the source namespace, and whether they can move", on(&c.list)},
		{applet.Option{Long: "json", Short: 'j'}, "--list: JSON output", on(&c.json)},
		{applet.Option{Long: "help", Short: 'h'}, "show this help", on(&c.help)},
	}
}

// parse applies the options of args and returns the operands; a getopt
// error is a usage error (status 255, as ip's).
func (c *cmd) parse(args []string) ([]string, error) {
	opts := c.options()
	table := make([]applet.Option, len(opts))
	for i, o := range opts {
		table[i] = o.Option
	}
	parsed, operands, err := applet.Getopt(append([]string{"nsmove"}, args...), table, applet.Permute)
	for _, p := range parsed {
		for _, o := range opts {
			if o.Long == p.Opt.Long {
				o.set(p.Arg)
			}
		}
	}
	if err != nil {
		return nil, c.usageErr("%s", strings.TrimPrefix(err.Error(), "nsmove: "))
	}
	return operands, nil
}

// usage prints the help, made from the same definition.
func (c *cmd) usage() {
	fmt.Fprintf(c.out, "Usage:\n %s\n\n%s\n\nOptions:\n", strings.ReplaceAll(usageText, "\n", "\n "), description)
	for _, o := range c.options() {
		names := "    --" + o.Long
		if o.Short != 0 {
			names = " -" + string(o.Short) + ", --" + o.Long
		}
		if o.Arg == applet.RequiredArg {
			names += " " + strings.ToUpper(map[string]string{"netns": "ns", "name": "new"}[o.Long])
		}
		fmt.Fprintf(c.out, "%-22s %s\n", names, o.usage)
	}
}

// newApp renders the definition as a urfave/cli App, for the man page.
func (c *cmd) newApp() *cli.App {
	app := &cli.App{Name: "nsmove",
		Usage:       "move network devices and whole wireless radios to another network namespace",
		UsageText:   usageText,
		Description: description,
		HideHelp:    true,
	}
	for _, o := range c.options() {
		var aliases []string
		if o.Short != 0 {
			aliases = []string{string(o.Short)}
		}
		if o.Arg == applet.RequiredArg {
			app.Flags = append(app.Flags, &cli.StringFlag{Name: o.Long, Aliases: aliases, Usage: o.usage})
		} else {
			app.Flags = append(app.Flags, &cli.BoolFlag{Name: o.Long, Aliases: aliases, Usage: o.usage})
		}
	}
	return app
}

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

// option is one nsmove option: its getopt entry and help line, and what it
// does when getopt meets it.
type option struct {
	applet.Flag
	set func(arg string)
}

// options is the one definition of the command line: parsing (GNU getopt,
// options anywhere before "--"), --help and the generated docs.
func (c *cmd) options() []option {
	on := func(b *bool) func(string) { return func(string) { *b = true } }
	opt := func(long string, short byte, argName, usage string, set func(string)) option {
		arg := applet.NoArg
		if argName != "" {
			arg = applet.RequiredArg
		}
		return option{applet.NewFlag(long, short, arg, argName, usage), set}
	}
	return []option{
		opt("netns", 'n', "NS", "the source namespace NS, like ip -n (default: our own)",
			func(a string) { c.source, c.sourceSet = a, true }),
		opt("name", 0, "NEW", "rename the one DEVICE to NEW in the request that moves it",
			func(a string) { c.newName, c.nameSet = a, true }),
		opt("no-phy", 0, "", "refuse to move a wireless interface's whole phy", on(&c.noPhy)),
		opt("unblock", 0, "", "clear a moved radio's rfkill soft block", on(&c.unblock)),
		opt("list", 'l', "", "list the devices and phys of the source namespace, and whether they can move", on(&c.list)),
		opt("json", 'j', "", "--list: JSON output", on(&c.json)),
		opt("help", 'h', "", "show this help", on(&c.help)),
	}
}

// parse applies the options of args and returns the operands; a getopt
// error is a usage error (status 255, as ip's).
func (c *cmd) parse(args []string) ([]string, error) {
	opts := c.options()
	parsed, operands, err := applet.Getopt(append([]string{"nsmove"}, args...), c.cli().GetoptTable(), applet.Permute)
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
		if o.ArgName != "" {
			names += " " + o.ArgName
		}
		fmt.Fprintf(c.out, "%-22s %s\n", names, o.Usage)
	}
}

// cli describes the command line, for the man page.
func (c *cmd) cli() applet.CLI {
	cl := applet.CLI{Name: "nsmove",
		Usage:       "move network devices and whole wireless radios to another network namespace",
		UsageText:   usageText,
		Description: description,
	}
	for _, o := range c.options() {
		cl.Flags = append(cl.Flags, o.Flag)
	}
	return cl
}

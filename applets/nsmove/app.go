package nsmove

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// newApp is the one definition of the nsmove command line: parsing, --help
// and the generated docs all come from it.
func (c *cmd) newApp() *cli.App {
	return &cli.App{
		Name:  "nsmove",
		Usage: "move network devices and whole wireless radios to another network namespace",
		UsageText: "nsmove [OPTIONS] DEVICE... TARGET\n" +
			"nsmove -l|--list [-j] [-n NS]",
		Description: "DEVICE is an interface name, or phyN / phy#N for a wireless radio; a wireless\n" +
			"interface moves its whole phy, with every interface on it. TARGET and NS are a\n" +
			"name in the run dir, a path (it contains '/') or a PID; a name wins over a PID\n" +
			"with the same digits, so 1 is the initial namespace unless a namespace is named 1.\n" +
			"All devices are checked before the first one moves.",
		HideHelpCommand:        true,
		UseShortOptionHandling: true,
		Writer:                 c.out,
		ErrWriter:              c.io.Err,
		ExitErrHandler:         func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return c.usageErr("%v", err)
		},
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "netns", Aliases: []string{"n"}, Usage: "the source namespace, like ip -n (default: our own)", Destination: &c.source},
			&cli.StringFlag{Name: "name", Usage: "rename the one DEVICE to `NEW` in the request that moves it", Destination: &c.newName},
			&cli.BoolFlag{Name: "no-phy", Usage: "refuse to move a wireless interface's whole phy", Destination: &c.noPhy},
			&cli.BoolFlag{Name: "unblock", Usage: "clear a moved radio's rfkill soft block", Destination: &c.unblock},
			&cli.BoolFlag{Name: "list", Aliases: []string{"l"}, Usage: "list the devices and phys of the source namespace, and whether they can move", Destination: &c.list},
			&cli.BoolFlag{Name: "json", Aliases: []string{"j"}, Usage: "--list: JSON output", Destination: &c.json},
		},
		Action: func(ctx *cli.Context) error {
			c.sourceSet, c.nameSet = ctx.IsSet("netns"), ctx.IsSet("name")
			return c.run(ctx.Args().Slice())
		},
	}
}

// options is the option table the argument pre-pass permutes by: nsmove
// takes options anywhere before "--", as GNU getopt does.
var options = map[string]bool{ // name → takes a value
	"-n": true, "--netns": true, "--name": true,
	"--no-phy": false, "--unblock": false, "-l": false, "--list": false,
	"-j": false, "--json": false, "-h": false, "--help": false,
}

// permute moves the options before the operands (with their values;
// "-nNAME" and "-jnNAME" become "-j -n NAME") so urfave/cli, which stops at
// the first operand, sees them all. Anything after "--" is an operand.
func permute(args []string) ([]string, error) {
	var opts, operands []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			operands = append(operands, args[i+1:]...)
			i = len(args)
		case len(a) > 1 && a[0] == '-' && a[1] != '-' && shortCluster(a):
			// A cluster of short options; the first one taking a value
			// takes the rest of the word, or the next word.
			for k := 1; k < len(a); k++ {
				o := "-" + a[k:k+1]
				opts = append(opts, o)
				if !options[o] {
					continue
				}
				switch {
				case k+1 < len(a):
					opts = append(opts, a[k+1:])
				case i+1 < len(args):
					i++
					opts = append(opts, args[i])
				default:
					return nil, fmt.Errorf("option %s needs a value", o)
				}
				break
			}
		case len(a) > 1 && a[0] == '-':
			if !strings.Contains(a, "=") && options[a] {
				if i+1 == len(args) {
					return nil, fmt.Errorf("option %s needs a value", a)
				}
				i++
				opts = append(opts, a, args[i])
				break
			}
			opts = append(opts, a)
		default:
			operands = append(operands, a)
		}
	}
	return append(append(opts, "--"), operands...), nil
}

// shortCluster tells a word made of known short options ("-jl", "-nNAME"):
// only those are split; anything else goes to urfave/cli as it is, to be
// refused there.
func shortCluster(a string) bool {
	for k := 1; k < len(a); k++ {
		takes, known := options["-"+a[k:k+1]]
		if !known || a[k] == '-' {
			return false
		}
		if takes {
			return true
		}
	}
	return true
}

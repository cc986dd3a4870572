package main

import (
	"nsbox/applets/applet"

	"github.com/urfave/cli/v2"
)

// app renders an applet's command-line description as a urfave/cli App,
// whose man page writer the generator uses.
func app(c applet.CLI) *cli.App {
	a := &cli.App{Name: c.Name, Usage: c.Usage, UsageText: c.UsageText, Description: c.Description,
		HideHelp: true, HideHelpCommand: true, HideVersion: true}
	for _, f := range c.Flags {
		var aliases []string
		if f.Short != 0 {
			aliases = []string{string(f.Short)}
		}
		// Only a required value shows; an optional one is attached (-nFILE).
		if f.Arg != applet.RequiredArg {
			a.Flags = append(a.Flags, &cli.BoolFlag{Name: f.Long, Aliases: aliases, Usage: f.DocText()})
		} else {
			a.Flags = append(a.Flags, &cli.StringFlag{Name: f.Long, Aliases: aliases, Usage: f.DocText()})
		}
	}
	for _, sc := range c.Commands {
		a.Commands = append(a.Commands, &cli.Command{Name: sc.Name, Usage: sc.Usage, ArgsUsage: sc.ArgsUsage, HideHelp: true})
	}
	return a
}

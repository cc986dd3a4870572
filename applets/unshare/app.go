package unshare

import (
	"nsbox/applets/applet"
	"nsbox/nslib/enter"
)

// command is the one definition of the unshare command line (dispatch,
// help and the generated docs).
func (c *cmd) command() *applet.GetoptCommand {
	return &applet.GetoptCommand{Name: "unshare", Usage: "run a program with some namespaces unshared from the parent",
		UsageText: "unshare [options] [<program> [<argument>...]]", Opts: c.options(), Layout: applet.HelpLayout{Width: 26, LongOnly: " "},
		Action: c.run, IO: c.io, Section: 1}
}

// help is util-linux's usage(), with a note when this build cannot do
// everything.
func (c *cmd) help() error {
	return c.command().Help(c.name, applet.StageNote(enter.UnshareStageAvailable, "-U, -T and the user maps"))
}

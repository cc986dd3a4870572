package unshare

import (
	"path/filepath"

	"nsbox/applets/applet"
	"nsbox/nslib"
)

// command is the one definition of the unshare command line (dispatch,
// help and the generated docs).
func (c *cmd) command() *applet.GetoptCommand {
	return &applet.GetoptCommand{Name: "unshare", Usage: "run a program with some namespaces unshared from the parent",
		UsageText: "unshare [options] [<program> [<argument>...]]", Opts: c.options(), Action: c.run, IO: c.io}
}

// help is util-linux's usage(): its layout, the options' lines, and a note
// when this build cannot do everything.
func (c *cmd) help() error {
	extra := ""
	if !nslib.UnshareStageAvailable {
		extra = "\nThis build has no pre-runtime stage: -U, -T and the user maps need the cgo build (CGO_ENABLED=1).\n"
	}
	c.io.Printf("\nUsage:\n %s [options] [<program> [<argument>...]]\n\nRun a program with some namespaces unshared from the parent.\n\nOptions:\n%s%s\nFor more details see unshare(1).\n",
		filepath.Base(c.name), applet.HelpLayout{Width: 26, LongOnly: " "}.Lines(c.options()), extra)
	return applet.ExitCode(0)
}

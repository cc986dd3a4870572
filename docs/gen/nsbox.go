package main

import (
	"github.com/cpuguy83/go-md2man/v2/md2man"

	"nsbox/applets"
	"nsbox/applets/applet"
)

// nsboxCLI describes the multicall binary's own command line (main.go):
// its man page and the completion of `nsbox …` come from it.
func nsboxCLI() applet.CLI {
	cl := applet.CLI{
		Name:  "nsbox",
		Usage: "multi-call namespace toolbox: netns, lsns, nsenter, unshare and nsmove in one binary",
		UsageText: "nsbox APPLET [ARGS...]\n" +
			"APPLET [ARGS...]            (through a link named APPLET)\n" +
			"nsbox --list | --install [-s] DIR | --version | --help [APPLET]",
		Description: "nsbox is one static binary that runs as the applet it is called by, busybox style. " +
			"The applet is the base name of argv[0], a leading '-' (a login shell's) removed; " +
			"ipnetns is another name for netns. When that names no applet, the first argument does " +
			"(its base name too, so `nsbox /sbin/netns list` runs netns) and the applet runs with the " +
			"arguments after it.\n\n" +
			"Without arguments, nsbox prints its usage and the applets. An argument that names no applet " +
			"and none of the options below prints `nsbox: applet not found: NAME` and ends with status 127.\n\n" +
			"Before anything else nsbox refuses to run set-uid or set-gid: when the real and effective " +
			"user or group ids differ it prints one line and ends with status 1. A build with " +
			"`-tags nsbox_setuid` runs anyway, with its environment cleared and PATH set to " +
			"/usr/sbin:/usr/bin:/sbin:/bin, so no variable of the caller steers it.",
		Flags: []applet.Opt{
			{Long: "list", Doc: "print the applet names, one a line"},
			{Long: "install", Arg: applet.RequiredArg, HelpArg: " [-s] DIR",
				Doc: "make a link named after each applet in DIR to this binary: hard links, symbolic ones with -s; DIR is created if missing; names that exist are left alone"},
			{Long: "version", Short: 'V', Doc: "print nsbox's version, commit, target and flavour"},
			{Long: "help", Short: 'h', Doc: "print the usage and the applets; with an applet name, its --help"},
		},
	}
	for _, a := range applets.All() {
		cl.Commands = append(cl.Commands, applet.Command{Name: a.Name, Usage: a.Usage})
	}
	return cl
}

// nsboxSections follow the urfave/cli part of nsbox's page.
const nsboxSections = `
# EXIT STATUS

The applet's status when one runs. Otherwise 0 for the usage, **--list**, **--version** and
**--install**; 1 when **--install** could not make a link (or its usage is wrong) and for a
set-uid or set-gid run; 127 for an unknown applet.

# ENVIRONMENT

**NETNS_RUN_DIR**
: where named network namespaces are kept (default /run/netns): netns, nsmove, and the
**--netns** options of nsenter and unshare.

**NETNS_ETC_DIR**
: the per-namespace configuration that **netns exec** binds over /etc (default /etc/netns).

# SEE ALSO

**netns**(8), **lsns**(8), **nsenter**(8), **unshare**(8), **nsmove**(8)
`

// nsboxPage is nsbox(1): urfave/cli's page for nsboxCLI, with the
// sections above, through the same markdown renderer.
func nsboxPage() (string, error) {
	md, err := app(nsboxCLI()).ToMarkdown()
	if err != nil {
		return "", err
	}
	return string(md2man.Render([]byte("% nsbox 1\n\n" + md + nsboxSections))), nil
}

package main

import (
	"fmt"

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
			"APPLET [ARGS...]\n" +
			"nsbox --list | --install [-s] DIR | --version | --help [APPLET]",
		Flags: []applet.Opt{
			{Long: "list", Doc: "print the applet names, one a line"},
			{Long: "install", Arg: applet.RequiredArg, HelpArg: " [-s] DIR",
				Doc: "make a link named after each applet in DIR to this binary: hard links, symbolic ones with -s; DIR is created if missing; names that exist are left alone"},
			{Long: "version", Short: 'V', Doc: "print nsbox's version, commit, target and flavour"},
			{Long: "help", Short: 'h', Doc: "print the usage and the applets; with an applet name, its --help"},
		},
		Section: 1,
	}
	for _, a := range applets.All() {
		cl.Commands = append(cl.Commands, applet.Command{Name: a.Name, Usage: a.Usage})
	}
	return cl
}

// nsboxMan is nsbox(1)'s prose.
func nsboxMan() applet.Man {
	m := applet.Man{
		Description: "nsbox is one static binary that runs as the applet it is called by, busybox style. " +
			"The applet is the base name of argv[0], a leading '-' (a login shell's) removed; " +
			"**ipnetns** is another name for **netns**. When that names no applet, the first argument does " +
			"(its base name too, so **nsbox /sbin/netns list** runs netns) and the applet runs with the " +
			"arguments after it. The second synopsis line is a run through a link named after the applet " +
			"(**nsbox --install** makes them).\n\n" +
			"Without arguments, nsbox prints its usage and the applets. An argument that names no applet " +
			"and none of the options below prints **nsbox: applet not found:** <NAME> and ends with status 127.\n\n" +
			"Before anything else nsbox refuses to run set-uid or set-gid: when the real and effective " +
			"user or group ids differ it prints one line and ends with status 1. A build with " +
			"**-tags nsbox_setuid** runs anyway, with its environment cleared and PATH set to " +
			"/usr/sbin:/usr/bin:/sbin:/bin, so no variable of the caller steers it.",
		CommandsHeading: "APPLETS",
		Environment: []applet.Entry{
			{Term: "NETNS_RUN_DIR", Text: "where named network namespaces are kept (default /run/netns): netns, nsmove, " +
				"and the **--netns** options of nsenter and unshare."},
			{Term: "NETNS_ETC_DIR", Text: "the per-namespace configuration that **netns exec** binds over /etc (default /etc/netns)."},
		},
		ExitStatus: []applet.Entry{
			{Term: "0", Text: "the usage, **--list**, **--version** and **--install** (when every link was made)."},
			{Term: "1", Text: "**--install** could not make a link, or its usage is wrong; a set-uid or set-gid run."},
			{Term: "127", Text: "an unknown applet."},
			{Term: "other", Text: "when an applet runs, its own status."},
		},
		Examples: []applet.Entry{
			{Term: "nsbox --install /usr/local/sbin", Text: "Make the applets' links next to the binary's other commands."},
			{Term: "nsbox netns add vpn", Text: "Run an applet without a link."},
		},
	}
	for _, a := range applets.All() {
		m.SeeAlso = append(m.SeeAlso, fmt.Sprintf("%s(%d)", a.Name, a.CLI().Section))
	}
	return m
}

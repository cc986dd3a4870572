package unshare

import "nsbox/applets/applet"

// Man is unshare's man page beyond its options (docs/unshare.md has the
// details), for docs/gen.
func Man() applet.Man {
	return applet.Man{
		Description: "**unshare** creates the namespaces its options name and runs <program> in them. " +
			"Without <program>, **$SHELL** runs, else the user's shell from /etc/passwd, else /bin/sh, as a login shell. " +
			"The namespace types are mount, UTS, IPC, network, pid, user, cgroup and time.\n\n" +
			"A namespace lives as long as a process is in it or something holds it. **--mount=**<file> and the like " +
			"keep one by bind-mounting it on <file> (which must exist); **--netns** <name> keeps a network namespace " +
			"as a named one of the run dir, which **netns**, **ip netns** and **nsenter --netns** see.\n\n" +
			"Without **--fork**, <program> replaces unshare and keeps its PID; a new pid namespace then gets its first " +
			"process only from <program>'s first child. With **--fork**, <program> runs in a child (the first process of " +
			"a new pid namespace) and unshare ends with its status or dies of its signal.\n\n" +
			"A user namespace gets its maps from **-r**, **-c**, **--map-user**, **--map-users** and the like: " +
			"written directly as root, else through newuidmap(1) and newgidmap(1). **--setgroups**, the propagation of / " +
			"in a new mount namespace (**--propagation**, private by default), **--mount-proc**, the root and working " +
			"directories, the credentials and the environment are set up in that order before <program> runs.\n\n" +
			"Option parsing is glibc getopt's: options end at the first non-option and long options may be abbreviated; " +
			"the namespace options take <file> only in the long form (**-n** never has an argument).",
		Environment: []applet.Entry{
			{Term: "SHELL", Text: "the program run when none is given (then the user's shell from /etc/passwd, then /bin/sh)."},
			{Term: "PATH", Text: "where <program>, newuidmap and newgidmap are looked for, as execvp(3) does (/bin:/usr/bin when unset)."},
			{Term: "NETNS_RUN_DIR", Text: "where **--netns** keeps the namespace (default /run/netns)."},
		},
		Files: []applet.Entry{
			{Term: "/proc/PID/uid_map, /proc/PID/gid_map, /proc/PID/setgroups", Text: "the new user namespace's maps and setgroups mode."},
			{Term: "/etc/subuid, /etc/subgid", Text: "the id blocks of **--map-auto**, **--map-subids** and the **auto** and **subids** maps."},
			{Term: "/etc/passwd, /etc/group", Text: "user and group names of **--map-user**, **--map-group**, **--owner** (read directly, without NSS), and the login shell."},
			{Term: "/proc/sys/fs/binfmt_misc", Text: "where **--mount-binfmt** mounts binfmt_misc by default."},
			{Term: "/run/netns/NAME", Text: "a network namespace kept by **--netns**."},
		},
		ExitStatus: []applet.Entry{
			{Term: "status of program", Text: "when <program> ran: its exit status; with **--fork**, when it was killed by a signal, unshare dies of the same signal."},
			{Term: "1", Text: "a usage error (bad option or argument, **Try 'unshare --help'**) or a failure before <program> runs: " +
				"**unshare failed**, a map, a bind mount, **--mount-proc**, the root or working directory, the credentials."},
			{Term: "126", Text: "<program> (or newuidmap, newgidmap) was found but could not be run."},
			{Term: "127", Text: "<program> (or newuidmap, newgidmap) was not found."},
		},
		Examples: []applet.Entry{
			{Term: "unshare -n ip link", Text: "A new network namespace: only lo, down."},
			{Term: "unshare -p -f --mount-proc ps -e", Text: "A new pid namespace with its own /proc: ps shows PID 1 and itself."},
			{Term: "unshare -r -m sh", Text: "As a normal user: a user namespace where the user is root, with a mount namespace of its own."},
			{Term: "touch /root/uts-ns && unshare --uts=/root/uts-ns hostname test\nnsenter --uts=/root/uts-ns hostname",
				Text: "Keep a UTS namespace on a file, and enter it later."},
			{Term: "unshare --netns=vpn -f openvpn --config vpn.conf", Text: "Run a daemon in a new network namespace kept as the " +
				"named namespace vpn, for **netns exec vpn** and **nsenter --netns=vpn**."},
			{Term: "unshare -T --boottime 86400 -f uptime", Text: "A time namespace whose boot-time clock is a day ahead."},
		},
		Notes: []string{
			"nsbox's unshare follows util-linux's unshare option for option, with the behaviour, messages and exit " +
				"statuses of the newest release (2.42): **--map-users**, **--map-auto**, **--owner**, **--mount-binfmt**, " +
				"**--forward-signals**, **--clear-env**. Where it differs:",
			"**--netns** <name> (nsbox) keeps the new network namespace as a named one, with **netns add**'s recipe.",
			"**--pid=**<file> without **--fork**, and **--mount=**<file> on a shared mount, are refused before anything is " +
				"created, where util-linux fails half-way.",
			"**--mount=**<file> works every time on Linux 6.18, where util-linux's sometimes fails with Invalid argument " +
				"(the kernel's mount namespace loop check).",
			"Single maps, **--setgroups** and the propagation of / are set by the parent before the fork (util-linux: by the child); " +
				"the result is the same. **-V** prints **unshare from nsbox** <VERSION>.",
			"User and time namespaces are made by a small C stage before the Go runtime starts (nsbox re-executes itself); " +
				"a build without cgo (CGO_ENABLED=0) refuses them, and what implies them, in one line.",
		},
		SeeAlso: []string{"nsbox(1)", "nsenter(1)", "lsns(8)", "netns(8)", "newuidmap(1)", "newgidmap(1)", "clone(2)", "unshare(2)", "namespaces(7)"},
	}
}

package nsenter

import "nsbox/applets/applet"

// Man is nsenter's man page beyond its options (docs/nsenter.md has the
// details), for docs/gen.
func Man() applet.Man {
	return applet.Man{
		Description: "**nsenter** runs <program> in namespaces of other processes: those of the **--target** process, " +
			"or those named by a file (**--net=**<file>, a /proc/<pid>/ns/* link or a bind mount of one), " +
			"by an id (**--net=:**<nsid>) or, for network namespaces, by name (**--netns** <name>). " +
			"Without <program>, **$SHELL** runs, else the user's shell from /etc/passwd, else /bin/sh, as a login shell.\n\n" +
			"The options select the namespace types to enter: mount, UTS, IPC, network, pid, cgroup, user and time. " +
			"Files given on the command line are opened while it is parsed, in the original namespaces; " +
			"the target's namespaces are entered through a pidfd, so a recycled PID is never used. " +
			"The user namespace is entered last when entering it first fails, so root can enter an unprivileged " +
			"container and a user their own user namespace. After the namespaces come the root and working " +
			"directories (**-r**, **-w**, **-W**), the environment (**-e**), the cgroup (**-c**) and the credentials " +
			"(**-S**, **-G**).\n\n" +
			"When a pid namespace is entered, <program> runs in a child (unless **--no-fork**): nsenter waits for it, " +
			"ends with its status or dies of its signal, and stops and continues with it. Otherwise <program> replaces " +
			"nsenter and keeps its PID.\n\n" +
			"Option parsing is glibc getopt's: options end at the first non-option, long options may be abbreviated, " +
			"and an optional argument must be attached (**-n**<file>, **-n=**<file>, **--net=**<file>).",
		Environment: []applet.Entry{
			{Term: "SHELL", Text: "the program run when none is given (then the user's shell from /etc/passwd, then /bin/sh)."},
			{Term: "PATH", Text: "where <program> is looked for, as execvp(3) does (/bin:/usr/bin when unset)."},
			{Term: "NETNS_RUN_DIR", Text: "where **--netns** looks for named network namespaces (default /run/netns)."},
		},
		Files: []applet.Entry{
			{Term: "/proc/PID/ns/*", Text: "the namespaces of process <PID>, entered by **--target**."},
			{Term: "/proc/PID/root, /proc/PID/cwd", Text: "the target's root and working directories (**-r**, **-w**)."},
			{Term: "/proc/PID/environ", Text: "the target's environment (**-e**)."},
			{Term: "/proc/PID/cgroup", Text: "the target's cgroup (**-c**, cgroup v2)."},
			{Term: "/run/netns/NAME", Text: "a named network namespace (**--netns**), as **netns add** and **ip netns add** make them."},
		},
		ExitStatus: []applet.Entry{
			{Term: "status of program", Text: "when <program> ran: its exit status; when it was killed by a signal and nsenter forked, nsenter dies of the same signal."},
			{Term: "1", Text: "a usage error (bad option or argument, no namespace given) or a failure before <program> runs: " +
				"opening a namespace, joining it (**reassociate to namespace 'ns/net' failed**), changing directory or credentials."},
			{Term: "126", Text: "<program> was found but could not be run."},
			{Term: "127", Text: "<program> was not found."},
		},
		Examples: []applet.Entry{
			{Term: "nsenter -t 1234 -n ip addr", Text: "Show the addresses in the network namespace of process 1234."},
			{Term: "nsenter -t 1234 -a", Text: "A login shell in every namespace of process 1234 (a container's main process)."},
			{Term: "nsenter -t 1234 -m -u -i -n -p -r -w ps -e", Text: "Enter a container's namespaces, root and working directory; " +
				"ps sees the container's processes (nsenter forks for the pid namespace)."},
			{Term: "nsenter --netns=vpn ping -c 1 10.0.0.1", Text: "Run a command in the named network namespace vpn (**netns add vpn**)."},
			{Term: "nsenter --net=/run/netns/vpn --uts=/proc/1234/ns/uts hostname", Text: "Enter namespaces by file, as util-linux does."},
			{Term: "nsenter -t 1234 -U --preserve-credentials -m sh", Text: "Enter an unprivileged container's user and mount namespaces " +
				"without becoming uid 0 there."},
		},
		Notes: []string{
			"nsbox's nsenter follows util-linux's nsenter option for option, with the behaviour, messages and exit " +
				"statuses of the newest release (2.42): **-t** <PID>:<INODE>, **-n:**<nsid>, **-N**, **-c**, **--keep-caps**, " +
				"**-S follow**. Where it differs:",
			"**--netns** <name> (nsbox) enters a named network namespace of the run dir.",
			"**-Z** (SELinux) is refused with one line, status 1.",
			"**-V** prints **nsenter from nsbox** <VERSION>.",
			"Credentials (**-S**, **-G**, uid 0 in a user namespace) and **--keep-caps** are applied before the fork, " +
				"so the waiting parent runs with them too; the program sees the same.",
			"**-a** skips a time namespace that is already the caller's, and with no /proc mounted says so " +
				"(status 1) instead of entering nothing.",
			"User and time namespaces are joined by a small C stage before the Go runtime starts (nsbox re-executes itself); " +
				"a build without cgo (CGO_ENABLED=0) refuses them in one line, and **--help** says so.",
		},
		SeeAlso: []string{"nsbox(1)", "unshare(1)", "lsns(8)", "netns(8)", "clone(2)", "setns(2)", "namespaces(7)"},
	}
}

package lsns

import "nsbox/applets/applet"

// manSection is lsns's man page's, util-linux's: --help ends with "see
// lsns(8)".
const manSection = 8

// Man is lsns's man page beyond its options (docs/lsns.md has the
// details), for docs/gen.
func Man() applet.Man {
	return applet.Man{
		Description: "**lsns** lists information about the namespaces of the system: one row per namespace, " +
			"or, given a <namespace> (its inode number), the processes in it. The default output is a tree of " +
			"namespaces by process; **-T** arranges them by owner or parent instead, **-l** lists them flat.\n\n" +
			"Namespaces are found in every process's /proc/<PID>/ns, in open file descriptors (a namespace file, " +
			"or a socket's network namespace) and in bind mounts, including those of other mount namespaces. " +
			"A process that cannot be read is skipped; a user other than root sees what it may read.\n\n" +
			"The columns are chosen with **-o** (**lsns --help** and **-H** list them); **-Q** filters rows with " +
			"libsmartcols's expression language (scols-filter(5)): comparisons (**==**, **!=**, **<**, **>**, ...), " +
			"**=~** regular expressions, **&&**, **||**, **!**, parentheses.",
		Environment: []applet.Entry{
			{Term: "LIBSMARTCOLS_JSON", Text: "shapes **-J** output as the newest libsmartcols does: **compact** drops the blanks " +
				"and puts each top-level row (its children inline) on a line of its own; **lines** prints those rows as JSON Lines, " +
				"without the enclosing object; any other value is ignored."},
			{Term: "COLUMNS", Text: "the terminal's width when the terminal does not say (TIOCGWINSZ)."},
			{Term: "LC_ALL, LC_CTYPE, LANG", Text: "a UTF-8 locale draws the trees with line-drawing characters and keeps printable multibyte characters."},
		},
		Files: []applet.Entry{
			{Term: "/proc/PID/ns/*", Text: "the namespaces of each process (and /proc/<PID>/task/<TID>/ns/* with **--threads**)."},
			{Term: "/proc/PID/fd/*", Text: "namespace files and sockets held open."},
			{Term: "/proc/self/mountinfo, /proc/PID/mountinfo", Text: "bind-mounted namespaces (the NSFS column)."},
		},
		ExitStatus: []applet.Entry{
			{Term: "0", Text: "success."},
			{Term: "1", Text: "a usage error or a failure: bad option, column, filter or type, mutually exclusive options, " +
				"no /proc, a failed write."},
			{Term: "2", Text: "the kernel has no NS_GET_* ioctls (before Linux 4.9)."},
			{Term: "32", Text: "/proc/self/mountinfo cannot be read (libmount's failure status)."},
		},
		Examples: []applet.Entry{
			{Term: "lsns -t net", Text: "Every network namespace, with the processes in it, its nsid and where it is mounted (NSFS)."},
			{Term: "lsns 4026531840", Text: "The processes in namespace 4026531840."},
			{Term: "lsns -T", Text: "The namespaces under their owning user namespaces."},
			{Term: "lsns -P -t net -o NS,NSFS", Text: "Network namespaces kept without processes (named ones, for instance)."},
			{Term: "lsns -J -Q 'TYPE == \"user\" && NPROCS > 1'", Text: "User namespaces with more than one process, as JSON."},
		},
		Notes: []string{
			"nsbox's lsns is util-linux 2.38.1's, byte for byte in the same state, with the discovery and the options of " +
				"the newest release (2.42): **-P**, **-Q**, **-H**, **LIBSMARTCOLS_JSON**, namespaces without processes. Where it differs:",
			"**--threads** (nsbox) also scans threads, which util-linux misses; bind mounts in other mount namespaces are found.",
			"Without /proc it says so (status 1); util-linux lists nothing.",
			"JSON is always valid: a byte that is not UTF-8 is written as \\ufffd.",
			"**-V** prints **lsns from nsbox** <VERSION> **(util-linux 2.38.1 compatible)**.",
		},
		SeeAlso: []string{"nsbox(1)", "nsenter(1)", "unshare(1)", "netns(8)", "clone(2)", "namespaces(7)", "scols-filter(5)"},
	}
}

package netns

import "nsbox/applets/applet"

// Man is netns's man page beyond its options and subcommands
// (docs/netns.md has the details), for docs/gen.
func Man() applet.Man {
	return applet.Man{
		Synopsis: synopsis(),
		Description: "**netns** is iproute2's **ip netns**: it manages named network namespaces, which are files in the run dir " +
			"(/run/netns) with a network namespace bind-mounted on each, so a namespace lives on without a process in it. " +
			"**netns** <OPTIONS> <SUBCOMMAND> is **ip** <OPTIONS> **netns** <SUBCOMMAND>: the same subcommands, output, " +
			"exit statuses and effects as iproute2 6.1, with the options after the applet's name (**netns -j list** is " +
			"**ip -j netns list**). Called as **ipnetns** it is the same.\n\n" +
			"Subcommands and options are matched by prefix in iproute2's order (**l** and **s** are list, **se** is set, " +
			"**a** is add, **d** delete, **e** exec); options take one dash or two. Options that iproute2 accepts but that mean " +
			"nothing to netns (**-s -d -h -o -r -t -N -c -br -4 -6 -0 -i**) are accepted and ignored. Without a subcommand, " +
			"netns lists the names. **netns --help** prints the usage on stdout with status 0; **netns help** and **-help** " +
			"print it on stderr with status 255, as **ip** does.\n\n" +
			"A namespace for which /etc/netns/<NAME> exists gets its files bound over those of /etc in **exec**, so it can " +
			"have its own resolv.conf, hosts and the like.",
		Environment: []applet.Entry{
			{Term: "NETNS_RUN_DIR", Text: "the run dir, where named namespaces are kept (default /run/netns)."},
			{Term: "NETNS_ETC_DIR", Text: "the per-namespace configuration that **exec** binds over /etc (default /etc/netns)."},
			{Term: "PATH", Text: "where **exec** looks for <cmd>, as execvp(3) does (/bin:/usr/bin when unset)."},
		},
		Files: []applet.Entry{
			{Term: "/run/netns/NAME", Text: "the named namespace <NAME>: a file with the namespace bind-mounted on it; the run dir is a shared mount point of its own."},
			{Term: "/etc/netns/NAME/*", Text: "files **exec** binds over /etc/* in <NAME> (resolv.conf, hosts...)."},
			{Term: "/proc/PID/ns/net", Text: "a process's network namespace (**attach**, **identify**, **pids**)."},
			{Term: "/sys", Text: "mounted afresh by **exec** for the namespace, the cgroup tree carried over."},
		},
		ExitStatus: []applet.Entry{
			{Term: "0", Text: "success."},
			{Term: "1", Text: "a runtime failure (a name that cannot be made, opened or removed, a failed write); in a batch, any failed line."},
			{Term: "2", Text: "the kernel refused **set** or **list-id nsid** (RTNETLINK answers: ...)."},
			{Term: "255", Text: "a usage error: bad or missing name, unknown subcommand or option, invalid argument; " +
				"**help**; a failure to set up **exec**'s namespace."},
			{Term: "status of cmd", Text: "**exec** ends with <cmd>'s status (**-all exec**: 0)."},
		},
		Examples: []applet.Entry{
			{Term: "netns add blue\nnetns set blue up", Text: "Make a namespace blue and bring its loopback up."},
			{Term: "ip link add veth0 type veth peer name veth1 netns blue\nnetns exec blue ip addr add 10.0.0.2/24 dev veth1",
				Text: "Connect it to this namespace with a veth pair, and configure its end inside."},
			{Term: "mkdir -p /etc/netns/blue\necho nameserver 10.0.0.1 >/etc/netns/blue/resolv.conf",
				Text: "Give blue a resolv.conf of its own, seen by the programs **netns exec blue** runs."},
			{Term: "netns list all", Text: "The names, each with the PIDs inside it."},
			{Term: "netns identify $$", Text: "The name of the shell's network namespace, if it has one."},
			{Term: "netns -all exec ip -br link", Text: "Run a command in every named namespace."},
			{Term: "netns delete --evacuate --kill blue", Text: "Delete blue after moving its physical devices and radios home and ending its processes."},
			{Term: "printf 'netns add red\\nnetns add green\\n' | netns -b -", Text: "Run \"netns ...\" lines from a batch file (here stdin): many adds are faster in one batch."},
		},
		Notes: []string{
			"nsbox's netns is iproute2 6.1's **ip netns** byte for byte. Beyond it: **rename**, **set** <NAME> **up|down**, " +
				"**list all**, JSON for **identify** and **pids**, **delete --kill** and **--evacuate**, **monitor nsid** and **all**. " +
				"Where it differs:",
			"JSON is always valid: control bytes as \\u0001, bytes that are not UTF-8 as \\ufffd (iproute2 writes them raw).",
			"Stale placeholders (a name with nothing mounted, a crash's leftover) are listed without a kernel error, taken over by **add**, " +
				"and refused as \"not a namespace\" by **exec**, **set** and **-n**; run-dir entries that are not namespaces " +
				"(a FIFO, a device) are never opened, where iproute2 hangs or opens the device.",
			"**add**, **attach**, **rename** and **delete** hold the run dir's lock for the whole operation, so concurrent " +
				"runs never see each other half-way; **delete** of a symbolic link removes only the link.",
			"**exec** keeps the cgroup tree in its new /sys, and **-all exec** with a failed setup runs each name once.",
			"**-n** <NAME> opens netns's netlink sockets in <NAME> instead of moving the whole process there, " +
				"so **netns -n X add Y** makes <Y> visibly.",
			"**monitor** flushes every line and reports an add only once the name is mounted.",
			"A failed write to stdout is reported (**netns: write error: ...**, status 1), where iproute2 is silent.",
		},
		SeeAlso: []string{"nsbox(1)", "ip-netns(8)", "nsenter(1)", "unshare(1)", "lsns(8)", "nsmove(8)", "network_namespaces(7)"},
	}
}

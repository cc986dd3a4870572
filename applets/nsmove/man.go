package nsmove

import "nsbox/applets/applet"

// Man is nsmove's man page beyond its options (docs/nsmove.md has the
// details), for docs/gen.
func Man() applet.Man {
	return applet.Man{
		Description: description + "\n\n" +
			"**nsmove va blue** is **ip link set dev va netns blue**; **nsmove wlan0 blue** is **iw phy phy0 set netns name blue** " +
			"for the phy of wlan0, found in one step. Devices and phys are looked up in the source namespace over netlink " +
			"(rtnetlink, nl80211), never through the caller's /sys. Before anything moves, every device is checked: the loopback " +
			"and devices the kernel keeps in their namespace (bridges and the like), phys whose driver cannot change " +
			"namespace, names taken in the target. The moves then go in command-line order, each interface with its " +
			"**--name** in the same request; a radio still soft-blocked by rfkill after its move is reported.\n\n" +
			"**--list** shows every interface and phy of the source namespace: its kind (loopback, physical, virtual, " +
			"wireless, phy), whether it can move, and why not.",
		Environment: []applet.Entry{
			{Term: "NETNS_RUN_DIR", Text: "where <TARGET> and <NS> names are looked for (default /run/netns)."},
		},
		Files: []applet.Entry{
			{Term: "/run/netns/NAME", Text: "a named network namespace (**netns add**, **ip netns add**)."},
			{Term: "/proc/PID/ns/net", Text: "the network namespace of a <TARGET> or <NS> given as a PID (opened through a pidfd)."},
			{Term: "/dev/rfkill", Text: "the radios' rfkill state, read after a move and changed by **--unblock**."},
		},
		ExitStatus: []applet.Entry{
			{Term: "0", Text: "every device moved (or the list was printed)."},
			{Term: "1", Text: "an unknown device or phy (**Cannot find device**); a failed write to stdout."},
			{Term: "2", Text: "the kernel or a check refused a move: the loopback or a netns-immutable device, a phy without " +
				"namespace support, **--no-phy** and a wireless interface, a name taken in the target, permission denied; " +
				"a <TARGET> that is not a network namespace."},
			{Term: "255", Text: "a usage error (missing operands, bad **--name**, unknown option, a bad device name), or a <TARGET> " +
				"or <NS> that cannot be opened; an <NS> that is not a network namespace."},
		},
		Examples: []applet.Entry{
			{Term: "nsmove eth1 blue", Text: "Move eth1 into the named namespace blue."},
			{Term: "nsmove --name eth0 veth1 blue", Text: "Move veth1 and rename it eth0 there, in one request."},
			{Term: "nsmove wlan0 blue", Text: "Move the radio of wlan0 (its whole phy, with every interface on it) into blue."},
			{Term: "nsmove --unblock phy1 1234", Text: "Move radio phy1 into the network namespace of process 1234 and clear its rfkill soft block."},
			{Term: "nsmove -n blue phy0 1", Text: "Bring a radio home from blue: 1 is PID 1's namespace, unless a namespace is named 1."},
			{Term: "nsmove -l -n blue", Text: "What blue holds, and what of it can move."},
		},
		Notes: []string{
			"nsmove has no single counterpart: it does what **ip link set** ... **netns** and **iw phy** ... **set netns** do, " +
				"with their exit statuses. Where it differs:",
			"Messages carry the **nsmove:** prefix and the device's name; the kernel's reason is kept verbatim.",
			"An unknown PID as <TARGET> is status 255 (iproute2 6.12 and later; 6.1 says status 2).",
			"A stale placeholder or a file that is not a namespace is refused before the kernel sees it.",
			"**iw phy** finds phys through the caller's /sys/class/ieee80211, which fails after **nsenter -n**; nsmove asks " +
				"nl80211 in the source namespace, so **nsmove -n blue phy0 1** works from anywhere.",
			"Several devices move in one command, all checked first; wireless interfaces move their phy.",
		},
		SeeAlso: []string{"nsbox(1)", "netns(8)", "ip-link(8)", "iw(8)", "rfkill(8)", "network_namespaces(7)"},
	}
}

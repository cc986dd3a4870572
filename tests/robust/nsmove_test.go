package robust

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// usageErr is nsmove's usage error: the problem, then a one-line usage.
func usageErr(msg string) string {
	return "nsmove: " + msg + "\nUsage: nsmove [OPTIONS] DEVICE... TARGET | nsmove --list [-j] [-n NS]; try nsmove --help"
}

// ipLink is iproute2's command for `nsmove DEV TARGET`.
func ipLink(dev, target string, more ...string) []string {
	return append([]string{"ip", "link", "set", "dev", dev, "netns", target}, more...)
}

// TestNsmove: bad devices, targets, sources, new names and options for
// nsmove, against `ip link set dev DEV netns TARGET`. nsmove's messages
// carry its name and the device (docs/nsmove.md), so stderr is always
// nsbox's own.
func TestNsmove(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	long := strings.Repeat("d", 200)
	w.check(t, []bad{
		// Devices.
		c("device-unknown", "nsmove", "nosuch", "good").vs(ipLink("nosuch", "good")...).
			err(`nsmove: Cannot find device "nosuch"`),
		c("device-empty", "nsmove", "", "good").vs(ipLink("", "good")...).
			err(`nsmove: argument "" is wrong: "dev" not a valid ifname`),
		c("device-slash", "nsmove", "a/b", "good").vs(ipLink("a/b", "good")...).
			err(`nsmove: argument "a/b" is wrong: "dev" not a valid ifname`),
		c("device-space", "nsmove", "a b", "good").vs(ipLink("a b", "good")...).
			err(`nsmove: argument "a b" is wrong: "dev" not a valid ifname`),
		c("device-newline", "nsmove", "a\nb", "good").vs(ipLink("a\nb", "good")...).
			err("nsmove: argument \"a\nb\" is wrong: \"dev\" not a valid ifname").nlines(2),
		c("device-dotdot", "nsmove", "..", "good").vs(ipLink("..", "good")...).
			err(`nsmove: Cannot find device ".."`),
		c("device-colon", "nsmove", "a:b", "good").vs(ipLink("a:b", "good")...).
			err(`nsmove: Cannot find device "a:b"`),
		c("device-non-utf8", "nsmove", "\xff", "good").vs(ipLink("\xff", "good")...).
			err("nsmove: Cannot find device \"\xff\""),
		c("device-200-bytes", "nsmove", long, "good").vs(ipLink(long, "good")...).
			err(`nsmove: Cannot find device "` + long + `"`),
		c("device-phy-index", "nsmove", "phy#99", "good").vs(ipLink("phy#99", "good")...).
			err(`nsmove: Cannot find device "phy#99"`),
		c("device-phy-garbage", "nsmove", "phy#x", "good").vs(ipLink("phy#x", "good")...).
			err(`nsmove: Cannot find device "phy#x"`),
		c("device-loopback", "nsmove", "lo", "good").vs(ipLink("lo", "good")...).
			err("nsmove: cannot move lo: The interface netns is immutable"),
		c("device-bridge", "nsmove", "br0", "good").vs(ipLink("br0", "good")...).
			err("nsmove: cannot move br0: The interface netns is immutable"),
		// Radios: the sandbox's namespace has none (phys stay in the initial
		// one). iw exits 1 here too ("nl80211 not found." without cfg80211),
		// but its status depends on the kernel's modules: not compared.
		c("phy-name", "nsmove", "phy0", "good").only(1, `nsmove: Cannot find device "phy0"`),
		c("phy-index", "nsmove", "phy#0", "good").only(1, `nsmove: Cannot find device "phy#0"`),
		c("phy-to-pid", "nsmove", "--no-phy", "phy0", "1").only(1, `nsmove: Cannot find device "phy0"`),
		c("device-second-unknown", "nsmove", "va", "nosuch", "good").
			only(1, `nsmove: Cannot find device "nosuch"`),
		c("device-second-immutable", "nsmove", "va", "lo", "good").
			only(2, "nsmove: cannot move lo: The interface netns is immutable"),
		// Targets.
		c("target-unknown", "nsmove", "va", "nosuch").vs(ipLink("va", "nosuch")...).
			err(`nsmove: cannot open network namespace "nosuch": No such file or directory`),
		c("target-path-missing", "nsmove", "va", "/nonexistent").vs(ipLink("va", "/nonexistent")...).
			err(`nsmove: cannot open network namespace "/nonexistent": No such file or directory`),
		c("target-stale", "nsmove", "va", "stale").vs(ipLink("va", "stale")...).
			err(`nsmove: "stale" is not a network namespace: nothing is mounted on it (a stale placeholder?)`),
		c("target-dir", "nsmove", "va", "dir").vs(ipLink("va", "dir")...).
			err(`nsmove: "dir" is not a network namespace: nothing is mounted on it (a stale placeholder?)`),
		c("target-file-path", "nsmove", "va", "/run/netns/file").vs(ipLink("va", "/run/netns/file")...).
			err(`nsmove: "/run/netns/file" is not a network namespace: not a namespace file`),
		c("target-wrong-type", "nsmove", "va", "/proc/self/ns/uts").vs(ipLink("va", "/proc/self/ns/uts")...).
			err(`nsmove: "/proc/self/ns/uts" is not a network namespace: not a net namespace (it is uts)`),
		c("target-non-utf8", "nsmove", "va", "\xff").vs(ipLink("va", "\xff")...).
			err("nsmove: cannot open network namespace \"\xff\": No such file or directory"),
		c("target-pid-overflow", "nsmove", "va", "99999999999").vs(ipLink("va", "99999999999")...).
			err(`nsmove: cannot open network namespace "99999999999": No such file or directory`),
		// An unknown PID is a target that cannot be opened (status 255, as
		// iproute2 ≥ 6.12); 6.1 lets the kernel say ESRCH (2).
		c("target-pid-0", "nsmove", "va", "0").
			only(255, `nsmove: cannot open network namespace "0": No such file or directory`),
		c("target-pid-nonexistent", "nsmove", "va", "4000000").
			only(255, `nsmove: cannot open network namespace "4000000": No such file or directory`),
		c("target-pid-hex", "nsmove", "va", "0x3d0900").
			only(255, `nsmove: cannot open network namespace "0x3d0900": No such file or directory`),
		// Options go anywhere: "-1" is one.
		c("target-pid-negative", "nsmove", "va", "-1").only(255, usageErr("invalid option -- '1'")),
		c("target-after-dashes", "nsmove", "--", "va", "-1").
			only(255, `nsmove: cannot open network namespace "-1": No such file or directory`),
		// iproute2 takes "", "." and ".." for names in its run dir, opens
		// the directory and the kernel refuses it (2); nsmove has no such
		// names.
		c("target-empty", "nsmove", "va", "").
			only(255, `nsmove: cannot open network namespace "": No such file or directory`),
		c("target-dotdot", "nsmove", "va", "..").
			only(255, `nsmove: cannot open network namespace "..": No such file or directory`),
		// Sources.
		c("source-unknown", "nsmove", "-n", "nosuch", "va", "good").
			vs("ip", "-n", "nosuch", "link", "set", "dev", "va", "netns", "good").
			err(`nsmove: cannot open network namespace "nosuch": No such file or directory`),
		c("source-stale", "nsmove", "-n", "stale", "va", "good").
			vs("ip", "-n", "stale", "link", "set", "dev", "va", "netns", "good").
			err(`nsmove: "stale" is not a network namespace: nothing is mounted on it (a stale placeholder?)`),
		c("source-device-not-there", "nsmove", "-n", "good", "va", "other").
			vs("ip", "-n", "good", "link", "set", "dev", "va", "netns", "other").
			err(`nsmove: Cannot find device "va"`),
		c("source-missing", "nsmove", "va", "good", "-n").
			only(255, usageErr("option requires an argument -- 'n'")),
		// New names.
		c("name-empty", "nsmove", "--name", "", "va", "good").vs(ipLink("va", "good", "name", "")...).
			err(`nsmove: argument "" is wrong: "name" not a valid ifname`),
		c("name-space", "nsmove", "--name", "a b", "va", "good").vs(ipLink("va", "good", "name", "a b")...).
			err(`nsmove: argument "a b" is wrong: "name" not a valid ifname`),
		c("name-16-bytes", "nsmove", "--name", "0123456789abcdef", "va", "good").
			vs(ipLink("va", "good", "name", "0123456789abcdef")...).
			err(`nsmove: argument "0123456789abcdef" is wrong: "name" not a valid ifname`),
		c("name-slash", "nsmove", "--name=a/b", "va", "good").vs(ipLink("va", "good", "name", "a/b")...).
			err(`nsmove: argument "a/b" is wrong: "name" not a valid ifname`),
		// The kernel moves the device and then refuses these names
		// (iproute2 exits 2 with the device moved); nsmove checks first.
		c("name-dotdot", "nsmove", "--name", "..", "va", "good").
			only(255, `nsmove: argument ".." is wrong: "name" not a valid ifname`),
		c("name-colon", "nsmove", "--name", "a:b", "va", "good").
			only(255, `nsmove: argument "a:b" is wrong: "name" not a valid ifname`),
		c("name-two-devices", "nsmove", "--name", "x", "va", "vb", "good").
			only(255, usageErr("--name renames one DEVICE, not 2")),
		// Usage.
		c("no-operands", "nsmove").only(255, usageErr("need at least one DEVICE and a TARGET")),
		c("one-operand", "nsmove", "va").only(255, usageErr("need at least one DEVICE and a TARGET")),
		c("unknown-long", "nsmove", "--bogus", "va", "good").only(255, usageErr("unrecognized option '--bogus'")),
		c("unknown-short", "nsmove", "-x", "va", "good").only(255, usageErr("invalid option -- 'x'")),
		c("unknown-non-utf8", "nsmove", "-\xff", "va", "good").only(255, usageErr("invalid option -- '\xff'")),
		c("no-argument-allowed", "nsmove", "--no-phy=1", "va", "good").
			only(255, usageErr("option '--no-phy' doesn't allow an argument")),
		c("list-with-operands", "nsmove", "--list", "va").only(255, usageErr("--list takes no DEVICE or TARGET")),
		c("list-with-name", "nsmove", "--list", "--name", "x").
			only(255, usageErr("--list cannot be combined with --name, --no-phy or --unblock")),
		c("json-without-list", "nsmove", "-j", "va", "good").only(255, usageErr("-j goes with --list")),
		c("list-source-unknown", "nsmove", "-l", "-n", "nosuch").
			only(255, `nsmove: cannot open network namespace "nosuch": No such file or directory`),
		c("list-source-stale", "nsmove", "-l", "-n", "stale").vs("ip", "-n", "stale", "link").
			err(`nsmove: "stale" is not a network namespace: nothing is mounted on it (a stale placeholder?)`),
	})
}

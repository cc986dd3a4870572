package netns_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// snapshot is the state bad input must not change: the run dir's entries,
// the mount table and the /etc/netns tree.
func snapshot(t *testing.T) string {
	t.Helper()
	names, _ := os.ReadDir("/run/netns")
	var s []string
	for _, e := range names {
		s = append(s, e.Name())
	}
	sort.Strings(s)
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	etc, _ := os.ReadDir("/etc/netns")
	return strings.Join(s, "|") + "\n" + string(mi) + "\n" + strings.Repeat("e", len(etc))
}

// TestBadInput runs every subcommand with malformed arguments and options:
// never a panic, a one-line error (or iproute2's usage text), a known exit
// status, and nothing created or mounted.
func TestBadInput(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add good; touch /run/netns/stale; mkdir /run/netns/dir")
	bin := nstest.Binary(t)
	words := []string{"list", "show", "lst", "add", "attach", "delete", "set", "identify", "pids", "exec",
		"list-id", "rename", "help", "frob", "", "-", "--", "l", "a", "d", "e", "x\xff"}
	argSets := [][]string{
		{""}, {"/"}, {"."}, {".."}, {"a/b"}, {strings.Repeat("x", 256)}, {"nosuch"}, {"nosuch", "abc"},
		{"good", "abc"}, {"good", "-1"}, {"good", "0x"}, {"good", "99999999999999999999"}, {"stale", "1"},
		{"dir", "5"}, {"nosuch", "nosuch"}, {"good", "--kill", "--evacuate", ".."}, {"-1"}, {"0"},
		{"nsid"}, {"target-nsid", "x"}, {"nsid", "1", "nsid"}, {"\x00x"[1:], "\xff\xfe"}, {"stale", "true"},
		{"nosuch", "true"}, {"good", "/nonexistent"}, {"dir", "good"}, {"good", "dir"}, {"good", "."},
	}
	// Every word with every argument set, plain and with -all (which turns
	// the name check off); the other options with each word once.
	type line struct{ opts, args []string }
	var lines []line
	for _, opts := range [][]string{{}, {"-all"}} {
		for _, as := range argSets {
			lines = append(lines, line{opts, as})
		}
	}
	for _, opts := range [][]string{{"-j"}, {"-j", "-p"}, {"-n", "nosuch"}, {"-n", "stale"}, {"-n", ".."},
		{"-b", "/nonexistent"}, {"-x"}, {"-n"}, {"-b"}, {"--"}, {"-force"}} {
		lines = append(lines, line{opts, []string{"nosuch", "1"}})
	}
	before := snapshot(t)
	runs := 0
	for _, w := range words {
		for _, l := range lines {
			argv := append([]string{bin, "netns"}, l.opts...)
			argv = append(append(argv, w), l.args...)
			r := nstest.Run(t, "", argv...)
			runs++
			if r.Panicked() {
				t.Fatalf("%q panicked:\n%s", argv[1:], r.Stderr)
			}
			switch r.Code {
			case 0, 1, 2, 255:
			default:
				t.Errorf("%q: exit status %d", argv[1:], r.Code)
			}
			if r.Code != 0 && strings.Count(r.Stderr, "\n") > 1 && !strings.HasPrefix(r.Stderr, "Usage:") &&
				!strings.HasPrefix(strings.Join(argv[2:], " "), "-all exec") {
				t.Errorf("%q: more than one error line:\n%s", argv[1:], r.Stderr)
			}
			if r.Code == 0 {
				// A command that worked (add nosuch, rename…): reset.
				nsScript(t, `for f in /run/netns/* /run/netns/.[!.]*; do case ${f##*/} in good|stale|dir|'*'|'.[!.]*') ;; *) umount -l "$f" 2>/dev/null || true; rm -rf "$f";; esac; done
[ -e /run/netns/good ] || ns add good; [ -e /run/netns/stale ] || touch /run/netns/stale; [ -e /run/netns/dir ] || mkdir /run/netns/dir`)
				before = snapshot(t)
				continue
			}
			if now := snapshot(t); now != before {
				t.Fatalf("%q (status %d, %q) changed the state:\nbefore %s\nafter %s", argv[1:], r.Code, r.Stderr, before, now)
			}
		}
	}
	t.Logf("%d command lines", runs)
}

// TestBadBatch feeds malformed batch files: same rules as the command line.
func TestBadBatch(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add good")
	bin := nstest.Binary(t)
	before := snapshot(t)
	for _, in := range []string{
		"\"", "'", "netns add \"x", "netns add \\\n", "netns add \\\n\\\n", "#", "netns", "netns frob", "ip netns list",
		"n list", "netns add ..", "netns \x00", strings.Repeat("a ", 200), "netns exec good " + strings.Repeat("x ", 200),
		"netns add 'a/b'", "\n\n\n", "netns del nosuch\nnetns del nosuch", "netns -j list",
	} {
		r := nstest.Run(t, in, bin, "netns", "-force", "-b", "-")
		if r.Panicked() {
			t.Fatalf("%q panicked:\n%s", in, r.Stderr)
		}
		if now := snapshot(t); now != before {
			t.Fatalf("batch %q changed the state", in)
		}
	}
}

// TestOddRunDirs: odd $NETNS_RUN_DIR and $NETNS_ETC_DIR values give errors,
// never a panic.
func TestOddRunDirs(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	// Every directory is inside the sandbox's own /run tmpfs: the sandbox
	// has its own mounts, but the rest of the file system is the host's.
	nsScript(t, "ns add good; touch /run/afile; mkdir /run/cwd")
	bin := nstest.Binary(t)
	for _, dir := range []string{"/run/nonexistent/deep", "/run/afile", "relative", "/run", "/run/netns/good"} {
		for _, args := range [][]string{{"list"}, {"-j", "list", "all"}, {"add", "x"}, {"identify"}, {"-all", "delete"},
			{"exec", "good", "true"}, {"list-id"}, {"rename", "good", "x"}} {
			argv := append([]string{"env", "-C", "/run/cwd", "NETNS_RUN_DIR=" + dir, "NETNS_ETC_DIR=" + dir, bin, "netns"}, args...)
			r := nstest.Run(t, "", argv...)
			if r.Panicked() {
				t.Fatalf("%q panicked:\n%s", argv, r.Stderr)
			}
			if r.Code != 0 && strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("%q: status %d, stderr %q", argv, r.Code, r.Stderr)
			}
		}
	}
	wantRun(t, nsRun(t, "list"), 0, "good\n")
}

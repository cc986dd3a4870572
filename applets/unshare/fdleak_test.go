package unshare_test

import (
	"os"
	"strings"
	"testing"

	"nsbox/nslib/enter"
	"nsbox/nslib/nstest"
)

// lsFDs lists the descriptors of the program unshare runs.
const lsFDs = "ls -l /proc/self/fd"

// TestNoFDLeak: the program unshare runs gets stdin, stdout and stderr and
// nothing else, whichever way unshare got there: in place, through the
// unshare stage (user and time namespaces), forked directly or through the
// child stage (with the --kill-child pidfd), with the idmap and bind
// helpers and their pipes, with persistence.
func TestNoFDLeak(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nstest.CloseOnExecAll(t)
	bin := nstest.Binary(t)
	// Files to keep namespaces on, and subordinate ids for --map-auto
	// (the sandbox's /etc is an overlay).
	for _, f := range []string{"/run/pnet", "/run/puts"} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"/etc/subuid", "/etc/subgid"} {
		if err := os.WriteFile(f, []byte("root:100000:65536\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The check itself: ls run directly has nothing extra, and a
	// descriptor left open for it is found.
	check := func(t *testing.T, cmd string) []string {
		t.Helper()
		r := nstest.Sh(t, cmd)
		if r.Code != 0 {
			t.Fatalf("%s: status %d, stderr %q", cmd, r.Code, r.Stderr)
		}
		nstest.NoPanic(t, r)
		extra, err := nstest.ExtraFDs(r.Stdout)
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		return extra
	}
	if extra := check(t, lsFDs); len(extra) != 0 {
		t.Fatalf("ls run directly has descriptors %q", extra)
	}
	if extra := check(t, "exec 7</dev/null; "+lsFDs); len(extra) != 1 || !strings.HasPrefix(extra[0], "7 -> /dev/null") {
		t.Fatalf("a leaked fd 7 is not found: %q", extra)
	}

	for _, tc := range []struct {
		args  string
		stage bool // creates a user or time namespace
	}{
		{"-n", false},
		{"-m -u -i -C", false},
		{"-m --propagation=private --root=/ --wd=/tmp", false},
		{"-f -n", false},
		{"-f -p --mount-proc", false},
		{"-f --kill-child -n", false},
		{"-f --forward-signals -n", false},
		{"--netns=y", false},
		{"-f --netns=z --uts=/run/puts", false},
		{"-r -m", true},
		{"-U", true},
		{"-r -n -f -p --mount-proc --kill-child", true},
		{"-T --boottime 100", true},
		{"-T --monotonic 5 -f", true},
		{"-U --map-users=0:0:1 --map-groups=0:0:1", true},
		{"--map-auto -f", true},
		{"-r --net=/run/pnet", true},
		{"-f -r -S 0 --keep-caps", true},
	} {
		t.Run(tc.args, func(t *testing.T) {
			if tc.stage && !enter.UnshareStageAvailable {
				t.Skip("pure-Go build: no user or time namespaces")
			}
			cmd := bin + " unshare " + tc.args + " " + lsFDs
			if extra := check(t, cmd); len(extra) != 0 {
				t.Errorf("%s: the program got descriptors %q", cmd, extra)
			}
		})
	}
}

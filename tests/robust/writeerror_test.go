package robust

import (
	"strconv"
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// A failed write to standard output is reported as util-linux's
// close_stdout reports it: "APPLET: write error: REASON", status 1 (the
// reason left out, as glibc loses it, when the output outgrew stdio's
// buffer, and then also for EPIPE and EBADF); otherwise nothing for EPIPE
// with SIGPIPE ignored or a closed stdout. (A closed stdout larger than
// that differs: Go's runtime opens /dev/null as a closed fd 1.)
// lsns, nsenter and unshare are compared with util-linux; netns, nsmove
// and nsbox itself, whose anchors (if any) say nothing, with expectations.
func TestWriteErrors(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	// Namespaces with names and processes for every listing; enough
	// namespaces that lsns --output-all -J outgrows stdio's 4 KiB buffer.
	world := `ip netns add a && ip netns add b && ip netns set b 5 &&
for i in $(seq 24); do unshare -u -i sleep 1000 </dev/null >/dev/null 2>&1 & done
ip netns exec a sleep 1000 </dev/null >/dev/null 2>&1 &
for i in $(seq 500); do [ $(pgrep -xc sleep) = 25 ] && break; sleep 0.01; done
lsns --output-all -J | wc -c`
	r := nstest.Sh(t, world)
	if n, _ := strconv.Atoi(strings.TrimSpace(r.Stdout)); r.Code != 0 || n <= 4096 {
		t.Fatalf("setup: status %d, lsns --output-all -J is %q bytes (want > 4096): %s", r.Code, r.Stdout, r.Stderr)
	}
	t.Cleanup(func() { nstest.Sh(t, "pkill -x sleep") })
	// A closed pipe (its reader gone) with SIGPIPE ignored, as under systemd.
	const epipe = "{ trap '' PIPE; sleep 0.2; TOOL; echo status $? >&2; } | true"
	for _, tc := range []string{
		"TOOL lsns >/dev/full", "TOOL lsns -J >/dev/full", "TOOL lsns -r -n >/dev/full",
		"TOOL lsns --output-all -J >/dev/full", "TOOL lsns --output-all >/dev/full",
		"TOOL lsns --help >/dev/full", "TOOL lsns -V >/dev/full", "TOOL lsns -n -o NS -t net >&-",
		strings.Replace(epipe, "TOOL", "TOOL lsns -J", 1),
		"TOOL nsenter --help >/dev/full", "TOOL nsenter -V >/dev/full", "TOOL nsenter -V >&-",
		strings.Replace(epipe, "TOOL", "TOOL nsenter --help", 1),
		"TOOL unshare --help >/dev/full", "TOOL unshare -V >/dev/full", "TOOL unshare --help >&-",
		// Not stdout: util-linux reports nothing.
		"TOOL nsenter -t 1 -n true >/dev/full", "TOOL unshare -n echo x >/dev/full; echo $?",
	} {
		anchor := nstest.Sh(t, strings.ReplaceAll(tc, "TOOL ", ""))
		ours := nstest.Sh(t, strings.ReplaceAll(tc, "TOOL", bin))
		if anchor != ours {
			t.Errorf("%s:\n util-linux: %+v\n nsbox:      %+v", tc, anchor, ours)
		}
		nstest.NoPanic(t, ours)
	}
	// iproute2 is silent, with status 0; nsbox reports, but where scripts
	// may rely on iproute2's silence (docs/netns.md).
	const full = "write error: No space left on device\n"
	type expectation struct {
		cmd, stderr string
		code        int
	}
	var cases []expectation
	for applet, cmds := range map[string][]string{
		"netns": {"netns list", "GOBIN netns list", // the build without the fast path
			"netns", "netns -j list", "netns -j -p list all", "netns list-id", "netns -j identify $(pgrep -xo sleep)",
			"netns pids a", "netns -V", "echo netns list | BIN netns -b -"},
		"nsmove": {"nsmove --list", "nsmove -l -j", "nsmove --help"},
		"nsbox":  {"--list", "--help", "--version"},
	} {
		for _, cmd := range cmds {
			cases = append(cases, expectation{cmd + " >/dev/full", applet + ": " + full, 1})
		}
	}
	for _, tc := range append(cases,
		expectation{"netns list >&-", "", 0},
		expectation{"--version >&-", "", 0},
		expectation{"BIN netns add c >/dev/full && BIN netns del c >/dev/full", "", 0},
		// -all exec: status 0 whatever happens, as in iproute2.
		expectation{"netns -all exec true >/dev/full", "", 0},
		// monitor goes on after a failed write, as iproute2's does.
		expectation{"netns monitor >/dev/full & sleep 0.5; ip netns add m; sleep 0.3; kill -0 $! && echo alive >&2; kill $!", "alive\n", 0},
	) {
		cmd := tc.cmd
		if !strings.Contains(cmd, "BIN") { // (GOBIN too)
			cmd = "BIN " + cmd
		}
		r := nstest.Sh(t, strings.ReplaceAll(strings.ReplaceAll(cmd, "GOBIN", nstest.GoPathBinary(t)), "BIN", bin))
		if want := (nstest.Result{Stderr: tc.stderr, Code: tc.code}); r != want {
			t.Errorf("%s:\n got  %+v\n want %+v", tc.cmd, r, want)
		}
		nstest.NoPanic(t, r)
	}
	// iproute2 keeps status 0 for -all exec, as nsbox does.
	for _, cmd := range []string{"TOOL -all netns exec true >/dev/full", "TOOL netns exec a echo x >/dev/full; echo $?"} {
		ip := nstest.Sh(t, strings.ReplaceAll(cmd, "TOOL", "ip"))
		ours := nstest.Sh(t, strings.ReplaceAll(strings.ReplaceAll(cmd, "TOOL -all netns", "TOOL netns -all"), "TOOL", bin))
		if ip != ours {
			t.Errorf("%s:\n iproute2: %+v\n nsbox:    %+v", cmd, ip, ours)
		}
	}
}

package netns_test

import (
	"testing"

	"nsbox/nslib/nstest"
)

// diffCase runs SETUP (bash, where the function ns runs the tool under
// test: "ns -j list" is "ip -j netns list" or "nsbox netns -j list"), then the same command through iproute2 and
// nsbox from a fresh run dir, and compares stdout and exit status. CHECK,
// when given, runs after the command and its output is compared too (it
// shows the effects: what is mounted, which names exist).
type diffCase struct {
	name  string
	setup string
	cmd   string // the command, with ns for the tool
	check string
	stdin string
}

// fresh resets the run dir between the two runs: every name unmounted and
// removed, the directory itself unmounted, and a wait until the kernel has
// torn the namespaces down (their nsids go only then; up to 20 s, as its
// workers can lag seconds behind on a busy machine).
const fresh = `for f in /run/netns/*; do umount -l "$f" 2>/dev/null; done; umount -l /run/netns 2>/dev/null; rm -rf /run/netns /etc/netns/*
end=$((SECONDS+20)); while [ $SECONDS -lt $end ] && [ -n "$(ip netns list-id)" ]; do sleep 0.01; done
`

// started waits until the background program has written its PID to /run/p.
const started = `started() { for i in $(seq 1000); do [ -s /run/p ] && return; sleep 0.01; done; }
`

// prelude defines ns for one tool (iproute2 takes its options before the
// object word, nsbox after the applet name) and started.
func prelude(tool string) string {
	if tool == "ip" {
		return started + `ns() { local o=(); while [[ $1 == -* ]]; do case $1 in -n|-ne|-net|-netn|-netns|-b|-ba|-bat|-batc|-batch|-f|-fa*|-l|-lo*|-rc*) o+=("$1" "$2"); shift;; *) o+=("$1");; esac; shift; done; ip "${o[@]}" netns "$@"; }
`
	}
	return started + "ns() { " + tool + ` netns "$@"; }
`
}

func runDiff(t *testing.T, cases []diffCase) {
	bin := nstest.Binary(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]nstest.Result
			var checks [2]nstest.Result
			for i, tool := range []string{"ip", bin} {
				if r := nstest.Sh(t, fresh+prelude(tool)+tc.setup); r.Code != 0 {
					t.Fatalf("setup with %s: %d %s", tool, r.Code, r.Stderr)
				}
				got[i] = nstest.Run(t, tc.stdin, "bash", "-c", prelude(tool)+tc.cmd)
				if tc.check != "" {
					checks[i] = nstest.Sh(t, prelude(tool)+tc.check)
				}
			}
			ip, ours := got[0], got[1]
			if ip.Stdout != ours.Stdout || ip.Code != ours.Code {
				t.Errorf("%s:\n iproute2: status %d, stdout %q (stderr %q)\n nsbox:    status %d, stdout %q (stderr %q)",
					tc.cmd, ip.Code, ip.Stdout, ip.Stderr, ours.Code, ours.Stdout, ours.Stderr)
			}
			if checks[0].Stdout != checks[1].Stdout {
				t.Errorf("after %s, %s:\n iproute2: %q\n nsbox:    %q", tc.cmd, tc.check, checks[0].Stdout, checks[1].Stdout)
			}
			nstest.NoPanic(t, ours)
		})
	}
}

func TestDiffBasics(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	runDiff(t, []diffCase{
		{name: "list-empty-no-dir", cmd: "ns list"},
		{name: "bare", setup: "ns add a; ns add b", cmd: "ns"},
		{name: "add", cmd: "ns add x", check: "ls -l /run/netns | cut -c1-10; grep -c nsfs /proc/self/mountinfo"},
		{name: "add-exists", setup: "ns add x", cmd: "ns add x"},
		{name: "set-and-list", setup: "ns add a; ns add b", cmd: "ns set a 7 && ns list && ns -j list && ns -j -p list"},
		{name: "list-id", setup: "ns add a; ns add b; ns set a 7; ns set b auto", cmd: "ns list-id; ns -j list-id"},
		// Long enough for nsbox to split the list between two threads
		// (rundir.parallelList), with ids, without ids and a stale name (which
		// nsbox marks in JSON).
		{name: "list-long", setup: `for i in $(seq 300); do echo "netns add n$i"; done | ip -b -
for i in $(seq 1 3 300); do echo "netns set n$i $((i + 1000))"; done | ip -b -
touch /run/netns/stale`, cmd: "ns list; rm /run/netns/stale; ns -j list"},
	})
}

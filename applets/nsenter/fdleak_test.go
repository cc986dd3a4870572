package nsenter_test

import (
	"strings"
	"testing"

	"nsbox/nslib/enter"
	"nsbox/nslib/nstest"
)

// lsFDs lists the descriptors of the program nsenter runs.
const lsFDs = "ls -l /proc/self/fd"

// TestNoFDLeak: the program nsenter runs gets stdin, stdout and stderr and
// nothing else, whichever way nsenter got there: in place, forked into a
// pid namespace, through the pre-runtime stage (user and time namespaces,
// with the pidfd, namespace files, root, cwd and environ descriptors that
// it carries across its re-exec), or by a socket.
func TestNoFDLeak(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nstest.CloseOnExecAll(t)
	bin := nstest.Binary(t)
	T := target(t, nil, unshareAll, prepare)
	P := target(t, nil, "-m -u -i -n -p -C --mount-proc", prepare)
	S := target(t, nil, "-U -r -n -u", "hostname shared")
	// fd 5 of N is a socket in N's network namespace, for -N.
	N := target(t, nil, "-n", "ip link set lo up && exec 5<>/dev/udp/127.0.0.1/9")
	v := map[string]int{"T": T, "P": P, "S": S, "N": N}
	if r := nstest.Sh(t, bin+" netns add x"); r.Code != 0 {
		t.Fatal(r.Stderr)
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
		name, args string
		stage      bool // joins a user or time namespace
	}{
		{"net", "-t $P -n", false},
		{"net-file", "--net=/proc/$P/ns/net --uts=/proc/$P/ns/uts", false},
		{"netns-name", "--netns=x", false},
		{"net-socket", "-t $N -N 5", false},
		{"pid-forked", "-t $P -p -m", false},
		{"pid-no-fork", "-t $P -p -n -F", false},
		{"all-plain", "-t $P -a", false},
		{"root-wdns", "-t $P -m -p -r -W/mnt", false},
		{"env-creds", "-t $P -n --env -S 65534 -G 65534", false},
		{"user", "-t $T -U", true},
		{"time", "-t $T -T", true},
		{"all", "-t $T -a", true},
		{"all-root-wd", "-t $T -a -r -w", true},
		{"all-wdns", "-t $T -a --wdns=/mnt", true},
		{"all-env-creds", "-t $T -a --env -S 0 -G 0 --keep-caps", true},
		{"user-preserve", "-t $T -U --preserve-credentials", true},
		{"user-time-files", "--user=/proc/$T/ns/user -T/proc/$T/ns/time", true},
		{"user-pid-files", "--user=/proc/$T/ns/user --pid=/proc/$T/ns/pid --mount=/proc/$T/ns/mnt", true},
		{"user-shared-pid", "-t $S -a", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.stage && !enter.StageAvailable {
				t.Skip("pure-Go build: no user or time joins")
			}
			cmd := bin + " nsenter " + sub(tc.args, v) + " " + lsFDs
			if extra := check(t, cmd); len(extra) != 0 {
				t.Errorf("%s: the program got descriptors %q", cmd, extra)
			}
		})
	}
}

package nsmove_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"nsbox/nslib/nstest"
)

// moved are the devices of TestKillMove, by MAC address (which moves with
// a device): two dummies (ifbs where the kernel has no dummy driver) and
// two veth pairs, all in a under these names at the start of every run.
var moved = map[string]string{
	"02:00:00:00:00:10": "i0", "02:00:00:00:00:11": "i1",
	"02:00:00:00:00:12": "v0", "02:00:00:00:00:13": "v1",
	"02:00:00:00:00:14": "v2", "02:00:00:00:00:15": "v3",
}

const movedWorld = `$NSBOX netns add a && $NSBOX netns add b &&
single() { ip -n a link add $1 address $2 type dummy 2>/dev/null || ip -n a link add $1 address $2 type ifb; } &&
single i0 02:00:00:00:00:10 && single i1 02:00:00:00:00:11 &&
ip -n a link add v0 address 02:00:00:00:00:12 type veth peer name v1 address 02:00:00:00:00:13 &&
ip -n a link add v2 address 02:00:00:00:00:14 type veth peer name v3 address 02:00:00:00:00:15`

// places lists where each device of moved shows up, as "NS:NAME" (NS is
// "-" for the test's own namespace), one entry per sighting.
func places(t *testing.T) map[string][]string {
	t.Helper()
	r := nstest.Sh(t, `set -e; for ns in - a b; do echo "= $ns"; opt=; [ $ns = - ] || opt="-n $ns"; ip $opt -br link; done`)
	if r.Code != 0 {
		t.Fatalf("ip link: %d %q", r.Code, r.Stderr)
	}
	at := map[string][]string{}
	ns := ""
	for _, l := range strings.Split(r.Stdout, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) == 2 && f[0] == "=":
			ns = f[1]
		case len(f) >= 3 && moved[f[2]] != "":
			name, _, _ := strings.Cut(f[0], "@")
			at[f[2]] = append(at[f[2]], ns+":"+name)
		}
	}
	return at
}

// TestKillMove SIGKILLs nsmove 100 times at random moments of its run
// (anywhere from its exec to its usual exit, as measured first), moving
// one device, a batch, or one device under a new name from a to b. Every
// device is then in exactly one namespace, never lost or duplicated, never
// left here: in a under its name, or, if it was asked to move, in b under
// its name or its new one. nsmove moves everything back, the mount table
// is as it was and netns lists both names.
func TestKillMove(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	if r := sh(t, movedWorld); r.Code != 0 {
		t.Fatalf("setup: %d %s", r.Code, r.Stderr)
	}
	mountinfo, _ := os.ReadFile("/proc/self/mountinfo")
	// A move takes the kernel 10 to 20 ms (iproute2's too), so the
	// batches are short.
	ops := []struct {
		name    string
		args    []string
		renamed map[string]string // new names in b
	}{
		{"one", []string{"-n", "a", "i0", "b"}, nil},
		{"two", []string{"-n", "/run/netns/a", "i1", "v0", "b"}, nil},
		{"renamed", []string{"-n", "a", "--name", "e0", "i0", "/run/netns/b"}, map[string]string{"i0": "e0"}},
		{"pair", []string{"-n", "a", "v2", "v3", "b"}, nil},
	}
	nsmove := func(args ...string) []string { return append([]string{bin, "nsmove"}, args...) }
	// back moves every device in b (at says where they are) to a under
	// its own name.
	back := func(at map[string][]string) error {
		for mac, seen := range at {
			if len(seen) == 1 && strings.HasPrefix(seen[0], "b:") {
				cmd := nsmove("-n", "b", "--name", moved[mac], strings.TrimPrefix(seen[0], "b:"), "a")
				if r := nstest.Run(t, "", cmd...); r.Code != 0 || r.Stderr != "" {
					return fmt.Errorf("%q: status %d, stderr %q", cmd[1:], r.Code, r.Stderr)
				}
			}
		}
		now := places(t)
		for mac, name := range moved {
			if strings.Join(now[mac], " ") != "a:"+name {
				return fmt.Errorf("after moving back, %s is at %q", name, now[mac])
			}
		}
		return nil
	}
	spans := make([]time.Duration, len(ops))
	for i, op := range ops {
		var runs []time.Duration
		for j := 0; j < 3; j++ {
			runs = append(runs, nstest.RunTime(t, nsmove(op.args...)...))
			if err := back(places(t)); err != nil {
				t.Fatal(err)
			}
		}
		spans[i] = nstest.KillSpan(runs)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	left := map[string]int{} // how many devices the kills left in b, by op, for the log
	for i := 0; i < 100; i++ {
		op := ops[i%len(ops)]
		delay := time.Duration(rng.Int64N(int64(spans[i%len(ops)])))
		status := nstest.KillAfter(t, delay, nsmove(op.args...)...)
		at := places(t)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("run %d (nsmove %q killed %v into a %v span, status %d; devices at %v): %s",
				i, op.args, delay, spans[i%len(ops)], status, at, fmt.Sprintf(format, args...))
		}
		if status > 0 {
			fail("the move failed by itself")
		}
		inB := 0
		for mac, name := range moved {
			want := []string{"a:" + name}
			if strings.Contains(" "+strings.Join(op.args, " ")+" ", " "+name+" ") {
				to := name
				if n, ok := op.renamed[name]; ok {
					to = n
				}
				want = append(want, "b:"+to)
			}
			switch {
			case len(at[mac]) == 0:
				fail("%s is lost", name)
			case len(at[mac]) > 1:
				fail("%s is in several places: %q", name, at[mac])
			case !slices.Contains(want, at[mac][0]):
				fail("%s is at %s, want one of %q", name, at[mac][0], want)
			case strings.HasPrefix(at[mac][0], "b:"):
				inB++
			}
		}
		left[fmt.Sprintf("%s: %d in b", op.name, inB)]++
		if r := nstest.Run(t, "", bin, "netns", "list"); r.Code != 0 || r.Stderr != "" || !sameWords(r.Stdout, "a b") {
			fail("netns list: status %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
		}
		if now, _ := os.ReadFile("/proc/self/mountinfo"); string(now) != string(mountinfo) {
			fail("the mount table changed:\n%s\nnow:\n%s", mountinfo, now)
		}
		if err := back(at); err != nil {
			fail("%v", err)
		}
	}
	t.Logf("spans %v; what the kills left: %v", spans, left)
	// The names are as good as new: delete and add both again.
	if r := sh(t, `$NSBOX netns delete a && $NSBOX netns delete b && [ -z "$(ls -A /run/netns)" ]`); r.Code != 0 {
		t.Errorf("deleting a and b: %d %q", r.Code, r.Stderr)
	}
	if m := nstest.NSFSMounts(t); len(m) != 0 {
		t.Errorf("nsfs mounts after deleting a and b: %v", m)
	}
	if r := sh(t, `$NSBOX netns add a && $NSBOX netns add b && $NSBOX netns exec b true`); r.Code != 0 {
		t.Errorf("adding a and b again: %d %q", r.Code, r.Stderr)
	}
}

// sameWords tells whether s has the words of want, in any order.
func sameWords(s, want string) bool {
	a, b := strings.Fields(s), strings.Fields(want)
	slices.Sort(a)
	slices.Sort(b)
	return strings.Join(a, " ") == strings.Join(b, " ")
}

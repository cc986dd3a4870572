package netns_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"nsbox/nslib/nstest"
)

// nsIno is the inode of the namespace mounted on name (0: none).
func nsIno(name string) uint64 {
	var st unix.Stat_t
	if nameState(name) != "mounted" || unix.Stat("/run/netns/"+name, &st) != nil {
		return 0
	}
	return st.Ino
}

// killRNG is the random source of the kill tests; the seed is logged so
// that a failure can be replayed.
func killRNG(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, 7))
}

// onlyName checks the quiet state between runs: the run dir holds just
// name, mounted once, the run dir is a mount point once, and the mount
// table has as many lines as it had at the start.
func onlyName(t *testing.T, name string, mounts int) error {
	t.Helper()
	var got []string
	entries, _ := os.ReadDir("/run/netns")
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{}
	if name != "" {
		want = []string{name}
	}
	m := nstest.NSFSMounts(t)
	switch {
	case strings.Join(got, " ") != strings.Join(want, " "):
		return fmt.Errorf("run dir holds %q, want %q", got, want)
	case len(m) != len(want) || (name != "" && m["/run/netns/"+name] != 1):
		return fmt.Errorf("nsfs mounts %v, want %q once", m, want)
	case nstest.MountsAt(t, "/run/netns") != 1:
		return fmt.Errorf("the run dir is mounted %d times", nstest.MountsAt(t, "/run/netns"))
	case nstest.MountCount(t) != mounts:
		return fmt.Errorf("the mount table has %d lines, %d at the start", nstest.MountCount(t), mounts)
	}
	return nil
}

// TestKillRename SIGKILLs `netns rename a b` 100 times at random moments
// of its run (anywhere from its exec to its usual exit, as measured
// first). The namespace is never lost: a or b, or both for a moment, is
// mounted, and it is the namespace a was. Whatever a kill leaves, nsbox
// finishes the rename (taking a stale b over), renames back, deletes and
// adds both names again, and no mount is left over.
func TestKillRename(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	rename := func(from, to string) []string { return []string{bin, "netns", "rename", from, to} }
	wantRun(t, nsRun(t, "add", "a"), 0, "")
	mounts := nstest.MountCount(t)
	var runs []time.Duration
	for i := 0; i < 5; i++ {
		runs = append(runs, nstest.RunTime(t, rename("a", "b")...), nstest.RunTime(t, rename("b", "a")...))
	}
	span := nstest.KillSpan(runs)
	rng := killRNG(t)
	left := map[string]int{} // what the kills left, for the log
	for i := 0; i < 100; i++ {
		ino := nsIno("a")
		delay := time.Duration(rng.Int64N(int64(span)))
		status := nstest.KillAfter(t, delay, rename("a", "b")...)
		sa, sb := nameState("a"), nameState("b")
		left["a "+sa+", b "+sb]++
		if status == 0 {
			left["finished"]++
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("run %d (killed %v into a %v span, status %d; left a %s, b %s): %s",
				i, delay, span, status, sa, sb, fmt.Sprintf(format, args...))
		}
		ok := func(args ...string) {
			t.Helper()
			if r := nsRun(t, args...); r.Code != 0 || r.Stderr != "" {
				fail("netns %q: status %d, stderr %q", args, r.Code, r.Stderr)
			}
		}
		if status > 0 {
			fail("the rename failed by itself")
		}
		if sa != "mounted" && sb != "mounted" {
			fail("the namespace is lost")
		}
		for _, n := range []string{"a", "b"} {
			if got := nsIno(n); got != 0 && got != ino {
				fail("%s is namespace %d, not a's %d", n, got, ino)
			}
		}
		consistent(t)
		// Finish the rename.
		switch {
		case sa == "mounted" && sb == "mounted":
			ok("delete", "a")
		case sa == "mounted":
			ok("rename", "a", "b")
		case sa == "stale":
			ok("delete", "a")
		}
		if nameState("a") != "absent" || nsIno("b") != ino {
			fail("after finishing the rename: a %s, b %s (namespace %d)", nameState("a"), nameState("b"), nsIno("b"))
		}
		ok("rename", "b", "a")
		ok("exec", "a", "true")
		ok("add", "b")
		ok("delete", "b")
		ok("delete", "a")
		ok("add", "a")
		if err := onlyName(t, "a", mounts); err != nil {
			fail("%v", err)
		}
	}
	t.Logf("span %v; states the kills left: %v", span, left)
}

// TestKillDeleteEvacuate SIGKILLs `netns delete --evacuate x` 100 times at
// random moments of its run. In the sandbox x holds only virtual devices,
// which stay (and die with x): nothing ever shows up here, and while x is
// mounted it has every device it had. Whatever is left, delete and add
// work and no mount is left over.
func TestKillDeleteEvacuate(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	del := []string{bin, "netns", "delete", "--evacuate", "x"}
	setup := func() {
		t.Helper()
		// A dummy, or an ifb where the kernel has no dummy driver.
		nsScript(t, `ns add x; ip -n x link add i0 type dummy 2>/dev/null || ip -n x link add i0 type ifb
ip -n x link add v0 type veth peer name v1`)
	}
	links := func(ns string) string {
		t.Helper()
		return nsScript(t, "ip "+ns+" -br link | awk '{sub(/@.*/, \"\", $1); print $1}' | sort | tr '\\n' ' '")
	}
	setup()
	wantRun(t, nsRun(t, "delete", "x"), 0, "")
	mounts := nstest.MountCount(t)
	var runs []time.Duration
	for i := 0; i < 7; i++ {
		setup()
		runs = append(runs, nstest.RunTime(t, del...))
	}
	span := nstest.KillSpan(runs)
	rng := killRNG(t)
	left := map[string]int{}
	for i := 0; i < 100; i++ {
		setup()
		delay := time.Duration(rng.Int64N(int64(span)))
		status := nstest.KillAfter(t, delay, del...)
		s := nameState("x")
		left[s]++
		if status == 0 {
			left["finished"]++
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("run %d (killed %v into a %v span, status %d; left x %s): %s",
				i, delay, span, status, s, fmt.Sprintf(format, args...))
		}
		if status > 0 {
			fail("the delete failed by itself")
		}
		consistent(t)
		if got := links(""); got != "lo " {
			fail("devices here: %q, want lo only", got)
		}
		if s == "mounted" {
			if got := links("-n x"); got != "i0 lo v0 v1 " {
				fail("devices in x: %q, want i0 lo v0 v1", got)
			}
		}
		if r := nsRun(t, "delete", "x"); r.Code != 0 && !strings.Contains(r.Stderr, "No such file") {
			fail("delete x: status %d, stderr %q", r.Code, r.Stderr)
		}
		if err := onlyName(t, "", mounts); err != nil {
			fail("%v", err)
		}
	}
	t.Logf("span %v; states the kills left: %v", span, left)
}

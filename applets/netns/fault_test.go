package netns_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"nsbox/nslib/nstest"
)

// consistent checks that list works quietly and that every name is either
// mounted exactly once or an unmounted file, and no mount has lost its name.
func consistent(t *testing.T) {
	t.Helper()
	r := nsRun(t, "list")
	if r.Code != 0 || r.Stderr != "" {
		t.Fatalf("list: status %d stderr %q", r.Code, r.Stderr)
	}
	mounts := nstest.NSFSMounts(t)
	names, _ := os.ReadDir("/run/netns")
	mounted := 0
	for _, e := range names {
		p := "/run/netns/" + e.Name()
		var sfs unix.Statfs_t
		isNS := unix.Statfs(p, &sfs) == nil && sfs.Type == 0x6e736673
		switch {
		case isNS && mounts[p] != 1:
			t.Fatalf("%s is mounted %d times", p, mounts[p])
		case isNS:
			mounted++
		}
	}
	total := 0
	for _, n := range mounts {
		total += n
	}
	if total != mounted {
		t.Fatalf("%d nsfs mounts for %d mounted names: %v", total, mounted, mounts)
	}
}

// nameState tells whether name is absent, a stale file or mounted.
func nameState(name string) string {
	var sfs unix.Statfs_t
	switch {
	case unix.Statfs("/run/netns/"+name, &sfs) != nil:
		return "absent"
	case sfs.Type == 0x6e736673:
		return "mounted"
	}
	return "stale"
}

// TestKillAnywhere SIGKILLs add, attach, delete and rename at random
// moments; whatever is left, list, add and delete cope with it.
func TestKillAnywhere(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	ops := [][]string{{"add", "k"}, {"attach", "k", "1"}, {"delete", "k"}, {"rename", "k", "k2"}}
	outcomes := map[string]int{} // what the kills left behind, for the log
	defer func() { t.Logf("states left by the kills: %v", outcomes) }()
	for i := 0; i < 100; i++ {
		op := ops[i%len(ops)]
		if op[0] == "delete" || op[0] == "rename" {
			wantRun(t, nsRun(t, "add", "k"), 0, "")
		}
		cmd := exec.Command(bin, append([]string{"netns"}, op...)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()
		outcomes[op[0]+": "+nameState("k")+", "+nameState("k2")]++
		consistent(t)
		// add either works or finds k complete and mounted.
		if r := nsRun(t, "add", "k"); r.Code != 0 {
			var sfs unix.Statfs_t
			if r.Code != 1 || !strings.Contains(r.Stderr, "File exists") ||
				unix.Statfs("/run/netns/k", &sfs) != nil || sfs.Type != 0x6e736673 {
				t.Fatalf("run %d (%v killed after %v): add k: %d %q", i, op, delay, r.Code, r.Stderr)
			}
		}
		wantRun(t, nsRun(t, "exec", "k", "true"), 0, "")
		for _, n := range []string{"k", "k2"} {
			if r := nsRun(t, "delete", n); r.Code != 0 && !strings.Contains(r.Stderr, "No such file") {
				t.Fatalf("run %d (%v killed after %v): delete %s: %d %q", i, op, delay, n, r.Code, r.Stderr)
			}
		}
		names, _ := os.ReadDir("/run/netns")
		if len(names) != 0 || len(nstest.NSFSMounts(t)) != 0 || nstest.MountsAt(t, "/run/netns") != 1 {
			t.Fatalf("run %d (%v killed after %v): left %v, mounts %v, run dir mounted %d times",
				i, op, delay, names, nstest.NSFSMounts(t), nstest.MountsAt(t, "/run/netns"))
		}
	}
}

// TestConcurrentAddOneName: 32 adds of one name at once, on a run dir that
// is not yet a mount point: one wins, the rest fail cleanly.
func TestConcurrentAddOneName(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	var wg sync.WaitGroup
	results := make([]nstest.Result, 32)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = nsRun(t, "add", "same")
		}()
	}
	wg.Wait()
	won := 0
	for _, r := range results {
		switch {
		case r.Code == 0:
			won++
		case r.Code != 1 || r.Stderr != "Cannot create namespace file \"/run/netns/same\": File exists\n":
			t.Errorf("a losing add: status %d stderr %q", r.Code, r.Stderr)
		}
	}
	if won != 1 {
		t.Errorf("%d adds succeeded, want exactly 1", won)
	}
	if m := nstest.NSFSMounts(t); len(m) != 1 || m["/run/netns/same"] != 1 {
		t.Errorf("nsfs mounts: %v", m)
	}
	if n := nstest.MountsAt(t, "/run/netns"); n != 1 {
		t.Errorf("/run/netns mounted %d times", n)
	}
	consistent(t)
}

// TestConcurrentAddDelete: 8 workers add and delete 200 names (Debian bug
// 949235: parallel first adds nested the run dir's self-bind).
func TestConcurrentAddDelete(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	const workers, perWorker = 8, 25
	parallel := func(f func(w, i int)) {
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < perWorker; i++ {
					f(w, i)
				}
			}()
		}
		wg.Wait()
	}
	name := func(set string, w, i int) string { return fmt.Sprintf("%s%d-%d", set, w, i) }
	run := func(args ...string) {
		if r := nsRun(t, args...); r.Code != 0 || r.Stderr != "" {
			t.Errorf("%q: %d %q", args, r.Code, r.Stderr)
		}
	}
	parallel(func(w, i int) { run("add", name("a", w, i)) })
	base := nstest.MountCount(t)
	check := func(set string) {
		t.Helper()
		m := nstest.NSFSMounts(t)
		if len(m) != workers*perWorker {
			t.Errorf("%d names mounted, want %d", len(m), workers*perWorker)
		}
		for w := 0; w < workers; w++ {
			for i := 0; i < perWorker; i++ {
				if n := m["/run/netns/"+name(set, w, i)]; n != 1 {
					t.Errorf("%s mounted %d times", name(set, w, i), n)
				}
			}
		}
		if n := nstest.MountsAt(t, "/run/netns"); n != 1 {
			t.Errorf("/run/netns mounted %d times", n)
		}
		consistent(t)
	}
	check("a")
	// Every worker deletes its old names while adding new ones.
	parallel(func(w, i int) {
		run("delete", name("a", w, i))
		run("add", name("b", w, i))
	})
	check("b")
	if n := nstest.MountCount(t); n != base {
		t.Errorf("mount table grew from %d to %d lines", base, n)
	}
	parallel(func(w, i int) { run("delete", name("b", w, i)) })
	if m := nstest.NSFSMounts(t); len(m) != 0 {
		t.Errorf("mounts left: %v", m)
	}
	if n := nstest.MountCount(t); n != base-workers*perWorker {
		t.Errorf("mount table: %d lines, want %d", n, base-workers*perWorker)
	}
}

// TestExecLeavesNoMounts: 200 execs, in every variant, leave the mount
// table exactly as it was.
func TestExecLeavesNoMounts(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x; mkdir -p /etc/netns/x; echo h >/etc/netns/x/hostname")
	before, _ := os.ReadFile("/proc/self/mountinfo")
	bin := nstest.Binary(t)
	for i := 0; i < 150; i++ {
		wantRun(t, nsRun(t, "exec", "x", "true"), 0, "")
	}
	batch := strings.Repeat("netns exec x true\n", 40)
	wantRun(t, nstest.Run(t, batch, bin, "netns", "-b", "-"), 0, "")
	for i := 0; i < 10; i++ {
		wantRun(t, nsRun(t, "-all", "exec", "mount", "-t", "tmpfs", "t", "/mnt"), 0, "\nnetns: x\n")
	}
	after, _ := os.ReadFile("/proc/self/mountinfo")
	if string(before) != string(after) {
		t.Errorf("mount table changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// TestBatchDeletesKeepLock: a batch's plain deletes keep the run-dir lock
// from one to the next, and give it up before any other line and before
// waiting for input: a program the batch runs takes the lock (it would
// wait for ever), and another nsbox adds a name while the batch waits on
// its pipe.
func TestBatchDeletesKeepLock(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	batch := "netns add a\nnetns add b\nnetns add c\nnetns delete a\nnetns delete b\n" +
		"netns exec c flock /run/netns true\nnetns delete c\nnetns add e\nnetns delete e\nnetns add f\n"
	wantRun(t, nstest.Run(t, batch, bin, "netns", "-b", "-"), 0, "")
	wantRun(t, nsRun(t, "list"), 0, "f\n")

	cmd := exec.Command(bin, "netns", "-b", "-")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	io.WriteString(in, "netns delete f\n")
	for i := 0; i < 500 && nsRun(t, "list").Stdout != ""; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	wantRun(t, nsRun(t, "add", "g"), 0, "") // the batch still runs, waiting for input
	io.WriteString(in, "netns delete g\n")
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("batch: %v", err)
	}
	wantRun(t, nsRun(t, "list"), 0, "")
}

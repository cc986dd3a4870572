package netns_test

import (
	"strings"
	"testing"
	"time"

	"nsbox/nslib/nstest"
)

// gone waits up to 5 s for device dev of namespace ns ("" ours) to go.
func gone(t *testing.T, ns, dev string) bool {
	t.Helper()
	ip := "ip"
	if ns != "" {
		ip = "ip -n " + ns
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if nsScript(t, ip+" link show "+dev+" >/dev/null 2>&1 && echo up || true") == "" {
			return true
		}
	}
	return false
}

// TestDeleteDryRun: every virtual device's fate, the holders, --kill and
// --evacuate, each checked against what the real delete then does, and
// that the dry runs change nothing.
func TestDeleteDryRun(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, `ns add x; ns add y
ip link add hv0 type veth peer name hv1 netns x
ip -n y link add yv0 type veth peer name yv1 netns x
ip -n x link add name in0 type veth peer name in1
ip -n x link add name br0 type bridge
ip -n x link add name mv0 link in0 type macvlan`)
	pid := sleeper(t, "x")
	before := sandboxState(t)
	devices := "devices, when the namespace dies:\n" +
		"  lo: destroyed\n" +
		"  hv1 (veth): destroyed, and its peer hv0 in the initial namespace\n" +
		"  yv1 (veth): destroyed, and its peer yv0 in netns y\n" +
		"  in1 (veth): destroyed, and its peer in0\n" +
		"  in0 (veth): destroyed, and its peer in1\n" +
		"  br0 (bridge): destroyed\n" +
		"  mv0 (macvlan): destroyed\n"
	self := mntNS(t, "self")
	r := nsRun(t, "delete", "--dry-run", "x")
	want := "unmount /run/netns/x and remove it\n" +
		"then the namespace stays, held by 1 process (its devices stay in it until it dies):\n" +
		"  process " + pid + " root sleep 1000\n" +
		"  mount /run/netns/x " + self + " (the name)\n" +
		"  mount /run/netns/x " + mntNS(t, pid) + " (the name)\n" + devices
	wantRun(t, r, 0, want)
	// --kill names the processes it would end; the namespace then dies.
	// No physical device or radio here, so --evacuate moves nothing.
	killed := "unmount /run/netns/x and remove it\nkill " + pid + " root sleep 1000\nthen the namespace dies\n" + devices
	wantRun(t, nsRun(t, "delete", "--dry-run", "--kill", "x"), 0, killed)
	wantRun(t, nsRun(t, "delete", "--evacuate", "--dry-run", "--kill", "x"), 0, killed)
	wantRun(t, nsRun(t, "delete", "--evacuate", "--dry-run", "x"), 0, want)
	// -all: each name, then its plan.
	r = nsRun(t, "-all", "delete", "--dry-run")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "x:\n"+want) && !strings.Contains(r.Stdout, "\nx:\n"+want) || !strings.Contains(r.Stdout, "y:\nunmount /run/netns/y") {
		t.Errorf("-all delete --dry-run: status %d\n%s", r.Code, r.Stdout)
	}
	if after := sandboxState(t); after != before {
		t.Errorf("the dry runs changed the sandbox:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if out := nsScript(t, "kill -0 "+pid+" && echo alive"); out != "alive\n" {
		t.Errorf("a dry run with --kill ended %s", pid)
	}

	// What it said is what the delete does: --kill ends the process,
	// the namespace dies, and the veths' other ends, here and in y, go too.
	wantRun(t, nsRun(t, "delete", "--kill", "x"), 0, "")
	if !gone(t, "", "hv0") || !gone(t, "y", "yv0") {
		t.Errorf("after delete --kill x: the peers of its veths are still there:\n%s", nsScript(t, "ip -br link; ip -n y -br link"))
	}
}

// TestDeleteDryRunFails: a dry run fails as the delete would, with its
// message and status, and changes nothing either way.
func TestDeleteDryRunFails(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns attach self $$; ns attach init 1; touch /run/netns/stale")
	before := sandboxState(t)
	for _, args := range [][]string{
		{"nope"}, {"--kill", "self"}, {"--evacuate", "init"}, {"--kill", "--evacuate", "init"}, {}, {"a/b"},
	} {
		dry := nsRun(t, append([]string{"delete", "--dry-run"}, args...)...)
		if after := sandboxState(t); after != before {
			t.Fatalf("delete --dry-run %q changed the sandbox", args)
		}
		real := nsRun(t, append([]string{"delete"}, args...)...)
		if dry.Code != real.Code || dry.Stderr != real.Stderr || dry.Code == 0 || dry.Stdout != "" {
			t.Errorf("delete --dry-run %q: status %d stderr %q stdout %q; delete: status %d stderr %q",
				args, dry.Code, dry.Stderr, dry.Stdout, real.Code, real.Stderr)
		}
	}
	// A plain delete of a name with nothing mounted only removes it.
	wantRun(t, nsRun(t, "delete", "--dry-run", "stale"), 0, "remove /run/netns/stale (no namespace is mounted there)\n")
	if nsScript(t, "ls /run/netns/stale") != "/run/netns/stale\n" {
		t.Error("the dry run removed the stale name")
	}
}

// TestDeleteDryRunOwner: the dry run of a namespace owned by a child user
// namespace lists its owner with the holders, and changes nothing.
func TestDeleteDryRunOwner(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	pid, userns := rootlessSleeper(t, "c")
	before := sandboxState(t)
	r := nsRun(t, "delete", "--dry-run", "c")
	want := "unmount /run/netns/c and remove it\n" +
		"then the namespace stays, held by 1 process (its devices stay in it until it dies):\n" +
		"  process " + pid + " root sleep 1000\n" +
		"  mount /run/netns/c " + mntNS(t, "self") + " (the name)\n" +
		"  owner user namespace " + userns + ", created by uid 0 (root), with process " + pid + " root sleep 1000" +
		" (the owner does not keep the namespace alive; the namespace keeps its owner)\n" +
		"devices, when the namespace dies:\n  lo: destroyed\n"
	wantRun(t, r, 0, want)
	if after := sandboxState(t); after != before {
		t.Errorf("the dry run changed the sandbox:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

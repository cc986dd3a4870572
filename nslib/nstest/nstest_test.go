package nstest_test

import (
	"os"
	"testing"

	"nsbox/nslib/nstest"
)

// TestSandboxIsHermetic: whatever the host has in /run/netns, in /etc/netns
// and in its mount table, and whatever run dir the environment names
// (tests/hermetic.sh runs this on such a host), a sandbox starts with the
// default run dir absent, an empty /etc/netns and no mounts of its own,
// and the mounts it makes are counted.
func TestSandboxIsHermetic(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	for _, v := range []string{"NETNS_RUN_DIR", "NETNS_ETC_DIR"} {
		if d, ok := os.LookupEnv(v); ok {
			t.Errorf("$%s is set in the sandbox: %q", v, d)
		}
	}
	if _, err := os.Lstat("/run/netns"); !os.IsNotExist(err) {
		t.Errorf("/run/netns in a new sandbox: %v", err)
	}
	if es, err := os.ReadDir("/etc/netns"); err != nil || len(es) != 0 {
		t.Errorf("/etc/netns in a new sandbox: %d entries, %v", len(es), err)
	}
	if ms := nstest.Mounts(t); len(ms) != 0 {
		t.Errorf("a new sandbox has mounts of its own: %+v", ms)
	}
	if r := nstest.Sh(t, "ip netns add x && ip netns add y"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	if m := nstest.NSFSMounts(t); len(m) != 2 || m["/run/netns/x"] != 1 || m["/run/netns/y"] != 1 {
		t.Errorf("nsfs mounts after two adds: %v", m)
	}
	if n := nstest.MountsAt(t, "/run/netns"); n != 1 {
		t.Errorf("/run/netns mounted %d times", n)
	}
	if n := nstest.MountCount(t); n != 3 {
		t.Errorf("%d mounts after two adds, want 3: %+v", n, nstest.Mounts(t))
	}
}

package nstest

import (
	"testing"

	"nsbox/nslib"
)

// mountKey names a mount of the sandbox's mount table. The target guards
// against a reused id: the kernel hands out the lowest free one.
type mountKey struct {
	id     int
	target string
}

// hostMounts is the mount table the sandbox started with (see setupSandbox):
// copies of the host's mounts, including those the sandbox's /run hides
// (a host's /run/netns and its names after any `ip netns add`), which
// /proc/self/mountinfo goes on listing.
var hostMounts map[mountKey]bool

// recordHostMounts takes the sandbox's starting mount table as the baseline.
func recordHostMounts() error {
	ms, err := nslib.ReadMountInfo("/proc/self/mountinfo")
	if err != nil {
		return err
	}
	hostMounts = map[mountKey]bool{}
	for _, m := range ms {
		hostMounts[mountKey{m.ID, m.Target}] = true
	}
	return nil
}

// Mounts returns the mounts made in the sandbox since it started, in
// mountinfo order: what the test and the commands it ran mounted, whatever
// the host had mounted before. Only inside a sandbox.
func Mounts(t testing.TB) []nslib.Mount {
	t.Helper()
	if hostMounts == nil {
		t.Fatal("nstest.Mounts outside a sandbox")
	}
	ms, err := nslib.ReadMountInfo("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	var out []nslib.Mount
	for _, m := range ms {
		if !hostMounts[mountKey{m.ID, m.Target}] {
			out = append(out, m)
		}
	}
	return out
}

// MountCount counts the mounts made in the sandbox.
func MountCount(t testing.TB) int {
	t.Helper()
	return len(Mounts(t))
}

// MountsAt counts the sandbox's mounts on target (stacked ones each count).
func MountsAt(t testing.TB, target string) int {
	t.Helper()
	n := 0
	for _, m := range Mounts(t) {
		if m.Target == target {
			n++
		}
	}
	return n
}

// NSFSMounts counts the sandbox's namespace (nsfs) mounts by mount point.
func NSFSMounts(t testing.TB) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, m := range Mounts(t) {
		if m.FSType == "nsfs" {
			n[m.Target]++
		}
	}
	return n
}

// NSFSCount counts the sandbox's namespace mounts.
func NSFSCount(t testing.TB) int {
	t.Helper()
	n := 0
	for _, c := range NSFSMounts(t) {
		n += c
	}
	return n
}

package enter

import (
	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// UnshareMountAbove is unshare(CLONE_NEWNS) on the calling thread (which
// the caller has locked for good), made so that the new mount namespace
// can be bind-mounted from the namespace whose id is above. The kernel
// refuses such a bind (EINVAL, its "mount namespace loop" check) unless the
// new namespace's id is the higher one; since Linux 6.18 ids come from
// per-CPU batches, so a namespace made now on another CPU can get a lower
// id than an old one, and util-linux's --mount=FILE fails at random. When
// that happens the thread makes the namespace again, from the new one (same
// mounts), on each CPU in turn until the id is higher; its CPU affinity is
// restored afterwards. Without the ioctl (above == 0) it is a plain unshare.
func UnshareMountAbove(above uint64) error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
		return err
	}
	if above == 0 || mountNSIDAbove(above) {
		return nil
	}
	prestage.Unpin() // the CPUs to try are the caller's, not the one nsbox started on
	var saved unix.CPUSet
	if unix.SchedGetaffinity(0, &saved) != nil {
		return nil
	}
	defer unix.SchedSetaffinity(0, &saved)
	for cpu := 0; cpu < len(saved)*64; cpu++ {
		if !saved.IsSet(cpu) {
			continue
		}
		var one unix.CPUSet
		one.Set(cpu)
		if unix.SchedSetaffinity(0, &one) != nil {
			continue
		}
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			return err
		}
		if mountNSIDAbove(above) {
			return nil
		}
	}
	return nil // best effort: the bind reports the kernel's EINVAL
}

func mountNSIDAbove(above uint64) bool {
	f, err := nslib.Open("/proc/thread-self/ns/mnt")
	if err != nil {
		return true
	}
	defer f.Close()
	id, err := f.MountNSID()
	return err != nil || id > above
}

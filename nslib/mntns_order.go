package nslib

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// MountNSID returns the 64-bit id of a mount namespace file
// (NS_GET_MNTNS_ID, Linux 6.10).
func (f *NSFile) MountNSID() (uint64, error) {
	var id uint64
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(f.FD()), unix.NS_GET_MNTNS_ID, uintptr(unsafe.Pointer(&id)))
	if errno != 0 {
		return 0, errno
	}
	return id, nil
}

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
	Unpin() // the CPUs to try are the caller's, not the one nsbox started on
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
	f, err := Open("/proc/thread-self/ns/mnt")
	if err != nil {
		return true
	}
	defer f.Close()
	id, err := f.MountNSID()
	return err != nil || id > above
}

package enter

import (
	"syscall"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// Credentials is the uid/gid change util-linux nsenter makes after
// entering: -S/-G, or uid and gid 0 in a user namespace entered without
// --preserve-credentials.
type Credentials struct {
	SetUID, SetGID bool
	UID, GID       uint32
}

// Apply drops the supplementary groups and sets gid then uid, for the
// whole process. A setgroups failure counts only when the early attempt
// (before entering the user namespace) failed too: one of the two works
// whether the caller is privileged outside or only inside.
func (c Credentials) Apply(earlySetgroupsErr error) error {
	if c.SetGID {
		if err := syscall.Setgroups(nil); err != nil && earlySetgroupsErr != nil {
			return nslib.OpErr(err, "setgroups failed")
		}
		if err := syscall.Setgid(int(c.GID)); err != nil {
			return nslib.OpErr(err, "setgid() failed")
		}
	}
	if c.SetUID {
		if err := syscall.Setuid(int(c.UID)); err != nil {
			return nslib.OpErr(err, "setuid() failed")
		}
	}
	return nil
}

// AmbientFromPermitted is util-linux's cap_permitted_to_ambient for
// --keep-caps: the permitted set becomes inheritable, and every effective
// capability is raised into the ambient set, so it survives exec as a
// non-root user of the namespace. It acts on the calling thread, which
// must be the one that execs or forks.
func AmbientFromPermitted() error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return nslib.OpErr(err, "capget failed")
	}
	data[0].Inheritable = data[0].Permitted
	data[1].Inheritable = data[1].Permitted
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return nslib.OpErr(err, "capset failed")
	}
	effective := uint64(data[1].Effective)<<32 | uint64(data[0].Effective)
	last := lastCap()
	for c := 0; c < 64 && c <= last; c++ {
		if effective&(1<<c) != 0 {
			if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_RAISE, uintptr(c), 0, 0); err != nil {
				return nslib.OpErr(err, "prctl(PR_CAP_AMBIENT) failed")
			}
		}
	}
	return nil
}

// PermittedCaps lists the capabilities in the calling thread's permitted
// set, and gives its inheritable set (bit N: capability N).
func PermittedCaps() (caps []uintptr, inheritable uint64, err error) {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return nil, 0, nslib.OpErr(err, "capget failed")
	}
	permitted := uint64(data[1].Permitted)<<32 | uint64(data[0].Permitted)
	for c := 0; c < 64 && c <= lastCap(); c++ {
		if permitted&(1<<c) != 0 {
			caps = append(caps, uintptr(c))
		}
	}
	return caps, uint64(data[1].Inheritable)<<32 | uint64(data[0].Inheritable), nil
}

// lastCap is the kernel's highest capability number (cap_last_cap).
func lastCap() int {
	for c := 63; c > 0; c-- {
		if _, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, uintptr(c), 0, 0, 0); err == nil {
			return c
		}
	}
	return 0
}

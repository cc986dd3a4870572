// Package nslib is nsbox's shared core, its lowest layer: namespace files
// and their identity (opened by path, PID or pidfd, with NS_GET_* and
// SIOCGSKNS relations), errors in the anchors' words, locked-thread
// namespace switching, the mount table and /proc listing. The packages
// below it build on it: rundir (named network namespaces), nsid (nsid
// netlink), procscan (the /proc scanner), link (device moves), enter
// (joining namespaces and starting programs) and prestage (what runs
// before the Go runtime). Applets call them; none knows about command
// lines.
package nslib

import (
	"fmt"
	"os"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// NSFSMagic is the statfs magic of nsfs, the file system behind /proc/PID/ns/*
// and every bind mount of one.
const NSFSMagic = 0x6e736673

// Types maps the kernel's /proc/PID/ns entry names to their clone flags, in
// util-linux's table order.
var Types = []struct {
	Name string
	Flag int
}{
	{"user", unix.CLONE_NEWUSER},
	{"cgroup", unix.CLONE_NEWCGROUP},
	{"ipc", unix.CLONE_NEWIPC},
	{"uts", unix.CLONE_NEWUTS},
	{"net", unix.CLONE_NEWNET},
	{"pid", unix.CLONE_NEWPID},
	{"mnt", unix.CLONE_NEWNS},
	{"time", unix.CLONE_NEWTIME},
}

// TypeName returns the /proc/PID/ns name of a CLONE_NEW* flag ("" if unknown).
func TypeName(flag int) string {
	for _, t := range Types {
		if t.Flag == flag {
			return t.Name
		}
	}
	return ""
}

// TypeFlag returns the CLONE_NEW* flag of a namespace name (0 if unknown).
func TypeFlag(name string) int {
	for _, t := range Types {
		if t.Name == name {
			return t.Flag
		}
	}
	return 0
}

// Ident identifies a namespace: the device and inode of its nsfs file.
type Ident struct {
	Dev, Ino uint64
}

// StatIdent returns the identity of the namespace file at path (following the
// /proc magic link, as stat(2) does).
func StatIdent(path string) (Ident, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return Ident{}, err
	}
	return Ident{uint64(st.Dev), uint64(st.Ino)}, nil
}

// NSFile is an open namespace file.
type NSFile struct {
	*os.File
}

// Open opens a namespace file by path, read-only and close-on-exec.
func Open(path string) (*NSFile, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return &NSFile{os.NewFile(uintptr(fd), path)}, nil
}

// OpenPID opens /proc/PID/ns/TYPE.
func OpenPID(pid int, typ string) (*NSFile, error) {
	return Open(ProcPath(pid, typ))
}

// ProcPath is the path of a process's namespace file.
func ProcPath(pid int, typ string) string {
	return "/proc/" + strconv.Itoa(pid) + "/ns/" + typ
}

// FD returns the descriptor as an int for system calls.
func (f *NSFile) FD() int { return int(f.Fd()) }

// Ident returns the namespace's identity.
func (f *NSFile) Ident() (Ident, error) {
	var st unix.Stat_t
	if err := unix.Fstat(f.FD(), &st); err != nil {
		return Ident{}, err
	}
	return Ident{uint64(st.Dev), uint64(st.Ino)}, nil
}

// IsNSFS reports whether the file is a namespace (and not, say, the empty
// placeholder that a crashed `add` leaves behind).
func (f *NSFile) IsNSFS() bool {
	var sfs unix.Statfs_t
	return unix.Fstatfs(f.FD(), &sfs) == nil && sfs.Type == NSFSMagic
}

// Type returns the CLONE_NEW* flag of the namespace (NS_GET_NSTYPE).
func (f *NSFile) Type() (int, error) {
	return unix.IoctlRetInt(f.FD(), unix.NS_GET_NSTYPE)
}

// ErrNotNamespace is returned for a file that is not an nsfs file.
var ErrNotNamespace = fmt.Errorf("not a namespace file (stale placeholder?)")

// CheckType makes sure f is a namespace of the wanted type (0: any), so a
// stale placeholder gives a clear error before setns would say EINVAL.
func (f *NSFile) CheckType(want int) error {
	if !f.IsNSFS() {
		return ErrNotNamespace
	}
	if want == 0 {
		return nil
	}
	got, err := f.Type()
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("not a %s namespace (it is %s)", TypeName(want), TypeName(got))
	}
	return nil
}

// MountNSID returns the 64-bit id of a mount namespace file
// (NS_GET_MNTNS_ID, Linux 6.10).
func (f *NSFile) MountNSID() (uint64, error) { return ioctlU64(f.FD(), unix.NS_GET_MNTNS_ID) }

// nsGetID is NS_GET_ID, _IOR(0xb7, 13, __u64) (Linux 6.18): the 64-bit id
// of a namespace of any type, the one listns() lists and nsenter -n:ID
// opens. _IOR's encoding differs by architecture (0x8008b70d on x86,
// 0x4008b70d on MIPS and PowerPC): it is NS_GET_MNTNS_ID's, _IOR(0xb7, 5,
// __u64), with number 13.
const nsGetID = unix.NS_GET_MNTNS_ID + 13 - 5

// ID returns the namespace's 64-bit id (NS_GET_ID).
func (f *NSFile) ID() (uint64, error) { return NamespaceID(f.FD()) }

// NamespaceID is ID on a raw descriptor.
func NamespaceID(fd int) (uint64, error) { return ioctlU64(fd, nsGetID) }

func ioctlU64(fd int, req uintptr) (uint64, error) {
	var v uint64
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(unsafe.Pointer(&v)))
	if errno != 0 {
		return 0, errno
	}
	return v, nil
}

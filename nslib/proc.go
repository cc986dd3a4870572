package nslib

import (
	"bytes"
	"encoding/binary"
	"errors"

	"golang.org/x/sys/unix"
)

// ErrNoProc says /proc holds no proc file system (a rescue shell before
// `mount -t proc`, a mount namespace that unmounted it): nothing then
// lists the processes or the namespace types this kernel has.
var ErrNoProc = errors.New("/proc is not mounted")

// CheckProc returns ErrNoProc unless /proc is a proc file system.
func CheckProc() error {
	var sfs unix.Statfs_t
	if unix.Statfs("/proc", &sfs) != nil || sfs.Type != unix.PROC_SUPER_MAGIC {
		return ErrNoProc
	}
	return nil
}

// ProcPIDs lists the processes (thread-group leaders) in /proc readdir
// order, the order iproute2 and util-linux report them in.
func ProcPIDs() ([]int, error) {
	dfd, err := unix.Open("/proc", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(dfd)
	return readNumDir(dfd, ".", make([]byte, 64<<10), make([]int, 0, 512)), nil
}

// direntNames calls fn with the name of each linux_dirent64 record in buf,
// what getdents64 returned. d_reclen is in the CPU's byte order (read as
// little-endian, big-endian MIPS saw no record: lsns listed nothing).
func direntNames(buf []byte, fn func(name []byte)) {
	for len(buf) >= 19 {
		reclen := int(binary.NativeEndian.Uint16(buf[16:18]))
		if reclen < 19 || reclen > len(buf) {
			return
		}
		name := buf[19:reclen]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		fn(name)
		buf = buf[reclen:]
	}
}

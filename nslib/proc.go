package nslib

import (
	"bytes"
	"encoding/binary"
	"errors"
	"unsafe"

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
	// Room for 2,730 PIDs at once: appends that outgrow the list leave
	// their arrays resident in a process that collects no garbage (lsns).
	return ReadNumDir(dfd, ".", make([]byte, 16<<10), make([]int, 0, 2730)), nil
}

// DirentNames calls fn with the name of each linux_dirent64 record in buf,
// what getdents64 returned.
func DirentNames(buf []byte, fn func(name []byte)) {
	Dirents(buf, func(name []byte, _ byte) { fn(name) })
}

// Dirents calls fn with the name and d_type (unix.DT_*) of each
// linux_dirent64 record in buf. d_reclen is in the CPU's byte order (read
// as little-endian, big-endian MIPS saw no record: lsns listed nothing).
func Dirents(buf []byte, fn func(name []byte, typ byte)) {
	for len(buf) >= 19 {
		reclen := int(binary.NativeEndian.Uint16(buf[16:18]))
		if reclen < 19 || reclen > len(buf) {
			return
		}
		name := buf[19:reclen]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		fn(name, buf[18])
		buf = buf[reclen:]
	}
}

// ReadNumDir lists the numeric entries of a /proc directory below dfd
// (name: at most 15 bytes) with raw system calls into the caller's buffer:
// this runs for every process, and os.Open would add an fstat and
// allocations each time.
func ReadNumDir(dfd int, name string, buf []byte, nums []int) []int {
	var path [16]byte
	fd, err := RawOpenZ(dfd, append(append(path[:0], name...), 0), unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return nums
	}
	defer RawClose(fd)
	for {
		n, _, e := unix.RawSyscall(unix.SYS_GETDENTS64, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
		if e != 0 || n == 0 {
			break
		}
		DirentNames(buf[:n], func(name []byte) {
			if v, ok := AtoiBytes(name); ok {
				nums = append(nums, v)
			}
		})
	}
	// Read until getdents64 says the end: stopping at the first short
	// read (it looked like the end) lost namespace members while
	// processes were dying (netns delete --kill, TestDeleteKill).
	return nums
}

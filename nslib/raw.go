package nslib

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// UintptrOf passes a pointer to an ioctl that writes through it.
func UintptrOf(p *uint32) uintptr { return uintptr(unsafe.Pointer(p)) }

// RawOpen and RawClose bypass the scheduler's system-call hand-off: these
// calls on nsfs and the run dir never block, and with hundreds of names the
// hand-offs (thread wake-ups) cost more than the calls. (fstat stays
// x/sys's: its system call and struct differ between architectures.)
func RawOpen(dirfd int, path string, flags int) (int, error) {
	p, err := unix.ByteSliceFromString(path)
	if err != nil {
		return -1, err
	}
	return RawOpenZ(dirfd, p, flags)
}

// RawOpenZ is RawOpen of a NUL-terminated path.
func RawOpenZ(dirfd int, path []byte, flags int) (int, error) {
	fd, _, errno := unix.RawSyscall6(unix.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&path[0])),
		uintptr(flags|unix.O_CLOEXEC), 0, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// RawClose closes fd without the hand-off.
func RawClose(fd int) {
	unix.RawSyscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
}

// AtoiBytes parses a /proc directory entry name as a PID (at most 9
// digits, no sign).
func AtoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

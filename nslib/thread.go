package nslib

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// InThread runs fn on a fresh goroutine locked to its own OS thread, so the
// namespace changes fn makes (setns, unshare) never leak into other
// goroutines. Every namespace listed in saveTypes (CLONE_NEW* flags) is saved
// first and restored afterwards; the thread goes back to the runtime only
// when all of them were restored, otherwise it dies with the goroutine.
// Mount namespaces need a private fs_struct, so when CLONE_NEWNS is among the
// types the thread unshares CLONE_FS first and is never reused.
func InThread(saveTypes []int, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		reusable := true
		defer func() {
			if reusable {
				runtime.UnlockOSThread()
			}
		}()
		var saved []int // raw descriptors: an os.File costs an fcntl and a finalizer
		defer func() {
			for _, fd := range saved {
				RawClose(fd)
			}
		}()
		for _, t := range saveTypes {
			if t == unix.CLONE_NEWNS {
				reusable = false
				if err := unix.Unshare(unix.CLONE_FS); err != nil {
					errc <- OpErr(err, "unshare(CLONE_FS) failed")
					return
				}
			}
			fd, err := RawOpen(unix.AT_FDCWD, "/proc/thread-self/ns/"+TypeName(t), unix.O_RDONLY)
			if err != nil {
				reusable = false
				errc <- OpErr(err, "Cannot open %s namespace of this thread", TypeName(t))
				return
			}
			saved = append(saved, fd)
		}
		err := fn()
		for i, fd := range saved {
			if rerr := rawSetns(fd, saveTypes[i]); rerr != nil {
				reusable = false
				if err == nil {
					err = OpErr(rerr, "setns")
				}
			}
		}
		errc <- err
	}()
	return <-errc
}

// Setns joins the namespace in f on the calling thread; the caller must have
// locked it (see InThread).
func Setns(f *NSFile, typ int) error {
	return unix.Setns(f.FD(), typ)
}

// The slow calls of netns add go in raw (no scheduler hand-off): creating
// a network namespace takes a quarter of a millisecond, and the run dir's
// recursive make-shared grows with its mounts; through syscall.Syscall the
// runtime would hand the P to another thread after 20 µs and take it back
// afterwards, two thread switches a call. Nothing else runs meanwhile
// that could need the P.

// Unshare is unshare(2), raw.
func Unshare(flags int) error {
	if _, _, e := unix.RawSyscall(unix.SYS_UNSHARE, uintptr(flags), 0, 0); e != 0 {
		return e
	}
	return nil
}

func rawSetns(fd, typ int) error {
	if _, _, e := unix.RawSyscall(unix.SYS_SETNS, uintptr(fd), uintptr(typ), 0); e != 0 {
		return e
	}
	return nil
}

// RawMount is mount(2) with no file system type or data.
func RawMount(src, dst string, flags uintptr) error {
	s, err := unix.BytePtrFromString(src)
	if err != nil {
		return err
	}
	d, err := unix.BytePtrFromString(dst)
	if err != nil {
		return err
	}
	none := [...]byte{'n', 'o', 'n', 'e', 0}
	if _, _, e := unix.RawSyscall6(unix.SYS_MOUNT, uintptr(unsafe.Pointer(s)), uintptr(unsafe.Pointer(d)),
		uintptr(unsafe.Pointer(&none[0])), flags, 0, 0); e != 0 {
		return e
	}
	return nil
}

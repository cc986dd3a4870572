package nslib

import (
	"runtime"

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
		var saved []*NSFile
		defer func() {
			for _, f := range saved {
				f.Close()
			}
		}()
		for _, t := range saveTypes {
			if t == unix.CLONE_NEWNS {
				reusable = false
				if err := unix.Unshare(unix.CLONE_FS); err != nil {
					errc <- opErr(err, "unshare(CLONE_FS) failed")
					return
				}
			}
			f, err := Open("/proc/thread-self/ns/" + TypeName(t))
			if err != nil {
				reusable = false
				errc <- opErr(err, "Cannot open %s namespace of this thread", TypeName(t))
				return
			}
			saved = append(saved, f)
		}
		err := fn()
		for i, f := range saved {
			if rerr := unix.Setns(f.FD(), saveTypes[i]); rerr != nil {
				reusable = false
				if err == nil {
					err = opErr(rerr, "setns")
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

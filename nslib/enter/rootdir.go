package enter

import (
	"os"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// ChangeRoot is util-linux nsenter's root and working-directory step, run
// on the joined thread after setns: with root, keep the working directory
// (unless wd or wdns replaces it), fchdir to root, chroot("."), chdir("/");
// then open wdns (a path resolved inside the new root) and fchdir to the
// working directory. root and wd were opened before setns, so they tunnel
// out of the namespaces; nil means not given.
func ChangeRoot(root, wd *os.File, wdns string) error {
	if root != nil && wd == nil && wdns == "" {
		fd, err := unix.Open(".", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nslib.OpErr(err, "cannot open current working directory")
		}
		wd = os.NewFile(uintptr(fd), ".")
		defer wd.Close()
	}
	if root != nil {
		if err := unix.Fchdir(int(root.Fd())); err != nil {
			return nslib.OpErr(err, "change directory by root file descriptor failed")
		}
		if err := unix.Chroot("."); err != nil {
			return nslib.OpErr(err, "chroot failed")
		}
		if err := unix.Chdir("/"); err != nil {
			return nslib.OpErr(err, "cannot change directory to /")
		}
	}
	if wdns != "" {
		fd, err := unix.Open(wdns, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nslib.OpErr(err, "cannot open current working directory")
		}
		wd = os.NewFile(uintptr(fd), wdns)
		defer wd.Close()
	}
	if wd != nil {
		if err := unix.Fchdir(int(wd.Fd())); err != nil {
			return nslib.OpErr(err, "change directory by working directory file descriptor failed")
		}
	}
	return nil
}

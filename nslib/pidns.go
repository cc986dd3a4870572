package nslib

import (
	"golang.org/x/sys/unix"
)

// OpenPIDNS opens /proc/PID/ns/TYPE through a pidfd where the kernel has
// them: the pidfd is taken first and checked after the open, so the file
// belongs to that very process even if the PID is recycled meanwhile.
func OpenPIDNS(pid int, typ string) (*NSFile, error) {
	pidfd, perr := unix.PidfdOpen(pid, 0)
	f, err := OpenPID(pid, typ)
	if err != nil {
		if perr == nil {
			unix.Close(pidfd)
		}
		return nil, err
	}
	switch perr {
	case nil:
		defer unix.Close(pidfd)
		if err := unix.PidfdSendSignal(pidfd, 0, nil, 0); err != nil && err != unix.EPERM {
			f.Close()
			return nil, unix.ESRCH
		}
	case unix.ESRCH:
		// The process was gone before the open, so the PID is a new one.
		f.Close()
		return nil, unix.ESRCH
	}
	return f, nil
}

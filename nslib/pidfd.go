package nslib

import (
	"os"

	"golang.org/x/sys/unix"
)

const (
	pidfsMagic            = 0x50494446
	pidfdGetUserNamespace = 0xff09 // PIDFD_GET_USER_NAMESPACE, _IO(0xFF, 9)
)

// OpenPidfd opens a pidfd for pid. With inode != 0 (util-linux's PID:INODE
// form, see getino(1)) the pidfd must be that very process: on pidfs its
// inode identifies the process for the life of the system, so a recycled
// PID gives ESRCH instead of a stranger.
func OpenPidfd(pid int, inode uint64) (int, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil || inode == 0 {
		return fd, err
	}
	var sfs unix.Statfs_t
	var st unix.Stat_t
	if unix.Fstatfs(fd, &sfs) != nil || sfs.Type != pidfsMagic ||
		unix.Fstat(fd, &st) != nil || st.Ino != inode {
		unix.Close(fd)
		return -1, unix.ESRCH
	}
	return fd, nil
}

// PidfdUserns opens the user namespace of the process behind pidfd
// (PIDFD_GET_USER_NAMESPACE, Linux 6.11).
func PidfdUserns(pidfd int) (*NSFile, error) {
	fd, err := unix.IoctlRetInt(pidfd, pidfdGetUserNamespace)
	if err != nil {
		return nil, err
	}
	return &NSFile{os.NewFile(uintptr(fd), "userns")}, nil
}

// PidfdAlive reports whether the process behind pidfd still runs, so a
// /proc/PID path opened after the pidfd belongs to it and not to a
// process that got the PID later (-1: no pidfd, nothing to check).
func PidfdAlive(pidfd int) bool {
	if pidfd < 0 {
		return true
	}
	err := unix.PidfdSendSignal(pidfd, 0, nil, 0)
	return err == nil || err == unix.EPERM
}

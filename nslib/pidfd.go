package nslib

import (
	"encoding/binary"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

const (
	pidfsMagic            = 0x50494446
	pidfdGetMntNamespace  = 0xff03 // PIDFD_GET_MNT_NAMESPACE, _IO(0xFF, 3)
	pidfdGetUserNamespace = 0xff09 // PIDFD_GET_USER_NAMESPACE, _IO(0xFF, 9)
	atHandleFID           = 0x200  // AT_HANDLE_FID (Linux 6.5)
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

// HandleError is OpenByID failing to make the file handle it opens.
type HandleError struct{ Err error }

func (e *HandleError) Error() string { return Strerror(e.Err) }
func (e *HandleError) Unwrap() error { return e.Err }

// OpenByID opens the namespace whose 64-bit id (NS_GET_ID) is id through
// an nsfs file handle (Linux 6.19), util-linux 2.42's nsenter -n:ID. A
// kernel without nsfs handles fails in the template, with a *HandleError.
func OpenByID(id uint64) (*NSFile, error) {
	h, err := NewHandleOpener()
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return h.Open(id)
}

// HandleOpener opens namespaces by id, one handle template for many.
type HandleOpener struct {
	mntfd int
	typ   int32
}

// NewHandleOpener makes the template: the handle of our own mount
// namespace, whose type and inode are zeroed and id replaced for each
// namespace (struct nsfs_file_handle: u64 ns_id, u32 ns_type, u32
// ns_inum). Errors are *HandleError.
func NewHandleOpener() (*HandleOpener, error) {
	pidfd, err := unix.PidfdOpen(os.Getpid(), 0)
	if err != nil {
		return nil, &HandleError{err}
	}
	nsfs, err := unix.IoctlRetInt(pidfd, pidfdGetMntNamespace)
	unix.Close(pidfd)
	if err != nil {
		return nil, &HandleError{err}
	}
	tmpl, _, err := unix.NameToHandleAt(nsfs, "", unix.AT_EMPTY_PATH|atHandleFID)
	if err != nil {
		unix.Close(nsfs)
		return nil, &HandleError{err}
	}
	return &HandleOpener{mntfd: nsfs, typ: tmpl.Type()}, nil
}

// Open opens the namespace with id.
func (h *HandleOpener) Open(id uint64) (*NSFile, error) {
	fd, err := unix.OpenByHandleAt(h.mntfd, unix.NewFileHandle(h.typ, nsfsHandle(id)), unix.O_RDONLY|unix.O_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return &NSFile{os.NewFile(uintptr(fd), "nsid:"+strconv.FormatUint(id, 10))}, nil
}

// Close releases the template's descriptor.
func (h *HandleOpener) Close() { unix.Close(h.mntfd) }

// nsfsHandle is struct nsfs_file_handle for the namespace with id, its type
// and inode zero, in the CPU's byte order.
func nsfsHandle(id uint64) []byte {
	h := make([]byte, 16)
	binary.NativeEndian.PutUint64(h, id)
	return h
}

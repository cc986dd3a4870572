package nslib

import (
	"os"

	"golang.org/x/sys/unix"
)

// The nsfs ioctls that relate namespaces to each other (ioctl_ns(2)).
// Each returns a new descriptor; EPERM means the relative lies outside the
// caller's view (above its own user namespace).

// Parent opens the parent of a pid or user namespace (NS_GET_PARENT).
func (f *NSFile) Parent() (*NSFile, error) { return f.related(unix.NS_GET_PARENT) }

// Owner opens the user namespace that owns this one (NS_GET_USERNS).
func (f *NSFile) Owner() (*NSFile, error) { return f.related(unix.NS_GET_USERNS) }

func (f *NSFile) related(req uint) (*NSFile, error) {
	fd, err := unix.IoctlRetInt(f.FD(), req)
	if err != nil {
		return nil, err
	}
	return &NSFile{os.NewFile(uintptr(fd), f.Name())}, nil
}

// OwnerUID returns the uid of the creator of a user namespace
// (NS_GET_OWNER_UID); other types give EINVAL.
func (f *NSFile) OwnerUID() (uint32, error) {
	var uid uint32
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(f.FD()), unix.NS_GET_OWNER_UID, UintptrOf(&uid))
	if errno != 0 {
		return 0, errno
	}
	return uid, nil
}

// SocketNetns opens the network namespace of a socket (SIOCGSKNS).
func SocketNetns(sockFD int) (*NSFile, error) {
	fd, err := unix.IoctlRetInt(sockFD, unix.SIOCGSKNS)
	if err != nil {
		return nil, err
	}
	return &NSFile{os.NewFile(uintptr(fd), "socket netns")}, nil
}

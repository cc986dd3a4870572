package nslib

import (
	"bytes"

	"golang.org/x/sys/unix"
)

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
// what getdents64 returned.
func direntNames(buf []byte, fn func(name []byte)) {
	for len(buf) >= 19 {
		reclen := int(buf[16]) | int(buf[17])<<8
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

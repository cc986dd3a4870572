package nslib

import "golang.org/x/sys/unix"

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

package nstest

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// A test binary links nslib, whose constructor starts the process on one
// CPU (nslib/affinity.c); nsbox widens it again only on its own paths that
// start programs. Test binaries start theirs through os/exec, so they are
// widened here, to every CPU the cpuset allows (the kernel intersects the
// mask with it), unless /proc is of another pid namespace (then the
// constructor narrowed nothing, and /proc's thread ids are not ours).
func init() {
	if self, err := os.Readlink("/proc/self"); err != nil || self != strconv.Itoa(os.Getpid()) {
		return
	}
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return
	}
	var all unix.CPUSet
	for i := range len(all) * 64 {
		all.Set(i)
	}
	for _, task := range tasks {
		if tid, err := strconv.Atoi(task.Name()); err == nil {
			unix.SchedSetaffinity(tid, &all)
		}
	}
}

//go:build cgo

package nslib

/*
#define _GNU_SOURCE
#include <sched.h>
extern cpu_set_t nsbox_affinity;
extern int nsbox_affinity_saved;
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// startCPUs is how many CPUs the caller's mask has when affinity.c started
// the runtime on one of them (0: it did not).
var startCPUs int

// init gives every thread the mask the process started with. Threads made
// later inherit it from their creator; one made while this runs by a
// thread not yet restored is caught by the next pass.
func init() {
	if C.nsbox_affinity_saved == 0 {
		return
	}
	mask := (*unix.CPUSet)(unsafe.Pointer(&C.nsbox_affinity))
	startCPUs = mask.Count()
	done := map[int]bool{}
	buf := make([]byte, 4096)
	for pass := 0; pass < 8; pass++ {
		dfd, err := unix.Open("/proc/self/task", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			unix.SchedSetaffinity(0, mask) // no /proc: at least this thread
			return
		}
		tids := readNumDir(dfd, ".", buf, nil)
		unix.Close(dfd)
		fresh := false
		for _, tid := range tids {
			if !done[tid] {
				unix.SchedSetaffinity(tid, mask)
				done[tid], fresh = true, true
			}
		}
		if !fresh {
			return
		}
	}
}

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
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// startCPUs is how many CPUs the caller's mask has when affinity.c started
// the process on one of them (0: it did not).
var startCPUs int

func init() {
	if C.nsbox_affinity_saved != 0 {
		startCPUs = (*unix.CPUSet)(unsafe.Pointer(&C.nsbox_affinity)).Count()
	}
}

// childMask gives the calling thread the CPU mask the process started with
// (affinity.c narrowed it to one CPU) and locks the goroutine to it: a
// program inherits the mask of the thread that forks or execs it, so
// nslib's Exec, ForkExec, ForkExecAttr and Start call this first (through
// forChild), and call done once the fork is over (an exec that works never
// returns).
func childMask() (done func()) {
	if startCPUs == 0 {
		return func() {}
	}
	runtime.LockOSThread()
	unix.SchedSetaffinity(0, (*unix.CPUSet)(unsafe.Pointer(&C.nsbox_affinity)))
	return runtime.UnlockOSThread
}

var unpin sync.Once

// Unpin gives every thread the CPU mask the process started with, for
// work on more than one CPU (MoreProcs). Threads made later inherit the
// mask from their creator; one made while this runs by a thread not yet
// restored is caught by the next pass.
func Unpin() {
	if startCPUs == 0 {
		return
	}
	unpin.Do(func() {
		mask := (*unix.CPUSet)(unsafe.Pointer(&C.nsbox_affinity))
		done := map[int]bool{}
		buf := make([]byte, 4096)
		for pass := 0; pass < 8; pass++ {
			dfd, err := unix.Open("/proc/self/task", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != nil {
				unix.SchedSetaffinity(0, mask) // /proc is gone: at least this thread
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
	})
}

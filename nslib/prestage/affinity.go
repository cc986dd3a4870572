package prestage

import (
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// The stage keeps an applet run on one CPU until it starts a program
// (prestage's one_cpu); startMask is the mask the process started with
// (nil: not narrowed) and startCPUs its size.
var (
	startMask = StartMask()
	startCPUs = cpuCount(startMask)
)

func cpuCount(s *unix.CPUSet) int {
	if s == nil {
		return 0
	}
	return s.Count()
}

// ChildMask gives the calling thread the CPU mask the process started with
// and locks the goroutine to it: a program inherits the mask of the thread
// that forks or execs it, so enter's Exec, ForkExec, ForkExecAttr and
// Start call this first (through forChild), and call done once the fork is
// over (an exec that works never returns).
func ChildMask() (done func()) {
	if startMask == nil {
		return func() {}
	}
	runtime.LockOSThread()
	unix.SchedSetaffinity(0, startMask)
	return runtime.UnlockOSThread
}

var unpin sync.Once

// Unpin gives every thread the CPU mask the process started with, for
// work on more than one CPU (MoreProcs). Threads made later inherit the
// mask from their creator; one made while this runs by a thread not yet
// restored is caught by the next pass.
func Unpin() {
	if startMask == nil {
		return
	}
	unpin.Do(func() {
		done := map[int]bool{}
		buf := make([]byte, 4096)
		for pass := 0; pass < 8; pass++ {
			dfd, err := unix.Open("/proc/self/task", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != nil {
				unix.SchedSetaffinity(0, startMask) // /proc is gone: at least this thread
				return
			}
			tids := nslib.ReadNumDir(dfd, ".", buf, nil)
			unix.Close(dfd)
			fresh := false
			for _, tid := range tids {
				if !done[tid] {
					unix.SchedSetaffinity(tid, startMask)
					done[tid], fresh = true, true
				}
			}
			if !fresh {
				return
			}
		}
	})
}

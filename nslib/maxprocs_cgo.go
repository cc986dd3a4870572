//go:build cgo

package nslib

// extern int nsbox_maxprocs_set;
import "C"

import (
	"os"
	"runtime"
)

// oneProc: the runtime started with the one P that maxprocs.c asked for.
var oneProc = C.nsbox_maxprocs_set != 0

func init() {
	if oneProc {
		os.Unsetenv("GOMAXPROCS")
	}
}

// MoreProcs gives the runtime up to n Ps when it started with the single
// one maxprocs.c set (not when the caller chose GOMAXPROCS), and returns
// how many it has.
func MoreProcs(n int) int {
	if oneProc && n > 1 {
		runtime.GOMAXPROCS(min(n, runtime.NumCPU()))
		oneProc = false
	}
	return runtime.GOMAXPROCS(0)
}

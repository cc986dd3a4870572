//go:build !cgo

package nslib

import "runtime"

// MoreProcs returns how many Ps the runtime has: without cgo there is no
// constructor to start it with one (maxprocs.c), so it has its default.
func MoreProcs(n int) int { return runtime.GOMAXPROCS(0) }

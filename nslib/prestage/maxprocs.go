package prestage

import (
	"os"
	"runtime"
)

// MoreProcs gives the runtime up to n Ps and returns how many it has. The
// cgo build starts on one CPU (the pre-runtime stage) and so with one P; code that
// can use more asks here. A GOMAXPROCS the caller set is left alone.
func MoreProcs(n int) int {
	Unpin()
	if have := runtime.GOMAXPROCS(0); startCPUs > have && n > have && os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(min(n, startCPUs))
	}
	return runtime.GOMAXPROCS(0)
}

//go:build !cgo

package prestage

import "golang.org/x/sys/unix"

// Available: builds without cgo have no stage. They cannot join or create
// user and time namespaces, and their programs get the signals the
// process started with ignored (but SIGHUP and SIGINT, which the runtime
// leaves alone) with their default action, and closed standard
// descriptors as /dev/null: nothing ran before the runtime to look.
const Available = false

var (
	startIgnored uint64
	startClosed  int
)

// StartMask: nothing narrowed the process.
func StartMask() *unix.CPUSet { return nil }

// JoinReport: no recipe ran.
func JoinReport() JoinResult { return JoinResult{} }

// UnshareReport: no recipe ran.
func UnshareReport() UnshareResult { return UnshareResult{} }

// BatchReport: no fast path ran.
func BatchReport() BatchResult { return BatchResult{} }

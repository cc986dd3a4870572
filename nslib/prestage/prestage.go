// Package prestage is the pre-runtime stage: all the C that runs before
// the Go runtime starts (one constructor, stage.c), and its Go side.
//
// The stage does what a multithreaded process cannot (join or create user
// and time namespaces), the commonest command lines whole (the fast path,
// fastpath.c), and records what the runtime hides (signals started
// ignored, closed standard descriptors). nsbox asks it for work only by
// re-executing itself with a plan (plan.go): one private trigger that no
// value from outside can pull.
package prestage

import "syscall"

// StartIgnored reports whether sig was ignored (SIG_IGN) when the process
// started; the runtime has put its own handler on most signals since.
// Builds without the stage (Available false) know nothing of it.
func StartIgnored(sig syscall.Signal) bool {
	return sig >= 1 && sig <= 64 && startIgnored&(1<<(sig-1)) != 0
}

// StartClosed reports whether standard descriptor fd (0, 1 or 2) was closed
// when the process started: the runtime has opened /dev/null on it since,
// and a program nsbox starts must get it closed, as from util-linux and
// iproute2.
func StartClosed(fd int) bool {
	return fd >= 0 && fd < 3 && startClosed&(1<<fd) != 0
}

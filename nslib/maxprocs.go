package nslib

import (
	"os"
	"runtime"
)

// oneProc: nslib set the runtime to one P (the caller set no GOMAXPROCS).
var oneProc = os.Getenv("GOMAXPROCS") == ""

// Every applet is a short, mostly sequential command. With one P per CPU
// (the default) each new goroutine, InThread's among them, wakes an idle P
// and the runtime starts a thread to spin for it, which costs more than
// the goroutine's work; a later execve then has to kill those threads too.
// Code that can use more CPUs asks for them (MoreProcs).
func init() {
	if oneProc {
		runtime.GOMAXPROCS(1)
	}
}

// MoreProcs gives the runtime up to n Ps, unless the caller chose
// GOMAXPROCS, and returns how many it has.
func MoreProcs(n int) int {
	if oneProc && n > 1 {
		runtime.GOMAXPROCS(min(n, runtime.NumCPU()))
		oneProc = false
	}
	return runtime.GOMAXPROCS(0)
}

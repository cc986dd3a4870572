package prestage

import (
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// A signal ignored when nsbox starts stays ignored in the programs nsbox
// runs, as execve(2) keeps SIG_IGN for util-linux and iproute2. The Go
// runtime puts its own handler on most signals at start-up, which a fork or
// exec turns into the default action; the pre-runtime stage records the
// dispositions before that (startIgnored), and nsbox ignores those signals
// again before it starts a program. The signals the runtime keeps for itself (SIGSEGV,
// SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSTKFLT, SIGSYS, SIGPROF) cannot be
// ignored from Go: programs get them with their default action.

// StartIgnoredKnown: this build knows which signals the process started
// with ignored (it has the pre-runtime stage), and its programs inherit
// them ignored.
const StartIgnoredKnown = Available

// chld is SIGCHLD's bit: ignored, it makes the kernel reap the children
// this process waits for, so it is passed on only by an exec (forExec).
const chld = 1 << (unix.SIGCHLD - 1)

var ignoreOnce sync.Once

// IgnoreInherited ignores again the signals the process was started with
// ignored (but SIGCHLD), once, so that the programs it forks or execs
// inherit SIG_IGN; nslib calls it before each. Code that handles one of
// them with signal.Notify calls it first, or the Notify is undone.
func IgnoreInherited() {
	ignoreOnce.Do(func() {
		var sigs []os.Signal
		for sig := 1; sig <= 64; sig++ {
			if startIgnored&^chld&(1<<(sig-1)) != 0 {
				sigs = append(sigs, syscall.Signal(sig))
			}
		}
		if len(sigs) > 0 { // signal.Ignore() with none ignores every signal
			signal.Ignore(sigs...)
		}
	})
}

// NotInherited returns those of sigs the process was not started with
// ignored.
func NotInherited(sigs ...os.Signal) []os.Signal {
	var out []os.Signal
	for _, s := range sigs {
		if startIgnored&(1<<(s.(syscall.Signal)-1)) == 0 {
			out = append(out, s)
		}
	}
	return out
}

// ClearInherited gives programs sig with its default action even if the
// process was started with it ignored (util-linux unshare resets SIGCHLD).
// Call it before the first program is started.
func ClearInherited(sig syscall.Signal) { startIgnored &^= 1 << (sig - 1) }

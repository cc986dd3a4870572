package nstest

import (
	"os/exec"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// RunTime runs argv to completion and returns how long it ran, from its
// exec to its exit: the span a fault test kills it in. It fails t unless
// the command exits 0.
func RunTime(t testing.TB, argv ...string) time.Duration {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil { // returns once the program is exec'd
		t.Fatal(err)
	}
	start := time.Now()
	err := cmd.Wait()
	d := time.Since(start)
	if err != nil {
		t.Fatalf("%q: %v", argv, err)
	}
	return d
}

// KillAfter starts argv, sends it SIGKILL delay after its exec and reaps
// it. It returns the exit status when the command was done before the kill
// landed, else -1.
func KillAfter(t testing.TB, delay time.Duration, argv ...string) (status int) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// nanosleep, not time.Sleep: the runtime's timers are only as fine as
	// a millisecond while the process is idle, and these spans are a few.
	ts := unix.NsecToTimespec(delay.Nanoseconds())
	for unix.Nanosleep(&ts, &ts) == unix.EINTR {
	}
	cmd.Process.Kill()
	cmd.Wait()
	return cmd.ProcessState.ExitCode()
}

// KillSpan is the range a fault test draws its kill delays from, given
// measured run times: the median run. A run measured from outside ends a
// little after the program has exited, so some killed runs still finish.
func KillSpan(runs []time.Duration) time.Duration {
	s := slices.Clone(runs)
	slices.Sort(s)
	return s[len(s)/2]
}

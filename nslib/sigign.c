//go:build cgo

// Record which signals the process was started with ignored (SIG_IGN),
// before the Go runtime puts its own handler on most of them; a program
// started later would get their default action instead (see sigign.go).
// No allocation, no /proc: a sigaction look-up per signal. libc refuses
// the signals it reserves (32 to 34 in musl); the runtime leaves those
// alone, so an inherited SIG_IGN of theirs is passed on anyway.
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

uint64_t nsbox_start_ignored; // bit sig-1: sig was SIG_IGN

__attribute__((constructor)) static void nsbox_record_ignored(void)
{
	struct sigaction old;
	for (int sig = 1; sig < _NSIG && sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			nsbox_start_ignored |= (uint64_t)1 << (sig - 1);
}

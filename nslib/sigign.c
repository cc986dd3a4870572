//go:build cgo

// Record which signals the process was started with ignored (SIG_IGN),
// before the Go runtime puts its own handler on most of them; a program
// started later would get their default action instead (see sigign.go).
// No allocation, no /proc: one look-up per signal, of the kernel itself,
// as libc refuses the signals it reserves (32 to 34 in musl).
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

uint64_t nsbox_start_ignored; // bit sig-1: sig was SIG_IGN

// ignored: the kernel's action for sig is SIG_IGN. Its struct sigaction
// starts with the handler, but on MIPS, where the flags come first.
static int ignored(int sig)
{
	unsigned long ksa[8] = {0};
	if (syscall(SYS_rt_sigaction, sig, NULL, ksa, _NSIG / 8) != 0)
		return 0;
#ifdef __mips__
	return ksa[1] == (unsigned long)SIG_IGN;
#else
	return ksa[0] == (unsigned long)SIG_IGN;
#endif
}

__attribute__((constructor)) static void nsbox_record_ignored(void)
{
	for (int sig = 1; sig < _NSIG && sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && ignored(sig))
			nsbox_start_ignored |= (uint64_t)1 << (sig - 1);
}

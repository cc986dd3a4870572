//go:build cgo

// Run on one CPU until a program is started. The Go runtime sizes itself
// by the CPUs it may use (sched_getaffinity): with more than one it runs
// with as many Ps and starts threads for the idle ones, and on a small VM
// the cross-CPU wake-ups, IPIs and TLB shoot-downs of those threads cost a
// fifth of a short command, exec included. This constructor runs before
// the runtime and keeps the process on the CPU it is on. Every program
// nsbox starts (and its own re-execs) goes through nslib's Exec, ForkExec,
// ForkExecAttr or Start, which first give the forking or exec'ing thread
// the caller's mask back (a program inherits that thread's), so no
// program inherits the narrow one; code that can use more CPUs asks for
// them (MoreProcs), which gives every thread the mask back (nslib.Unpin).
// Unpin finds the threads by their /proc/self/task ids, so nothing is
// narrowed unless /proc is of our pid namespace (after unshare -p without
// --mount-proc it is not). Go test binaries (named
// *.test) link nslib too but start their programs through os/exec: they
// are left alone.
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

cpu_set_t nsbox_affinity;
int nsbox_affinity_saved;

__attribute__((constructor)) static void nsbox_one_cpu(void)
{
	cpu_set_t one;
	char self[16];
	ssize_t len = readlink("/proc/self", self, sizeof(self) - 1);
	if (len <= 0)
		return;
	self[len] = 0;
	if (atoi(self) != getpid())
		return;
	char exe[4096];
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len < 0 || (len >= 5 && memcmp(exe + len - 5, ".test", 5) == 0))
		return;
	int cpu = sched_getcpu();
	if (cpu < 0 || sched_getaffinity(0, sizeof(nsbox_affinity), &nsbox_affinity) != 0 ||
	    CPU_COUNT(&nsbox_affinity) < 2)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) == 0)
		nsbox_affinity_saved = 1;
}

//go:build cgo

// The pre-runtime stage: the one constructor of nsbox, and so all the code
// that runs before the Go runtime starts its threads. It does, in order:
//
//  1. Nothing at all in a set-uid or set-gid run (Go refuses it in main).
//  2. Take the private trigger: _NSBOX_PLAN=FD names a plan that nsbox
//     handed to itself (plan.go). It is honoured only when FD is a sealed
//     memfd whose first line names this process or its parent as the
//     creator, so no value from outside can steer the stage; the variable
//     is dropped from libc's environment here and from Go's in plan.go, so
//     no program nsbox starts ever sees it. A valid plan runs its recipe
//     (nsenter's joins, unshare's user and time namespaces) and Go resumes.
//  3. Without a plan: the fast path (fastpath.c) may do the whole command.
//  4. Record what Go cannot see later: the signals the process started
//     with ignored, and which standard descriptors were closed.
//  5. Refuse, in one line, an address-space limit below what the Go
//     runtime reserves at start-up (it would die with a stack trace).
//  6. Keep the process on one CPU until it starts a program (affinity).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "applets.h"
#include "stage.h"

#ifndef F_GET_SEALS
#define F_GET_SEALS 1034
#endif
#ifndef F_SEAL_SEAL
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif

#define TRIGGER "_NSBOX_PLAN="
#define PLAN_MAX 8192

// What Go reads after the runtime has started (startup.go).
uint64_t nsbox_start_ignored; // bit sig-1: sig was SIG_IGN
int nsbox_start_closed;       // bit fd: standard descriptor fd was closed
cpu_set_t nsbox_affinity;     // the CPU mask the process started with
int nsbox_affinity_saved;     // 1: the process was narrowed to one CPU

static struct {
	int valid;
	size_t len;
	char buf[PLAN_MAX]; // "key value\0" records, from the second line on
} plan;

const char *plan_value(const char *key)
{
	size_t kl = strlen(key);
	if (!plan.valid)
		return NULL;
	for (size_t off = 0; off < plan.len; off += strlen(plan.buf + off) + 1)
		if (!strncmp(plan.buf + off, key, kl) && plan.buf[off + kl] == ' ')
			return plan.buf + off + kl + 1;
	return NULL;
}

// take_plan reads the trigger's plan (see plan.go for its format) and gives
// libc an environment without the trigger, so the fast path's programs
// never see it. The Go runtime reads the original environment: plan.go
// drops the variable there.
static void take_plan(void)
{
	char **e, **clean;
	const char *v = NULL;
	size_t n = 0;
	for (e = environ; *e; e++, n++)
		if (!strncmp(*e, TRIGGER, sizeof(TRIGGER) - 1))
			v = *e + sizeof(TRIGGER) - 1;
	if (!v)
		return;
	if ((clean = malloc((n + 1) * sizeof(*clean)))) {
		char **w = clean;
		for (e = environ; *e; e++)
			if (strncmp(*e, TRIGGER, sizeof(TRIGGER) - 1))
				*w++ = *e;
		*w = NULL;
		environ = clean;
	}
	char *end;
	long fd = strtol(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || fd < 3 || fd > 1 << 20)
		return;
	int want = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
	if (fcntl((int)fd, F_GET_SEALS) != want) // not a sealed memfd
		return;
	ssize_t len = pread((int)fd, plan.buf, sizeof(plan.buf) - 1, 0);
	if (len <= 0 || (size_t)len >= sizeof(plan.buf) - 1)
		return;
	plan.buf[len] = 0;
	long creator;
	int hl;
	if (sscanf(plan.buf, "nsbox-plan 1 %ld\n%n", &creator, &hl) != 1 || hl <= 0 ||
	    (creator != getpid() && creator != getppid() && getppid() != 0))
		return;
	fcntl((int)fd, F_SETFD, FD_CLOEXEC); // Go reads it, then closes it
	// The records: one per line, "key value", the value's %25 and %0A
	// decoded (into fewer bytes, so in place).
	size_t w = 0;
	for (size_t r = hl; r < (size_t)len; r++) {
		char c = plan.buf[r];
		if (c == '\n')
			c = 0;
		else if (c == '%' && r + 2 < (size_t)len && !strncmp(plan.buf + r, "%25", 3))
			r += 2;
		else if (c == '%' && r + 2 < (size_t)len && !strncmp(plan.buf + r, "%0A", 3))
			c = '\n', r += 2;
		plan.buf[w++] = c;
	}
	plan.buf[w] = 0;
	plan.len = w;
	plan.valid = 1;
}

// ignored: the kernel's action for sig is SIG_IGN. Its struct sigaction
// starts with the handler, but on MIPS, where the flags come first. Asked
// of the kernel: libc refuses the signals it reserves (32 to 34 in musl).
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

// process_argv finds argv in the initial process stack: argc, then
// argv[0..argc-1] and a NULL, then the environment, which environ still
// points at before main (and before take_plan gives libc a copy). Counting
// back from environ, argc is the first word equal to the number of words
// passed (every argv word is a pointer). NULL when it is not found.
static char **process_argv(void)
{
	long *w = (long *)environ - 1; // argv's NULL
	for (long n = 0; n < 64; n++)
		if (w[-n - 1] == n)
			return n < 1 ? NULL : (char **)(w - n);
	return NULL;
}

// applet_args is main.go's dispatch: the applet argv names (the basename,
// a login shell's '-' stripped, or the first argument after nsbox; an
// alias by its applet) goes to *applet, and the words after it are
// returned; NULL when argv names no applet (a Go test binary, say).
static char **applet_args(char **argv, const char **applet)
{
	if (!argv)
		return NULL;
	const char *base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (*base == '-')
		base++;
	if (!strcmp(base, "nsbox")) {
		*applet = "nsbox";
		if (!*++argv)
			return argv;
		base = argv[0];
	}
	for (const char *const *a = nsbox_applets; *a; a += 2)
		if (!strcmp(base, a[0])) {
			*applet = a[1];
			return argv + 1;
		}
	return **applet ? argv : NULL;
}

static void record_start(void)
{
	for (int sig = 1; sig < _NSIG && sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && ignored(sig))
			nsbox_start_ignored |= (uint64_t)1 << (sig - 1);
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			nsbox_start_closed |= 1 << fd;
}

// The virtual address space the Go runtime reserves before main (heap
// arena index, page summaries): measured with `ulimit -v`, with a margin.
#if UINTPTR_MAX > 0xffffffffu
#define RUNTIME_AS_KIB (720UL << 10)
#else
#define RUNTIME_AS_KIB (64UL << 10)
#endif

static void check_address_space(const char *applet)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur / 1024 >= RUNTIME_AS_KIB)
		return;
	dprintf(2, "%s: the address-space limit (ulimit -v) of %lu KiB is below the %lu KiB nsbox needs\n",
		applet, (unsigned long)(rl.rlim_cur / 1024), RUNTIME_AS_KIB);
	_exit(1);
}

// one_cpu keeps the process on the CPU it is on until it starts a program.
// The Go runtime sizes itself by the CPUs it may use: with more than one
// it starts threads for the idle Ps, and on a small VM their cross-CPU
// wake-ups cost a fifth of a short command. Every program nsbox starts
// goes through enter's Exec, ForkExec, ForkExecAttr or Start, which give
// the caller's mask back first (a program inherits the starting thread's).
// Only a run as an applet is narrowed (a Go test binary linking nslib
// starts programs through os/exec), and only when /proc is ours, which
// Unpin needs to find the threads.
static void one_cpu(void)
{
#ifdef NSBOX_NO_NARROW
	return; // a build for the bench: what narrowing buys (nonarrow.go)
#endif
	cpu_set_t one;
	char self[16];
	ssize_t len = readlink("/proc/self", self, sizeof(self) - 1);
	if (len <= 0)
		return;
	self[len] = 0;
	int cpu = sched_getcpu();
	if (atoi(self) != getpid() || cpu < 0 ||
	    sched_getaffinity(0, sizeof(nsbox_affinity), &nsbox_affinity) != 0 || CPU_COUNT(&nsbox_affinity) < 2)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) == 0)
		nsbox_affinity_saved = 1;
}

__attribute__((constructor)) static void nsbox_stage(void)
{
	const char *applet = "";
	char **argv, **args;
	if (getuid() != geteuid() || getgid() != getegid())
		return;
	argv = process_argv();
	args = applet_args(argv, &applet);
	take_plan();
	if (plan.valid) {
		const char *data;
		if ((data = plan_value("join")))
			join_run(data);
		else if ((data = plan_value("unshare")))
			unshare_stage_run(data);
		else if (plan_value("exec") && argv)
			child_run(argv);
	} else if (args) {
		fast_path(applet, args);
	}
	record_start();
	if (!args)
		return;
	check_address_space(applet);
	one_cpu();
}

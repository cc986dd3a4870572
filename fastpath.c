//go:build cgo

// The fast path: the commonest nsenter and unshare command lines, done
// whole before the Go runtime starts.
//
//   nsenter -t PID -n -u CMD...   (-t PID: -tPID, --target PID, --target=PID;
//                                  namespaces: -n -u -i -C, --net --uts
//                                  --ipc --cgroup, each on its own)
//   unshare -n -u CMD...          (-n -u -i -C, clusters such as -nu,
//                                  --net --uts --ipc --cgroup)
//
// each optionally with "--" before CMD, called as nsenter/unshare or as
// `nsbox nsenter`/`nsbox unshare`. That is pidfd_open, one setns (or one
// unshare) and execve: a C program does it in a fraction of the time the
// Go runtime takes to start (see docs/performance.md).
//
// It is only a shortcut. It acts on nothing it does not fully understand,
// and commits only by a successful execve: any other command line, private
// nsbox variable, closed standard descriptor, set-id run, or failure of any
// step returns here, and Go then runs the whole command from the start,
// with its messages and exit codes. Redoing the steps is harmless: setns to
// the namespaces one is in already changes nothing, and a second unshare
// only makes fresh namespaces again. The program is the one Go would run:
// each PATH entry in turn while execve says the file does not exist, and
// back to Go at anything else (an empty entry, no PATH, a file that exists
// but fails to run).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

enum { NO = -1 };

// flag is the CLONE_NEW* type a namespace option names (0: none of ours).
static int flag(const char *opt, int short_ok)
{
	static const struct {
		const char *s, *l;
		int type;
	} t[] = {
		{"-n", "--net", CLONE_NEWNET},
		{"-u", "--uts", CLONE_NEWUTS},
		{"-i", "--ipc", CLONE_NEWIPC},
		{"-C", "--cgroup", CLONE_NEWCGROUP},
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if ((short_ok && !strcmp(opt, t[i].s)) || !strcmp(opt, t[i].l))
			return t[i].type;
	return 0;
}

// pid parses a plain decimal PID in 1..INT_MAX.
static int pid(const char *s)
{
	long v = 0;
	if (*s < '1' || *s > '9')
		return NO;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 0x7fffffff)
			return NO;
	return *s ? NO : (int)v;
}

// nsenter reads the options of `nsenter`; it returns the program's argv,
// or NULL when the command line is not one of ours.
static char **parse_nsenter(char **a, int *target, int *mask)
{
	*target = NO;
	*mask = 0;
	for (; *a && (*a)[0] == '-'; a++) {
		const char *s = *a;
		int t = NO, f;
		if (!strcmp(s, "--")) {
			a++;
			break;
		}
		if (!strcmp(s, "-t") || !strcmp(s, "--target")) {
			if (!*++a)
				return NULL;
			t = pid(*a);
		} else if (!strncmp(s, "--target=", 9)) {
			t = pid(s + 9);
		} else if (s[1] == 't') {
			t = pid(s + 2);
		} else if ((f = flag(s, 1))) {
			*mask |= f;
			continue;
		} else {
			return NULL;
		}
		if (t == NO || *target != NO)
			return NULL;
		*target = t;
	}
	return *mask && *target != NO ? a : NULL;
}

// unshare reads the options of `unshare`, whose short namespace options
// take no argument and so may be clustered.
static char **parse_unshare(char **a, int *mask)
{
	*mask = 0;
	for (; *a && (*a)[0] == '-'; a++) {
		const char *s = *a;
		int f;
		if (!strcmp(s, "--")) {
			a++;
			break;
		}
		if ((f = flag(s, 0))) {
			*mask |= f;
			continue;
		}
		if (s[1] == '-' || !s[1])
			return NULL;
		for (s++; *s; s++) {
			char opt[3] = {'-', *s, 0};
			if (!(f = flag(opt, 1)))
				return NULL;
			*mask |= f;
		}
	}
	return *mask ? a : NULL;
}

// run execs argv as Go's look-up would find it; it returns when Go must
// take over.
static void run(char **argv)
{
	const char *name = argv[0], *dir, *end;
	char path[4096];
	if (!name || !*name || *name == '-')
		return;
	if (strchr(name, '/')) {
		execve(name, argv, environ);
		return;
	}
	if (!(dir = getenv("PATH")))
		return;
	for (;; dir = end + 1) {
		size_t dl, nl = strlen(name);
		end = strchrnul(dir, ':');
		dl = end - dir;
		if (!dl || dl + nl + 2 > sizeof(path))
			return;
		memcpy(path, dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, name, nl + 1);
		execve(path, argv, environ);
		if (errno != ENOENT && errno != ENOTDIR)
			return;
		// ENOENT is also a missing ELF interpreter: only a file that is
		// not there sends the search on.
		if (!*end || access(path, F_OK) == 0)
			return;
	}
}

// args finds the applet's options in the initial process stack: argc, then
// argv[0..argc-1] and a NULL, then the environment, which environ still
// points at before main. Counting back from environ, argc is the first
// word equal to the number of words passed (every argv word is a pointer).
static char **args(const char **applet)
{
	long *w = (long *)environ - 1; // argv's NULL
	char **argv = NULL;
	for (long n = 0; n < 64; n++)
		if (w[-n - 1] == n) {
			if (n < 2)
				return NULL; // no applet, or no argument
			argv = (char **)(w - n);
			break;
		}
	if (!argv)
		return NULL;
	const char *base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (*base == '-')
		base++;
	if (!strcmp(base, "nsbox")) {
		argv++;
		base = argv[0];
	}
	if (strcmp(base, "nsenter") && strcmp(base, "unshare"))
		return NULL;
	*applet = base;
	return argv + 1;
}

// safe: nothing stands in the way of doing the command here.
static int safe(void)
{
	// Set-id runs are refused by Go (setuid.go); the private variables
	// mean a stage or helper run of nsbox.
	if (getuid() != geteuid() || getgid() != getegid())
		return 0;
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, "_NSBOX_", 7))
			return 0;
	// The Go runtime gives a closed standard descriptor /dev/null.
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			return 0;
	return 1;
}

// Priority 101: before nslib's constructors, which prepare for Go.
__attribute__((constructor(101))) static void nsbox_fast_path(void)
{
	const char *applet;
	char **a, **prog;
	int target, mask;

	if (!(a = args(&applet)))
		return;
	prog = applet[0] == 'n' ? parse_nsenter(a, &target, &mask) : parse_unshare(a, &mask);
	if (!prog || !safe())
		return;
	if (applet[0] == 'n') {
		int pidfd = syscall(SYS_pidfd_open, target, 0);
		if (pidfd < 0)
			return;
		int err = setns(pidfd, mask);
		close(pidfd);
		if (err)
			return;
	} else if (unshare(mask)) {
		return;
	} else {
		signal(SIGCHLD, SIG_DFL); // as util-linux unshare does first
	}
	run(prog);
}

//go:build cgo

// The fast path: the commonest nsenter and unshare command lines, done
// whole before the Go runtime starts.
//
//   nsenter -t PID -n -u CMD...   (-t PID: -tPID, --target PID, --target=PID;
//                                  namespaces: -n -u -i -C, --net --uts
//                                  --ipc --cgroup, each on its own)
//   unshare -n -u CMD...          (-n -u -i -C, clusters such as -nu,
//                                  --net --uts --ipc --cgroup)
//   netns exec NAME CMD...        (no options; NAME without a directory
//                                  in NETNS_ETC_DIR)
//
// nsenter and unshare optionally with "--" before CMD; each called by its
// name or as `nsbox APPLET`. That is pidfd_open and one setns, one
// unshare, or ip netns exec's few mounts, and execve: a C program does it
// in a fraction of the time the Go runtime takes to start (see
// docs/performance.md).
//
// It is only a shortcut. It acts on nothing it does not fully understand,
// and commits only by a successful execve: any other command line, private
// nsbox variable, closed standard descriptor, set-id run, or failure of any
// step returns here, and Go then runs the whole command from the start,
// with its messages and exit codes. Redoing the steps is harmless: setns to
// the namespaces one is in already changes nothing, and a second unshare
// only makes fresh namespaces again. (No pid, user or time namespace is
// ever entered or made here: after that the Go runtime could not start
// its threads, and there would be no way back.) The program is the one Go would run:
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
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

// Newer than some libc headers.
#define NSFS_MAGIC 0x6e736673
#define SYSFS_MAGIC 0x62656572
#define CGROUP2_SUPER_MAGIC 0x63677270
#define NS_GET_NSTYPE 0xb703 // _IO(0xb7, 0x3)
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 4
#endif

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

// join writes DIR (its first dl bytes), '/' and NAME into path (PATH_MAX
// bytes); it fails when they do not fit.
static int join(char *path, const char *dir, size_t dl, const char *name)
{
	size_t nl = strlen(name);
	if (dl + nl + 2 > 4096)
		return -1;
	memcpy(path, dir, dl);
	path[dl] = '/';
	memcpy(path + dl + 1, name, nl + 1);
	return 0;
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
		end = strchrnul(dir, ':');
		if (end == dir || join(path, dir, end - dir, name))
			return;
		execve(path, argv, environ);
		if (errno != ENOENT && errno != ENOTDIR)
			return;
		// ENOENT is also a missing ELF interpreter: only a file that is
		// not there sends the search on.
		if (!*end || access(path, F_OK) == 0)
			return;
	}
}

// netns_exec prepares `netns exec NAME PROGRAM` as nslib's
// EnterNetnsForExec does (exec.go: setns, a private mount namespace that
// receives but never sends mount events, the namespace's own sysfs on
// /sys, read-only when the old one was, with the cgroup tree carried
// over); it returns 0 when PROGRAM may run. A name with a directory in
// NETNS_ETC_DIR is left to Go, whose binds over /etc may warn.
static int netns_exec(char **a)
{
	const char *name, *dir = getenv("NETNS_RUN_DIR"), *etc = getenv("NETNS_ETC_DIR");
	char path[4096];
	struct statfs sfs, cfs;
	unsigned long flags = 0;
	int fd, cgroups = -1;

	// No option before the subcommand, and nslib.ValidName.
	if (!a[0] || strcmp(a[0], "exec"))
		return -1;
	name = a[1];
	if (!name || !*name || strlen(name) > 255 || !strcmp(name, ".") ||
	    !strcmp(name, "..") || strchr(name, '/') || !a[2])
		return -1;
	if (!etc || !*etc)
		etc = "/etc/netns";
	if (!dir || !*dir)
		dir = "/run/netns";
	if (join(path, etc, strlen(etc), name) || access(path, F_OK) == 0 || errno != ENOENT)
		return -1;
	if (join(path, dir, strlen(dir), name) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstatfs(fd, &sfs) || sfs.f_type != NSFS_MAGIC || ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET ||
	    setns(fd, CLONE_NEWNET)) {
		close(fd);
		return -1;
	}
	close(fd);
	if (unshare(CLONE_NEWNS) || mount("", "/", "none", MS_SLAVE | MS_REC, NULL))
		return -1;
	if (statfs("/sys", &sfs) == 0 && (sfs.f_flags & ST_RDONLY))
		flags = MS_RDONLY;
	if (statfs("/sys/fs/cgroup", &cfs) == 0 && cfs.f_type != SYSFS_MAGIC)
		cgroups = syscall(SYS_open_tree, AT_FDCWD, "/sys/fs/cgroup",
				  OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
	else
		cfs.f_type = 0;
	if (umount2("/sys", MNT_DETACH) && statfs("/sys", &sfs) == 0 && (sfs.f_flags & ST_RDONLY))
		flags = MS_RDONLY;
	// From here a failure leaves Go a changed mount namespace; Go takes a
	// fresh copy and does the same steps, which fail the same way.
	if (mount(name, "/sys", "sysfs", flags, NULL)) {
		if (cgroups >= 0)
			close(cgroups);
		return -1;
	}
	if (cgroups >= 0) {
		syscall(SYS_move_mount, cgroups, "", AT_FDCWD, "/sys/fs/cgroup", MOVE_MOUNT_F_EMPTY_PATH);
		close(cgroups);
	} else if (cfs.f_type == CGROUP2_SUPER_MAGIC) {
		mount("cgroup2", "/sys/fs/cgroup", "cgroup2", flags, NULL);
	}
	return 0;
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
	if (!strcmp(base, "ipnetns"))
		base = "netns";
	if (strcmp(base, "nsenter") && strcmp(base, "unshare") && strcmp(base, "netns"))
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
	if (!strcmp(applet, "netns")) {
		if (safe() && netns_exec(a) == 0)
			run(a + 2);
		return;
	}
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

//go:build cgo

// The fast path: the commonest command lines, done whole before the Go
// runtime starts.
//
//   nsenter -t PID -n -u CMD...   (-t PID: -tPID, --target PID, --target=PID;
//                                  namespaces: -n -u -i -C, --net --uts
//                                  --ipc --cgroup, each on its own)
//   unshare -m -n -p -f CMD...    (-m -u -i -n -p -C and -f, clusters such
//                                  as -mnpf, the long forms; -p only with -f)
//   netns exec NAME CMD...        (no options; NAME without a directory
//                                  in NETNS_ETC_DIR)
//   netns add NAME                (a NAME that does not exist yet)
//   netns delete NAME             (no option, one name)
//   netns -b FILE                 (a regular file of `netns delete NAME`
//                                  lines, as far as they go)
//   netns identify [PID]          (the last name that is PID's namespace)
//   netns [list]                  (list, show or lst, or a prefix of one)
//
// The options of nsenter and unshare come from fastopts.h, which `make
// docs` writes from the applets' option declarations (applet.Opt's Fast).
//
// nsenter and unshare optionally with "--" before CMD; each called by its
// name or as `nsbox APPLET`. That is pidfd_open and one setns, an unshare
// and perhaps a fork, ip netns exec's few mounts, and execve; or the few
// calls of an add or a list: a C program does it in a fraction of the
// time the Go runtime takes to start (see docs/performance.md).
//
// It is only a shortcut. It acts on nothing it does not fully understand,
// and commits only by a successful execve (or a finished add or list): any
// other command line, private nsbox variable, closed standard descriptor,
// set-id run, or failure of any step returns here, and Go then runs the
// whole command from the start, with its messages and exit codes. Redoing
// the steps is harmless: setns to the namespaces one is in already changes
// nothing, a second unshare only makes fresh namespaces again, and a failed
// add leaves no file behind. This process never enters or makes a pid,
// user or time namespace: after that the Go runtime could not start its
// threads, and there would be no way back. (unshare -p -f makes the pid
// namespace with the child, and the parent joins it only once the child's
// program runs.) The program is the one Go would run:
// each PATH entry in turn while execve says the file does not exist, and
// back to Go at anything else (an empty entry, a file that exists but
// fails to run); without PATH, enter.LookPath's default "/bin:/usr/bin".
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stage.h"

// Newer than some libc headers.
#define NSFS_MAGIC 0x6e736673
#define SYSFS_MAGIC 0x62656572
#define CGROUP2_SUPER_MAGIC 0x63677270
#define NS_GET_NSTYPE 0xb703 // _IO(0xb7, 0x3)
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 4
#endif

enum { NO = -1 };

// What an option of fastopts.h means besides a CLONE_NEW* flag: unshare's
// -f, nsenter's -t; in CSIGNAL's bits, which no CLONE_NEW* flag uses.
enum { FORK = 1, TARGET = 2 };

#include "fastopts.h"

// fastopt finds OPT, "--LONG" or (short_ok) "-S", among an applet's options
// of fastopts.h (made from the applets' option declarations); NULL: none of
// ours.
static const struct nsbox_fastopt *fastopt(const struct nsbox_fastopt *t, const char *opt, int short_ok)
{
	for (; t->l; t++)
		if (opt[0] == '-' && ((short_ok && opt[1] == t->s && !opt[2]) ||
				      (opt[1] == '-' && !strcmp(opt + 2, t->l))))
			return t;
	return NULL;
}

// attached is the argument in the same word as the option of type TYPE
// (-tPID, --target=PID), or NULL.
static const char *attached(const struct nsbox_fastopt *t, const char *s, int type)
{
	for (; t->l; t++) {
		size_t n = strlen(t->l);
		if (t->type != type)
			continue;
		if (s[1] == '-' && !strncmp(s + 2, t->l, n) && s[2 + n] == '=')
			return s + 3 + n;
		if (s[1] == t->s)
			return s + 2;
	}
	return NULL;
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
		const char *s = *a, *v;
		const struct nsbox_fastopt *o = fastopt(nsbox_fast_nsenter, s, 1);
		int t = NO;
		if (!strcmp(s, "--")) {
			a++;
			break;
		}
		if (o && o->type == TARGET) {
			if (!*++a)
				return NULL;
			t = pid(*a);
		} else if (o) {
			*mask |= o->type;
			continue;
		} else if ((v = attached(nsbox_fast_nsenter, s, TARGET))) {
			t = pid(v);
		} else {
			return NULL;
		}
		if (t == NO || *target != NO)
			return NULL;
		*target = t;
	}
	return *mask && *target != NO ? a : NULL;
}

// unshare reads the options of `unshare`, whose short options here take
// no argument and so may be clustered. A new pid namespace needs --fork.
static char **parse_unshare(char **a, int *mask)
{
	*mask = 0;
	for (; *a && (*a)[0] == '-'; a++) {
		const char *s = *a;
		const struct nsbox_fastopt *o;
		if (!strcmp(s, "--")) {
			a++;
			break;
		}
		if ((o = fastopt(nsbox_fast_unshare, s, 0))) {
			*mask |= o->type;
			continue;
		}
		if (s[1] == '-' || !s[1])
			return NULL;
		for (s++; *s; s++) {
			char opt[3] = {'-', *s, 0};
			if (!(o = fastopt(nsbox_fast_unshare, opt, 1)))
				return NULL;
			*mask |= o->type;
		}
	}
	if (!(*mask & ~FORK) || ((*mask & CLONE_NEWPID) && !(*mask & FORK)))
		return NULL;
	return a;
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

// run execs argv as Go would (enter.LookPath, enter.Exec); it returns when
// Go must take over, which redoes the look-up and reports the failure.
static void run(char **argv)
{
	char path[4096];
	if (argv[0] && *argv[0] != '-' && find_program(argv[0], path, sizeof(path)) == 0)
		exec_file(path, argv);
}

// say writes the message util-linux's err would ("unshare: MSG\n").
static void say(const char *msg)
{
	size_t n = strlen(msg);
	if (write(2, "unshare: ", 9) == 9 && write(2, msg, n) == (ssize_t)n)
		write(2, "\n", 1);
}

// die_of ends this process as its child ended, of signal sig, as enter's
// DieOfSignal does; it returns when sig does not kill (its default is to
// ignore it).
static void die_of(int sig)
{
	sigset_t set;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
}

// unshare_run is the Go path of unshare (applets/unshare/run.go) for the
// namespace flags and -f: unshare, private propagation for a new mount
// namespace, then the program in place or in a child that the parent
// waits for and mirrors. It returns when Go must take over.
static void unshare_run(char **prog, int mask)
{
	int pipefd[2], pidfd = -1, status;
	sigset_t block, old;
	pid_t child;
	char c;
	ssize_t n;

	if (unshare(mask & ~(FORK | CLONE_NEWPID)))
		return;
	signal(SIGCHLD, SIG_DFL); // as util-linux unshare does first
	if ((mask & CLONE_NEWNS) && mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return;
	if (!(mask & FORK)) {
		run(prog);
		return;
	}
	// The child gets the new pid namespace from clone, so this process
	// stays able to fall back to Go. The pipe tells whether its program
	// runs: closed by the execve, or one byte when Go must take over.
	// SIGINT and SIGTERM are the child's: blocked here from before the
	// fork (as util-linux does), ignored once the child runs (as Go does),
	// and then unblocked, which drops any that came meanwhile.
	if (pipe2(pipefd, O_CLOEXEC))
		return;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	child = syscall(SYS_clone, (mask & CLONE_NEWPID) | CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		run(prog);
		write(pipefd[1], "", 1);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], &c, 1)) < 0 && errno == EINTR)
		;
	close(pipefd[0]);
	if (child > 0 && n != 0) {
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
		close(pidfd);
	}
	if (child < 0 || n != 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return;
	}
	// Committed. This process's pid_for_children becomes the child's pid
	// namespace, as after util-linux's unshare(CLONE_NEWPID).
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (mask & CLONE_NEWPID)
		setns(pidfd, CLONE_NEWPID);
	close(pidfd);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			say("waitpid failed: No child processes"); // ECHILD: SIGCHLD is SIG_DFL
			_exit(1);
		}
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	die_of(WTERMSIG(status));
	say("child exit failed");
	_exit(1);
}

// valid_name is rundir.ValidName.
static int valid_name(const char *name)
{
	return name && *name && strlen(name) <= 255 && strcmp(name, ".") && strcmp(name, "..") &&
	       !strchr(name, '/');
}

// run_dir is NETNS_RUN_DIR, or /run/netns.
static const char *run_dir(void)
{
	const char *dir = getenv("NETNS_RUN_DIR");
	return dir && *dir ? dir : "/run/netns";
}

// netns_exec prepares `netns exec NAME PROGRAM` as rundir's
// EnterNetnsForExec does (netnsexec.go: setns, a private mount namespace that
// receives but never sends mount events, the namespace's own sysfs on
// /sys, read-only when the old one was, with the cgroup tree carried
// over); it returns 0 when PROGRAM may run. A name with a directory in
// NETNS_ETC_DIR is left to Go, whose binds over /etc may warn.
static int netns_exec(char **a)
{
	const char *name, *dir = run_dir(), *etc = getenv("NETNS_ETC_DIR");
	char path[4096];
	struct statfs sfs, cfs;
	unsigned long flags = 0;
	int fd, cgroups = -1;

	// No option before the subcommand, and rundir.ValidName.
	if (!a[0] || strcmp(a[0], "exec"))
		return -1;
	name = a[1];
	if (!valid_name(name) || !a[2])
		return -1;
	if (!etc || !*etc)
		etc = "/etc/netns";
	if (join(path, etc, strlen(etc), name) || access(path, F_OK) == 0 || errno != ENOENT)
		return -1;
	// Only a namespace is opened (rundir's openEntry): a FIFO's open would
	// block, a device's can act. O_NONBLOCK in case of a swap in between.
	if (join(path, dir, strlen(dir), name) || statfs(path, &sfs) || sfs.f_type != NSFS_MAGIC ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
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

// netns_add is rundir's RunDir.Add (nslib/rundir) for a name that does not
// exist yet: the run dir made, locked and a shared mount, a mode-0
// placeholder, a new network namespace bound onto it. It returns 0 when
// the name is mounted; else nothing is left behind but what Go's own
// preparation of the run dir would make, and Go does the add, recovers a
// stale placeholder, or says why not.
static int netns_add(const char *name)
{
	const char *dir = run_dir();
	char path[4096];
	int lock, fd, bound = 0, ok = 0;

	if (!valid_name(name) || join(path, dir, strlen(dir), name))
		return -1;
	if ((mkdir(dir, 0755) && errno != EEXIST) ||
	    (lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (flock(lock, LOCK_EX))
		goto out;
	// makeShared: a shared mount of its own (self-bind, private, shared).
	while (mount("", dir, "none", MS_SHARED | MS_REC, NULL)) {
		if (errno != EINVAL || bound++ || mount(dir, dir, "none", MS_BIND | MS_REC, NULL) ||
		    mount("", dir, "none", MS_PRIVATE | MS_REC, NULL))
			goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)) < 0)
		goto out;
	close(fd);
	if (unshare(CLONE_NEWNET) || mount("/proc/self/ns/net", path, "none", MS_BIND, NULL))
		unlink(path);
	else
		ok = 1;
out:
	close(lock); // before Go locks the run dir again
	return ok ? 0 : -1;
}

// lock_run_dir opens and flocks the run dir for a delete, as rundir's
// RunDir.Delete does; -1 when it cannot (no run dir, a read-only one),
// which is Go's to report.
static int lock_run_dir(const char *dir)
{
	int lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock >= 0 && (flock(lock, LOCK_EX) || (access(dir, W_OK) && errno == EROFS))) {
		close(lock);
		lock = -1;
	}
	return lock;
}

// delete_name is RunDir.Delete's work on one name, the run dir locked:
// iproute2's one lazy unmount (never following a symlink: a symlinked name
// loses only the link), then the unlink. It returns 0 when the name is
// gone; anything else (a name mounted more than once, a failed unlink) is
// Go's, which does the delete again and says why: a second lazy unmount
// of what is left changes nothing.
static int delete_name(const char *dir, const char *name)
{
	char path[4096];
	if (!valid_name(name) || join(path, dir, strlen(dir), name))
		return -1;
	umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW);
	return unlink(path);
}

// netns_delete is `netns delete NAME`.
static int netns_delete(const char *name)
{
	const char *dir = run_dir();
	int lock = lock_run_dir(dir), ok;
	if (lock < 0)
		return -1;
	ok = delete_name(dir, name);
	close(lock); // before Go locks the run dir again
	return ok;
}

// is_delete: w (n bytes) names netns's delete subcommand, by iproute2's
// prefix matching (see netns below).
static int is_delete(const char *w, size_t n)
{
	return n && n <= 6 && !strncmp(w, "delete", n);
}

// What the fast path did of `netns -b FILE` when it stopped part way
// (batch.go reads it through prestage.BatchReport): the first lines lines of
// file were done here, and rest is the file from the next line on, as
// read here, for Go to run (so Go never reads the file a second time).
struct nsbox_batch_report {
	const char *file, *rest;
	size_t len;
	int lines;
};
static struct nsbox_batch_report batch_report;
void nsbox_batch_report(struct nsbox_batch_report *r) { *r = batch_report; }

// A batch file read here is at most this long; a longer one is Go's.
enum { BATCH_MAX = 1 << 20 };

// batch_line reads one physical line of a batch file (n bytes, without its
// newline): 1 when it is `netns delete NAME` in the plainest spelling
// (three words of bytes other than NUL, '#', backslash and quotes; NAME,
// without a leading '-', copied to name), 0 when it is blank, -1 for
// anything else, which is Go's (batch.go's batchReader and plainDelete).
static int batch_line(const char *s, size_t n, char name[256])
{
	const char *w[4];
	size_t len[4];
	int words = 0;

	for (size_t i = 0; i < n;) {
		if (memchr("\0#\\'\"", s[i], 5))
			return -1;
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++;
			continue;
		}
		if (words == 3)
			return -1;
		w[words] = s + i;
		while (i < n && !memchr(" \t\r\0#\\'\"", s[i], 8))
			i++;
		len[words] = s + i - w[words];
		words++;
	}
	if (!words)
		return 0;
	// The object "netns" (three letters at least), delete, a NAME.
	if (words != 3 || len[0] < 3 || len[0] > 5 || strncmp(w[0], "netns", len[0]) ||
	    !is_delete(w[1], len[1]) || w[2][0] == '-' || len[2] > 255)
		return -1;
	memcpy(name, w[2], len[2]);
	name[len[2]] = 0;
	return 1;
}

// netns_batch is `netns -b FILE` for a regular file whose lines are plain
// deletes (runBatch of batch.go): the file read whole, the run dir locked
// once (as Go keeps the lock over a run of deletes), and each delete done
// in turn. It exits when the whole file is done. At a line it does not
// take, or a delete that fails, it stops before that line and returns;
// when it did some lines, batch_report hands Go the rest.
static void netns_batch(const char *file)
{
	const char *dir = run_dir();
	struct stat st;
	char *buf, *p, *end, name[256];
	size_t len = 0;
	ssize_t n;
	int fd, lock, lines = 0;

	if (!strcmp(file, "-") || (fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return; // standard input, read as it comes, is Go's
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > BATCH_MAX || !(buf = malloc(BATCH_MAX + 1))) {
		close(fd);
		return;
	}
	while ((n = read(fd, buf + len, BATCH_MAX + 1 - len)) > 0)
		len += n;
	close(fd);
	if (n < 0 || len > BATCH_MAX || (lock = lock_run_dir(dir)) < 0) {
		free(buf);
		return;
	}
	for (p = buf, end = buf + len; p < end; lines++) {
		char *nl = memchr(p, '\n', end - p);
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int kind = batch_line(p, ll, name);
		if (kind < 0 || (kind == 1 && delete_name(dir, name)))
			break;
		p += ll + (nl != NULL);
	}
	close(lock); // before Go locks the run dir again
	if (p == end)
		exit(0);
	if (!lines) {
		free(buf);
		return;
	}
	batch_report = (struct nsbox_batch_report){file, p, (size_t)(end - p), lines};
}

// The rtnetlink numbers of an RTM_GETNSID request (linux/rtnetlink.h,
// linux/net_namespace.h), which not every libc's headers carry.
enum {
	RTM_NEWNSID_TYPE = 88,
	RTM_GETNSID_TYPE = 90,
	NETNSA_NSID_ATTR = 1,
	NETNSA_FD_ATTR = 3,
};

// NSID_BATCH is how many RTM_GETNSID requests go in one send, and how
// many names the list has open at once: nsid.Batch, as Go's list asks.
enum { NSID_BATCH = 24, NSID_REPLY = 512 };

// nsids asks for the ids the current network namespace gave the namespaces
// open at fds[0..n-1], as nsid's GetBatch asks: one send of n requests
// (header, rtgenmsg, NETNSA_FD; sequence numbers index + 1), the answers
// read with recvmmsg. ids[i] is -1 for none: no id, or not a network
// namespace (the kernel refuses a file that is not one). It returns -1
// when the socket fails.
static int nsids(int sock, const int *fds, int n, int *ids)
{
	struct req {
		uint32_t len;
		uint16_t type, flags;
		uint32_t seq, pid;
		unsigned char family, pad[3];
		uint16_t alen, atype;
		uint32_t fd;
	} reqs[NSID_BATCH];
	struct {
		uint32_t len;
		uint16_t type, flags;
		uint32_t seq, pid;
	} h;
	static unsigned char bufs[NSID_BATCH][NSID_REPLY];
	struct iovec iov[NSID_BATCH];
	struct mmsghdr msgs[NSID_BATCH];

	_Static_assert(sizeof(struct req) == 28, "an RTM_GETNSID request is 28 bytes");
	for (int i = 0; i < n; i++) {
		reqs[i] = (struct req){sizeof(struct req), RTM_GETNSID_TYPE, 1 /* NLM_F_REQUEST */, i + 1, 0, 0, {0}, 8, NETNSA_FD_ATTR, fds[i]};
		ids[i] = -1;
		iov[i] = (struct iovec){bufs[i], NSID_REPLY};
		msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[i], .msg_iovlen = 1}};
	}
	if (send(sock, reqs, n * sizeof(struct req), 0) != (ssize_t)(n * sizeof(struct req)))
		return -1;
	// The kernel answers every request (an id, or an error) before the
	// send returns; the wait is only a safety net.
	for (int got = 0; got < n;) {
		int k = recvmmsg(sock, msgs, n - got, MSG_DONTWAIT, NULL);
		if (k < 0 && errno == EAGAIN) {
			struct pollfd p = {sock, POLLIN, 0};
			if (poll(&p, 1, 1000) <= 0)
				return -1;
			continue;
		}
		if (k <= 0)
			return -1;
		for (int m = 0; m < k; m++, got++) {
			const unsigned char *b = bufs[m];
			uint32_t len = msgs[m].msg_len;
			if (len < sizeof(h))
				return -1;
			memcpy(&h, b, sizeof(h));
			if (h.len > len || h.seq < 1 || h.seq > (uint32_t)n || h.type != RTM_NEWNSID_TYPE)
				continue; // an error: no id
			// The attributes, after the header and the padded rtgenmsg.
			for (uint32_t off = sizeof(h) + 4; off + 4 <= h.len;) {
				uint16_t alen, atype;
				int32_t id;
				memcpy(&alen, b + off, 2);
				memcpy(&atype, b + off + 2, 2);
				if (alen < 4 || off + alen > h.len)
					break;
				if (atype == NETNSA_NSID_ATTR && alen == 8) {
					memcpy(&id, b + off + 4, 4);
					ids[h.seq - 1] = id < 0 ? -1 : id;
				}
				off += (alen + 3) & ~3u;
			}
		}
	}
	return 0;
}

// out is a growing buffer: the list is written only once it is whole, so
// Go may still take over.
struct out {
	char *b;
	size_t len, cap;
};

static int put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 4096;
		while (cap < o->len + n)
			cap *= 2;
		char *b = realloc(o->b, cap);
		if (!b)
			return -1;
		o->b = b, o->cap = cap;
	}
	memcpy(o->b + o->len, s, n);
	o->len += n;
	return 0;
}

// put_all writes buf whole to standard output; it fails when the write
// does, and Go then does the command again and reports the write error.
static int put_all(const char *buf, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(1, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += n;
	}
	return 0;
}

// netns_list is the plain `netns list` of applets/netns/list.go: every
// entry of the run dir in readdir order, with " (id: N)" when this
// namespace gave the namespace one; a placeholder with nothing mounted is
// listed by its name only, and no run dir lists nothing. The names are
// opened NSID_BATCH at a time and their ids asked in one send. It returns
// 0 when the list is written.
static int netns_list(void)
{
	struct out o = {0};
	struct dirent *e;
	DIR *d;
	int dfd, sock = -1, ret = -1, n = 0, end = 0;
	int fds[NSID_BATCH], ids[NSID_BATCH];
	char names[NSID_BATCH][256], num[32];

	if (!(d = opendir(run_dir())))
		return errno == ENOENT ? 0 : -1;
	dfd = dirfd(d);
	while (!end) {
		errno = 0;
		if (!(e = readdir(d))) {
			if (errno)
				goto out;
			end = 1;
		} else if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			continue;
		} else {
			// Namespaces and placeholders are regular files; anything
			// else (a symlink, a FIFO, a device...) is Go's, which never
			// opens what is not a namespace (rundir's openEntry).
			if (e->d_type != DT_REG)
				goto out;
			snprintf(names[n], sizeof(names[n]), "%s", e->d_name);
			fds[n++] = openat(dfd, e->d_name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
			if (n < NSID_BATCH)
				continue;
		}
		// A chunk: the ids of the files that opened, then the lines.
		int want = 0, sent[NSID_BATCH], got[NSID_BATCH];
		for (int i = 0; i < n; i++)
			if (fds[i] >= 0)
				sent[want++] = fds[i];
		if (want && sock < 0 && (sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0)) < 0)
			goto out;
		if (want && nsids(sock, sent, want, got))
			goto out;
		for (int i = 0, k = 0; i < n; i++) {
			int id = -1;
			if (fds[i] >= 0) {
				id = got[k++];
				close(fds[i]);
				fds[i] = -1;
			}
			if (put(&o, names[i], strlen(names[i])) ||
			    (id >= 0 && put(&o, num, snprintf(num, sizeof(num), " (id: %d)", id))) || put(&o, "\n", 1))
				goto out;
		}
		n = 0;
	}
	// Done, unless the write fails: Go then lists again and reports the
	// write error (its own write fails too, unless space was freed).
	if (put_all(o.b, o.len) == 0)
		ret = 0;
out:
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (sock >= 0)
		close(sock);
	closedir(d);
	free(o.b);
	return ret;
}

// netns_identify is the plain `netns identify [PID]` of applets/netns
// (list.go): the network namespace of PID (through a pidfd, so a recycled
// PID is never read; without PID our own), then the last name in readdir
// order whose file is that namespace (stat follows a symlink, opens
// nothing). It returns 0 when the line is written; anything unusual (a PID
// iproute2 would not parse, a failed step) is Go's, with its messages.
static int netns_identify(const char *arg)
{
	char path[64], last[256] = "";
	struct stat want, st;
	struct dirent *e;
	DIR *d;
	int target = 0, pidfd = -1, dfd;

	if (arg && ((target = pid(arg)) == NO || snprintf(path, sizeof(path), "/proc/%d/ns/net", target) >= (int)sizeof(path)))
		return -1;
	if (arg && (pidfd = syscall(SYS_pidfd_open, target, 0)) < 0)
		return -1;
	int err = stat(arg ? path : "/proc/thread-self/ns/net", &want);
	// The pidfd checked after the stat: the file was that very process's.
	if (pidfd >= 0 && (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) && errno != EPERM))
		err = -1;
	if (pidfd >= 0)
		close(pidfd);
	if (err)
		return -1;
	if (!(d = opendir(run_dir()))) {
		if (errno != ENOENT)
			return -1;
	} else {
		dfd = dirfd(d);
		while ((errno = 0, e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !fstatat(dfd, e->d_name, &st, 0) &&
			    st.st_dev == want.st_dev && st.st_ino == want.st_ino)
				snprintf(last, sizeof(last), "%s", e->d_name);
		err = errno;
		closedir(d);
		if (err)
			return -1;
	}
	size_t n = strlen(last);
	last[n] = '\n';
	return put_all(last, n + 1);
}

// netns is the netns applet's part of the fast path; it returns when Go
// must take over.
static void netns(char **a)
{
	// iproute2's prefix matching: a word names the first subcommand it
	// is a prefix of, in the netns applet's order (its commands() table:
	// list, show, lst, ..., add); TestFastPathWords checks these words.
	const char *w = a[0];
	size_t n = w ? strlen(w) : 0;
	if (!w || (n && !a[1] && (!strncmp(w, "list", n) || !strncmp(w, "show", n) ||
				  !strncmp(w, "lst", n)))) {
		if (netns_list() == 0)
			exit(0);
		return;
	}
	if (n && n <= 3 && !strncmp(w, "add", n) && a[1] && !a[2]) {
		if (netns_add(a[1]) == 0)
			exit(0);
		return;
	}
	// delete's options (--kill, --evacuate, --dry-run) are Go's.
	if (is_delete(w, n) && a[1] && a[1][0] != '-' && !a[2]) {
		if (netns_delete(a[1]) == 0)
			exit(0);
		return;
	}
	if (!strcmp(w, "-b") && a[1] && !a[2]) {
		netns_batch(a[1]);
		return;
	}
	if (n && !strncmp(w, "identify", n) && (!a[1] || !a[2])) {
		if (netns_identify(a[1]) == 0)
			exit(0);
		return;
	}
	if (netns_exec(a) == 0)
		run(a + 2);
}

// safe: nothing stands in the way of doing the command here.
static int safe(void)
{
	// The Go runtime gives a closed standard descriptor /dev/null, and
	// a file opened here could take its number.
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			return 0;
	return 1;
}

void fast_path(const char *applet, char **a)
{
	char **prog;
	int target, mask;

#ifdef NSBOX_NO_FASTPATH
	return; // a build for tests: the Go path's twin (nofastpath.go)
#endif
	if (!safe())
		return;
	if (!strcmp(applet, "netns")) {
		netns(a);
		return;
	}
	if (!strcmp(applet, "unshare")) {
		if ((prog = parse_unshare(a, &mask)))
			unshare_run(prog, mask);
		return;
	}
	if (strcmp(applet, "nsenter") || !(prog = parse_nsenter(a, &target, &mask)))
		return;
	int pidfd = syscall(SYS_pidfd_open, target, 0);
	if (pidfd < 0)
		return;
	int err = setns(pidfd, mask);
	close(pidfd);
	if (!err)
		run(prog);
}

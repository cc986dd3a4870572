//go:build cgo

// unshare's --fork child before the Go runtime: util-linux's steps for the
// process that runs the program (parent death signal, binfmt_misc, root
// and working directory, /proc, credentials, capabilities), then the
// program. The parent (applets/unshare, startChild) forks this binary with
// a plan of these records, the program as argv, and the program's
// environment; the child never starts the Go runtime, whose threads would
// take PIDs in a new pid namespace, and it keeps the capabilities the
// parent raised into its ambient set for the exec (an exec as a non-root
// user of a user namespace drops all others). Messages and statuses are
// util-linux's, as applets/unshare's finish (the same recipe in Go, for the
// in-place and pure-Go routes) prints them; TestChildRoutes compares both.
//
//   exec 1          run this recipe
//   shell 1         no program: the login shell (argv is a placeholder)
//   kill SIG        PR_SET_PDEATHSIG; parentfd N: the parent's pidfd
//   interp DEF      binfmt_misc definition to register in interpdir DIR;
//                   interpfixed 1: it has the F flag
//   binfmt DIR      mount binfmt_misc there
//   root DIR, wd DIR, proc DIR (procprivate 1: make it private first)
//   setgid N, setuid N, keepcaps 1
//   caps LO,HI      the inheritable set to give back (the parent's)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <grp.h>
#include <pwd.h>

#include "errnos.h"
#include "stage.h"

// linux/capability.h's, which musl-gcc's headers lack.
struct cap_header {
	uint32_t version;
	int pid;
};
struct cap_data {
	uint32_t effective, permitted, inheritable;
};
#define CAP_VERSION_3 0x20080522

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

// text is strerror as util-linux prints it (glibc's words).
static const char *text(int err)
{
	if (err > 0 && err < (int)(sizeof(nsbox_errnos) / sizeof(nsbox_errnos[0])) && nsbox_errnos[err])
		return nsbox_errnos[err];
	return strerror(err);
}

// die is util-linux's err(EXIT_FAILURE, MSG): "unshare: MSG: ERR".
static void die(const char *msg, const char *arg, const char *tail)
{
	dprintf(2, "unshare: %s%s%s: %s\n", msg, arg ? arg : "", tail ? tail : "", text(errno));
	_exit(1);
}

static long num(const char *key, long def)
{
	const char *v = plan_value(key);
	return v ? strtol(v, NULL, 10) : def;
}

static void load_interp(const char *mnt, const char *def)
{
	int dir = open(mnt, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		die("cannot open ", mnt, NULL);
	int fd = openat(dir, "register", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open ", mnt, "/register");
	if (write(fd, def, strlen(def)) < 0)
		die("write failed ", mnt, "/register");
	close(fd);
	close(dir);
}

static void mount_binfmt(const char *mnt)
{
	if (mount("binfmt_misc", mnt, "binfmt_misc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL))
		die("mount ", mnt, " failed");
}

// caps_for_exec leaves the capability sets as util-linux's child has them
// at its exec: with --keep-caps its cap_permitted_to_ambient (the permitted
// set inheritable, each effective capability ambient), else the ambient
// set the parent raised emptied and the parent's inheritable set back.
static void caps_for_exec(void)
{
	struct cap_header h = {CAP_VERSION_3, 0};
	struct cap_data d[2];
	unsigned long lo, hi;
	const char *v = plan_value("caps");
	int keep = num("keepcaps", 0);
	if (!keep)
		prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if ((!keep && !v) || syscall(SYS_capget, &h, d))
		return;
	if (keep) {
		d[0].inheritable = d[0].permitted, d[1].inheritable = d[1].permitted;
	} else if (sscanf(v, "%lu,%lu", &lo, &hi) == 2) {
		d[0].inheritable = lo, d[1].inheritable = hi;
	}
	if (syscall(SYS_capset, &h, d))
		die("capset failed", NULL, NULL);
	for (int c = 0; keep && c < 64; c++)
		if (d[c / 32].effective & (1u << (c % 32)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0))
			die("prctl(PR_CAP_AMBIENT) failed", NULL, NULL);
}

// login_shell is util-linux's exec_shell, as enter.LoginShell: $SHELL,
// else the user's passwd entry, else /bin/sh, run as "-NAME".
static void login_shell(char **argv, const char **path)
{
	static char arg0[4096];
	const char *sh = getenv("SHELL");
	if (!sh || !*sh) {
		struct passwd *pw = getpwuid(getuid());
		sh = pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh";
	}
	const char *base = strrchr(sh, '/');
	snprintf(arg0, sizeof(arg0), "-%s", base ? base + 1 : sh);
	argv[0] = arg0;
	argv[1] = NULL;
	*path = sh;
}

// exec_program is util-linux's execvp and errexec: "failed to execute
// NAME" with 127 (not found) or 126, as applets/unshare's execFailed.
static void exec_program(char **argv)
{
	static char *shell[2];
	const char *path = NULL, *name;
	char buf[4096];
	int err = 0;
	if (num("shell", 0)) {
		argv = shell;
		login_shell(argv, &path);
	} else if (!(err = find_program(argv[0], buf, sizeof(buf)))) {
		path = buf;
	}
	if (path)
		err = exec_file(path, argv);
	name = *argv[0] == '-' && path ? path : argv[0]; // the login shell: its file
	dprintf(2, "unshare: failed to execute %s: %s\n", name, text(err));
	_exit(err == ENOENT ? 127 : 126);
}

void child_run(char **argv)
{
	const char *root = plan_value("root"), *wd = plan_value("wd"), *proc = plan_value("proc"),
		   *binfmt = plan_value("binfmt"), *interp = plan_value("interp");
	long sig = num("kill", 0), parentfd = num("parentfd", -1);
	int fixed = interp && num("interpfixed", 0) && root;

	if (sig) {
		if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0))
			die("prctl failed", NULL, NULL);
		// The parent may have died before prctl: then its pidfd is
		// readable, and the new parent does not want this orphan.
		if (parentfd >= 0) {
			struct pollfd p = {(int)parentfd, POLLIN, 0};
			int n = poll(&p, 1, 0);
			if (n < 0)
				die("poll parent pidfd failed", NULL, NULL);
			if (n > 0)
				_exit(1);
			close((int)parentfd);
		}
	}
	if (fixed) {
		// The F flag opens the interpreter now: register it before the
		// chroot, so it comes from the host.
		mount_binfmt("/proc/sys/fs/binfmt_misc");
		load_interp("/proc/sys/fs/binfmt_misc", interp);
	}
	if (root) {
		if (chroot(root))
			die("cannot change root directory to '", root, "'");
		if (!wd)
			wd = "/";
	}
	if (wd && chdir(wd))
		die("cannot chdir to '", wd, "'");
	if (proc) {
		// A custom DIR is usually no mount point: EINVAL is fine.
		if (num("procprivate", 0) && mount("none", proc, NULL, MS_PRIVATE | MS_REC, NULL) && errno != EINVAL)
			die("cannot change ", proc, " filesystem propagation");
		if (mount("proc", proc, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL))
			die("mount ", proc, " failed");
	}
	if (binfmt)
		mount_binfmt(binfmt);
	if (interp && !fixed)
		load_interp(plan_value("interpdir"), interp);
	if (plan_value("setgid")) {
		if (setgroups(0, NULL))
			die("setgroups failed", NULL, NULL);
		if (setgid((gid_t)num("setgid", 0)))
			die("setgid() failed", NULL, NULL);
	}
	if (plan_value("setuid") && setuid((uid_t)num("setuid", 0)))
		die("setuid() failed", NULL, NULL);
	caps_for_exec();
	exec_program(argv);
}

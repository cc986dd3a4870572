//go:build cgo

// unshare's stage before the Go runtime starts: unshare(2) of the namespace
// types a multithreaded process cannot create in place (user: EINVAL; time:
// its offsets can only be written for the thread-group leader before
// anything enters it). stage.c runs it for a plan whose "unshare" record is
// "FLAGS,OWNERUID,OWNERGID,BOOT,MONO"
// (decimal; '-' for an id or offset that is not given). In util-linux's
// order: --owner's setgroups/setgid/setuid, unshare(FLAGS), then the
// boottime and monotonic offsets. Then the process joins its own new time
// namespace (setns to time_for_children): the runtime's clone(CLONE_VM) of
// threads and of exec'd children is refused while time_ns differs from
// time_ns_for_children, and the program ends up there anyway at exec.
// Go reads the outcome with nsbox_unshare_report; nothing is printed here.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stage.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct nsbox_unshare_report {
	int ran;      // 1: the stage ran
	int bad_data; // 1: the record did not parse; nothing was done
	int step;     // the failed step (UNSHARE_STEP_*), 0: none
	int err;      // its errno
};

enum {
	UNSHARE_STEP_SETGROUPS = 1,
	UNSHARE_STEP_SETGID,
	UNSHARE_STEP_SETUID,
	UNSHARE_STEP_UNSHARE,
	UNSHARE_STEP_OPEN_OFFSETS,
	UNSHARE_STEP_WRITE_OFFSETS,
	UNSHARE_STEP_ENTER_TIME,
};

static struct nsbox_unshare_report ureport;

void nsbox_unshare_report(struct nsbox_unshare_report *r) { *r = ureport; }

// field parses one comma-separated decimal field; '-' is "not given".
static int field(const char **s, long long *v, int *given)
{
	char *end;
	const char *p = *s;
	if (*p == '-' && (p[1] == ',' || p[1] == 0)) {
		*given = 0;
		p++;
	} else {
		errno = 0;
		*v = strtoll(p, &end, 10);
		if (errno || end == p)
			return -1;
		*given = 1;
		p = end;
	}
	if (*p == ',')
		p++;
	else if (*p)
		return -1;
	*s = p;
	return 0;
}

static int fail(int step)
{
	ureport.step = step;
	ureport.err = errno;
	return -1;
}

// settime is util-linux's: "<clockid> <secs> 0" to timens_offsets.
static int settime(long long secs, int clk)
{
	char buf[64];
	int len = snprintf(buf, sizeof(buf), "%d %lld 0", clk, secs);
	int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(UNSHARE_STEP_OPEN_OFFSETS);
	if (write(fd, buf, len) != len) {
		fail(UNSHARE_STEP_WRITE_OFFSETS);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int run(long long flags, int has_uid, long long uid, int has_gid, long long gid,
	       int has_boot, long long boot, int has_mono, long long mono)
{
	if (has_gid && setgroups(0, NULL) != 0)
		return fail(UNSHARE_STEP_SETGROUPS);
	if (has_gid && setgid((gid_t)gid) != 0)
		return fail(UNSHARE_STEP_SETGID);
	if (has_uid && setuid((uid_t)uid) != 0)
		return fail(UNSHARE_STEP_SETUID);
	if (unshare((int)flags) != 0)
		return fail(UNSHARE_STEP_UNSHARE);
	if (has_boot && settime(boot, 7) != 0) // CLOCK_BOOTTIME
		return -1;
	if (has_mono && settime(mono, 1) != 0) // CLOCK_MONOTONIC
		return -1;
	if (flags & CLONE_NEWTIME) {
		int fd = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWTIME) != 0)
			return fail(UNSHARE_STEP_ENTER_TIME);
		close(fd);
	}
	return 0;
}

void unshare_stage_run(const char *s)
{
	long long v[5] = {0};
	int given[5] = {0};

	ureport.ran = 1;
	for (int i = 0; i < 5; i++) {
		if (field(&s, &v[i], &given[i])) {
			ureport.bad_data = 1;
			return;
		}
	}
	if (*s || !given[0]) {
		ureport.bad_data = 1;
		return;
	}
	run(v[0], given[1], v[1], given[2], v[2], given[3], v[3], given[4], v[4]);
}

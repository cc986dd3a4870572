//go:build cgo

// nsenter's joins before the Go runtime starts: setns calls that need a
// single-threaded process (user and time namespaces). stage.c runs them for
// a plan whose "join" record is a comma list of
//   g           setgroups(0, NULL) before joining (util-linux nsenter's first
//               attempt; its failure is only recorded)
//   P<fd>:<m>   a pidfd and the CLONE_NEW* mask of namespaces to take from it
//   F<fd>:<t>   a namespace file and its CLONE_NEW* type, in util-linux order
//   Q<fd>:<m>, R<fd>:<t>  like P and F, but left for Go (a pid namespace:
//               after setns(CLONE_NEWPID) the kernel refuses to create
//               threads, and the Go runtime needs some)
// Numbers are decimal. Joins run in util-linux's two passes: every namespace
// but user with errors ignored, then whatever is left with the first error
// final. Go closes the fds afterwards (see Resumed). The outcome is kept for Go
// (nsbox_stage_report) and nothing is printed here.
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stage.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define STAGE_MAX 16

struct nsbox_stage_report {
	int ran;           // 1: the stage ran
	int bad_data;      // 1: the variable did not parse; nothing was done
	int setgroups_err; // errno of the early setgroups (0: ok or not asked)
	int failed_type;   // CLONE_NEW* type whose join failed; -1: the pidfd join
	int failed_errno;  // 0: every join worked
};

static struct nsbox_stage_report report;

void nsbox_stage_report(struct nsbox_stage_report *r) { *r = report; }

struct join {
	int fd, type;  // type: a CLONE_NEW* flag, or a mask for the pidfd
	int pidfd;     // 1: fd is a pidfd
	int done;
};

static int parse_num(const char **s, int *out)
{
	long v = 0;
	const char *p = *s;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		if (v > 0x7fffffff)
			return -1;
	}
	*s = p;
	*out = (int)v;
	return 0;
}

static int parse(const char *s, struct join *j, int *n, int *setgroups_first)
{
	*n = 0;
	while (*s) {
		char kind = *s++;
		if (kind == 'g') {
			*setgroups_first = 1;
		} else if (kind == 'Q' || kind == 'R') {
			int fd, type;
			if (parse_num(&s, &fd) || *s++ != ':' || parse_num(&s, &type))
				return -1;
		} else if (kind == 'P' || kind == 'F') {
			if (*n >= STAGE_MAX)
				return -1;
			struct join *e = &j[(*n)++];
			e->pidfd = kind == 'P';
			e->done = 0;
			if (parse_num(&s, &e->fd) || *s++ != ':' || parse_num(&s, &e->type))
				return -1;
		} else {
			return -1;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

// enter is util-linux nsenter's enter_namespaces(): the pidfd first (one
// atomic setns for its whole mask), then the files in table order.
static int enter(struct join *j, int n, int pass2)
{
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < n; i++) {
			struct join *e = &j[i];
			if (e->done || e->pidfd != (k == 0))
				continue;
			int type = e->type;
			if (!pass2)
				type &= ~CLONE_NEWUSER;
			if (!type)
				continue;
			if (setns(e->fd, type) == 0) {
				if (e->pidfd && type != e->type)
					e->type &= ~type; // user is left for pass two
				else
					e->done = 1;
			} else if (pass2) {
				report.failed_type = e->pidfd ? -1 : e->type;
				report.failed_errno = errno;
				return -1;
			}
		}
	}
	return 0;
}

void join_run(const char *data)
{
	struct join j[STAGE_MAX];
	int n, setgroups_first = 0;

	report.ran = 1;
	if (parse(data, j, &n, &setgroups_first)) {
		report.bad_data = 1;
		return;
	}
	if (setgroups_first && setgroups(0, NULL) != 0)
		report.setgroups_err = errno;
	if (enter(j, n, 0) == 0)
		enter(j, n, 1);
}

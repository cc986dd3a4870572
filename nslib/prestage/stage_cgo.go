//go:build cgo

package prestage

/*
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
extern uint64_t nsbox_start_ignored;
extern int nsbox_start_closed;
extern cpu_set_t nsbox_affinity;
extern int nsbox_affinity_saved;

struct nsbox_stage_report {
	int ran, bad_data, setgroups_err, failed_type, failed_errno;
};
void nsbox_stage_report(struct nsbox_stage_report *r);
struct nsbox_unshare_report {
	int ran, bad_data, step, err;
};
void nsbox_unshare_report(struct nsbox_unshare_report *r);
struct nsbox_batch_report {
	const char *file, *rest;
	size_t len;
	int lines;
};
void nsbox_batch_report(struct nsbox_batch_report *r);
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Available: this build carries the stage.
const Available = true

var (
	startIgnored = uint64(C.nsbox_start_ignored)
	startClosed  = int(C.nsbox_start_closed)
)

// StartMask is the CPU mask the process started with, when the stage kept
// it on one CPU (nil: it did not).
func StartMask() *unix.CPUSet {
	if C.nsbox_affinity_saved == 0 {
		return nil
	}
	return (*unix.CPUSet)(unsafe.Pointer(&C.nsbox_affinity))
}

// JoinReport is what the "join" recipe did (join.c).
func JoinReport() (r JoinResult) {
	var c C.struct_nsbox_stage_report
	C.nsbox_stage_report(&c)
	return JoinResult{Ran: c.ran != 0, BadData: c.bad_data != 0, SetgroupsErr: int(c.setgroups_err),
		FailedType: int(c.failed_type), FailedErrno: int(c.failed_errno)}
}

// UnshareReport is what the "unshare" recipe did (unshare.c).
func UnshareReport() UnshareResult {
	var c C.struct_nsbox_unshare_report
	C.nsbox_unshare_report(&c)
	return UnshareResult{Ran: c.ran != 0, BadData: c.bad_data != 0, Step: int(c.step), Errno: int(c.err)}
}

// BatchReport is what the fast path did of a batch (fastpath.c); Lines is
// 0 when it did nothing.
func BatchReport() BatchResult {
	var c C.struct_nsbox_batch_report
	C.nsbox_batch_report(&c)
	if c.lines == 0 {
		return BatchResult{}
	}
	return BatchResult{File: C.GoString(c.file), Rest: C.GoBytes(unsafe.Pointer(c.rest), C.int(c.len)), Lines: int(c.lines)}
}

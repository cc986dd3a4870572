//go:build cgo

package nslib

/*
struct nsbox_stage_report {
	int ran, bad_data, setgroups_err, failed_type, failed_errno;
};
void nsbox_stage_report(struct nsbox_stage_report *r);
*/
import "C"

// StageAvailable: this build carries the pre-runtime stage (prestage.c).
const StageAvailable = true

func stageReport() stageResult {
	var r C.struct_nsbox_stage_report
	C.nsbox_stage_report(&r)
	return stageResult{
		ran: r.ran != 0, badData: r.bad_data != 0,
		setgroupsErr: int(r.setgroups_err), failedType: int(r.failed_type),
		failedErrno: int(r.failed_errno),
	}
}

//go:build cgo

package nslib

/*
struct nsbox_unshare_report {
	int ran, bad_data, step, err;
};
void nsbox_unshare_report(struct nsbox_unshare_report *r);
*/
import "C"

// UnshareStageAvailable: this build carries the unshare stage
// (unshare_stage.c).
const UnshareStageAvailable = true

func unshareStageReport() unshareStageResult {
	var r C.struct_nsbox_unshare_report
	C.nsbox_unshare_report(&r)
	return unshareStageResult{ran: r.ran != 0, badData: r.bad_data != 0, step: int(r.step), errno: int(r.err)}
}

//go:build !cgo

package nslib

// UnshareStageAvailable: builds without cgo have no unshare stage, so they
// cannot create user or time namespaces in place (see ErrNoUnshareStage).
const UnshareStageAvailable = false

func unshareStageReport() unshareStageResult { return unshareStageResult{} }

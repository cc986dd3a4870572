//go:build !cgo

package nslib

// StageAvailable: builds without cgo have no pre-runtime stage, so they
// cannot join user or time namespaces (see ErrNoStage).
const StageAvailable = false

func stageReport() stageResult { return stageResult{} }

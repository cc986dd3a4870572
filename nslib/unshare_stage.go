package nslib

import (
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// The unshare stage creates user and time namespaces in place, which a
// multithreaded process cannot do (unshare(CLONE_NEWUSER) is EINVAL; time
// offsets only reach the thread-group leader). The Go side re-executes its
// own binary with the plan in _NSBOX_UNSHARE_STAGE; C code
// (unshare_stage.c) runs --owner's credential change, unshare(2) and the
// time offsets before the Go runtime starts, and the new process (same
// PID) continues in Go inside the new namespaces.
const envUnshareStage = "_NSBOX_UNSHARE_STAGE"

// UnshareStageTypes are the namespace types that need the stage.
const UnshareStageTypes = unix.CLONE_NEWUSER | unix.CLONE_NEWTIME

// UnshareStage is the plan: the CLONE_NEW* flags to unshare, --owner's
// ids (-1: none) and the clock offsets (nil: not given).
type UnshareStage struct {
	Flags              int
	OwnerUID, OwnerGID int64
	Boottime           *int64
	Monotonic          *int64
}

// ErrNoUnshareStage is the one line a build without the stage gives.
type ErrNoUnshareStage struct{}

func (ErrNoUnshareStage) Error() string {
	return "user and time namespaces need the cgo build of nsbox " +
		"(make build, CGO_ENABLED=1); this binary was built with CGO_ENABLED=0"
}

// Exec re-executes this binary (argv, the current environment plus env)
// with the plan run before the Go runtime starts; UnshareStaged tells the
// new process how it went. It returns only on failure.
func (s UnshareStage) Exec(argv []string, env []string) error {
	if !UnshareStageAvailable {
		return ErrNoUnshareStage{}
	}
	num := func(v int64, ok bool) string {
		if !ok {
			return "-"
		}
		return strconv.FormatInt(v, 10)
	}
	opt := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatInt(*p, 10)
	}
	plan := strconv.Itoa(s.Flags) + "," + num(s.OwnerUID, s.OwnerUID >= 0) + "," +
		num(s.OwnerGID, s.OwnerGID >= 0) + "," + opt(s.Boottime) + "," + opt(s.Monotonic)
	full := append(append(os.Environ(), env...), envUnshareStage+"="+plan)
	defer forExec()() // the new image records the mask and ignored signals it starts with
	return syscall.Exec("/proc/self/exe", argv, full)
}

type unshareStageResult struct {
	ran, badData bool
	step, errno  int
}

// UnshareStaged reports whether this process was started by
// UnshareStage.Exec, and the stage's failure in util-linux's words (nil:
// every step worked). It removes the trigger from the environment, so the
// program run next never sees it.
func UnshareStaged() (staged bool, err error) {
	if _, ok := os.LookupEnv(envUnshareStage); !ok {
		return false, nil
	}
	os.Unsetenv(envUnshareStage)
	r := unshareStageReport()
	if !r.ran || r.badData {
		return true, ErrBadUnshareStage{}
	}
	if r.step == 0 {
		return true, nil
	}
	msgs := map[int]string{
		1: "setgroups failed",
		2: "setgid() failed",
		3: "setuid() failed",
		4: "unshare failed",
		5: "failed to open /proc/self/timens_offsets",
		6: "failed to write to /proc/self/timens_offsets",
		7: "cannot enter the new time namespace",
	}
	return true, &OpError{Msg: msgs[r.step], Err: syscall.Errno(r.errno)}
}

// ErrBadUnshareStage: the stage variable was set by someone else, or did
// not parse; nothing was unshared.
type ErrBadUnshareStage struct{}

func (ErrBadUnshareStage) Error() string {
	return "invalid pre-runtime unshare stage data in the environment"
}

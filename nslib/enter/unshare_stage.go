package enter

import (
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// The unshare stage creates user and time namespaces in place, which a
// multithreaded process cannot do (unshare(CLONE_NEWUSER) is EINVAL; time
// offsets only reach the thread-group leader). The Go side re-executes its
// own binary with a plan whose "unshare" record the stage (nslib/prestage,
// unshare.c) runs before the Go runtime starts: --owner's credential
// change, unshare(2) and the time offsets; the new process (same PID)
// continues in Go inside the new namespaces.

// UnshareStageAvailable: this build carries the pre-runtime stage.
const UnshareStageAvailable = prestage.Available

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

// Exec re-executes this binary (argv) with the plan run before the Go
// runtime starts, and resume handed over for the applet; UnshareStaged
// tells the new process how it went. It returns only on failure.
func (s UnshareStage) Exec(argv []string, resume string) error {
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
	return reexec(prestage.Plan{"unshare": plan, "resume": resume}, argv)
}

// UnshareStaged reports whether this process was started by
// UnshareStage.Exec, with the resume data handed over and the stage's
// failure in util-linux's words (nil: every step worked).
func UnshareStaged() (staged bool, resume string, err error) {
	p := prestage.Taken()
	if _, ok := p["unshare"]; !ok {
		return false, "", nil
	}
	r := prestage.UnshareReport()
	if !r.Ran || r.BadData {
		return true, "", ErrBadUnshareStage{}
	}
	if r.Step == 0 {
		return true, p["resume"], nil
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
	return true, p["resume"], &nslib.OpError{Msg: msgs[r.Step], Err: syscall.Errno(r.Errno)}
}

// ErrBadUnshareStage: the plan's unshare record did not parse; nothing was
// unshared.
type ErrBadUnshareStage struct{}

func (ErrBadUnshareStage) Error() string {
	return "invalid pre-runtime unshare stage plan"
}

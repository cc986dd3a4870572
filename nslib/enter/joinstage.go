package enter

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// The pre-runtime stage joins namespaces that a multithreaded process
// cannot (user: EINVAL, time: EUSERS). The Go side opens everything, then
// re-executes its own binary with a plan whose "join" record lists the
// setns calls; the stage (nslib/prestage, join.c) makes them before the Go
// runtime starts, and the new process continues in Go, already inside,
// with the plan's "resume" record telling the applet where it left off.
// Builds without cgo have no stage.

// StageAvailable: this build carries the pre-runtime stage.
const StageAvailable = prestage.Available

// StageNeeded reports whether joining the namespace types in mask needs
// the pre-runtime stage.
func StageNeeded(mask int) bool {
	return mask&(unix.CLONE_NEWUSER|unix.CLONE_NEWTIME) != 0
}

// ErrNoStage is the one line a build without the stage gives for a user or
// time namespace.
type ErrNoStage struct{}

func (ErrNoStage) Error() string {
	return "joining user and time namespaces needs the cgo build of nsbox " +
		"(make build, CGO_ENABLED=1); this binary was built with CGO_ENABLED=0"
}

// Reexec runs this binary again, same argv, with set joined before the Go
// runtime starts; resume is handed to the new process (see Resumed). With
// setgroups the stage first drops the supplementary groups, as util-linux
// nsenter does before entering a user namespace. A pid namespace is left
// for Go in the new process (Resume.Later): once a process has joined one,
// the kernel refuses to create threads, and the runtime needs them. It
// returns only on failure.
func (s *JoinSet) Reexec(setgroups bool, resume string) error {
	if !StageAvailable {
		return ErrNoStage{}
	}
	var plan []string
	if setgroups {
		plan = append(plan, "g")
	}
	add := func(kind byte, fd, typ int) error {
		plan = append(plan, string(kind)+strconv.Itoa(fd)+":"+strconv.Itoa(typ))
		return KeepOpen(fd)
	}
	if mask := s.pidfdMask(); mask != 0 {
		if mask&^unix.CLONE_NEWPID != 0 {
			if err := add('P', s.PidFD, mask&^unix.CLONE_NEWPID); err != nil {
				return err
			}
		}
		if mask&unix.CLONE_NEWPID != 0 {
			if err := add('Q', s.PidFD, unix.CLONE_NEWPID); err != nil {
				return err
			}
		}
	}
	for _, j := range s.Joins {
		if j.File == nil {
			continue
		}
		kind := byte('F')
		if j.Type == unix.CLONE_NEWPID {
			kind = 'R'
		}
		if err := add(kind, j.File.FD(), j.Type); err != nil {
			return err
		}
	}
	return reexec(prestage.Plan{"join": strings.Join(plan, ","), "resume": resume}, os.Args)
}

// reexec runs this binary again, same PID, with plan handed over (see
// prestage.Plan). It returns only on failure.
func reexec(plan prestage.Plan, argv []string) error {
	f, err := plan.Seal()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := KeepOpen(int(f.Fd())); err != nil {
		return err
	}
	env := append(os.Environ(), prestage.Trigger(int(f.Fd())))
	defer forExec()() // the new image records the mask and ignored signals it starts with
	return syscall.Exec("/proc/self/exe", argv, env)
}

// laterJoins returns the part of a stage plan left for Go (Q and R
// entries) and closes the descriptors of the rest.
func laterJoins(plan string) *JoinSet {
	later := &JoinSet{PidFD: -1}
	var done []int
	for _, e := range strings.Split(plan, ",") {
		if len(e) < 2 {
			continue
		}
		fdStr, typStr, _ := strings.Cut(e[1:], ":")
		fd, err1 := strconv.Atoi(fdStr)
		typ, err2 := strconv.Atoi(typStr)
		if err1 != nil || err2 != nil || fd < 0 {
			continue
		}
		switch e[0] {
		case 'P', 'F':
			done = append(done, fd)
		case 'Q':
			unix.CloseOnExec(fd)
			later.PidFD = fd
			later.Joins = append(later.Joins, Join{Type: typ})
		case 'R':
			unix.CloseOnExec(fd)
			later.Joins = append(later.Joins, Join{Type: typ, File: &nslib.NSFile{File: os.NewFile(uintptr(fd), "ns")}})
		}
	}
	for _, fd := range done {
		if fd != later.PidFD && !later.uses(fd) {
			unix.Close(fd)
		}
	}
	if len(later.Joins) == 0 {
		return nil
	}
	return later
}

func (s *JoinSet) uses(fd int) bool {
	for _, j := range s.Joins {
		if j.File != nil && j.File.FD() == fd {
			return true
		}
	}
	return false
}

// KeepOpen makes fd survive Reexec (clears close-on-exec); Resumed's
// caller takes it over by number.
func KeepOpen(fd int) error {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_SETFD, 0)
	return err
}

// Resume is what a process started by Reexec finds.
type Resume struct {
	Data string // the resume string given to Reexec
	// SetgroupsErr is the outcome of the stage's early setgroups.
	SetgroupsErr error
	// Err is the failed join (a *JoinError), or ErrBadStage.
	Err error
	// Later is what the stage left for Go to join (a pid namespace), on
	// the thread that will exec or fork; nil: nothing.
	Later *JoinSet
}

// Resumed reports whether this process is the one Reexec started.
func Resumed() (*Resume, bool) {
	p := prestage.Taken()
	plan, ok := p["join"]
	if !ok {
		return nil, false
	}
	rep := prestage.JoinReport()
	r := &Resume{Data: p["resume"]}
	if !rep.Ran || rep.BadData {
		r.Err = ErrBadStage{} // and the descriptors named are not ours
		return r, true
	}
	r.Later = laterJoins(plan)
	if rep.FailedErrno != 0 {
		typ := max(rep.FailedType, 0) // -1: the pidfd join
		r.Err = &JoinError{Type: typ, Err: syscall.Errno(rep.FailedErrno)}
	}
	if rep.SetgroupsErr != 0 {
		r.SetgroupsErr = syscall.Errno(rep.SetgroupsErr)
	}
	return r, true
}

// ErrBadStage: the plan's join record did not parse; nothing was joined.
type ErrBadStage struct{}

func (ErrBadStage) Error() string { return "invalid pre-runtime stage plan" }

// CloseOnExec sets close-on-exec on a descriptor taken over from Reexec.
func CloseOnExec(fd int) { unix.CloseOnExec(fd) }

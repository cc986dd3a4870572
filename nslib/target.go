package nslib

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// OpenPIDNS opens /proc/PID/ns/TYPE through a pidfd where the kernel has
// them: the pidfd is taken first and checked after the open, so the file
// belongs to that very process even if the PID is recycled meanwhile.
func OpenPIDNS(pid int, typ string) (*NSFile, error) {
	pidfd, perr := unix.PidfdOpen(pid, 0)
	f, err := OpenPID(pid, typ)
	if err != nil {
		if perr == nil {
			unix.Close(pidfd)
		}
		return nil, err
	}
	switch perr {
	case nil:
		defer unix.Close(pidfd)
		if err := unix.PidfdSendSignal(pidfd, 0, nil, 0); err != nil && err != unix.EPERM {
			f.Close()
			return nil, unix.ESRCH
		}
	case unix.ESRCH:
		// The process was gone before the open, so the PID is a new one.
		f.Close()
		return nil, unix.ESRCH
	}
	return f, nil
}

// Target is how a namespace was named on the command line.
type Target struct {
	Arg  string // as given
	Path string // the file opened
	PID  int    // > 0 when the argument was taken as a PID
}

// OpenNetTarget resolves a network-namespace argument as iproute2's
// `ip link set … netns ARG` does: a path if it contains '/', else a name in
// the run dir, else a PID (a name wins over a PID with the same digits).
func (r *RunDir) OpenNetTarget(arg string) (*NSFile, Target, error) {
	t := Target{Arg: arg}
	if strings.Contains(arg, "/") {
		t.Path = arg
		f, err := Open(arg)
		return f, t, err
	}
	if ValidName(arg) {
		t.Path = r.Path(arg)
		if f, err := r.OpenNamed(arg); err == nil {
			return f, t, nil
		}
	}
	pid, err := strconv.ParseInt(arg, 0, 32)
	if err != nil || pid <= 0 {
		t.Path = r.Path(arg)
		return nil, t, unix.ENOENT
	}
	t.PID = int(pid)
	t.Path = ProcPath(t.PID, "net")
	f, err := OpenPIDNS(t.PID, "net")
	return f, t, err
}

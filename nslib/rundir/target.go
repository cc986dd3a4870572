package rundir

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// Target is how a namespace was named on the command line.
type Target struct {
	Arg  string // as given
	Path string // the file opened
	PID  int    // > 0 when the argument was taken as a PID
}

// OpenNetTarget resolves a network-namespace argument as iproute2's
// `ip link set … netns ARG` does: a path if it contains '/', else a name in
// the run dir, else a PID (a name wins over a PID with the same digits).
func (r *RunDir) OpenNetTarget(arg string) (*nslib.NSFile, Target, error) {
	t := Target{Arg: arg}
	if strings.Contains(arg, "/") {
		t.Path = arg
		f, err := nslib.Open(arg)
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
	t.Path = nslib.ProcPath(t.PID, "net")
	f, err := nslib.OpenPIDNS(t.PID, "net")
	return f, t, err
}

package enter

import (
	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// Join is one namespace to enter: File is its open namespace file, or nil
// when it is taken from the JoinSet's pidfd.
type Join struct {
	Type int // CLONE_NEW* flag
	File *nslib.NSFile
}

// JoinSet is a set of namespaces to enter together, util-linux nsenter
// style: namespace files, and a pidfd of the target for the rest.
type JoinSet struct {
	PidFD int    // -1: none; then every Join has a File
	Joins []Join // in Types order
}

// Mask is the CLONE_NEW* mask of every namespace in the set.
func (s *JoinSet) Mask() int {
	m := 0
	for _, j := range s.Joins {
		m |= j.Type
	}
	return m
}

func (s *JoinSet) pidfdMask() int {
	m := 0
	for _, j := range s.Joins {
		if j.File == nil {
			m |= j.Type
		}
	}
	return m
}

// Close closes every file of the set and the pidfd.
func (s *JoinSet) Close() {
	for _, j := range s.Joins {
		if j.File != nil {
			j.File.Close()
		}
	}
	if s.PidFD >= 0 {
		unix.Close(s.PidFD)
	}
}

// JoinError is a failed setns, in util-linux's words.
type JoinError struct {
	Type int // 0: the atomic setns through the pidfd
	Err  error
}

func (e *JoinError) Error() string {
	if e.Type == 0 {
		return "reassociate to namespaces failed: " + nslib.Strerror(e.Err)
	}
	return "reassociate to namespace 'ns/" + nslib.TypeName(e.Type) + "' failed: " + nslib.Strerror(e.Err)
}
func (e *JoinError) Unwrap() error { return e.Err }

// Enter joins the set on the calling thread, which the caller has locked
// and will not give back (it execs, or forks and then dies). It is
// util-linux's two-pass order: everything but user with errors ignored,
// then what is left, first error final, so root entering an unprivileged
// container and a user entering their own user namespace both work. The
// pidfd's namespaces go in one atomic setns. User and time namespaces need
// the pre-runtime stage instead (see Reexec); mount namespaces need a
// private fs_struct, so the thread unshares CLONE_FS first.
func (s *JoinSet) Enter() error {
	mask := s.Mask()
	if StageNeeded(mask) {
		return ErrNoStage{}
	}
	if mask&unix.CLONE_NEWNS != 0 {
		if err := unix.Unshare(unix.CLONE_FS); err != nil {
			return nslib.OpErr(err, "unshare(CLONE_FS) failed")
		}
	}
	done := make([]bool, len(s.Joins))
	for pass := 0; pass < 2; pass++ {
		final := pass == 1
		if m := s.pendingPidfdMask(done); m != 0 {
			if err := unix.Setns(s.PidFD, m); err == nil {
				s.markPidfd(done)
			} else if final {
				return &JoinError{Err: err}
			}
		}
		for i, j := range s.Joins {
			if done[i] || j.File == nil {
				continue
			}
			if err := unix.Setns(j.File.FD(), j.Type); err == nil {
				done[i] = true
			} else if final {
				return &JoinError{Type: j.Type, Err: err}
			}
		}
	}
	return nil
}

func (s *JoinSet) pendingPidfdMask(done []bool) int {
	m := 0
	for i, j := range s.Joins {
		if !done[i] && j.File == nil {
			m |= j.Type
		}
	}
	return m
}

func (s *JoinSet) markPidfd(done []bool) {
	for i, j := range s.Joins {
		if j.File == nil {
			done[i] = true
		}
	}
}

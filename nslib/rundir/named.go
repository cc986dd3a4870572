package rundir

import (
	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/nsid"
	"nsbox/nslib/prestage"
)

// Named is one entry of the run dir as `netns list` reports it.
type Named struct {
	Name  string
	NSID  int32       // the id the viewer gives it; NSIDUnassigned if none
	Stale bool        // not an nsfs file: a crash's placeholder, a plain file, a directory
	Ident nslib.Ident // valid unless Stale
}

// listChunk is how many names a lister has open at once. Few open files
// keep the descriptor table small: growing it in a multithreaded process
// waits for an RCU grace period each time (milliseconds with hundreds of
// names), and two listers at once stay within the 64 descriptors of a new
// table.
const listChunk = nsid.Batch

// parallelList is the length from which a list is split between two
// threads: the kernel's nsid look-up walks the viewer's whole table of
// ids for every name, so long lists are CPU-bound in the kernel.
const parallelList = 128

// ListNamed lists the run dir in readdir order with the nsid that the
// namespace viewerFD (0: the caller's) gives each name. The nsid requests of
// a chunk go to the kernel in one send and are answered before it returns,
// so a list costs a few system calls per name instead of iproute2's two
// round trips. Stale entries are never sent to the kernel.
func (r *RunDir) ListNamed(viewerFD int) ([]Named, error) {
	names, types, err := r.entries()
	if err != nil || len(names) == 0 {
		return nil, err
	}
	out := make([]Named, len(names))
	for i, n := range names {
		out[i] = Named{Name: n, NSID: nsid.Unassigned, Stale: true}
	}
	dir, err := nslib.RawOpen(unix.AT_FDCWD, r.Dir, unix.O_PATH|unix.O_DIRECTORY)
	if err != nil {
		return out, nil // gone since Names: every entry stale
	}
	defer nslib.RawClose(dir)
	// Every namespace file lives on the one nsfs device: a stat tells a
	// namespace from a placeholder without a statfs per name. Without
	// /proc (nsfsDev 0) each name is statfs'd instead.
	nsfs, _ := nslib.StatIdent("/proc/thread-self/ns/net")
	l := lister{dir: dir, viewerFD: viewerFD, nsfsDev: nsfs.Dev}
	if len(names) >= parallelList && prestage.MoreProcs(2) > 1 {
		half := len(names) / 2
		done := make(chan struct{})
		go func() {
			l.list(names[half:], types[half:], out[half:])
			close(done)
		}()
		l.list(names[:half], types[:half], out[:half])
		<-done
	} else {
		l.list(names, types, out)
	}
	return out, nil
}

// lister fills in Named entries for names in the run dir open at dir.
type lister struct {
	dir, viewerFD int
	nsfsDev       uint64 // 0: unknown (no /proc)
}

// list fills out[i] for names[i] (of d_type types[i]), on its own netlink
// socket.
func (l lister) list(names []string, types []byte, out []Named) {
	conn, err := nsid.Dial(l.viewerFD)
	if err != nil {
		conn = nil // still list the names, without ids
	} else {
		defer conn.Close()
	}
	fds := make([]int, 0, listChunk)
	for start := 0; start < len(names); start += listChunk {
		end := min(start+listChunk, len(names))
		fds = fds[:0]
		for i := start; i < end; i++ {
			var st unix.Stat_t
			fd, isNS, err := openEntry(l.dir, names[i], types[i], l.nsfsDev, &st)
			if err == nil && !isNS {
				nslib.RawClose(fd)
			}
			if !isNS {
				fds = append(fds, -1)
				continue
			}
			out[i].Stale = false
			out[i].Ident = nslib.Ident{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
			fds = append(fds, fd)
		}
		if conn != nil {
			ids := conn.GetBatch(unix.NETNSA_FD, fds)
			for k, id := range ids {
				out[start+k].NSID = id
			}
		}
		for _, fd := range fds {
			if fd >= 0 {
				nslib.RawClose(fd)
			}
		}
	}
}

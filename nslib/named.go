package nslib

import (
	"encoding/binary"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Named is one entry of the run dir as `netns list` reports it.
type Named struct {
	Name  string
	NSID  int32 // the id the viewer gives it; NSIDUnassigned if none
	Stale bool  // not an nsfs file: a crash's placeholder, a plain file, a directory
	Ident Ident // valid unless Stale
}

// listChunk is how many names a lister has open at once. Few open files
// keep the descriptor table small: growing it in a multithreaded process
// waits for an RCU grace period each time (milliseconds with hundreds of
// names), and two listers at once stay within the 64 descriptors of a new
// table.
const listChunk = 24

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
	names, err := r.Names()
	if err != nil || len(names) == 0 {
		return nil, err
	}
	out := make([]Named, len(names))
	for i, n := range names {
		out[i] = Named{Name: n, NSID: NSIDUnassigned, Stale: true}
	}
	dir, err := rawOpen(unix.AT_FDCWD, r.Dir, unix.O_PATH|unix.O_DIRECTORY)
	if err != nil {
		return out, nil // gone since Names: every entry stale
	}
	defer rawClose(dir)
	// Every namespace file lives on the one nsfs device: fstat tells a
	// namespace from a placeholder without a statfs per name. Without
	// /proc each name is statfs'd instead.
	nsfs, err := StatIdent("/proc/thread-self/ns/net")
	l := lister{dir: dir, viewerFD: viewerFD, nsfsDev: nsfs.Dev, noProc: err != nil}
	if len(names) >= parallelList && MoreProcs(2) > 1 {
		half := len(names) / 2
		done := make(chan struct{})
		go func() {
			l.list(names[half:], out[half:])
			close(done)
		}()
		l.list(names[:half], out[:half])
		<-done
	} else {
		l.list(names, out)
	}
	return out, nil
}

// lister fills in Named entries for names in the run dir open at dir.
type lister struct {
	dir, viewerFD int
	nsfsDev       uint64
	noProc        bool
}

// list fills out[i] for names[i], on its own netlink socket.
func (l lister) list(names []string, out []Named) {
	conn, err := DialNSID(l.viewerFD)
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
			fd, err := rawOpen(l.dir, names[i], unix.O_RDONLY)
			if err != nil {
				fds = append(fds, -1)
				continue
			}
			var st unix.Stat_t
			var sfs unix.Statfs_t
			if unix.Fstat(fd, &st) != nil || (!l.noProc && uint64(st.Dev) != l.nsfsDev) ||
				(l.noProc && (unix.Fstatfs(fd, &sfs) != nil || sfs.Type != NSFSMagic)) {
				rawClose(fd)
				fds = append(fds, -1)
				continue
			}
			out[i].Stale = false
			out[i].Ident = Ident{uint64(st.Dev), uint64(st.Ino)}
			fds = append(fds, fd)
		}
		if conn != nil {
			ids := conn.getBatch(unix.NETNSA_FD, fds)
			for k, id := range ids {
				out[start+k].NSID = id
			}
		}
		for _, fd := range fds {
			if fd >= 0 {
				rawClose(fd)
			}
		}
	}
}

// rawOpen and rawClose bypass the scheduler's system-call hand-off: these
// calls on nsfs and the run dir never block, and with hundreds of names the
// hand-offs (thread wake-ups) cost more than the calls. (fstat stays
// x/sys's: its system call and struct differ between architectures.)
func rawOpen(dirfd int, path string, flags int) (int, error) {
	p, err := unix.ByteSliceFromString(path)
	if err != nil {
		return -1, err
	}
	return rawOpenZ(dirfd, p, flags)
}

// rawOpenZ is rawOpen of a NUL-terminated path.
func rawOpenZ(dirfd int, path []byte, flags int) (int, error) {
	fd, _, errno := unix.RawSyscall6(unix.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&path[0])),
		uintptr(flags|unix.O_CLOEXEC), 0, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

func rawClose(fd int) {
	unix.RawSyscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
}

// getBatch asks for the nsids of targets, namespace fds (attr NETNSA_FD)
// or PIDs (NETNSA_PID), with one send and direct reads of the answers,
// which the kernel has queued by the time the send returns. Negative
// targets are skipped (NSIDUnassigned); a refused or failed request gives
// NSIDUnknown.
func (n *NSIDConn) getBatch(attr uint16, targets []int) []int32 {
	ids := make([]int32, len(targets))
	req := make([]byte, 0, nsidRequestLen*len(targets))
	want := 0
	for i, target := range targets {
		ids[i] = NSIDUnassigned
		if target < 0 {
			continue
		}
		ids[i] = NSIDUnknown
		req = appendNSIDRequest(req, uint32(i+1), attr, target) // sequence: index + 1
		want++
	}
	if want == 0 {
		return ids
	}
	rc, err := n.c.SyscallConn()
	if err != nil {
		return ids
	}
	rc.Control(func(sfd uintptr) {
		s := int(sfd)
		if unix.Sendto(s, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}) != nil {
			return
		}
		r := newDatagramReader(len(targets))
		for got := 0; got < want; {
			msgs, err := r.read(s)
			if err != nil {
				return
			}
			for _, b := range msgs {
				var m netlink.Message
				if len(b) < unix.NLMSG_HDRLEN || m.UnmarshalBinary(b[:nlmsgAlign(int(binary.NativeEndian.Uint32(b)), len(b))]) != nil {
					continue
				}
				got++
				seq := int(m.Header.Sequence)
				if m.Header.Type == unix.RTM_NEWNSID && seq >= 1 && seq <= len(ids) {
					if e, err := decodeNSID(m); err == nil {
						ids[seq-1] = e.NSID
					}
				}
			}
		}
	})
	return ids
}

// nsidRequestLen is an RTM_GETNSID request's: header, rtgenmsg, one
// attribute.
const nsidRequestLen = unix.NLMSG_HDRLEN + 4 + 8

// appendNSIDRequest appends an RTM_GETNSID request for target (attr: a
// NETNSA_PID or NETNSA_FD), written by hand in the CPU's byte order
// (fastpath.c's struct; byteorder_test.go): no encoder allocations.
func appendNSIDRequest(req []byte, seq uint32, attr uint16, target int) []byte {
	var m [nsidRequestLen]byte
	binary.NativeEndian.PutUint32(m[0:], nsidRequestLen)
	binary.NativeEndian.PutUint16(m[4:], unix.RTM_GETNSID)
	binary.NativeEndian.PutUint16(m[6:], unix.NLM_F_REQUEST)
	binary.NativeEndian.PutUint32(m[8:], seq)
	binary.NativeEndian.PutUint16(m[20:], 8) // attribute length
	binary.NativeEndian.PutUint16(m[22:], attr)
	binary.NativeEndian.PutUint32(m[24:], uint32(target))
	return append(req, m[:]...)
}

// datagramReader receives many netlink replies per system call
// (recvmmsg), one datagram per buffer.
type datagramReader struct {
	bufs [][]byte
	iovs []unix.Iovec
	hdrs []mmsghdr
}

// mmsghdr is struct mmsghdr, recvmmsg's element (golang.org/x/sys has it
// only from v0.42, which needs Go 1.25; go.mod stays at Go 1.24).
type mmsghdr struct {
	Hdr unix.Msghdr
	Len uint32
}

// replySize fits a RTM_NEWNSID answer or an error with its extended ack.
const replySize = 512

func newDatagramReader(n int) *datagramReader {
	r := &datagramReader{bufs: make([][]byte, n), iovs: make([]unix.Iovec, n), hdrs: make([]mmsghdr, n)}
	for i := range r.bufs {
		r.bufs[i] = make([]byte, replySize)
		r.iovs[i].Base = &r.bufs[i][0]
		r.iovs[i].SetLen(replySize)
		r.hdrs[i].Hdr.Iov = &r.iovs[i]
		r.hdrs[i].Hdr.Iovlen = 1
	}
	return r
}

// read returns the datagrams queued on fd, waiting up to a second when
// none is there yet.
func (r *datagramReader) read(fd int) ([][]byte, error) {
	for {
		n, _, errno := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&r.hdrs[0])),
			uintptr(len(r.hdrs)), unix.MSG_DONTWAIT, 0, 0)
		if errno == unix.EAGAIN {
			pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			if k, _ := unix.Poll(pfd, 1000); k <= 0 {
				return nil, unix.ETIMEDOUT
			}
			continue
		}
		if errno != 0 {
			return nil, errno
		}
		out := make([][]byte, n)
		for i := range out {
			out[i] = r.bufs[i][:r.hdrs[i].Len]
		}
		return out, nil
	}
}

// nlmsgAlign rounds a message length up to 4 bytes, capped at what is left.
func nlmsgAlign(l, left int) int {
	return min((l+3)&^3, left)
}

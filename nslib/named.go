package nslib

import (
	"encoding/binary"

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

// listChunk is how many names are open at once. Few open files keep the
// descriptor table small: growing it in a multithreaded process waits for
// an RCU grace period each time (milliseconds with hundreds of names).
const listChunk = 32

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
	conn, err := DialNSID(viewerFD)
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
			fd, err := unix.Open(r.Path(names[i]), unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				fds = append(fds, -1)
				continue
			}
			var sfs unix.Statfs_t
			var st unix.Stat_t
			if unix.Fstatfs(fd, &sfs) != nil || sfs.Type != NSFSMagic || unix.Fstat(fd, &st) != nil {
				unix.Close(fd)
				fds = append(fds, -1)
				continue
			}
			out[i].Stale = false
			out[i].Ident = Ident{st.Dev, st.Ino}
			fds = append(fds, fd)
		}
		if conn != nil {
			ids := conn.getBatch(fds)
			for k, id := range ids {
				out[start+k].NSID = id
			}
		}
		for _, fd := range fds {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	}
	return out, nil
}

// getBatch asks for the nsids of fds with one send and direct reads of the
// answers, which the kernel has queued by the time the send returns.
// Negative fds are skipped (NSIDUnassigned); a refused or failed request
// gives NSIDUnknown.
func (n *NSIDConn) getBatch(fds []int) []int32 {
	ids := make([]int32, len(fds))
	var req []byte
	want := 0
	for i, fd := range fds {
		ids[i] = NSIDUnassigned
		if fd < 0 {
			continue
		}
		ids[i] = NSIDUnknown
		m := nsidRequest(unix.RTM_GETNSID, netlink.Request, func(ae *netlink.AttributeEncoder) {
			ae.Uint32(unix.NETNSA_FD, uint32(fd))
		})
		m.Header.Length = uint32(unix.NLMSG_HDRLEN + len(m.Data))
		m.Header.Sequence = uint32(i + 1)
		b, err := m.MarshalBinary()
		if err != nil {
			return ids
		}
		req = append(req, b...)
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
		buf := make([]byte, 8192)
		for got := 0; got < want; {
			nr, _, err := unix.Recvfrom(s, buf, 0)
			if err == unix.EAGAIN {
				pfd := []unix.PollFd{{Fd: int32(s), Events: unix.POLLIN}}
				if k, _ := unix.Poll(pfd, 1000); k <= 0 {
					return
				}
				continue
			}
			if err != nil || nr < unix.NLMSG_HDRLEN {
				return
			}
			for b := buf[:nr]; len(b) >= unix.NLMSG_HDRLEN; {
				l := int(binary.NativeEndian.Uint32(b))
				if l < unix.NLMSG_HDRLEN || l > len(b) {
					break
				}
				var m netlink.Message
				if m.UnmarshalBinary(b[:nlmsgAlign(l, len(b))]) == nil {
					got++
					seq := int(m.Header.Sequence)
					if m.Header.Type == unix.RTM_NEWNSID && seq >= 1 && seq <= len(ids) {
						if e, err := decodeNSID(m); err == nil {
							ids[seq-1] = e.NSID
						}
					}
				}
				b = b[nlmsgAlign(l, len(b)):]
			}
		}
	})
	return ids
}

// nlmsgAlign rounds a message length up to 4 bytes, capped at what is left.
func nlmsgAlign(l, left int) int {
	return min((l+3)&^3, left)
}

package nsid

import (
	"encoding/binary"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// GetBatch asks for the nsids of targets, namespace fds (attr NETNSA_FD)
// or PIDs (NETNSA_PID), with one send and direct reads of the answers,
// which the kernel has queued by the time the send returns. Negative
// targets are skipped (Unassigned); a refused or failed request gives
// Unknown.
func (n *Conn) GetBatch(attr uint16, targets []int) []int32 {
	ids := make([]int32, len(targets))
	req := make([]byte, 0, nsidRequestLen*len(targets))
	want := 0
	for i, target := range targets {
		ids[i] = Unassigned
		if target < 0 {
			continue
		}
		ids[i] = Unknown
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
					if e, err := decode(m); err == nil {
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

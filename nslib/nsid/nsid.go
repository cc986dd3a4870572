// Package nsid is RTM_{GET,NEW}NSID and RTNLGRP_NSID over rtnetlink:
// the ids a network namespace gives others, asked one at a time or in
// batches, set, dumped and watched.
package nsid

import (
	"errors"
	"strings"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// Unassigned is the kernel's "no id" (NETNSA_NSID_NOT_ASSIGNED).
const Unassigned = -1

// Unknown marks an nsid the kernel did not give (the request failed).
const Unknown = -2

// Conn talks RTM_{GET,NEW}NSID to the kernel. Ids are relative to the
// network namespace the connection was opened in.
type Conn struct {
	c *netlink.Conn
}

// Dial opens an rtnetlink socket in the network namespace netnsFD (0:
// the calling thread's own), with extended acks so kernel refusals carry
// their message ("Peer netns already has a nsid assigned").
func Dial(netnsFD int) (*Conn, error) {
	return dial(&netlink.Config{NetNS: netnsFD})
}

func dial(cfg *netlink.Config) (*Conn, error) {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, cfg)
	if err != nil {
		return nil, err
	}
	c.SetOption(netlink.ExtendedAcknowledge, true)
	// The kernel reads NETNSA_TARGET_NSID of a dump only in strict mode
	// (iproute2 sets it too); without it target-nsid is silently ignored.
	c.SetOption(netlink.GetStrictCheck, true)
	return &Conn{c: c}, nil
}

// Close closes the socket.
func (n *Conn) Close() error { return n.c.Close() }

// nsidRequest builds an RTM_*NSID message: an rtgenmsg (family AF_UNSPEC,
// padded to 4 bytes) followed by NETNSA_* attributes.
func nsidRequest(typ netlink.HeaderType, flags netlink.HeaderFlags, encode func(ae *netlink.AttributeEncoder)) netlink.Message {
	ae := netlink.NewAttributeEncoder()
	encode(ae)
	attrs, _ := ae.Encode()
	return netlink.Message{
		Header: netlink.Header{Type: typ, Flags: flags},
		Data:   append(make([]byte, 4), attrs...),
	}
}

// Entry is one answer: the peer's id and, when a target was named, the
// id the target gives the same peer.
type Entry struct {
	NSID    int32
	Current int32 // NETNSA_CURRENT_NSID, Unassigned when absent
}

func decode(m netlink.Message) (Entry, error) {
	e := Entry{NSID: Unassigned, Current: Unassigned}
	if len(m.Data) < 4 {
		return e, errors.New("short RTM_NEWNSID message")
	}
	ad, err := netlink.NewAttributeDecoder(m.Data[4:])
	if err != nil {
		return e, err
	}
	for ad.Next() {
		switch ad.Type() {
		case unix.NETNSA_NSID:
			e.NSID = ad.Int32()
		case unix.NETNSA_CURRENT_NSID:
			e.Current = ad.Int32()
		}
	}
	return e, ad.Err()
}

// Get returns the id this namespace gives the namespace open at fd.
// GET requests go without the ACK flag: the stray ACK would answer the next
// request.
func (n *Conn) Get(fd int) (int32, error) {
	msgs, err := n.c.Execute(nsidRequest(unix.RTM_GETNSID, netlink.Request, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NETNSA_FD, uint32(fd))
	}))
	if err != nil {
		return Unassigned, err
	}
	if len(msgs) != 1 {
		return Unassigned, errors.New("unexpected RTM_GETNSID reply")
	}
	e, err := decode(msgs[0])
	return e.NSID, err
}

// Batch is how many requests GetMany sends at once (see rundir's
// listChunk, which opens as many names at a time).
const Batch = 24

// GetMany returns the ids of many namespaces, given as fds (attr
// NETNSA_FD) or as PIDs of members (NETNSA_PID), asked in chunks of one
// send each (see GetBatch). Negative entries are left unassigned.
func (n *Conn) GetMany(attr uint16, targets []int) []int32 {
	ids := make([]int32, 0, len(targets))
	for start := 0; start < len(targets); start += Batch {
		ids = append(ids, n.GetBatch(attr, targets[start:min(start+Batch, len(targets))])...)
	}
	return ids
}

// Set assigns id (Unassigned: the kernel picks) to the namespace at fd,
// in this namespace's table.
func (n *Conn) Set(fd int, id int32) error {
	_, err := n.c.Execute(nsidRequest(unix.RTM_NEWNSID, netlink.Request|netlink.Acknowledge, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NETNSA_FD, uint32(fd))
		ae.Int32(unix.NETNSA_NSID, id)
	}))
	return err
}

// Dump lists every id this namespace has assigned, in the kernel's order.
// With a target (>= 0) each entry also carries the target's id for the same
// peer.
func (n *Conn) Dump(target int32) ([]Entry, error) {
	msgs, err := n.c.Execute(nsidRequest(unix.RTM_GETNSID, netlink.Request|netlink.Dump, func(ae *netlink.AttributeEncoder) {
		if target >= 0 {
			ae.Int32(unix.NETNSA_TARGET_NSID, target)
		}
	}))
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(msgs))
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWNSID {
			continue
		}
		e, err := decode(m)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Lookup asks for a single peer by id (and optionally as seen by target).
func (n *Conn) Lookup(nsid, target int32) (Entry, error) {
	msgs, err := n.c.Execute(nsidRequest(unix.RTM_GETNSID, netlink.Request, func(ae *netlink.AttributeEncoder) {
		ae.Int32(unix.NETNSA_NSID, nsid)
		if target >= 0 {
			ae.Int32(unix.NETNSA_TARGET_NSID, target)
		}
	}))
	if err != nil {
		return Entry{}, err
	}
	if len(msgs) != 1 {
		return Entry{}, errors.New("unexpected RTM_GETNSID reply")
	}
	return decode(msgs[0])
}

// Event is one RTNLGRP_NSID notification.
type Event struct {
	Deleted bool
	Entry
}

// DialEvents opens a socket subscribed to nsid events of the namespace
// netnsFD (0: the calling thread's own).
func DialEvents(netnsFD int) (*Conn, error) {
	return dial(&netlink.Config{NetNS: netnsFD, Groups: 1 << (unix.RTNLGRP_NSID - 1)})
}

// NextEvents blocks for the next batch of nsid events.
func (n *Conn) NextEvents() ([]Event, error) {
	msgs, err := n.c.Receive()
	if err != nil {
		return nil, err
	}
	var evs []Event
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWNSID && m.Header.Type != unix.RTM_DELNSID {
			continue
		}
		e, err := decode(m)
		if err != nil {
			continue
		}
		evs = append(evs, Event{Deleted: m.Header.Type == unix.RTM_DELNSID, Entry: e})
	}
	return evs, nil
}

// NetlinkError renders a kernel refusal as iproute2 does: the extended-ack
// text as "Error: MSG." when the kernel sent one, else
// "RTNETLINK answers: STRERROR".
func NetlinkError(err error) string {
	var oe *netlink.OpError
	if errors.As(err, &oe) {
		if oe.Message != "" {
			msg := oe.Message
			if !strings.HasSuffix(msg, ".") {
				msg += "."
			}
			return "Error: " + msg
		}
		return "RTNETLINK answers: " + nslib.Strerror(oe.Err)
	}
	return "RTNETLINK answers: " + nslib.Strerror(err)
}

package link

import (
	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// LinkConn is an rtnetlink socket in one network namespace: devices are
// looked up and moved from there.
type LinkConn struct {
	*rtnetlink.Conn
}

// DialLinks opens an rtnetlink socket in the network namespace netnsFD (0:
// the calling thread's own), with extended acks so that refusals carry the
// kernel's reason ("The interface netns is immutable").
func DialLinks(netnsFD int) (*LinkConn, error) {
	c, err := rtnetlink.Dial(&netlink.Config{NetNS: netnsFD})
	if err != nil {
		return nil, err
	}
	_ = c.SetOption(netlink.ExtendedAcknowledge, true)
	return &LinkConn{c}, nil
}

// ByName looks a device up by name (or altname), iproute2's RTM_GETLINK
// with IFLA_IFNAME. An unknown name is ENODEV.
func (c *LinkConn) ByName(name string) (*rtnetlink.LinkMessage, error) {
	// RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS, iproute2's ll_link_get mask:
	// the answer needs no counters.
	mask := uint32(1 | 1<<3)
	req := &rtnetlink.LinkMessage{Family: unix.AF_UNSPEC,
		Attributes: &rtnetlink.LinkAttributes{Name: name, ExtMask: &mask}}
	msgs, err := c.Execute(req, unix.RTM_GETLINK, netlink.Request)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if l, ok := m.(*rtnetlink.LinkMessage); ok && l.Attributes != nil {
			return l, nil
		}
	}
	return nil, unix.ENODEV
}

// Move moves device index to the network namespace destFD in one
// RTM_NEWLINK; a non-empty newName renames it in the same request, so it
// never shows up under its old name in the target (`ip link set dev X
// netns Y name Z`).
func (c *LinkConn) Move(index uint32, destFD int, newName string) error {
	return c.Link.Set(&rtnetlink.LinkMessage{Family: unix.AF_UNSPEC, Index: index,
		Attributes: &rtnetlink.LinkAttributes{Name: newName, NetNS: rtnetlink.NetNSForFD(uint32(destFD))}})
}

// IsLoopback tells the loopback device, which the kernel never lets
// change namespace.
func IsLoopback(l *rtnetlink.LinkMessage) bool {
	return l.Flags&unix.IFF_LOOPBACK != 0
}

// LinkKind is the rtnl link kind of a device ("veth", "bridge"…; "" for
// hardware devices and the loopback).
func LinkKind(l *rtnetlink.LinkMessage) string {
	if l.Attributes == nil || l.Attributes.Info == nil {
		return ""
	}
	return l.Attributes.Info.Kind
}

// Package link moves network devices between namespaces over rtnetlink:
// a move with a rename in one request, loopback up and down, physical
// devices told from virtual ones, and netns-local devices found.
package link

import (
	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// loopbackIndex is lo's ifindex in every network namespace.
const loopbackIndex = 1

// SetLoopback brings the loopback device of the namespace netnsFD up or
// down (a new namespace's lo is down).
func SetLoopback(netnsFD int, up bool) error {
	conn, err := rtnetlink.Dial(&netlink.Config{NetNS: netnsFD})
	if err != nil {
		return err
	}
	defer conn.Close()
	var flags uint32
	if up {
		flags = unix.IFF_UP
	}
	return conn.Link.Set(&rtnetlink.LinkMessage{Family: unix.AF_UNSPEC, Index: loopbackIndex, Flags: flags, Change: unix.IFF_UP})
}

// IsPhysical tells a device backed by hardware (no rtnl link kind: not a
// veth, bridge, macvlan…) and not the loopback. Such devices survive their
// namespace and return to the initial one; virtual ones are destroyed.
func IsPhysical(l *rtnetlink.LinkMessage) bool {
	if IsLoopback(l) || l.Attributes == nil {
		return false
	}
	return LinkKind(l) == ""
}

// MoveLinks moves the devices of the namespace netnsFD selected by keep
// into the namespace destFD, one request each. It returns the names moved;
// on a refusal it stops and says which device failed.
func MoveLinks(netnsFD, destFD int, keep func(*rtnetlink.LinkMessage) bool) (moved []string, err error) {
	conn, err := DialLinks(netnsFD)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	links, err := conn.Link.List()
	if err != nil {
		return nil, err
	}
	for i := range links {
		l := &links[i]
		if !keep(l) {
			continue
		}
		if err := conn.Move(l.Index, destFD, ""); err != nil {
			return moved, nslib.OpErr(err, "moving %s", l.Attributes.Name)
		}
		moved = append(moved, l.Attributes.Name)
	}
	return moved, nil
}

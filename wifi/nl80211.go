// Package wifi is nsbox's view of wireless radios over nl80211 (generic
// netlink): the phys and interfaces of one network namespace, moving a phy
// to another namespace, and the rfkill state of a phy. Every query is made
// from a socket opened inside the namespace in question, because the
// kernel shows a socket only the phys of its own namespace; the caller's
// /sys is never used to find a phy (it shows the phys of whoever mounted it).
package wifi

import (
	"cmp"
	"errors"
	"os"
	"slices"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// ErrNoWireless means the kernel has no nl80211 (no cfg80211 loaded): there
// are no phys anywhere.
var ErrNoWireless = errors.New("no wireless support in the kernel (nl80211 missing)")

// Conn is an nl80211 socket bound to one network namespace.
type Conn struct {
	c      *genetlink.Conn
	family genetlink.Family
}

// Dial opens an nl80211 socket in the network namespace netnsFD (0: the
// calling thread's own). ErrNoWireless when the family does not exist.
func Dial(netnsFD int) (*Conn, error) {
	c, err := genetlink.Dial(&netlink.Config{NetNS: netnsFD})
	if err != nil {
		return nil, err
	}
	return newConn(c)
}

// newConn looks up the nl80211 family on an open generic netlink socket
// (tests hand in a genltest fake).
func newConn(c *genetlink.Conn) (*Conn, error) {
	f, err := c.GetFamily(unix.NL80211_GENL_NAME)
	if err != nil {
		c.Close()
		if errors.Is(err, os.ErrNotExist) {
			return nil, ErrNoWireless
		}
		return nil, err
	}
	// Extended acks carry the kernel's reason for a refusal.
	_ = c.SetOption(netlink.ExtendedAcknowledge, true)
	return &Conn{c: c, family: f}, nil
}

// Close closes the socket.
func (c *Conn) Close() error { return c.c.Close() }

// Phy is a wireless radio (wiphy).
type Phy struct {
	Index uint32
	Name  string
	// CanChangeNetns: the driver allows namespace moves (the kernel lists
	// set_wiphy_netns among the phy's supported commands).
	CanChangeNetns bool
}

// Interface is a wireless network device and the phy it belongs to.
type Interface struct {
	Index uint32 // ifindex
	Name  string
	Phy   uint32
}

func (c *Conn) execute(cmd uint8, flags netlink.HeaderFlags, encode func(ae *netlink.AttributeEncoder)) ([]genetlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	if encode != nil {
		encode(ae)
	}
	data, err := ae.Encode()
	if err != nil {
		return nil, err
	}
	return c.c.Execute(genetlink.Message{
		Header: genetlink.Header{Command: cmd, Version: c.family.Version},
		Data:   data,
	}, c.family.ID, flags)
}

// Phys lists the phys of the socket's namespace in the kernel's order. It
// asks for the split dump (what iw does): the kernel then sends each phy in
// several messages, merged here by index.
func (c *Conn) Phys() ([]Phy, error) {
	msgs, err := c.execute(unix.NL80211_CMD_GET_WIPHY, netlink.Request|netlink.Dump, func(ae *netlink.AttributeEncoder) {
		ae.Flag(unix.NL80211_ATTR_SPLIT_WIPHY_DUMP, true)
	})
	if err != nil {
		return nil, err
	}
	var phys []Phy
	at := map[uint32]int{}
	for _, m := range msgs {
		p, err := decodePhy(m.Data)
		if err != nil {
			return nil, err
		}
		i, ok := at[p.Index]
		if !ok {
			at[p.Index] = len(phys)
			phys = append(phys, p)
			continue
		}
		if p.Name != "" {
			phys[i].Name = p.Name
		}
		phys[i].CanChangeNetns = phys[i].CanChangeNetns || p.CanChangeNetns
	}
	return phys, nil
}

// decodePhy reads one (possibly partial) GET_WIPHY answer.
func decodePhy(b []byte) (Phy, error) {
	var p Phy
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return p, err
	}
	for ad.Next() {
		switch ad.Type() {
		case unix.NL80211_ATTR_WIPHY:
			p.Index = ad.Uint32()
		case unix.NL80211_ATTR_WIPHY_NAME:
			p.Name = ad.String()
		case unix.NL80211_ATTR_SUPPORTED_COMMANDS:
			// A nested list: attribute i holds the i-th command number.
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					if nad.Uint32() == unix.NL80211_CMD_SET_WIPHY_NETNS {
						p.CanChangeNetns = true
					}
				}
				return nil
			})
		}
	}
	return p, ad.Err()
}

// Interfaces lists the wireless network devices of the socket's namespace.
// Devices without a netdev (P2P-device, NAN) are left out: they have no
// name to move or show.
func (c *Conn) Interfaces() ([]Interface, error) {
	msgs, err := c.execute(unix.NL80211_CMD_GET_INTERFACE, netlink.Request|netlink.Dump, nil)
	if err != nil {
		return nil, err
	}
	var ifs []Interface
	for _, m := range msgs {
		var it Interface
		ad, err := netlink.NewAttributeDecoder(m.Data)
		if err != nil {
			return nil, err
		}
		for ad.Next() {
			switch ad.Type() {
			case unix.NL80211_ATTR_IFINDEX:
				it.Index = ad.Uint32()
			case unix.NL80211_ATTR_IFNAME:
				it.Name = ad.String()
			case unix.NL80211_ATTR_WIPHY:
				it.Phy = ad.Uint32()
			}
		}
		if err := ad.Err(); err != nil {
			return nil, err
		}
		if it.Index != 0 && it.Name != "" {
			ifs = append(ifs, it)
		}
	}
	return ifs, nil
}

// MovePhy moves phy index (with all its interfaces) to the network
// namespace destFD: NL80211_CMD_SET_WIPHY_NETNS with NL80211_ATTR_NETNS_FD,
// as `iw phy#N set netns name NS`. The kernel refuses with EOPNOTSUPP a phy
// whose driver does not allow moves, ENODEV an unknown index.
func (c *Conn) MovePhy(index uint32, destFD int) error {
	_, err := c.execute(unix.NL80211_CMD_SET_WIPHY_NETNS, netlink.Request|netlink.Acknowledge, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_WIPHY, index)
		ae.Uint32(unix.NL80211_ATTR_NETNS_FD, uint32(destFD))
	})
	return err
}

// PhyInterfaces returns the names of the interfaces on phy index, oldest
// (lowest ifindex) first: the kernel lists the newest first.
func PhyInterfaces(ifs []Interface, index uint32) []string {
	var on []Interface
	for _, it := range ifs {
		if it.Phy == index {
			on = append(on, it)
		}
	}
	slices.SortStableFunc(on, func(a, b Interface) int { return cmp.Compare(a.Index, b.Index) })
	names := make([]string, len(on))
	for i, it := range on {
		names[i] = it.Name
	}
	return names
}

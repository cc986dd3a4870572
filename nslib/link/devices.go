package link

import (
	"encoding/binary"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Device is one network device as a namespace's teardown sees it: what
// decides its fate (kind, loopback) and where its peer is (a veth's).
type Device struct {
	Index    uint32
	Name     string
	AltNames []string
	Kind     string // rtnl link kind; "" for hardware (and the loopback)
	Loopback bool
	// Link is IFLA_LINK (a veth's peer, a macvlan's lower device), by
	// ifindex in the namespace LinkNSID names (-1: this one).
	Link     uint32
	LinkNSID int32
}

// Physical is IsPhysical for a Device: no link kind, not the loopback.
func (d *Device) Physical() bool { return !d.Loopback && d.Kind == "" }

// Devices lists the devices of the namespace netnsFD (0: our own) in one
// RTM_GETLINK dump, with IFLA_LINK_NETNSID, which rtnetlink's LinkMessage
// does not decode.
func Devices(netnsFD int) ([]Device, error) {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: netnsFD})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	req := netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump},
		Data:   make([]byte, unix.SizeofIfInfomsg), // AF_UNSPEC, every device
	}
	msgs, err := c.Execute(req)
	if err != nil {
		return nil, err
	}
	var out []Device
	for _, m := range msgs {
		if d, ok := decodeDevice(m.Data); ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// decodeDevice decodes one RTM_NEWLINK: an ifinfomsg, then attributes.
func decodeDevice(b []byte) (Device, bool) {
	if len(b) < unix.SizeofIfInfomsg {
		return Device{}, false
	}
	d := Device{Index: binary.NativeEndian.Uint32(b[4:8]), LinkNSID: -1}
	d.Loopback = binary.NativeEndian.Uint32(b[8:12])&unix.IFF_LOOPBACK != 0
	ad, err := netlink.NewAttributeDecoder(b[unix.SizeofIfInfomsg:])
	if err != nil {
		return Device{}, false
	}
	for ad.Next() {
		switch ad.Type() {
		case unix.IFLA_IFNAME:
			d.Name = ad.String()
		case unix.IFLA_LINK:
			d.Link = ad.Uint32()
		case unix.IFLA_LINK_NETNSID:
			d.LinkNSID = ad.Int32()
		case unix.IFLA_LINKINFO:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					if nad.Type() == unix.IFLA_INFO_KIND {
						d.Kind = nad.String()
					}
				}
				return nil
			})
		case unix.IFLA_PROP_LIST:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					if nad.Type() == unix.IFLA_ALT_IFNAME {
						d.AltNames = append(d.AltNames, nad.String())
					}
				}
				return nil
			})
		}
	}
	return d, ad.Err() == nil && d.Name != ""
}

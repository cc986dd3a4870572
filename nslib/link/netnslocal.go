package link

import (
	"encoding/binary"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// iflaNetnsImmutable is IFLA_NETNS_IMMUTABLE (u8, Linux 6.15+): the device
// may not change namespace (lo, bridges, wireless netdevs…). Not yet in
// x/sys/unix, and rtnetlink v2 drops attributes it does not know.
const iflaNetnsImmutable = 67

// NetnsLocalDevices returns the ifindexes of the devices of the namespace
// netnsFD (0: our own) that the kernel will not move, and whether the
// kernel said so at all. Linux 6.15+ reports IFLA_NETNS_IMMUTABLE; older
// kernels (5.6 to 6.11) show the "netns-local" ethtool feature instead.
// Without either only the move itself tells.
func NetnsLocalDevices(netnsFD int) (local map[uint32]bool, known bool, err error) {
	local, known, err = immutableLinks(netnsFD)
	if err != nil || known {
		return local, known, err
	}
	return netnsLocalFeature(netnsFD)
}

// immutableLinks reads IFLA_NETNS_IMMUTABLE from an RTM_GETLINK dump.
func immutableLinks(netnsFD int) (local map[uint32]bool, known bool, err error) {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: netnsFD})
	if err != nil {
		return nil, false, err
	}
	defer c.Close()
	req := make([]byte, unix.SizeofIfInfomsg) // ifinfomsg, AF_UNSPEC: every device
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(unix.IFLA_EXT_MASK, 1|1<<3) // RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS
	attrs, err := ae.Encode()
	if err != nil {
		return nil, false, err
	}
	msgs, err := c.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump},
		Data:   append(req, attrs...),
	})
	if err != nil {
		return nil, false, err
	}
	local = map[uint32]bool{}
	for _, m := range msgs {
		if len(m.Data) < unix.SizeofIfInfomsg {
			continue
		}
		index := binary.NativeEndian.Uint32(m.Data[4:8]) // struct ifinfomsg's ifi_index
		ad, err := netlink.NewAttributeDecoder(m.Data[unix.SizeofIfInfomsg:])
		if err != nil {
			continue
		}
		for ad.Next() {
			if ad.Type() == iflaNetnsImmutable && len(ad.Bytes()) == 1 {
				known = true
				if ad.Uint8() != 0 {
					local[index] = true
				}
			}
		}
	}
	return local, known, nil
}

// ethSSFeatures is ETH_SS_FEATURES, the string set of feature names.
const ethSSFeatures = 4

// netnsLocalFeature reads the "netns-local" feature of every device from
// ethtool netlink: the bit's number from the feature-name string set (it
// changes between kernels), then each device's active features as compact
// bitsets (verbose ones do not fit a dump message). known is false when the
// kernel has no ethtool netlink or no such feature (6.12+ dropped it).
func netnsLocalFeature(netnsFD int) (local map[uint32]bool, known bool, err error) {
	return devicesWithFeature(netnsFD, "netns-local")
}

// devicesWithFeature returns the ifindexes of the devices with the named
// netdev feature active; known is false when the kernel cannot tell.
func devicesWithFeature(netnsFD int, feature string) (devs map[uint32]bool, known bool, err error) {
	c, err := genetlink.Dial(&netlink.Config{NetNS: netnsFD})
	if err != nil {
		return nil, false, err
	}
	defer c.Close()
	f, err := c.GetFamily("ethtool")
	if err != nil {
		return nil, false, nil
	}
	bit, ok := featureBit(c, f, feature)
	if !ok {
		return nil, false, nil
	}
	ae := netlink.NewAttributeEncoder()
	ae.Nested(unix.ETHTOOL_A_FEATURES_HEADER, func(h *netlink.AttributeEncoder) error {
		h.Uint32(unix.ETHTOOL_A_HEADER_FLAGS, unix.ETHTOOL_FLAG_COMPACT_BITSETS)
		return nil
	})
	req, err := ae.Encode()
	if err != nil {
		return nil, false, err
	}
	msgs, err := c.Execute(genetlink.Message{
		Header: genetlink.Header{Command: unix.ETHTOOL_MSG_FEATURES_GET, Version: f.Version}, Data: req,
	}, f.ID, netlink.Request|netlink.Dump)
	if err != nil {
		return nil, false, nil
	}
	devs = map[uint32]bool{}
	for _, m := range msgs {
		var index uint32
		var on bool
		ad, err := netlink.NewAttributeDecoder(m.Data)
		if err != nil {
			continue
		}
		for ad.Next() {
			switch ad.Type() {
			case unix.ETHTOOL_A_FEATURES_HEADER:
				ad.Nested(func(h *netlink.AttributeDecoder) error {
					for h.Next() {
						if h.Type() == unix.ETHTOOL_A_HEADER_DEV_INDEX {
							index = h.Uint32()
						}
					}
					return nil
				})
			case unix.ETHTOOL_A_FEATURES_ACTIVE:
				ad.Nested(func(bs *netlink.AttributeDecoder) error {
					for bs.Next() {
						if bs.Type() == unix.ETHTOOL_A_BITSET_VALUE {
							on = bitSet(bs.Bytes(), bit)
						}
					}
					return nil
				})
			}
		}
		if index != 0 && on {
			devs[index] = true
		}
	}
	return devs, true, nil
}

// bitSet says whether bit is set in a compact ethtool bitset's value: an
// array of u32 words in the CPU's byte order.
func bitSet(v []byte, bit uint32) bool {
	if int(bit/32*4+4) > len(v) {
		return false
	}
	return binary.NativeEndian.Uint32(v[bit/32*4:])&(1<<(bit%32)) != 0
}

// featureBit finds the number of a named netdev feature in the kernel's
// ETH_SS_FEATURES string set.
func featureBit(c *genetlink.Conn, f genetlink.Family, name string) (uint32, bool) {
	ae := netlink.NewAttributeEncoder()
	// The kernel refuses the request without a (here empty) header.
	ae.Nested(unix.ETHTOOL_A_STRSET_HEADER, func(h *netlink.AttributeEncoder) error {
		h.Uint32(unix.ETHTOOL_A_HEADER_FLAGS, 0)
		return nil
	})
	ae.Nested(unix.ETHTOOL_A_STRSET_STRINGSETS, func(sets *netlink.AttributeEncoder) error {
		sets.Nested(unix.ETHTOOL_A_STRINGSETS_STRINGSET, func(set *netlink.AttributeEncoder) error {
			set.Uint32(unix.ETHTOOL_A_STRINGSET_ID, ethSSFeatures)
			return nil
		})
		return nil
	})
	req, err := ae.Encode()
	if err != nil {
		return 0, false
	}
	msgs, err := c.Execute(genetlink.Message{
		Header: genetlink.Header{Command: unix.ETHTOOL_MSG_STRSET_GET, Version: f.Version}, Data: req,
	}, f.ID, netlink.Request)
	if err != nil {
		return 0, false
	}
	var bit uint32
	found := false
	// STRSET_STRINGSETS > STRINGSET > STRINGS > STRING {INDEX, VALUE}: walk
	// down by depth (the attribute numbers repeat between levels) and note
	// the STRING whose VALUE is name.
	nestedAt := []uint16{unix.ETHTOOL_A_STRSET_STRINGSETS, unix.ETHTOOL_A_STRINGSETS_STRINGSET,
		unix.ETHTOOL_A_STRINGSET_STRINGS, unix.ETHTOOL_A_STRINGS_STRING}
	var walk func(ad *netlink.AttributeDecoder, depth int)
	walk = func(ad *netlink.AttributeDecoder, depth int) {
		var index uint32
		var value string
		for ad.Next() {
			switch {
			case depth < len(nestedAt) && ad.Type() == nestedAt[depth]:
				ad.Nested(func(n *netlink.AttributeDecoder) error { walk(n, depth+1); return nil })
			case depth == len(nestedAt) && ad.Type() == unix.ETHTOOL_A_STRING_INDEX:
				index = ad.Uint32()
			case depth == len(nestedAt) && ad.Type() == unix.ETHTOOL_A_STRING_VALUE:
				value = ad.String()
			}
		}
		if depth == len(nestedAt) && value == name {
			bit, found = index, true
		}
	}
	for _, m := range msgs {
		if ad, err := netlink.NewAttributeDecoder(m.Data); err == nil {
			walk(ad, 0)
		}
	}
	return bit, found
}

package wifi

import (
	"errors"
	"slices"
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

var family = genetlink.Family{ID: 0x1c, Version: 1, Name: unix.NL80211_GENL_NAME}

func attrs(t *testing.T, fn func(ae *netlink.AttributeEncoder)) []byte {
	t.Helper()
	ae := netlink.NewAttributeEncoder()
	fn(ae)
	b, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fake(t *testing.T, fn genltest.Func) *Conn {
	t.Helper()
	c, err := newConn(genltest.Dial(genltest.ServeFamily(family, fn)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPhysSplitDump: a split dump sends each phy in several messages; they
// are merged by index, and set_wiphy_netns in any part makes it movable.
func TestPhysSplitDump(t *testing.T) {
	commands := func(cmds ...uint32) func(ae *netlink.AttributeEncoder) {
		return func(ae *netlink.AttributeEncoder) {
			ae.Nested(unix.NL80211_ATTR_SUPPORTED_COMMANDS, func(nae *netlink.AttributeEncoder) error {
				for i, c := range cmds {
					nae.Uint32(uint16(i+1), c)
				}
				return nil
			})
		}
	}
	c := fake(t, genltest.CheckRequest(family.ID, unix.NL80211_CMD_GET_WIPHY, netlink.Request|netlink.Dump,
		func(greq genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
			ad, _ := netlink.NewAttributeDecoder(greq.Data)
			split := false
			for ad.Next() {
				split = split || ad.Type() == unix.NL80211_ATTR_SPLIT_WIPHY_DUMP
			}
			if !split {
				t.Error("GET_WIPHY dump without NL80211_ATTR_SPLIT_WIPHY_DUMP")
			}
			msg := func(idx uint32, name string, more func(ae *netlink.AttributeEncoder)) genetlink.Message {
				return genetlink.Message{Data: attrs(t, func(ae *netlink.AttributeEncoder) {
					ae.Uint32(unix.NL80211_ATTR_WIPHY, idx)
					ae.String(unix.NL80211_ATTR_WIPHY_NAME, name)
					if more != nil {
						more(ae)
					}
				})}
			}
			return []genetlink.Message{
				msg(0, "phy0", nil),
				msg(0, "phy0", commands(unix.NL80211_CMD_GET_WIPHY, unix.NL80211_CMD_SET_WIPHY_NETNS)),
				msg(3, "radio", commands(unix.NL80211_CMD_GET_WIPHY)),
				msg(0, "phy0", nil),
			}, nil
		}))
	defer c.Close()
	phys, err := c.Phys()
	if err != nil {
		t.Fatal(err)
	}
	want := []Phy{{0, "phy0", true}, {3, "radio", false}}
	if !slices.Equal(phys, want) {
		t.Errorf("Phys() = %+v, want %+v", phys, want)
	}
}

// TestInterfaces: netdevs with their phy; wdev-only entries (P2P device)
// have no ifindex and are left out.
func TestInterfaces(t *testing.T) {
	c := fake(t, genltest.CheckRequest(family.ID, unix.NL80211_CMD_GET_INTERFACE, netlink.Request|netlink.Dump,
		func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
			return []genetlink.Message{
				{Data: attrs(t, func(ae *netlink.AttributeEncoder) {
					ae.Uint32(unix.NL80211_ATTR_IFINDEX, 5)
					ae.String(unix.NL80211_ATTR_IFNAME, "wlan0")
					ae.Uint32(unix.NL80211_ATTR_WIPHY, 0)
				})},
				{Data: attrs(t, func(ae *netlink.AttributeEncoder) {
					ae.Uint32(unix.NL80211_ATTR_WIPHY, 0)
					ae.Uint64(unix.NL80211_ATTR_WDEV, 2)
				})},
				{Data: attrs(t, func(ae *netlink.AttributeEncoder) {
					ae.Uint32(unix.NL80211_ATTR_IFINDEX, 6)
					ae.String(unix.NL80211_ATTR_IFNAME, "wlan1")
					ae.Uint32(unix.NL80211_ATTR_WIPHY, 1)
				})},
			}, nil
		}))
	defer c.Close()
	ifs, err := c.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	want := []Interface{{5, "wlan0", 0}, {6, "wlan1", 1}}
	if !slices.Equal(ifs, want) {
		t.Errorf("Interfaces() = %+v, want %+v", ifs, want)
	}
	if got := PhyInterfaces(ifs, 1); !slices.Equal(got, []string{"wlan1"}) {
		t.Errorf("PhyInterfaces(1) = %q", got)
	}
}

// TestMovePhy checks the request iw's `set netns name` sends, and that a
// kernel refusal comes back as the errno.
func TestMovePhy(t *testing.T) {
	c := fake(t, genltest.CheckRequest(family.ID, unix.NL80211_CMD_SET_WIPHY_NETNS, netlink.Request|netlink.Acknowledge,
		func(greq genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
			want := attrs(t, func(ae *netlink.AttributeEncoder) {
				ae.Uint32(unix.NL80211_ATTR_WIPHY, 1)
				ae.Uint32(unix.NL80211_ATTR_NETNS_FD, 7)
			})
			if !slices.Equal(greq.Data, want) {
				t.Errorf("request attributes %x, want %x", greq.Data, want)
			}
			return nil, genltest.Error(int(unix.EOPNOTSUPP))
		}))
	defer c.Close()
	if err := c.MovePhy(1, 7); !errors.Is(err, unix.EOPNOTSUPP) {
		t.Errorf("MovePhy: %v, want the kernel's EOPNOTSUPP", err)
	}
}

// FuzzDecodePhy: any attribute soup decodes without a panic.
func FuzzDecodePhy(f *testing.F) {
	f.Add([]byte{8, 0, 1, 0, 0, 0, 0, 0})
	f.Add([]byte{12, 0, 0x0e, 0x80, 8, 0, 1, 0, 0x31, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		decodePhy(b)
	})
}

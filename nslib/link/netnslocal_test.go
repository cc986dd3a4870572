package link_test

import (
	"testing"

	"nsbox/nslib/link"
	"nsbox/nslib/nstest"
)

// TestNetnsLocalDevices: lo is netns-immutable on every kernel nsbox
// supports; a veth is not.
func TestNetnsLocalDevices(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if r := nstest.Sh(t, "ip link add va type veth peer name vb"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	local, known, err := link.NetnsLocalDevices(0)
	if err != nil {
		t.Fatal(err)
	}
	if known && (!local[1] || len(local) != 1) {
		t.Errorf("netns-immutable devices %v, want lo (1) only", local)
	}
}

// TestDevicesWithFeature reads ethtool features the way the pre-6.12
// fallback does, with a feature every kernel still has: lo's checksum
// offload (NETIF_F_HW_CSUM).
func TestDevicesWithFeature(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	devs, known, err := link.DevicesWithFeature(0, "tx-checksum-ip-generic")
	if err != nil {
		t.Fatal(err)
	}
	if !known {
		t.Skip("no ethtool netlink")
	}
	if !devs[1] {
		t.Errorf("devices with tx-checksum-ip-generic: %v, want lo (1)", devs)
	}
	if _, known, _ := link.DevicesWithFeature(0, "no-such-feature"); known {
		t.Error("an unknown feature was reported as known")
	}
}

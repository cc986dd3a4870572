package nsid

import (
	"testing"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

func TestDecodeNSID(t *testing.T) {
	ae := netlink.NewAttributeEncoder()
	ae.Int32(unix.NETNSA_NSID, 22)
	ae.Int32(unix.NETNSA_CURRENT_NSID, 12)
	attrs, _ := ae.Encode()
	e, err := decode(netlink.Message{Data: append(make([]byte, 4), attrs...)})
	if err != nil || e.NSID != 22 || e.Current != 12 {
		t.Fatalf("decode = %+v, %v; want nsid 22 current 12", e, err)
	}
	e, err = decode(netlink.Message{Data: make([]byte, 4)})
	if err != nil || e.NSID != Unassigned || e.Current != Unassigned {
		t.Fatalf("decode(empty) = %+v, %v; want unassigned", e, err)
	}
	if _, err := decode(netlink.Message{Data: []byte{0}}); err == nil {
		t.Fatal("decode(short) succeeded")
	}
}

// FuzzDecodeNSID feeds arbitrary RTM_NEWNSID payloads to the decoder: it
// must never panic.
func FuzzDecodeNSID(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 8, 0, 1, 0, 5, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 0, 4, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		decode(netlink.Message{Data: b})
	})
}

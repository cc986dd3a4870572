package nslib

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
	e, err := decodeNSID(netlink.Message{Data: append(make([]byte, 4), attrs...)})
	if err != nil || e.NSID != 22 || e.Current != 12 {
		t.Fatalf("decodeNSID = %+v, %v; want nsid 22 current 12", e, err)
	}
	e, err = decodeNSID(netlink.Message{Data: make([]byte, 4)})
	if err != nil || e.NSID != NSIDUnassigned || e.Current != NSIDUnassigned {
		t.Fatalf("decodeNSID(empty) = %+v, %v; want unassigned", e, err)
	}
	if _, err := decodeNSID(netlink.Message{Data: []byte{0}}); err == nil {
		t.Fatal("decodeNSID(short) succeeded")
	}
}

// FuzzDecodeNSID feeds arbitrary RTM_NEWNSID payloads to the decoder: it
// must never panic.
func FuzzDecodeNSID(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 8, 0, 1, 0, 5, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 0, 4, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeNSID(netlink.Message{Data: b})
	})
}

func TestValidName(t *testing.T) {
	long := make([]byte, 256)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name string
		want bool
	}{{"a", true}, {"with space", true}, {"-x", true}, {"ü", true}, {"", false}, {".", false}, {"..", false},
		{"a/b", false}, {"/", false}, {string(long[:255]), true}, {string(long), false}} {
		if got := ValidName(tc.name); got != tc.want {
			t.Errorf("ValidName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestStrerror(t *testing.T) {
	if got := Strerror(unix.ENOENT); got != "No such file or directory" {
		t.Errorf("Strerror(ENOENT) = %q", got)
	}
	if got := (&OpError{Msg: "mkdir /x failed", Err: unix.EACCES}).Error(); got != "mkdir /x failed: Permission denied" {
		t.Errorf("OpError = %q", got)
	}
}

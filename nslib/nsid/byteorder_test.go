package nsid

// Checked against the compiler's layout of the same structure (see
// nslib/byteorder_test.go); `make test-byteorder` runs it on big-endian
// MIPS and 32-bit ARM under qemu-user.

import (
	"slices"
	"testing"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// cNSIDRequest is fastpath.c's RTM_GETNSID request.
type cNSIDRequest struct {
	Len         uint32
	Type, Flags uint16
	Seq, Pid    uint32
	Family      uint8
	Pad         [3]byte
	Alen, Atype uint16
	Target      uint32
}

func TestNSIDRequestByteOrder(t *testing.T) {
	want := cNSIDRequest{Len: 28, Type: unix.RTM_GETNSID, Flags: unix.NLM_F_REQUEST, Seq: 0x01020304,
		Alen: 8, Atype: unix.NETNSA_FD, Target: 0x0a0b0c0d}
	if unsafe.Sizeof(want) != nsidRequestLen {
		t.Fatalf("the request struct is %d bytes, want %d", unsafe.Sizeof(want), nsidRequestLen)
	}
	got := appendNSIDRequest([]byte{0xff, 0xff, 0xff, 0xff}, 0x01020304, unix.NETNSA_FD, 0x0a0b0c0d)[4:]
	if !slices.Equal(got, unsafe.Slice((*byte)(unsafe.Pointer(&want)), unsafe.Sizeof(want))) {
		t.Errorf("appendNSIDRequest = % x, want % x", got, unsafe.Slice((*byte)(unsafe.Pointer(&want)), unsafe.Sizeof(want)))
	}
	// And as mdlayher/netlink decodes it.
	var m netlink.Message
	if err := m.UnmarshalBinary(got); err != nil {
		t.Fatal(err)
	}
	ad, err := netlink.NewAttributeDecoder(m.Data[4:])
	if err != nil || !ad.Next() {
		t.Fatalf("attributes: %v", err)
	}
	if m.Header.Length != 28 || m.Header.Type != unix.RTM_GETNSID || m.Header.Sequence != 0x01020304 ||
		ad.Type() != unix.NETNSA_FD || ad.Uint32() != 0x0a0b0c0d {
		t.Errorf("decoded %+v, attribute %d = %#x", m.Header, ad.Type(), ad.Uint32())
	}
}

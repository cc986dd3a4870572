package link

// Checked against the compiler's layout of the same structure (see
// nslib/byteorder_test.go); `make test-byteorder` runs it on big-endian
// MIPS and 32-bit ARM under qemu-user.

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

func TestBitSetByteOrder(t *testing.T) {
	words := [3]uint32{1 << 5, 0, 1<<31 | 1}
	v := unsafe.Slice((*byte)(unsafe.Pointer(&words)), unsafe.Sizeof(words))
	for bit := uint32(0); bit < 100; bit++ {
		want := bit == 5 || bit == 64 || bit == 95
		if got := bitSet(v, bit); got != want {
			t.Errorf("bitSet(bit %d) = %v, want %v", bit, got, want)
		}
	}
}

func TestIfinfoIndexOffset(t *testing.T) {
	if off := unsafe.Offsetof(unix.IfInfomsg{}.Index); off != 4 {
		t.Errorf("ifi_index at %d, netnslocal.go reads it at 4", off)
	}
}

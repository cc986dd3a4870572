package wifi

import (
	"slices"
	"testing"
	"unsafe"
)

// TestRfkillEventByteOrder checks the hand-laid event against struct
// rfkill_event (v1) as the compiler lays it out: the CPU's byte order
// (make test-bigendian runs it on big-endian MIPS).
func TestRfkillEventByteOrder(t *testing.T) {
	kernel := struct {
		Idx                  uint32
		Type, Op, Soft, Hard uint8
	}{Idx: 0x01020304, Type: 1, Op: rfkillOpChange, Soft: 1, Hard: 0}
	mem := unsafe.Slice((*byte)(unsafe.Pointer(&kernel)), unsafe.Sizeof(kernel))
	ev := rfkillEvent{idx: 0x01020304, typ: 1, op: rfkillOpChange, soft: 1}
	if got := ev.encode(); !slices.Equal(got, mem) || len(got) != rfkillEventSize {
		t.Errorf("encode = % x, want % x", got, mem)
	}
	if got := decodeRfkillEvent(mem); got != ev {
		t.Errorf("decodeRfkillEvent = %+v, want %+v", got, ev)
	}
}

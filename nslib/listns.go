package nslib

import (
	"encoding/binary"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// listnsTrap is listns()'s number (Linux 6.19): 470 on the generic table,
// which every architecture shares since 424, but MIPS's offset tables
// (o32 4470, n64 5470; n32's 6470 has no Go port).
func listnsTrap() uintptr {
	switch runtime.GOARCH {
	case "mips", "mipsle":
		return 4470
	case "mips64", "mips64le":
		return 5470
	}
	return 470
}

// listnsRequest encodes struct ns_id_req version 0 (32 bytes): u32 size,
// u32 spare, u64 ns_id (list after it), u32 ns_type (CLONE_NEW* mask, 0:
// all), u32 spare2, u64 user_ns_id (0: every namespace the caller may see).
// The u64s sit at 8-aligned offsets on every ABI, so explicit offsets in
// the native byte order are the C layout on 32-bit and big-endian too.
func listnsRequest(after uint64, types uint32) [32]byte {
	var b [32]byte
	binary.NativeEndian.PutUint32(b[0:], uint32(len(b)))
	binary.NativeEndian.PutUint64(b[8:], after)
	binary.NativeEndian.PutUint32(b[16:], types)
	return b
}

// Listns returns the ids (NS_GET_ID) of the namespaces the caller may see
// whose CLONE_NEW* type is in types (0: every type), in increasing order:
// every namespace alive for user space, whatever holds it. ENOSYS before
// Linux 6.19.
func Listns(types uint32) ([]uint64, error) {
	var all []uint64
	buf := make([]uint64, 256)
	var after uint64
	for {
		req := listnsRequest(after, types)
		n, _, errno := unix.Syscall6(listnsTrap(), uintptr(unsafe.Pointer(&req[0])), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0, 0)
		runtime.KeepAlive(&req)
		if errno != 0 {
			return nil, errno
		}
		for _, id := range buf[:n] {
			if id > after { // pages continue after the last id seen
				all = append(all, id)
			}
		}
		if int(n) < len(buf) || buf[n-1] <= after {
			return all, nil
		}
		after = buf[n-1]
	}
}

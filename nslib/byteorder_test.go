package nslib

// The hand-laid kernel structures nslib reads and writes, checked against
// the same structures laid out in memory by the compiler (the kernel's
// view: the CPU's byte order and the C alignment), so that a field read in
// a fixed byte order fails here. `make test-bigendian` runs these on
// big-endian MIPS under qemu-user (d_reclen was read as little-endian).

import (
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// bytesOf is the memory of *p.
func bytesOf[T any](p *T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p))
}

// dirent64 is struct linux_dirent64 with a 13-byte name (32 bytes).
type dirent64 struct {
	Ino    uint64
	Off    int64
	Reclen uint16
	Type   uint8
	Name   [13]byte
}

func TestDirentNamesByteOrder(t *testing.T) {
	var buf []byte
	for i, name := range []string{"1", "22", "netns-name"} {
		d := dirent64{Ino: uint64(i + 100), Off: int64(i + 1), Reclen: uint16(unsafe.Sizeof(dirent64{})), Type: unix.DT_DIR}
		copy(d.Name[:], name)
		buf = append(buf, bytesOf(&d)...)
	}
	var got []string
	direntNames(buf, func(name []byte) { got = append(got, string(name)) })
	if want := []string{"1", "22", "netns-name"}; !slices.Equal(got, want) {
		t.Errorf("direntNames = %q, want %q", got, want)
	}
}

// TestReadNumDir lists a directory through the kernel's getdents64.
func TestReadNumDir(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"7", "42", "123456", "x1", "1x"} {
		if err := os.Mkdir(filepath.Join(dir, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dfd, err := unix.Open(filepath.Dir(dir), unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dfd)
	got := readNumDir(dfd, filepath.Base(dir), make([]byte, 4096), nil)
	slices.Sort(got)
	if want := []int{7, 42, 123456}; !slices.Equal(got, want) {
		t.Errorf("readNumDir = %v, want %v", got, want)
	}
}

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
	if !slices.Equal(got, bytesOf(&want)) {
		t.Errorf("appendNSIDRequest = % x, want % x", got, bytesOf(&want))
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

func TestBitSetByteOrder(t *testing.T) {
	words := [3]uint32{1 << 5, 0, 1<<31 | 1}
	v := bytesOf(&words)
	for bit := uint32(0); bit < 100; bit++ {
		want := bit == 5 || bit == 64 || bit == 95
		if got := bitSet(v, bit); got != want {
			t.Errorf("bitSet(bit %d) = %v, want %v", bit, got, want)
		}
	}
}

func TestNSFSHandleByteOrder(t *testing.T) {
	want := struct {
		ID         uint64
		Type, Inum uint32
	}{ID: 0x0102030405060708}
	if got := nsfsHandle(0x0102030405060708); !slices.Equal(got, bytesOf(&want)) {
		t.Errorf("nsfsHandle = % x, want % x", got, bytesOf(&want))
	}
}

func TestIfinfoIndexOffset(t *testing.T) {
	if off := unsafe.Offsetof(unix.IfInfomsg{}.Index); off != 4 {
		t.Errorf("ifi_index at %d, netnslocal.go reads it at 4", off)
	}
}

// TestKernelAction reads the kernel's struct sigaction (its field order
// differs on MIPS) against what the runtime itself set.
func TestKernelAction(t *testing.T) {
	sig := syscall.SIGUSR2
	defer signal.Reset(sig)
	signal.Ignore(sig)
	if a := kernelAction(sig); a != 1 {
		t.Errorf("after signal.Ignore: kernel action %d, want 1 (SIG_IGN)", a)
	}
	signal.Reset(sig)
	setDefault(sig)
	if a := kernelAction(sig); a != 0 {
		t.Errorf("after setDefault: kernel action %d, want 0 (SIG_DFL)", a)
	}
}

// FuzzDirentNames: any getdents64 buffer is walked without a panic or an
// endless loop.
func FuzzDirentNames(f *testing.F) {
	d := dirent64{Reclen: uint16(unsafe.Sizeof(dirent64{}))}
	copy(d.Name[:], "42")
	f.Add(bytesOf(&d))
	f.Add(make([]byte, 19))
	f.Fuzz(func(t *testing.T, b []byte) {
		direntNames(b, func([]byte) {})
	})
}

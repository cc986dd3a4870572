package nslib

// The hand-laid kernel structures of the core (here, and in nsid, link
// and enter), checked against
// the same structures laid out in memory by the compiler (the kernel's
// view: the CPU's byte order and the C alignment), so that a field read in
// a fixed byte order fails here. `make test-byteorder` runs these on
// big-endian MIPS under qemu-user (d_reclen was read as little-endian).

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unsafe"

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
	DirentNames(buf, func(name []byte) { got = append(got, string(name)) })
	if want := []string{"1", "22", "netns-name"}; !slices.Equal(got, want) {
		t.Errorf("DirentNames = %q, want %q", got, want)
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
	got := ReadNumDir(dfd, filepath.Base(dir), make([]byte, 4096), nil)
	slices.Sort(got)
	if want := []int{7, 42, 123456}; !slices.Equal(got, want) {
		t.Errorf("ReadNumDir = %v, want %v", got, want)
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

// FuzzDirentNames: any getdents64 buffer is walked without a panic or an
// endless loop.
func FuzzDirentNames(f *testing.F) {
	d := dirent64{Reclen: uint16(unsafe.Sizeof(dirent64{}))}
	copy(d.Name[:], "42")
	f.Add(bytesOf(&d))
	f.Add(make([]byte, 19))
	f.Fuzz(func(t *testing.T, b []byte) {
		DirentNames(b, func([]byte) {})
	})
}

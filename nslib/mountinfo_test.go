package nslib

import (
	"reflect"
	"testing"
)

func TestParseMountInfo(t *testing.T) {
	in := "36 35 98:0 /mnt1 /mnt/parent\\040dir rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n" +
		"600 25 0:4 net:[4026532248] /run/netns/a rw shared:5 - nsfs nsfs rw\n" +
		"garbage\n" +
		"601 25 0:4 net:[4026532249] /run/x\\134y rw - nsfs nsfs rw\n"
	want := []Mount{
		{ID: 36, Parent: 35, Root: "/mnt1", Target: "/mnt/parent dir", FSType: "ext3", Master: 1},
		{ID: 600, Parent: 25, Root: "net:[4026532248]", Target: "/run/netns/a", FSType: "nsfs", Shared: true, PeerGroup: 5},
		{ID: 601, Parent: 25, Root: "net:[4026532249]", Target: `/run/x\y`, FSType: "nsfs"},
	}
	if got := ParseMountInfo([]byte(in)); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestNSFSRoot(t *testing.T) {
	for root, want := range map[string]struct {
		typ string
		ino uint64
		ok  bool
	}{
		"net:[4026532248]": {"net", 4026532248, true},
		"user:[1]":         {"user", 1, true},
		"/":                {"", 0, false},
		"net:[x]":          {"", 0, false},
		"net:[12":          {"", 0, false},
	} {
		typ, ino, ok := NSFSRoot(root)
		if typ != want.typ || ino != want.ino || ok != want.ok {
			t.Errorf("%q: %q %d %v", root, typ, ino, ok)
		}
	}
}

// FuzzParseMountInfo: any mountinfo text parses without panicking.
func FuzzParseMountInfo(f *testing.F) {
	f.Add([]byte("600 25 0:4 net:[4026532248] /run/netns/a rw shared:5 - nsfs nsfs rw\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, m := range ParseMountInfo(b) {
			NSFSRoot(m.Root)
		}
	})
}

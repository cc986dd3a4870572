package lsns_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"nsbox/nslib/nstest"
)

// On a kernel without the nsfs ioctls the newest util-linux lsns warns
// "Unsupported ioctl NAME" at its first ioctl, lists nothing and exits 2,
// whatever the columns (2.38.1 exits 1 without a word: an expectation
// test). testdata/noioctl.c makes this kernel look like such a one.
func TestUnsupportedIoctl(t *testing.T) {
	noioctl := filepath.Join(t.TempDir(), "noioctl")
	if out, err := exec.Command("gcc", "-o", noioctl, "testdata/noioctl.c").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	bin := nstest.Binary(t)
	for _, tc := range []struct{ args, ioctl string }{
		{"", "NS_GET_USERNS"},       // mnt first: NS_GET_USERNS
		{"-t pid", "NS_GET_PARENT"}, // pid and user ask for the parent first
		{"-t time -t user", "NS_GET_PARENT"},
		{"-t net -o NS", "NS_GET_USERNS"}, // no column needs an ioctl
		{"-J -l", "NS_GET_USERNS"},
	} {
		want := nstest.Result{Stderr: "lsns: Unsupported ioctl " + tc.ioctl + "\n", Code: 2}
		if r := nstest.Sh(t, noioctl+" "+bin+" lsns "+tc.args); r != want {
			t.Errorf("lsns %s without nsfs ioctls: %+v, want %+v", tc.args, r, want)
		}
	}
	// Without the filter the same lsns lists.
	if r := nstest.Sh(t, bin+" lsns -p $$ -n -o NS -t net"); r.Code != 0 || r.Stdout == "" {
		t.Errorf("lsns without the filter: %+v", r)
	}
}

package prestage

import (
	"reflect"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// A sealed plan reads back as written; records that would break the
// format are refused.
func TestPlanRoundTrip(t *testing.T) {
	want := Plan{"join": "g,P3:1073872896,R4:536870912", "resume": `nsenter root=-1 wdns="a b=c"`, "helper": "maps",
		"root": "/a dir/with\nnewline %0A and %25"}
	f, err := want.Seal()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd, err := unix.Dup(int(f.Fd())) // readPlan closes what it takes
	if err != nil {
		t.Fatal(err)
	}
	if got := readPlan(strconv.Itoa(fd)); !reflect.DeepEqual(got, want) {
		unix.Close(fd)
		t.Errorf("read back %q, want %q", got, want)
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil {
		t.Errorf("readPlan left the plan's descriptor open")
	}
	for _, bad := range []Plan{{"a b": "x"}, {"": "x"}, {"k\n": "x"}, {"k%": "x"}, {"k": "\x00"}} {
		if f, err := bad.Seal(); err == nil {
			f.Close()
			t.Errorf("%q was sealed", bad)
		}
	}
	for _, v := range []string{"", "x", "-1", "2", "03", "99999999999"} {
		if readPlan(v) != nil {
			t.Errorf("trigger %q gave a plan", v)
		}
	}
}

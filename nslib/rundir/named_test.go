package rundir_test

import (
	"fmt"
	"strings"
	"testing"

	"nsbox/nslib/nstest"
	"nsbox/nslib/rundir"
)

// TestListNamed checks names, order and nsids against `ip netns list` for
// more names than one request chunk, with a stale placeholder among them.
func TestListNamed(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	var batch strings.Builder
	for i := 0; i < 70; i++ {
		fmt.Fprintf(&batch, "netns add n%d\n", i)
		if i%3 == 0 {
			fmt.Fprintf(&batch, "netns set n%d auto\n", i)
		}
	}
	if r := nstest.Run(t, batch.String(), "ip", "-b", "-"); r.Code != 0 {
		t.Fatalf("ip -b: %d %s", r.Code, r.Stderr)
	}
	if r := nstest.Sh(t, "touch /run/netns/stale && chmod 0 /run/netns/stale"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	want := nstest.Run(t, "", "ip", "netns", "list").Stdout
	list, err := rundir.DefaultRunDir().ListNamed(0)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	stale := 0
	for _, n := range list {
		got.WriteString(n.Name)
		if n.NSID >= 0 {
			fmt.Fprintf(&got, " (id: %d)", n.NSID)
		}
		got.WriteString("\n")
		if n.Stale {
			stale++
		}
	}
	if got.String() != want {
		t.Errorf("ListNamed:\n%s\nip netns list:\n%s", got.String(), want)
	}
	if stale != 1 || len(list) != 71 {
		t.Errorf("ListNamed: %d entries, %d stale; want 71, 1", len(list), stale)
	}
}

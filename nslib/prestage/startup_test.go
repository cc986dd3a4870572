//go:build cgo

package prestage_test

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// A standard descriptor closed when nsbox starts reaches the program
// closed, as from iproute2 and util-linux (the Go runtime opens /dev/null
// on it, and the stage recorded it before that): through the fast path
// and the Go path, in place and in a child.
func TestClosedStdio(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	nstest.Sh(t, "ip netns add x; sleep 1000 </dev/null >/dev/null 2>&1 & echo $! >/run/target")
	defer nstest.Sh(t, "kill $(cat /run/target)")
	for _, tc := range []struct{ nsbox, anchor string }{
		{"netns exec x", "ip netns exec x"},
		{"unshare -n", "unshare -n"},
		{"unshare -n --propagation private", "unshare -n --propagation private"},
		{"unshare -n -f --propagation private", "unshare -n -f --propagation private"},
		{"unshare -m -p -f --mount-proc", "unshare -m -p -f --mount-proc"},
		{"nsenter -t $(cat /run/target) -n", "nsenter -t $(cat /run/target) -n"},
		{"nsenter -t $(cat /run/target) -n -F", "nsenter -t $(cat /run/target) -n -F"},
	} {
		for _, redir := range []string{">&-", "2>&-", "<&-"} {
			prog := " sh -c 'echo out; echo err >&2; read x; echo \"in $?\" >&2' </dev/null " + redir
			r, ul := nstest.Sh(t, bin+" "+tc.nsbox+prog), nstest.Sh(t, tc.anchor+prog)
			if r != ul {
				t.Errorf("%s %s:\n nsbox:  %+v\n anchor: %+v", tc.nsbox, redir, r, ul)
			}
		}
	}
}

// Under an address-space limit too low for the Go runtime, a command the
// stage does not finish itself ends with one line naming the limit and
// status 1 (not the runtime's stack trace); those it finishes still work.
func TestAddressSpaceLimit(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	for _, cmd := range []string{"lsns", "netns list-id", "nsenter -t 1 -a true", "unshare -U true"} {
		r := nstest.Sh(t, "ulimit -v 200000; "+bin+" "+cmd)
		applet := strings.Fields(cmd)[0]
		want := applet + ": the address-space limit (ulimit -v) of 200000 KiB is below the "
		if r.Code != 1 || r.Stdout != "" || !strings.HasPrefix(r.Stderr, want) || strings.Count(r.Stderr, "\n") != 1 {
			t.Errorf("%s: %+v, want status 1 and one line %q…", cmd, r, want)
		}
	}
	if r := nstest.Sh(t, "ulimit -v 200000; "+bin+" --version"); r.Code != 1 || !strings.HasPrefix(r.Stderr, "nsbox: the address-space limit") {
		t.Errorf("nsbox --version: %+v", r)
	}
	r := nstest.Sh(t, "ulimit -v 200000; "+bin+" netns add a && "+bin+" netns list && "+bin+" netns exec a "+bin+
		" unshare -n -u sh -c 'hostname lim; hostname' && "+bin+" nsenter -t 1 -n true && echo done")
	if r.Code != 0 || r.Stdout != "a\nlim\ndone\n" || r.Stderr != "" {
		t.Errorf("the stage's own command lines under the limit: %+v", r)
	}
}

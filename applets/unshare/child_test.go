package unshare_test

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// TestChildRoutes: a --fork child with work of its own runs the stage's
// child recipe in C (nslib/prestage/child.c); the pure-Go build runs the
// same steps in Go (finish). Both give util-linux's output, messages and
// status; only the C route keeps the child's PIDs and capabilities as
// util-linux does (the Go runtime's threads take PIDs in a new pid
// namespace, and its re-exec as a non-root user loses them), and only
// it has user namespaces.
func TestChildRoutes(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin, pure := nstest.Binary(t), nstest.PureGoBinary(t)
	nstest.Sh(t, "mkdir -p /run/r/tmp && chmod 644 /run/r/tmp && cp /etc/hostname /run/hostname 2>/dev/null; "+
		"printf 'echo from $0 \"$@\"\\n' >/run/noshebang && chmod +x /run/noshebang; touch /run/plain")
	nobody := "setpriv --reuid=65534 --regid=65534 --clear-groups "
	for _, tc := range []struct {
		args   string
		goToo  bool // the pure-Go build can do it, the same way
		prefix string
	}{
		{"-p -f --mount-proc sh -c 'ps -e -o pid=,comm='", false, ""},
		{"-p -f --mount-proc sh -c 'echo $$; readlink /proc/self'", false, ""},
		{"-f -R / -w /tmp pwd", true, ""},
		{"-f -w /nonexistent true", true, ""},
		{"-f -R /nonexistent true", true, ""},
		{"-f -R /run/r true", true, ""},
		{"-f -S 1 -G 2 sh -c 'id -u; id -g; id -G'", true, ""},
		{"-f --kill-child sh -c 'grep -c . /proc/self/status >/dev/null; echo ok'", true, ""},
		{"-f --kill-child=TERM -p --mount-proc sh -c 'echo $$'", true, ""},
		{"-f -w / nosuch", true, ""},
		{"-f -w / /run/plain", true, ""},
		{"-f -w / /run/noshebang a b", true, ""},
		{"-f -w / /run", true, ""},
		{"-f -w /", true, "SHELL=/bin/echo "},
		{"-f -w / --", true, "SHELL=/nonexistent "},
		{"-p -f --mount-proc=/nonexistent true", true, ""},
		{"-m -f --mount-proc=/run/r/tmp sh -c 'grep -c \" /run/r/tmp \" /proc/self/mountinfo'", true, ""},
		{"-m -f --propagation unchanged --mount-proc -p sh -c 'echo $$'", true, ""},
		{"-U -r -f --keep-caps -w / sh -c 'grep ^Cap /proc/self/status'", false, ""},
		{"-U -r -f -w / sh -c 'grep ^Cap /proc/self/status'", false, ""},
		{"-U -c -p -f --mount-proc id -u", false, nobody},
		{"-U -c -p -f --mount-proc sh -c 'grep ^Cap /proc/self/status; ps -e -o pid='", false, nobody},
		{"-U -c --keep-caps -f -w / sh -c 'grep ^Cap /proc/self/status'", false, nobody},
		{"-U --map-user=1000 --map-group=1000 -p -f --mount-proc sh -c 'id -u; id -g; echo $$'", false, nobody},
		{"-U -r --kill-child -p -f --mount-proc sh -c 'echo $$; grep ^CapEff /proc/self/status'", false, nobody},
		{"-U -r -R / -w /tmp -f pwd", false, nobody},
		{"-U -c -R /run/r -f true", false, nobody},
	} {
		ul := nstest.Sh(t, tc.prefix+"unshare "+tc.args)
		routes := map[string]string{"C": bin}
		if tc.goToo {
			routes["Go"] = pure
		}
		for route, b := range routes {
			r := nstest.Sh(t, tc.prefix+b+" unshare "+tc.args)
			r.Stderr = strings.ReplaceAll(r.Stderr, b+":", "unshare:")
			if r != ul {
				t.Errorf("%sunshare %s (%s route):\n nsbox:      %+v\n util-linux: %+v", tc.prefix, tc.args, route, r, ul)
			}
		}
	}
}

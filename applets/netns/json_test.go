package netns_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"nsbox/nslib/nstest"
)

// oddNames are valid namespace names that need JSON escapes: control
// bytes, DEL, quotes, backslashes, UTF-8 and bytes that are not UTF-8.
var oddNames = []string{"a\x01b", "c\x1fd", "e\x7ff", `q"b\t`, "t\tn\nr\r", "ünï €", "x\xffy", "\xc3"}

// asJSON is what a name decodes to: itself when it is UTF-8, else each
// stray byte as U+FFFD.
func asJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// Every JSON output of netns is valid JSON for any name (iproute2 writes
// control bytes and invalid UTF-8 raw): list, list all, identify and
// list-id, compact and pretty, give the names back through a real parser.
func TestJSONOddNames(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	var want []string
	for i, n := range oddNames {
		if r := nsRun(t, "add", n); r.Code != 0 {
			t.Fatalf("add %q: %s", n, r.Stderr)
		}
		if r := nsRun(t, "set", n, strconv.Itoa(i+1)); r.Code != 0 {
			t.Fatalf("set %q: %s", n, r.Stderr)
		}
		want = append(want, asJSON(n))
	}
	slices.Sort(want)
	type entry struct {
		Name string
		ID   *int
		NSID *int
		Pids []int
	}
	decode := func(args ...string) []entry {
		t.Helper()
		r := nsRun(t, args...)
		var es []entry
		if err := json.Unmarshal([]byte(r.Stdout), &es); r.Code != 0 || err != nil || !utf8.ValidString(r.Stdout) {
			t.Fatalf("%q: status %d, %v: %q (stderr %q)", args, r.Code, err, r.Stdout, r.Stderr)
		}
		return es
	}
	for _, pretty := range [][]string{{"-j"}, {"-j", "-p"}} {
		for _, args := range [][]string{{"list"}, {"list", "all"}, {"list-id"}} {
			var got []string
			for _, e := range decode(append(pretty, args...)...) {
				got = append(got, e.Name)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%q: names %q, want %q", append(pretty, args...), got, want)
			}
		}
		for _, n := range oddNames {
			args := append(slices.Clone(pretty), "-n", n, "identify")
			if es := decode(args...); len(es) != 1 || es[0].Name != asJSON(n) {
				t.Errorf("%q: %+v, want the name %q", args, es, asJSON(n))
			}
		}
	}
}

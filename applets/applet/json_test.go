package applet

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// Every string comes out as valid JSON that a real parser decodes to the
// input; bytes that are not UTF-8 decode to U+FFFD, one each.
func TestAppendJSONString(t *testing.T) {
	for _, tc := range []struct{ in, out, decoded string }{
		{"a\x01b", `"a\u0001b"`, ""},
		{"\x00\x1f\x7f", `"\u0000\u001f` + "\x7f" + `"`, ""},
		{"q\"b\\t\tx\n\r\f\b", `"q\"b\\t\tx\n\r\f\b"`, ""},
		{"ünï €😀", `"ünï €😀"`, ""},
		{"a\xffb", `"a\ufffdb"`, "a\ufffdb"},
		{"\xc3", `"\ufffd"`, "\ufffd"},                                 // a truncated sequence
		{"\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`, "\ufffd\ufffd\ufffd"}, // a surrogate: not UTF-8
		{"\xc3\xa9\xe9", `"é\ufffd"`, "é\ufffd"},
	} {
		got := string(AppendJSONString(nil, tc.in))
		if got != tc.out {
			t.Errorf("%q: got %s, want %s", tc.in, got, tc.out)
		}
		var dec string
		if err := json.Unmarshal([]byte(got), &dec); err != nil {
			t.Errorf("%q: %s does not parse: %v", tc.in, got, err)
		}
		want := tc.decoded
		if want == "" {
			want = tc.in
		}
		if dec != want {
			t.Errorf("%q: decodes to %q, want %q", tc.in, dec, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("a\x01\"\\\xff\xc3\xa9")
	f.Fuzz(func(t *testing.T, s string) {
		b := AppendJSONString([]byte("x"), s)[1:]
		if !json.Valid(b) || !utf8.Valid(b) {
			t.Fatalf("%q: invalid JSON %q", s, b)
		}
		var dec string
		if err := json.Unmarshal(b, &dec); err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(s) && dec != s {
			t.Fatalf("%q decodes to %q", s, dec)
		}
	})
}

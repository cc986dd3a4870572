package applet

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseCInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"42", 42, true}, {"0x10", 16, true}, {"0X1f", 31, true}, {"010", 8, true},
		{"-5", -5, true}, {"+7", 7, true}, {"  9", 9, true}, {"2147483647", 2147483647, true},
		{"-2147483648", -2147483648, true}, {"2147483648", 0, false}, {"", 0, false}, {"abc", 0, false},
		{"12abc", 0, false}, {"9 ", 0, false}, {"08", 0, false}, {"0x", 0, false}, {"-", 0, false},
		{"99999999999999999999999", 0, false},
	} {
		got, ok := ParseCInt(tc.in, 0, 32)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseCInt(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzParseCInt checks ParseCInt against strconv for plain decimal input
// and that it never panics or accepts out-of-range values.
func FuzzParseCInt(f *testing.F) {
	for _, s := range []string{"0", "0x10", "010", "-1", " +5", "2147483648", "zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseCInt(s, 0, 32)
		if ok && (v > 1<<31-1 || v < -1<<31) {
			t.Fatalf("ParseCInt(%q) = %d outside int32", s, v)
		}
		// Plain decimal only: C reads a leading 0 (after the sign) as octal.
		digits := strings.TrimLeft(s, "+-")
		if n, err := strconv.ParseInt(s, 10, 32); err == nil && (len(digits) < 2 || digits[0] != '0') && s[0] != '+' {
			if !ok || v != n {
				t.Fatalf("ParseCInt(%q) = %d, %v; strconv says %d", s, v, ok, n)
			}
		}
	})
}

func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		word, kw string
		want     bool
	}{{"l", "list", true}, {"list", "list", true}, {"lists", "list", false}, {"", "list", false}, {"ls", "list", false}} {
		if got := Matches(tc.word, tc.kw); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tc.word, tc.kw, got, tc.want)
		}
	}
}

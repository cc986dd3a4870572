package nsmove

import (
	"slices"
	"strings"
	"testing"
)

func TestPermute(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"va a", "-- va a"},
		{"-n a va 1", "-n a -- va 1"},
		{"-na va 1", "-n a -- va 1"},
		{"va 1 -n a", "-n a -- va 1"},
		{"-jln x", "-j -l -n x --"},
		{"--name vz va a", "--name vz -- va a"},
		{"va a --name=vz", "--name=vz -- va a"},
		{"--no-phy wlan0 -- -odd a", "--no-phy -- wlan0 -odd a"},
		{"- a", "-- - a"},
		{"-n", "error: option -n needs a value"},
		{"va a -n", "error: option -n needs a value"},
		{"-l va --name", "error: option --name needs a value"},
	} {
		out, err := permute(strings.Fields(tc.in))
		got := strings.Join(out, " ")
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("permute(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzPermute: no panic, a "--" always ends the options, and every plain
// operand (one before any "--" that does not start with '-' and is not an
// option's value) comes out after it, in order.
func FuzzPermute(f *testing.F) {
	f.Add("-n\x00a\x00va\x00--name\x00x\x00b")
	f.Add("--\x00-n\x00-")
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		out, err := permute(args)
		if err != nil {
			return // an option without its value
		}
		if !slices.Contains(out, "--") {
			t.Fatalf("permute(%q) = %q: no --", args, out)
		}
		tail := strings.Join(out, "\x00")
		for i, a := range args {
			if a == "--" || (i > 0 && options[args[i-1]]) {
				break
			}
			if len(a) < 2 || a[0] != '-' {
				if !strings.Contains(tail, a) {
					t.Fatalf("permute(%q) = %q: lost %q", args, out, a)
				}
			}
		}
	})
}

func TestValidIfname(t *testing.T) {
	for s, want := range map[string]bool{"eth0": true, "": false, ".": false, "..": false, "a/b": false,
		"a:b": false, "a b": false, "123456789012345": true, "1234567890123456": false, "wlan\u00e9": true} {
		if got := validIfname(s); got != want {
			t.Errorf("validIfname(%q) = %v", s, got)
		}
	}
}

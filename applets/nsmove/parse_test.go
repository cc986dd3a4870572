package nsmove

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"nsbox/applets/applet"
)

// TestParse: GNU getopt over nsmove's table, options anywhere before "--".
func TestParse(t *testing.T) {
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	defer devnull.Close()
	for _, tc := range []struct {
		in       string
		operands []string
		source   string
		newName  string
		list     bool
		ok       bool
	}{
		{"va a", []string{"va", "a"}, "", "", false, true},
		{"-n a va 1", []string{"va", "1"}, "a", "", false, true},
		{"-na va 1", []string{"va", "1"}, "a", "", false, true},
		{"va 1 -n a", []string{"va", "1"}, "a", "", false, true},
		{"-jln x", nil, "x", "", true, true},
		{"va a --name=vz", []string{"va", "a"}, "", "vz", false, true},
		{"--no-phy wlan0 -- -odd a", []string{"wlan0", "-odd", "a"}, "", "", false, true},
		{"va a -n", nil, "", "", false, false},
		{"--bogus va a", nil, "", "", false, false},
	} {
		c := newCmd(applet.IO{Out: devnull, Err: devnull})
		operands, err := c.parse(strings.Fields(tc.in))
		if (err == nil) != tc.ok || (tc.ok && (!reflect.DeepEqual(operands, tc.operands) || c.source != tc.source ||
			c.newName != tc.newName || c.list != tc.list)) {
			t.Errorf("parse(%q) = %q %v (source %q, name %q, list %v)", tc.in, operands, err, c.source, c.newName, c.list)
		}
	}
}

func TestValidIfname(t *testing.T) {
	for s, want := range map[string]bool{"eth0": true, "": false, ".": false, "..": false, "a/b": false,
		"a:b": false, "a b": false, "123456789012345": true, "1234567890123456": false, "wlan\u00e9": true} {
		if got := validIfname(s); got != want {
			t.Errorf("validIfname(%q) = %v", s, got)
		}
	}
}

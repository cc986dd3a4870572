package unshare

import (
	"reflect"
	"strings"
	"testing"

	"nsbox/applets/applet"
)

// TestFoldSingle: util-linux's add_single_map_range, hole and all.
func TestFoldSingle(t *testing.T) {
	for _, tc := range []struct {
		name         string
		chain        []idRange
		outer, inner uint32
		want         []idRange
	}{
		{"auto-no-single", []idRange{{noID, 100000, 65536}}, 0, noID, []idRange{{0, 100000, 65536}}},
		// An auto block keeps its full count (util-linux does not punch the
		// hole there).
		{"auto-root", []idRange{{noID, 100000, 65536}}, 0, 0, []idRange{{0, 0, 1}, {1, 100000, 65536}}},
		{"auto-current", []idRange{{noID, 100000, 65536}}, 1000, 1000,
			[]idRange{{1000, 1000, 1}, {0, 100000, 1000}, {1001, 101000, 64536}}},
		{"identity-overlap", []idRange{{0, 0, 10}}, 5, 5, []idRange{{5, 5, 1}, {0, 0, 5}, {6, 6, 4}}},
		{"no-overlap", []idRange{{0, 100000, 10}}, 0, 500, []idRange{{500, 0, 1}, {0, 100000, 10}}},
	} {
		if got := foldSingle(tc.chain, tc.outer, tc.inner); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseRange(t *testing.T) {
	for s, want := range map[string]*idRange{
		"0:100000:65536": {0, 100000, 65536}, "100000,0,65536": {0, 100000, 65536},
		"1:2": nil, "1,2": nil, "a:b:c": nil, "1:2:3:4": nil, "": nil, "-1:0:1": nil,
	} {
		got, ok := parseRange(s)
		if ok != (want != nil) || (ok && got != *want) {
			t.Errorf("parseRange(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
}

func TestSignalNumber(t *testing.T) {
	for s, want := range map[string]int{"KILL": 9, "sigterm": 15, "SIGHUP": 1, "term": 15, "CLD": 17,
		"RTMIN": 34, "RTMIN+2": 36, "RTMAX-1": 63, "RTMAX": 64, "9": -1, "": -1, "FOO": -1, "RTMIN+99": -1} {
		if got := signalNumber(s); got != want && !(want < 0 && got <= 0) {
			t.Errorf("signalNumber(%q) = %d, want %d", s, got, want)
		}
	}
}

// table is unshare's getopt table.
func table() []applet.Opt { return applet.Table(newCmd("unshare", applet.StdIO()).options()) }

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"unshare -mnf prog -x", "--mount --net --fork -- prog -x"},
		{"unshare --mount=/x -S1 -G 2 --map-u", "--mount==/x --setuid==1 --setgid==2 --nsbox-getopt-error==unshare: option '--map-u' is ambiguous; possibilities: '--map-user' '--map-users' --"},
		{"unshare --kill-child --kill-child=TERM -- -n", "--kill-child --kill-child==TERM -- -n"},
		{"unshare -T=/x", "--time --nsbox-getopt-error==unshare: invalid option -- '=' --"},
		{"unshare -R", "--nsbox-getopt-error==unshare: option requires an argument -- 'R' --"},
	} {
		if got := strings.Join(applet.Canonical(strings.Fields(tc.in), table()), " "); got != tc.want {
			t.Errorf("Canonical(%q)\n got  %q\n want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzCommandLine: the option pre-pass and the map parser take anything.
func FuzzCommandLine(f *testing.F) {
	f.Add("-mnf --map-users=0:1:2 --kill-child=TERM prog")
	f.Add("--mount= -T --boottime -5 --owner 1:2")
	f.Fuzz(func(t *testing.T, s string) {
		applet.Canonical(append([]string{"unshare"}, strings.Fields(s)...), table())
		parseRange(s)
		signalNumber(s)
		strtoul(s)
		strtos64(s)
	})
}

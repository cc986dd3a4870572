package applet

import (
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	opts := []Option{
		{Long: "net", Short: 'n', Arg: OptionalArg}, {Long: "mount", Short: 'm', Arg: OptionalArg, ShortFlag: true},
		{Long: "target", Short: 't', Arg: RequiredArg}, {Long: "fork", Short: 'f'}, {Long: "forward"},
	}
	for _, tc := range []struct {
		in, want string
		prog     int
	}{
		{"x -n/path -mf -t1 prog -n", "--net==/path --mount --fork --target==1 -- prog -n", 4},
		{"x -n -t 1 --net= --net=a=b", "--net --target==1 --net== --net==a=b --", 6},
		{"x --fo", "--nsbox-getopt-error==x: option '--fo' is ambiguous; possibilities: '--fork' '--forward' --", 2},
		{"x --fork=1 -n", "--nsbox-getopt-error==x: option '--fork' doesn't allow an argument --", 3},
		{"x -fz", "--fork --nsbox-getopt-error==x: invalid option -- 'z' --", 2},
		{"x -t", "--nsbox-getopt-error==x: option requires an argument -- 't' --", 2},
		{"x --target", "--nsbox-getopt-error==x: option '--target' requires an argument --", 2},
		{"x -- -n", "-- -n", 2},
		{"x - -n", "-- - -n", 1},
	} {
		out, prog := Canonical(strings.Fields(tc.in), opts)
		if got := strings.Join(out, " "); got != tc.want || prog != tc.prog {
			t.Errorf("Canonical(%q)\n got  %q, %d\n want %q, %d", tc.in, got, prog, tc.want, tc.prog)
		}
	}
}

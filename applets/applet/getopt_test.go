package applet

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

var testOptions = []Opt{
	{Long: "net", Short: 'n', Arg: OptionalArg}, {Long: "mount", Short: 'm', Arg: OptionalArg, ShortFlag: true},
	{Long: "target", Short: 't', Arg: RequiredArg}, {Long: "fork", Short: 'f'}, {Long: "forward"},
}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"x -n/path -mf -t1 prog -n", "--net==/path --mount --fork --target==1 -- prog -n"},
		{"x -n -t 1 --net= --net=a=b", "--net --target==1 --net== --net==a=b --"},
		{"x -n=x - y", "--net===x -- - y"},
		{"x --targ 5 --forw x -m", "--target==5 --forward -- x -m"},
		{"x --fo", "--nsbox-getopt-error==x: option '--fo' is ambiguous; possibilities: '--fork' '--forward' --"},
		{"x --fo=1", "--nsbox-getopt-error==x: option '--fo=1' is ambiguous; possibilities: '--fork' '--forward' --"},
		{"x --=1", "--nsbox-getopt-error==x: option '--=1' is ambiguous; possibilities: '--net' '--mount' '--target' '--fork' '--forward' --"},
		{"x --fork=1 -n", "--nsbox-getopt-error==x: option '--fork' doesn't allow an argument --"},
		{"x --bogus=1", "--nsbox-getopt-error==x: unrecognized option '--bogus=1' --"},
		{"x -fz", "--fork --nsbox-getopt-error==x: invalid option -- 'z' --"},
		{"x -n -t", "--net --nsbox-getopt-error==x: option requires an argument -- 't' --"},
		{"x --target", "--nsbox-getopt-error==x: option '--target' requires an argument --"},
		{"x -- -n", "-- -n"},
		{"x - -n", "-- - -n"},
	} {
		if got := strings.Join(Canonical(strings.Fields(tc.in), testOptions), " "); got != tc.want {
			t.Errorf("Canonical(%q)\n got  %q\n want %q", tc.in, got, tc.want)
		}
	}
}

// TestGetoptPermute: GNU order takes options between operands, up to "--";
// the "+" order stops at the first operand.
func TestGetoptPermute(t *testing.T) {
	for _, tc := range []struct {
		in       string
		order    Order
		opts     string // LONG=ARG, LONG (no argument)
		operands []string
	}{
		{"x a -n b -t1 - c", Permute, "net target=1", []string{"a", "b", "-", "c"}},
		{"x a -f -- -n", Permute, "fork", []string{"a", "-n"}},
		{"x a -f -- -n", RequireOrder, "", []string{"a", "-f", "--", "-n"}},
		{"x -f a -x", Permute, "fork", []string{"a"}},
	} {
		parsed, operands, _ := Getopt(strings.Fields(tc.in), testOptions, tc.order)
		var opts []string
		for _, p := range parsed {
			if p.HasArg {
				opts = append(opts, p.Opt.Long+"="+p.Arg)
			} else {
				opts = append(opts, p.Opt.Long)
			}
		}
		if got := strings.Join(opts, " "); got != tc.opts || !reflect.DeepEqual(operands, tc.operands) {
			t.Errorf("Getopt(%q, %d) = %q %q, want %q %q", tc.in, tc.order, got, operands, tc.opts, tc.operands)
		}
	}
}

// FuzzGetopt: no input panics the parser, every option it returns is one
// of the table's, the operands come from argv in order, and Canonical
// always ends the options with "--".
func FuzzGetopt(f *testing.F) {
	for _, s := range []string{"-t1 -n/x sh", "--net= -- x", "-mfn", "--f", "-t", "a -n b", "--=", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		argv := append([]string{"x"}, strings.Split(s, " ")...)
		for _, order := range []Order{RequireOrder, Permute} {
			parsed, operands, _ := Getopt(argv, testOptions, order)
			for _, p := range parsed {
				if !slices.ContainsFunc(testOptions, func(o Opt) bool { return o.Long == p.Opt.Long }) {
					t.Fatalf("%q: option %q not in the table", argv, p.Opt.Long)
				}
			}
			rest := argv[1:]
			for _, op := range operands {
				k := slices.Index(rest, op)
				if k < 0 {
					t.Fatalf("%q: operand %q not in argv (in order)", argv, op)
				}
				rest = rest[k+1:]
			}
		}
		if !slices.Contains(Canonical(argv, testOptions), "--") {
			t.Fatalf("Canonical(%q): no --", argv)
		}
	})
}

// TestTable: the getopt table follows the longopts places, whatever the
// declaration (--help) order; without places it is the declaration.
func TestTable(t *testing.T) {
	opts := []Opt{{Long: "b", Getopt: 2}, {Long: "c", Getopt: 3}, {Long: "a", Getopt: 1}}
	var got []string
	for _, o := range Table(opts) {
		got = append(got, o.Long)
	}
	if strings.Join(got, " ") != "a b c" {
		t.Errorf("Table: %q", got)
	}
	if Table(testOptions)[0].Long != testOptions[0].Long {
		t.Errorf("Table without places reorders")
	}
}

// TestHelpLines: names padded to the column, a long name's text on the
// next line, continuation lines, gaps, long-only indents, hidden options.
func TestHelpLines(t *testing.T) {
	opts := []Opt{
		{Long: "net", Short: 'n', HelpArg: "[=<file>]", Help: "enter"},
		{Long: "propagation", HelpArg: " slave|shared", Help: "modify\n  more"},
		{Long: "netns", HelpArg: " <name>", Help: "named", Aligned: true},
		{Long: "hidden"},
		{Long: "help", Short: 'h', Help: "help", Gap: true},
	}
	want := " -n, --net[=<file>] enter\n" +
		" --propagation slave|shared\n                    modify\n                      more\n" +
		"     --netns <name> named\n" +
		"\n -h, --help         help\n"
	if got := (HelpLayout{Width: 19, LongOnly: " "}).Lines(opts); got != want {
		t.Errorf("Lines:\n%s\nwant\n%s", got, want)
	}
}

// TestMatch: a word names the first subcommand, in matching order, whose
// name or alias it is a prefix of; aliases follow their command.
func TestMatch(t *testing.T) {
	cmds := []Command{{Name: "set", Match: 3}, {Name: "list", Aliases: []string{"show"}, Match: 1}, {Name: "sum", Match: 2}}
	for word, want := range map[string]string{"s": "list", "sh": "list", "su": "sum", "se": "set", "l": "list", "x": "", "": ""} {
		if got := Match(cmds, word); got != want {
			t.Errorf("Match(%q) = %q, want %q", word, got, want)
		}
	}
	if got := strings.Join(MatchOrder(cmds), " "); got != "list show=list sum set" {
		t.Errorf("MatchOrder: %q", got)
	}
}

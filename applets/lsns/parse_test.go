package lsns

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"nsbox/applets/applet"
)

func devnull(t testing.TB) applet.IO {
	f, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return applet.IO{In: f, Out: f, Err: f}
}

func TestGetopt(t *testing.T) {
	table := applet.Table(newCmd(applet.StdIO(), "lsns").options())
	for _, tc := range []struct {
		args  []string
		opts  []string // long=value
		pos   []string
		error string
	}{
		{[]string{"-Jl", "-oNS", "-t", "net", "123", "-Towner"}, []string{"json=", "list=", "output=NS", "type=net", "tree=owner"}, []string{"123"}, ""},
		{[]string{"-T", "owner"}, []string{"tree="}, []string{"owner"}, ""},
		{[]string{"--tree=parent", "--output", "NS", "--", "-J"}, []string{"tree=parent", "output=NS"}, []string{"-J"}, ""},
		{[]string{"--out", "NS"}, nil, nil, "lsns: option '--out' is ambiguous; possibilities: '--output' '--output-all'"},
		{[]string{"--no"}, nil, nil, "lsns: option '--no' is ambiguous; possibilities: '--notruncate' '--noheadings' '--nowrap'"},
		{[]string{"--out=NS"}, nil, nil, "lsns: option '--out=NS' is ambiguous; possibilities: '--output' '--output-all'"},
		{[]string{"-J", "-x"}, []string{"json="}, nil, "lsns: invalid option -- 'x'"},
		{[]string{"-o"}, nil, nil, "lsns: option requires an argument -- 'o'"},
		{[]string{"--output"}, nil, nil, "lsns: option '--output' requires an argument"},
		{[]string{"--json=1"}, nil, nil, "lsns: option '--json' doesn't allow an argument"},
		{[]string{"--bogus=1"}, nil, nil, "lsns: unrecognized option '--bogus=1'"},
	} {
		parsed, pos, err := applet.Getopt(append([]string{"lsns"}, tc.args...), table, applet.Permute)
		var got []string
		for _, p := range parsed {
			got = append(got, p.Opt.Long+"="+p.Arg)
		}
		if !reflect.DeepEqual(got, tc.opts) || !reflect.DeepEqual(pos, tc.pos) {
			t.Errorf("%q: options %q positional %q, want %q %q", tc.args, got, pos, tc.opts, tc.pos)
		}
		if (err == nil) != (tc.error == "") || err != nil && err.Error() != tc.error {
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.error)
		}
	}
}

func TestAddColumns(t *testing.T) {
	for _, tc := range []struct {
		list string
		ok   bool
		cols []int
	}{
		{"NS,type", true, []int{colNS, colType}},
		{"+PNS", true, []int{colPID, colPNS}},
		{"NS,", false, nil},
		{",NS", false, nil},
		{"NS,,PID", false, nil},
		{"", false, nil},
		{"+", false, nil},
		{strings.Repeat("NS,", 26) + "NS", false, nil},
	} {
		c := newCmd(devnull(t), "lsns")
		c.columns = []int{colPID}
		ok := c.addColumns(tc.list)
		if ok != tc.ok || ok && !reflect.DeepEqual(c.columns, tc.cols) {
			t.Errorf("%q: %v %v, want %v %v", tc.list, ok, c.columns, tc.ok, tc.cols)
		}
	}
}

func TestFilterEval(t *testing.T) {
	tab := &table{cols: []*column{{name: "NS", json: jsonNumber}, {name: "TYPE"}, {name: "PID", json: jsonNumber}}}
	ln := &line{cells: []string{"4026531840", "net", ""}}
	for expr, want := range map[string]bool{
		"NS == 4026531840":                   true,
		"NS > 4026531839 && TYPE == 'net'":   true,
		"NS < 5 || TYPE != \"net\"":          false,
		"!(TYPE =~ '^n') or PID":             false,
		"PID == 0":                           false,
		"PID != 0":                           false, // an empty number compares false
		"TYPE != ''":                         true,
		"TYPE !~ 'x' AND NS ge 4026531840.0": true,
		"true && not false":                  true,
		"true || false && false":             false, // libsmartcols: (true || false) && false
		"!TYPE == false":                     true,  // (!TYPE) == false
	} {
		f, err := parseFilter(expr)
		if err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		for _, h := range f.holders {
			for i, c := range tab.cols {
				if strings.EqualFold(c.name, h.param.text) {
					h.col = i
				}
			}
		}
		if got := f.match(tab, ln); got != want {
			t.Errorf("%s: %v, want %v", expr, got, want)
		}
	}
	for _, bad := range []string{"", "NS ==", "(NS", "NS == 1)", "NS =~ 1", "NS =~ '('", "'abc", "NS # 1", "&& NS"} {
		if _, err := parseFilter(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzFilter: any -Q text parses or fails cleanly, and a parsed filter
// evaluates on any row without panicking.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{"NS == 1", "TYPE =~ \"^n\" && !(PID > 3) || NSFS", "(a", "'x' != \"y\"", "1.5 <= NPROCS"} {
		f.Add(s)
	}
	tab := &table{cols: []*column{{name: "NS", json: jsonNumber}, {name: "TYPE"}}}
	ln := &line{cells: []string{"12", ""}}
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := parseFilter(s)
		if err != nil {
			return
		}
		for k, h := range flt.holders {
			h.col = k % len(tab.cols)
		}
		flt.match(tab, ln)
	})
}

// FuzzOptions: any -o, -t and -T arguments (and option soup) are parsed
// as util-linux would, without panicking.
func FuzzOptions(f *testing.F) {
	for _, s := range []string{"-o\x00NS,TYPE", "-t\x00net\x00-Tparent", "-o\x00+PNS\x00--tree=owner\x00123", "-Q\x00NS == 1\x00-o\x00,", "-JlnruW"} {
		f.Add(s)
	}
	io := devnull(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := newCmd(io, "lsns")
		args := strings.Split(s, "\x00")
		pos, err := c.parse(args)
		if err != nil {
			return
		}
		if err := c.settle(pos); err != nil {
			return
		}
		c.tab.print(c.out)
	})
}

// TestSafe: util-linux's mbs_safe_encode, and the width of what it gives;
// text that needs no escape comes back as it is.
func TestSafe(t *testing.T) {
	for _, tc := range []struct {
		utf8         bool
		s, safechars string
		want         string
		width        int
	}{
		{true, "", "", "", 0},
		{true, "4026531840", "", "4026531840", 10},
		{true, "/usr/bin/sleep 600", "", "/usr/bin/sleep 600", 18},
		{true, `a\b`, "", `a\b`, 3},
		{true, `a\x`, "", `a\x5cx`, 6},
		{true, `\x41`, "", `\x5cx41`, 7},
		{true, "tab\there", "", `tab\x09here`, 11},
		{true, "tab\there", " \t", "tab\there", 7},
		{true, "nl\nx", "\n", "nl\nx", 3},
		{true, "nl\nx", "", `nl\x0ax`, 7},
		{true, "del\x7f", "", `del\x7f`, 7},
		{true, "a\x1fb", "", `a\x1fb`, 6},
		{true, "é", "", "é", 1},
		{true, "\u251c\u2500x", "", "\u251c\u2500x", 3},
		{true, "\u0085", "", `\xc2\x85`, 8},
		{true, "\xff", "", `\xff`, 4},
		{true, "wide\u4e2d", "", "wide\u4e2d", 6},
		{false, "é", "", `\xc3\xa9`, 8},
	} {
		tab := &table{utf8: tc.utf8}
		got, w := tab.safe(tc.s, tc.safechars)
		if got != tc.want || w != tc.width {
			t.Errorf("safe(%q, %q), UTF-8 %v: %q width %d, want %q width %d", tc.s, tc.safechars, tc.utf8, got, w, tc.want, tc.width)
		}
	}
}

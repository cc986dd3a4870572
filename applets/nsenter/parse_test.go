package nsenter

import (
	"strings"
	"testing"

	"nsbox/applets/applet"
)

// table is nsenter's getopt table.
func table() []applet.Opt { return applet.Table(newCmd("nsenter", applet.StdIO()).options()) }

// TestCanonical: nsenter's option table as getopt sees it.
func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ argv, want string }{
		{"nsenter -t1 -n/path sh -c x", "--target==1 --net==/path -- sh -c x"},
		{"nsenter -t 1 -n -- -x", "--target==1 --net -- -x"},
		{"nsenter -mun true", "--mount==un -- true"},
		{"nsenter -an true", "--all --net -- true"},
		{"nsenter --net=/p --net -u= x", "--net==/p --net --uts=== -- x"},
		{"nsenter --targ 5 --pres x -m", "--target==5 --preserve-credentials -- x -m"},
		{"nsenter --netns=vpn ip a", "--netns==vpn -- ip a"},
		{"nsenter -W /d", "--wdns -- /d"},
		{"nsenter -n=x - y", "--net===x -- - y"},
		{"nsenter -x -n", "--nsbox-getopt-error==nsenter: invalid option -- 'x' --"},
		{"nsenter -n -t", "--net --nsbox-getopt-error==nsenter: option requires an argument -- 't' --"},
		{"nsenter --p", "--nsbox-getopt-error==nsenter: option '--p' is ambiguous; possibilities: '--pid' '--preserve-credentials' --"},
		{"nsenter --all=1", "--nsbox-getopt-error==nsenter: option '--all' doesn't allow an argument --"},
		{"nsenter --bogus=1", "--nsbox-getopt-error==nsenter: unrecognized option '--bogus=1' --"},
		{"nsenter --setuid", "--nsbox-getopt-error==nsenter: option '--setuid' requires an argument --"},
	} {
		if got := strings.Join(applet.Canonical(strings.Fields(tc.argv), table()), " "); got != tc.want {
			t.Errorf("Canonical(%q)\n got  %q\n want %q", tc.argv, got, tc.want)
		}
	}
}

func TestParsePID(t *testing.T) {
	for _, tc := range []struct {
		in    string
		pid   int
		inode uint64
		err   string
	}{
		{"1", 1, 0, ""}, {" +42", 42, 0, ""}, {"7:99", 7, 99, ""},
		{"0", 0, 0, "numerical result out of range"}, {"-3", 0, 0, "numerical result out of range"},
		{"2147483648", 0, 0, "numerical result out of range"}, {"99999999999999999999", 0, 0, "numerical result out of range"},
		{"abc", 0, 0, "invalid argument"}, {"", 0, 0, "invalid argument"}, {"12x", 0, 0, "invalid argument"},
		{"7:0", 0, 0, "numerical result out of range"}, {"7:", 0, 0, "invalid argument"}, {"7:-1", 0, 0, "numerical result out of range"},
	} {
		pid, inode, err := parsePID(tc.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if pid != tc.pid || inode != tc.inode || got != tc.err {
			t.Errorf("parsePID(%q) = %d, %d, %q; want %d, %d, %q", tc.in, pid, inode, got, tc.pid, tc.inode, tc.err)
		}
	}
}

// FuzzCanonical: no input panics the argv pre-pass with nsenter's option
// table, or the number parsers of -t, -N, -S and -G.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"-t1 -n/x sh", "--net= -- x", "-mun", "--p", "-W", "1:2", "-S -1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		applet.Canonical(append([]string{"nsenter"}, strings.Split(s, " ")...), table())
		parsePID(s)
		strtou64(s)
	})
}

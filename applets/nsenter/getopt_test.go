package nsenter

import (
	"slices"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	for _, tc := range []struct {
		argv string
		want string
		prog int
	}{
		{"nsenter -t1 -n/path sh -c x", "--target==1 --net==/path -- sh -c x", 3},
		{"nsenter -t 1 -n -- -x", "--target==1 --net -- -x", 5},
		{"nsenter -mun true", "--mount==un -- true", 2},
		{"nsenter -an true", "--all --net -- true", 2},
		{"nsenter --net=/p --net -u= x", "--net==/p --net --uts=== -- x", 4},
		{"nsenter --targ 5 --pres x -m", "--target==5 --preserve-credentials -- x -m", 4},
		{"nsenter --netns=vpn ip a", "--netns==vpn -- ip a", 2},
		{"nsenter -W /d", "--wdns -- /d", 2},
		{"nsenter -n=x - y", "--net===x -- - y", 2},
		{"nsenter -x -n", "--nsbox-getopt-error==nsenter: invalid option -- 'x'", 3},
		{"nsenter -n -t", "--net --nsbox-getopt-error==nsenter: option requires an argument -- 't'", 3},
		{"nsenter --p", "--nsbox-getopt-error==nsenter: option '--p' is ambiguous; possibilities: '--pid' '--preserve-credentials'", 2},
		{"nsenter --all=1", "--nsbox-getopt-error==nsenter: option '--all' doesn't allow an argument", 2},
		{"nsenter --bogus=1", "--nsbox-getopt-error==nsenter: unrecognized option '--bogus=1'", 2},
		{"nsenter --setuid", "--nsbox-getopt-error==nsenter: option '--setuid' requires an argument", 2},
	} {
		argv := strings.Fields(tc.argv)
		out, prog := canonical(argv)
		if got := strings.Join(out, " "); got != tc.want || prog != tc.prog {
			t.Errorf("canonical(%q) = %q, %d; want %q, %d", tc.argv, got, prog, tc.want, tc.prog)
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

// FuzzCanonical: no input panics the argv pre-pass or the number parsers,
// and the program index always points into argv.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"-t1 -n/x sh", "--net= -- x", "-mun", "--p", "-W", "1:2", "-S -1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		argv := append([]string{"nsenter"}, strings.Split(s, " ")...)
		out, prog := canonical(argv)
		if prog < 1 || prog > len(argv) {
			t.Fatalf("prog %d out of range for %q", prog, argv)
		}
		if !slices.Contains(out, "--") && !strings.Contains(strings.Join(out, " "), getoptError) {
			t.Fatalf("no -- and no error in %q", out)
		}
		parsePID(s)
		strtou64(s)
	})
}

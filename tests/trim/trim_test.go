// Package trim tests builds with some of the applets (make build
// APPLETS=…).
package trim

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

var all = []string{"lsns", "netns", "nsenter", "nsmove", "unshare"}

// subset is a trimmed build and a representative part of its applets'
// tests, run against it (NSBOX_TEST_BINARY).
type subset struct {
	applets []string // sorted
	tests   map[string]string
}

var subsets = []subset{
	{[]string{"netns", "nsenter"}, map[string]string{
		"./applets/netns/":   "TestDiffAdd|TestDiffList|TestDiffExec|TestDiffDelete",
		"./applets/nsenter/": "TestDiffNamespaces",
	}},
	{[]string{"lsns"}, map[string]string{
		"./applets/lsns/": "TestDiffNamespaceMode|TestDiffProcessMode",
	}},
}

// TestTrimmed builds each subset: --list shows its applets, the others'
// packages are not linked in, and its applets' tests pass against it.
func TestTrimmed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nsbox twice and runs applet tests against each")
	}
	for _, s := range subsets {
		t.Run(strings.Join(s.applets, "+"), func(t *testing.T) {
			bin := nstest.TrimmedBinary(t, s.applets...)
			if r := nstest.Run(t, "", bin, "--list"); r.Code != 0 || r.Stdout != strings.Join(s.applets, "\n")+"\n" {
				t.Errorf("--list: %d %q, want %q", r.Code, r.Stdout, s.applets)
			}
			if linked := linkedApplets(t, bin); !slices.Equal(linked, s.applets) {
				t.Errorf("applet packages linked in: %v, want %v", linked, s.applets)
			}
			for pkg, tests := range s.tests {
				cmd := exec.Command("go", "test", "-count=1", "-run", tests, pkg)
				cmd.Dir = "../.."
				cmd.Env = append(os.Environ(), "NSBOX_TEST_BINARY="+bin)
				out, err := cmd.CombinedOutput()
				if err != nil || strings.Contains(string(out), "no tests to run") {
					t.Errorf("NSBOX_TEST_BINARY=%s go test -run '%s' %s: %v\n%s", bin, tests, pkg, err, out)
				}
			}
		})
	}
}

// TestTrimmedNotFound: in each subset the other applets' names, as nsbox's
// argument or as argv[0], are not found, and the pre-runtime stage's fast
// path takes none of their command lines (it would run `unshare -n true`,
// `nsenter -t 1 -n true` or `netns add` and exit 0).
func TestTrimmedNotFound(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nsbox twice")
	}
	if !nstest.Sandbox(t) {
		return
	}
	argvs := map[string][]string{"unshare": {"-n", "true"}, "nsenter": {"-t", "1", "-n", "true"},
		"netns": {"add", "trimmed"}, "lsns": {"-t", "net"}, "nsmove": {"wlan0", "1"}}
	for _, s := range subsets {
		bin := nstest.TrimmedBinary(t, s.applets...)
		for _, name := range all {
			if slices.Contains(s.applets, name) {
				continue
			}
			want := "nsbox: applet not found: " + name + "\n"
			if r := nstest.Run(t, "", append([]string{bin, name}, argvs[name]...)...); r.Code != 127 || r.Stdout != "" || r.Stderr != want {
				t.Errorf("%v: nsbox %s %v: %d %q %q, want 127 and %q", s.applets, name, argvs[name], r.Code, r.Stdout, r.Stderr, want)
			}
			// As argv[0] it is not an applet: nsbox dispatches argv[1]
			// (by main.go's appletName, a leading '-' dropped).
			link := filepath.Join(t.TempDir(), name)
			if err := os.Symlink(bin, link); err != nil {
				t.Fatal(err)
			}
			want = "nsbox: applet not found: " + strings.TrimPrefix(argvs[name][0], "-") + "\n"
			if r := nstest.Run(t, "", append([]string{link}, argvs[name]...)...); r.Code != 127 || r.Stderr != want {
				t.Errorf("%v: %s %v through a link: %d %q %q, want 127 and %q", s.applets, name, argvs[name], r.Code, r.Stdout, r.Stderr, want)
			}
		}
		if _, err := os.Stat("/run/netns/trimmed"); err == nil {
			t.Errorf("%v: a build without netns added /run/netns/trimmed", s.applets)
		}
	}
}

// linkedApplets names the applet packages the build of bin linked in: its
// build tags (go version -m) given to go list.
func linkedApplets(t *testing.T, bin string) []string {
	t.Helper()
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	tags := ""
	for _, l := range strings.Split(string(info), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "-tags=") {
			tags = strings.TrimPrefix(f[1], "-tags=")
		}
	}
	cmd := exec.Command("go", "list", "-deps", "-tags", tags, ".")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps -tags %s: %v", tags, err)
	}
	var linked []string
	for _, p := range strings.Fields(string(out)) {
		if name, ok := strings.CutPrefix(p, "nsbox/applets/"); ok && slices.Contains(all, name) {
			linked = append(linked, name)
		}
	}
	slices.Sort(linked)
	return linked
}

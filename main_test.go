package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"nsbox/applets/applet"
	"nsbox/nslib/enter"
	"nsbox/nslib/nstest"
)

// runMain runs the dispatcher in-process with files for its streams.
func runMain(t *testing.T, argv ...string) (stdout, stderr string, code int) {
	t.Helper()
	dir := t.TempDir()
	out, _ := os.Create(filepath.Join(dir, "out"))
	errf, _ := os.Create(filepath.Join(dir, "err"))
	defer out.Close()
	defer errf.Close()
	code = run(argv, applet.IO{In: os.Stdin, Out: out, Err: errf})
	o, _ := os.ReadFile(out.Name())
	e, _ := os.ReadFile(errf.Name())
	return string(o), string(e), code
}

func TestDispatch(t *testing.T) {
	for _, tc := range []struct {
		argv     []string
		code     int
		out, err string // substrings
		exactOut string
		noErr    bool // stderr empty
	}{
		{argv: []string{"nsbox", "--list"}, out: "netns\n"},
		{argv: []string{"/usr/bin/nsbox"}, out: "Applets:"},
		{argv: []string{"nsbox", "--help"}, out: "netns"},
		{argv: []string{"nsbox", "nope"}, code: 127, err: "nsbox: applet not found: nope\n"},
		{argv: []string{"nsbox", "--version"}, exactOut: "nsbox " + applet.VersionString() + "\n", noErr: true},
		{argv: []string{"nsbox", "-V"}, exactOut: "nsbox " + applet.VersionString() + "\n", noErr: true},
		{argv: []string{"nsbox", "version"}, exactOut: "nsbox " + applet.VersionString() + "\n", noErr: true},
		{argv: []string{"nsbox", "help"}, out: "Applets:", noErr: true},
		{argv: []string{"nsbox", "help", "nope"}, out: "Applets:", noErr: true},
		{argv: []string{"nsbox", "help", "lsns"}, out: "lsns [options]", noErr: true},
		// --help is 0 and stdout for every applet; iproute2's spellings
		// (help, -help) keep ip's stderr and 255.
		{argv: []string{"nsbox", "help", "netns"}, out: "Usage:\tnetns list", noErr: true},
		{argv: []string{"nsbox", "netns", "--help"}, out: "Usage:\tnetns list", noErr: true},
		{argv: []string{"netns", "--help", "list"}, out: "Usage:\tnetns list", noErr: true},
		{argv: []string{"netns", "-help"}, code: 255, err: "Usage:\tnetns list"},
		{argv: []string{"netns", "--he"}, code: 255, err: "Usage:\tnetns list"},
		{argv: []string{"nsbox", "netns", "help"}, code: 255, err: "Usage:"},
		{argv: []string{"/sbin/netns", "help"}, code: 255, err: "Usage:"},
		{argv: []string{"-netns", "help"}, code: 255, err: "Usage:"},
		{argv: []string{"ipnetns", "help"}, code: 255, err: "Usage:"},
		{argv: []string{"nsbox", "/any/path/netns", "bogus"}, code: 255, err: "Command \"bogus\" is unknown"},
		{argv: []string{"netns", "-x"}, code: 255, err: "Option \"-x\" is unknown"},
	} {
		out, errs, code := runMain(t, tc.argv...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) ||
			tc.exactOut != "" && out != tc.exactOut || tc.noErr && errs != "" || tc.code != 0 && out != "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want status %d, stdout ~%q, stderr ~%q",
				tc.argv, code, out, errs, tc.code, tc.out, tc.err)
		}
	}
}

func TestInstall(t *testing.T) {
	for i, argv := range [][]string{
		{"nsbox", "--install", "DIR"},
		{"nsbox", "--install", "-s", "DIR"},
		{"nsbox", "--install=DIR"},
		{"nsbox", "--install=DIR", "-s"},
	} {
		symbolic := slices.Contains(argv, "-s")
		// A missing directory, parents included, is made (mkdir -p).
		dir := filepath.Join(t.TempDir(), "usr", "bin")
		if i%2 == 0 {
			dir = t.TempDir()
		}
		for j := range argv {
			argv[j] = strings.Replace(argv[j], "DIR", dir, 1)
		}
		if _, errs, code := runMain(t, argv...); code != 0 {
			t.Fatalf("%q: status %d: %s", argv, code, errs)
		}
		self, _ := os.Executable()
		selfInfo, _ := os.Stat(self)
		list, _, _ := runMain(t, "nsbox", "--list")
		for _, n := range strings.Fields(list) {
			p := filepath.Join(dir, n)
			li, err := os.Lstat(p)
			if err != nil {
				t.Fatalf("%s not installed: %v", n, err)
			}
			if symbolic != (li.Mode()&os.ModeSymlink != 0) {
				t.Errorf("%s: mode %v, want symlink=%v", n, li.Mode(), symbolic)
			}
			if fi, _ := os.Stat(p); !os.SameFile(fi, selfInfo) {
				t.Errorf("%s does not point at the running binary", n)
			}
		}
		// A second run leaves existing links alone and succeeds.
		if _, errs, code := runMain(t, argv...); code != 0 {
			t.Errorf("second %q: status %d: %s", argv, code, errs)
		}
	}
	// Failures are one line and status 1.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	for _, argv := range [][]string{
		{"nsbox", "--install"}, {"nsbox", "--install="}, {"nsbox", "--install", "-s"},
		{"nsbox", "--install", "a", "b"}, {"nsbox", "--install", filepath.Join(file, "bin")},
	} {
		out, errs, code := runMain(t, argv...)
		if code != 1 || out != "" || !strings.HasPrefix(errs, "nsbox: ") || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want status 1 and one line", argv, code, out, errs)
		}
	}
}

// TestSetuidRefused runs nsbox with real and effective ids that differ, as
// a set-uid or set-gid binary would (setpriv sets them directly: set-uid
// bits have no effect on this machine): it must refuse with one line,
// whatever the applet.
func TestSetuidRefused(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to set a different real id")
	}
	bin := nstest.Binary(t)
	for _, ids := range []string{"--ruid=65534", "--rgid=65534"} {
		for _, args := range [][]string{{"--list"}, {"netns", "list"}, {"nsenter", "-t", "1", "-n", "true"}} {
			r := nstest.Run(t, "", append([]string{"setpriv", ids, "--keep-groups", bin}, args...)...)
			if r.Code != 1 || r.Stdout != "" || !strings.HasPrefix(r.Stderr, "nsbox: refusing to run set-uid") || strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("setpriv %s nsbox %q: status %d, stdout %q, stderr %q", ids, args, r.Code, r.Stdout, r.Stderr)
			}
		}
	}
}

// TestAffinityRestored: the cgo build runs on one CPU until it starts a
// program (nslib/prestage, affinity.go); every program it runs, by every path that
// starts one, must get the caller's CPU mask back, a narrowed one
// included, and a pid namespace whose /proc is the outer one (thread ids
// there mean other threads) must leave it alone.
func TestAffinityRestored(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	// The sandbox's mask (test binaries are never narrowed).
	full := strings.TrimSpace(nstest.Sh(t, "grep Cpus_allowed_list /proc/self/status").Stdout)
	if strings.HasSuffix(full, "\t0") || !strings.Contains(full, "-") && !strings.Contains(full, ",") {
		t.Fatalf("the sandbox has one CPU (%q): nothing to tell apart", full)
	}
	nstest.Sh(t, bin+` netns add aff && touch /run/aff-mnt && (unshare -U -r sleep 100 >/dev/null 2>&1 &)
for i in $(seq 200); do pgrep -x sleep >/dev/null && break; sleep 0.02; done`)
	show := "grep Cpus_allowed_list /proc/self/status"
	paths := []string{
		"unshare -u " + show,                      // exec in place
		"unshare -f -u " + show,                   // fork
		"unshare -f -p -u " + show,                // fork into a pid namespace
		"unshare -f --kill-child -u " + show,      // the child stage
		"unshare --mount=/run/aff-mnt " + show,    // the bind helper
		"nsenter -t $$ -u " + show,                // nsenter in place
		"netns exec aff " + show,                  // netns exec in place
		"netns -all exec " + show + " | tail -n1", // fork and wait
	}
	if enter.UnshareStageAvailable {
		paths = append(paths, "unshare -r "+show, // the unshare stage
			"nsenter -t $(pgrep -xn sleep) -U --preserve-credentials "+show) // nsenter's stage
	}
	for _, tc := range []struct{ prefix, want string }{
		{"", full},
		{"taskset -c 0", "Cpus_allowed_list:\t0"},
		{"unshare -p -f", full},
	} {
		for _, args := range paths {
			if tc.prefix != "" && strings.Contains(args, "--mount=") {
				// The bind helper names /proc/PID (not with another pid
				// namespace's /proc) and may need another CPU for a mount
				// namespace id the kernel accepts (enter.UnshareMountAbove).
				continue
			}
			r := nstest.Sh(t, tc.prefix+" "+bin+" "+args)
			if r.Code != 0 || strings.TrimSpace(r.Stdout) != tc.want {
				t.Errorf("%s nsbox %s: status %d, %q (stderr %q), want %q", tc.prefix, args, r.Code, r.Stdout, r.Stderr, tc.want)
			}
		}
	}
}

// TestVersionBuilt: a binary built by make says the VERSION file's release,
// the commit it was built from, its target and its flavour; so does one
// built from a `git archive` tarball (no .git: the commit comes from the
// COMMIT file archive fills in) and the pure-Go build.
func TestVersionBuilt(t *testing.T) {
	release, err := os.ReadFile("applets/applet/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	want := func(commit, flavour string) *regexp.Regexp {
		return regexp.MustCompile(`^nsbox ` + regexp.QuoteMeta(strings.TrimSpace(string(release))) +
			` \(` + commit + `, linux/` + runtime.GOARCH + `, ` + flavour + `\)\n$`)
	}
	short := string(head[:7]) + `[0-9a-f]*`
	for _, tc := range []struct {
		bin  string
		want *regexp.Regexp
	}{
		{nstest.Binary(t), want(short+`(-dirty)?`, "cgo")},
		{nstest.PureGoBinary(t), want(short+`(-dirty)?`, "purego")},
	} {
		if r := nstest.Run(t, "", tc.bin, "--version"); r.Code != 0 || !tc.want.MatchString(r.Stdout) || !strings.HasPrefix(string(head), strings.Fields(r.Stdout)[2][1:8]) {
			t.Errorf("%s --version: status %d, %q, want %v (HEAD %.7s)", tc.bin, r.Code, r.Stdout, tc.want, head)
		}
	}

	// HEAD as a release tarball: no .git, unpacked in a git repository
	// that must not lend it its commit.
	outer := t.TempDir()
	tmp := filepath.Join(outer, "src")
	os.Mkdir(tmp, 0o755)
	// (exec, not nstest.Run: a build on a cold cache can take more than its 30 s)
	if out, err := exec.Command("sh", "-c", `git init -q "$2" && git archive HEAD | tar -x -C "$1" && make -s -C "$1" build`, "sh", tmp, outer).CombinedOutput(); err != nil {
		t.Fatalf("building from git archive: %v\n%s", err, out)
	}
	if r := nstest.Run(t, "", filepath.Join(tmp, "nsbox"), "--version"); !want(short, "cgo").MatchString(r.Stdout) {
		t.Errorf("built from git archive HEAD: --version %q, want %v", r.Stdout, want(short, "cgo"))
	}
}

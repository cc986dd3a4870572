// Package nstest is nsbox's test support: a sandbox that runs a privileged
// test in fresh mount, network and pid namespaces (so it can never touch the
// host's /run/netns, /etc or mount table), the built nsbox binary, and a
// runner for differential tests against iproute2 and util-linux.
package nstest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const (
	envTest   = "NSBOX_SANDBOX_TEST"
	envBinary = "NSBOX_TEST_BINARY"
)

// Sandbox runs the calling test in a sandbox. In the test process it
// re-runs the test binary for just this test inside new mount, network and
// pid namespaces and reports the result; it then returns false and the
// caller returns at once. Inside the sandbox it prepares a private world
// (everything private, a fresh /proc, a tmpfs on /run, a writable overlay
// on /etc with an empty /etc/netns) and returns true. Without root the test
// is skipped.
//
//	if !nstest.Sandbox(t) { return }
func Sandbox(t *testing.T) bool {
	t.Helper()
	if os.Getenv(envTest) == t.Name() {
		if err := setupSandbox(); err != nil {
			t.Fatalf("sandbox setup: %v", err)
		}
		return true
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: runs in its own mount, network and pid namespaces")
	}
	bin := Binary(t)
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+strings.Join(parts, "/"), "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), envTest+"="+t.Name(), envBinary+"="+bin)
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWNET | syscall.CLONE_NEWPID,
		Pdeathsig:  syscall.SIGKILL,
	}
	out, err := cmd.CombinedOutput()
	switch {
	case err != nil:
		t.Errorf("sandboxed run failed: %v\n%s", err, out)
	case bytes.Contains(out, []byte("--- SKIP")):
		t.Skipf("skipped in the sandbox:\n%s", out)
	case !bytes.Contains(out, []byte("--- PASS")):
		t.Errorf("sandboxed run did not run the test:\n%s", out)
	default:
		t.Logf("sandboxed run:\n%s", out)
	}
	return false
}

// setupSandbox makes the new mount namespace private, gives it its own
// /proc, /run and /etc/netns, drops the environment's run-dir and locale
// settings, and records the mount table it starts with (see Mounts).
// Nothing here propagates to the host.
func setupSandbox() error {
	steps := []struct {
		src, dst, fstype string
		flags            uintptr
		data             string
	}{
		{"", "/", "", unix.MS_PRIVATE | unix.MS_REC, ""},
		{"proc", "/proc", "proc", unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC, ""},
		{"sandbox", "/run", "tmpfs", 0, "mode=755"},
	}
	for _, s := range steps {
		if err := unix.Mount(s.src, s.dst, s.fstype, s.flags, s.data); err != nil {
			return &os.PathError{Op: "mount " + s.dst, Path: s.dst, Err: err}
		}
	}
	// /etc: an overlay whose upper layer lives in the sandbox's /run.
	for _, d := range []string{"/run/.etc/upper", "/run/.etc/work"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := unix.Mount("overlay", "/etc", "overlay", 0,
		"lowerdir=/etc,upperdir=/run/.etc/upper,workdir=/run/.etc/work"); err != nil {
		return &os.PathError{Op: "mount overlay", Path: "/etc", Err: err}
	}
	// What a developer's environment may set: nsbox's run and etc dirs,
	// and a locale (translated messages, sort orders).
	os.Unsetenv("NETNS_RUN_DIR")
	os.Unsetenv("NETNS_ETC_DIR")
	os.Setenv("LC_ALL", "C")
	// An empty /etc/netns whatever the host's holds (the overlay whites
	// the host's entries out).
	if err := os.RemoveAll("/etc/netns"); err != nil {
		return err
	}
	if err := os.Mkdir("/etc/netns", 0o755); err != nil {
		return err
	}
	return recordHostMounts()
}

// onceBuild is a binary built at most once per test process.
type onceBuild struct {
	once sync.Once
	path string
	err  error
}

func (b *onceBuild) get(t testing.TB, what string, build func() (string, error)) string {
	t.Helper()
	b.once.Do(func() { b.path, b.err = build() })
	if b.err != nil {
		t.Fatalf("building %s: %v", what, b.err)
	}
	return b.path
}

var nsboxBuild, goPathBuild onceBuild

// Binary returns the path of an nsbox binary built from this tree (once
// per test process; sandboxed runs inherit it).
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(envBinary); p != "" {
		return p
	}
	return nsboxBuild.get(t, "nsbox", func() (string, error) {
		// Each test process builds into nsbox-test/PID (the binary must be
		// called nsbox): a test binary has no exit hook to remove its
		// own, so each build removes those of processes that have ended.
		top := filepath.Join(os.TempDir(), "nsbox-test")
		entries, _ := os.ReadDir(top)
		for _, e := range entries {
			if pid, err := strconv.Atoi(e.Name()); err == nil && syscall.Kill(pid, 0) == syscall.ESRCH {
				os.RemoveAll(filepath.Join(top, e.Name()))
			}
		}
		dir := filepath.Join(top, strconv.Itoa(os.Getpid()))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		path := filepath.Join(dir, "nsbox")
		return path, build(path)
	})
}

// PureGoBinary builds nsbox with CGO_ENABLED=0, the build without the
// pre-runtime stage, into a directory of t's.
func PureGoBinary(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nsbox-purego")
	if err := build(path, "CGO_ENABLED=0"); err != nil {
		t.Fatalf("building nsbox: %v", err)
	}
	return path
}

// TrimmedBinary builds nsbox with only the given applets (make build
// APPLETS=…) into a directory of t's, as nsbox.
func TrimmedBinary(t testing.TB, applets ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nsbox")
	if err := build(path, "APPLETS="+strings.Join(applets, " ")); err != nil {
		t.Fatalf("building nsbox with %v: %v", applets, err)
	}
	return path
}

// GoPathBinary is Binary with the fast path turned off (the
// nsbox_nofastpath tag): every command line runs in Go, so that tests can
// compare the fast path's outcome with the Go path's. Built once per test
// process, next to Binary's.
func GoPathBinary(t testing.TB) string {
	t.Helper()
	bin := Binary(t)
	return goPathBuild.get(t, "nsbox without the fast path", func() (string, error) {
		path := filepath.Join(filepath.Dir(bin), "gopath", "nsbox")
		if _, err := os.Stat(path); err == nil {
			return path, nil // built by the test process that started this sandbox
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", err
		}
		return path, build(path, "EXTRA_TAGS=nsbox_nofastpath")
	})
}

// build builds nsbox from this tree as the release is built (`make build`:
// static, against musl in the cgo build), with env added to the
// environment.
func build(path string, env ...string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	cmd := exec.Command("make", "-s", "build", "OUT="+path)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return errors.New("go build: " + err.Error() + "\n" + string(out))
	}
	return nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// Result is what one command did.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs argv with stdin (may be empty) and a time limit, and returns its
// output and exit status (-1 and a test error if it did not finish).
func Run(t testing.TB, stdin string, argv ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	// The time limit kills argv[0] only: a child of a killed shell that
	// still holds the output (a hung command) must not hold up Wait.
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errb.String(), Code: cmd.ProcessState.ExitCode()}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Errorf("%q: %v", argv, err)
		r.Code = -1
	}
	if ctx.Err() != nil {
		t.Errorf("%q: timed out", argv)
	}
	return r
}

// Panicked tells whether the run died of a Go panic or a fatal runtime
// error: either prints a goroutine trace.
func (r Result) Panicked() bool {
	return strings.Contains(r.Stderr, "goroutine ") || strings.Contains(r.Stderr, "panic:")
}

// NoPanic fails t if the run panicked.
func NoPanic(t testing.TB, r Result) {
	t.Helper()
	if r.Panicked() {
		t.Errorf("nsbox panicked:\n%s", r.Stderr)
	}
}

// Bash prefixes for tests of inherited signal dispositions: signals the
// programs after them start with ignored (SIG_IGN), and SIGCHLD, which the
// anchors reset before they fork. SigIgn prints a program's ignored set.
const (
	IgnoreSignals = "trap '' PIPE TERM USR1 HUP QUIT;"
	IgnoreChld    = "trap '' CHLD PIPE;"
	SigIgn        = "grep SigIgn /proc/self/status"
)

// Sh runs a shell script (bash -c) and returns what it did.
func Sh(t testing.TB, script string) Result {
	t.Helper()
	return Run(t, "", "bash", "-c", script)
}

// DiffTool runs the bash command line "AS TOOL ARGS" with the installed
// tool (util-linux's, as root on this machine) and with nsbox's applet of
// that name, and fails t unless stdout and the exit status agree, and
// stderr after normalized. newErr, when not nil, is nsbox's
// stderr where the newest release words it differently from the installed
// one.
func DiffTool(t testing.TB, tool, as, args string, newErr *string, normalize func(string) string) {
	t.Helper()
	bin := Binary(t)
	ul := Sh(t, as+" "+tool+" "+args)
	ours := Sh(t, as+" "+bin+" "+tool+" "+args)
	if ul.Stdout != ours.Stdout || ul.Code != ours.Code {
		t.Errorf("%s %s:\n anchor: status %d, stdout %q (stderr %q)\n nsbox:  status %d, stdout %q (stderr %q)",
			tool, args, ul.Code, ul.Stdout, ul.Stderr, ours.Code, ours.Stdout, ours.Stderr)
	}
	want := normalized(ul.Stderr, "", tool, normalize)
	if newErr != nil {
		want = *newErr
	}
	if got := normalized(ours.Stderr, bin, tool, normalize); got != want {
		t.Errorf("%s %s: stderr\n got  %q\n want %q (installed %s: %q)", tool, args, got, want, tool, ul.Stderr)
	}
	NoPanic(t, ours)
}

// ExpectTool runs the bash command line "AS nsbox TOOL ARGS" and fails t
// unless it does what want says (stderr after normalized),
// for what the installed tool lacks or does differently from the newest
// release.
func ExpectTool(t testing.TB, tool, as, args string, want Result, normalize func(string) string) {
	t.Helper()
	bin := Binary(t)
	r := Sh(t, as+" "+bin+" "+tool+" "+args)
	r.Stderr = normalized(r.Stderr, bin, tool, normalize)
	if r != want {
		t.Errorf("%s %s:\n got  status %d, stdout %q, stderr %q\n want status %d, stdout %q, stderr %q",
			tool, args, r.Code, r.Stdout, r.Stderr, want.Code, want.Stdout, want.Stderr)
	}
	NoPanic(t, r)
}

// jobPID is the PID in bash's report of a command killed by a signal.
var jobPID = regexp.MustCompile(`line 1: +[0-9]+ `)

// normalized makes the stderr of the tool and of nsbox comparable: bash's
// report of a killed job without its PID, nsbox's command line ("BIN
// TOOL") read as the tool's; then normalize (nil: nothing more).
func normalized(stderr, bin, tool string, normalize func(string) string) string {
	if bin != "" {
		stderr = strings.ReplaceAll(stderr, bin+" "+tool, tool)
	}
	stderr = jobPID.ReplaceAllString(stderr, "line 1: PID ")
	if normalize != nil {
		stderr = normalize(stderr)
	}
	return stderr
}

// SetRootShell makes shell root's login shell in the sandbox's
// /etc/passwd (an overlay: the host's is untouched).
func SetRootShell(t testing.TB, shell string) {
	t.Helper()
	if r := Sh(t, `sed -i 's#^\(root:[^:]*:0:[^:]*:[^:]*:[^:]*\):.*#\1:`+shell+`#' /etc/passwd`); r.Code != 0 {
		t.Fatalf("setting root's shell: %s", r.Stderr)
	}
}

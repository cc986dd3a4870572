package robust

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"nsbox/nslib/nstest"
)

// bad is one bad invocation: nsbox's command line and what the anchor does
// with the same words in the same state.
type bad struct {
	name   string
	argv   []string // the applet, then its arguments; {P} is the target process's PID
	anchor []string // the anchor's command line; nil: anchorOf(argv)
	alone  bool     // no anchor to compare with: code and stderr are nsbox's
	code   int      // nsbox's status, when alone
	stdout string   // nsbox's stdout, when alone
	stderr *string  // nsbox's stderr where it differs from the anchor's by design, or alone
	lines  int      // the error's lines (a usage hint not counted); 1 unless set
	env    []string // more environment, for both
}

// c is a differential case: status, stdout and stderr as the anchor's.
func c(name string, argv ...string) bad { return bad{name: name, argv: argv, lines: 1} }

// err records nsbox's stderr (without the final newline) where it differs
// from the installed anchor's by design: the newest release's wording, or
// nsbox's own. Status and stdout are still the anchor's.
func (t bad) err(s string) bad { t.stderr = &s; return t }

// only is for what has no anchor to compare with (an nsbox addition, or a
// status the newest release changed): nsbox must exit with code and print
// stderr (without the final newline; "" for nothing).
func (t bad) only(code int, stderr string) bad {
	t.alone, t.code, t.stderr = true, code, &stderr
	return t
}

// out sets nsbox's stdout for an only case.
func (t bad) out(s string) bad { t.stdout = s; return t }

// vs sets the anchor's command line, where it is not the same words.
func (t bad) vs(argv ...string) bad { t.anchor = argv; return t }

// nlines sets how many lines the error has where the anchor's documented
// message is not one line (0: the anchor fails silently, by its spec).
func (t bad) nlines(n int) bad { t.lines = n; return t }

// with adds environment variables.
func (t bad) with(env ...string) bad { t.env = append(append([]string{}, t.env...), env...); return t }

// anchorOf is the anchor's command line for nsbox's: `ip [OPTIONS] netns
// ARGS` (iproute2 takes its options before the object) and util-linux's
// tools of the same name.
func anchorOf(argv []string) []string {
	switch argv[0] {
	case "netns":
		opts, rest := []string{}, argv[1:]
		for len(rest) > 0 && strings.HasPrefix(rest[0], "-") && len(rest[0]) > 1 {
			o := rest[0]
			opts, rest = append(opts, o), rest[1:]
			if (strings.HasPrefix("-netns", o) || strings.HasPrefix("-batch", o)) && len(rest) > 0 {
				opts, rest = append(opts, rest[0]), rest[1:]
			}
		}
		return append(append(append([]string{"ip"}, opts...), "netns"), rest...)
	case "lsns", "nsenter", "unshare":
		return argv
	}
	return nil
}

// world is the state a test's cases run in.
type world struct {
	bin    string   // the directory of the applets (links named after them)
	prefix []string // runs every command (both tools): setpriv, a nested unshare…
	pid    string   // a process in the named namespace "good" ({P})
}

// standard is the usual state: named namespaces good and other, a stale
// placeholder, a directory and a plain file in the run dir, /etc/netns/good,
// a veth pair va/vb and a bridge br0, and a process in good.
const standard = `ip netns add good; ip netns add other; touch /run/netns/stale; mkdir /run/netns/dir
echo x >/run/netns/file; mkdir -p /etc/netns/good; echo 'nameserver 192.0.2.1' >/etc/netns/good/resolv.conf
ip link add va type veth peer name vb; ip link add br0 type bridge
mkdir -p /run/mount # umount(8) makes it (libmount's utab) on its first run
`

// newWorld prepares a sandbox for cases: the applets under /run/robust
// (readable by anyone, for the non-root cases), setup (bash) and, when
// target is set, a sleeping process in the named namespace good.
func newWorld(t *testing.T, setup string, target bool) *world {
	t.Helper()
	w := &world{bin: "/run/robust/bin"}
	b, err := os.ReadFile(nstest.Binary(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("/run/robust/empty", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(w.bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/run/robust/nsbox", b, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"netns", "lsns", "nsenter", "unshare", "nsmove"} {
		if err := os.Symlink("../nsbox", filepath.Join(w.bin, a)); err != nil {
			t.Fatal(err)
		}
	}
	if r := nstest.Sh(t, "set -e\n"+setup); r.Code != 0 {
		t.Fatalf("setup: status %d\n%s", r.Code, r.Stderr)
	}
	if target {
		cmd := exec.Command("ip", "netns", "exec", "good", "sleep", "1000")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		w.pid = fmt.Sprint(cmd.Process.Pid)
		// Wait until it is in good (ip execs sleep in place).
		for i := 0; i < 2500; i++ {
			if b, _ := os.ReadFile("/proc/" + w.pid + "/comm"); string(b) == "sleep\n" {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return w
}

// result is what one command did.
type result struct {
	stdout, stderr string
	code           int
}

// run runs argv under the world's prefix, with stdin from /dev/null,
// LC_ALL=C and env. argv[0] is found in PATH, and nsbox's applets come
// first there when ours is set, so both tools see the bare name as argv[0]
// (getopt's messages quote it).
func (w *world) run(t *testing.T, env, argv []string, ours bool) result {
	t.Helper()
	full := append(append([]string{}, w.prefix...), argv...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	if ours {
		path = w.bin + ":" + path
	}
	cmd := exec.CommandContext(ctx, lookPath(full[0], path), full[1:]...)
	cmd.Args[0] = full[0]
	cmd.Env = append(append(cleanEnv(), "LC_ALL=C", "PATH="+path), env...)
	cmd.Dir = "/run/robust/empty" // never the package's directory on the host
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%q: %v", full, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%q: timed out", full)
	}
	return r
}

// lookPath finds name in path (exec.Command would search the test's PATH).
func lookPath(name, path string) string {
	if strings.Contains(name, "/") {
		return name
	}
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return name
}

// cleanEnv is the test's environment without what changes the tools'
// behaviour or messages.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "PATH", "NETNS_RUN_DIR", "NETNS_ETC_DIR", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "SHELL", "COLUMNS":
		default:
			env = append(env, kv)
		}
	}
	return append(env, "SHELL=/bin/sh")
}

var (
	procPID = regexp.MustCompile(`/proc/[0-9]+/`)
	fdArgs  = regexp.MustCompile(`(pidfd_getfd|ioctl)\([0-9]+,`)
	// hint is the line a usage error may add after the error itself:
	// util-linux's pointer to --help, nsmove's one-line usage.
	hint = regexp.MustCompile(`^Try '[^']+ --help' for more information\.$|^Usage: nsmove .*; try nsmove --help$`)
)

// normalize makes stderr comparable: a process's /proc directory, the
// descriptor numbers in util-linux's system-call messages, and iproute2's
// own name in its hint ("ip netns help"; nsbox says "netns help").
func normalize(s string) string {
	s = procPID.ReplaceAllString(s, "/proc/PID/")
	s = fdArgs.ReplaceAllString(s, "$1(FD,")
	return strings.ReplaceAll(s, `try "ip netns help"`, `try "netns help"`)
}

// errorLines are the lines of stderr without a usage hint at the end.
func errorLines(stderr string) []string {
	if stderr == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if n := len(lines); n > 1 && hint.MatchString(lines[n-1]) {
		lines = lines[:n-1]
	}
	return lines
}

// check runs every case, nsbox's and the anchor's command, and checks each
// against the other and against the state before.
func (w *world) check(t *testing.T, cases []bad) {
	t.Helper()
	before := snapshot(t)
	seen := map[string]bool{}
	for _, b := range cases {
		if seen[b.name] {
			t.Fatalf("two cases named %q", b.name)
		}
		seen[b.name] = true
		t.Run(b.name, func(t *testing.T) {
			argv := w.expand(b.argv)
			want := result{code: b.code, stdout: b.stdout}
			if !b.alone {
				anchor := b.anchor
				if anchor == nil {
					anchor = anchorOf(b.argv)
				}
				if anchor == nil {
					t.Fatalf("no anchor for %q: use vs or only", b.argv)
				}
				want = w.run(t, b.env, w.expand(anchor), false)
				want.stderr = normalize(want.stderr)
				if now := snapshot(t); now != before {
					t.Errorf("the anchor %q changed the state (not a usable case):\n%s", short(anchor), diff(before, now))
					before = now
					return
				}
			}
			if b.stderr != nil {
				want.stderr = w.expand([]string{*b.stderr})[0]
				if want.stderr != "" {
					want.stderr += "\n"
				}
			}
			got := w.run(t, b.env, argv, true)
			got.stderr = normalize(got.stderr)
			if got.code != want.code || got.stdout != want.stdout {
				t.Errorf("%q:\n got  status %d, stdout %q (stderr %q)\n want status %d, stdout %q (anchor's stderr %q)",
					short(b.argv), got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
			} else if got.stderr != want.stderr {
				t.Errorf("%q: stderr\n got  %q\n want %q", short(b.argv), got.stderr, want.stderr)
			}
			nstest.NoPanic(t, nstest.Result{Stdout: got.stdout, Stderr: got.stderr, Code: got.code})
			if n := len(errorLines(got.stderr)); got.code != 0 && n != b.lines {
				t.Errorf("%q: status %d with %d error lines, want %d: %q", short(b.argv), got.code, n, b.lines, got.stderr)
			}
			if now := snapshot(t); now != before {
				t.Errorf("%q left something behind:\n%s", short(b.argv), diff(before, now))
				before = now
			}
		})
	}
}

// expand puts the target's PID for {P}.
func (w *world) expand(argv []string) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		out[i] = strings.ReplaceAll(a, "{P}", w.pid)
	}
	return out
}

// short abbreviates huge command lines for messages.
func short(argv []string) []string {
	var out []string
	for i, a := range argv {
		if i == 8 && len(argv) > 10 {
			return append(out, fmt.Sprintf("…%d more", len(argv)-i))
		}
		if len(a) > 60 {
			a = fmt.Sprintf("%s…(%d bytes)", a[:20], len(a))
		}
		out = append(out, a)
	}
	return out
}

// snapshot is the state a bad invocation must leave as it was: every file
// under /run (the run dirs, and /etc's changes: the sandbox's /etc is an
// overlay whose upper layer is in /run) with its type, mode and size,
// /etc/netns, the mount table, every process (a zombie marked) with its
// namespaces, the network devices here and in every named namespace, and
// the nsids.
func snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, root := range []string{"/run", "/etc/netns"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(&b, "%s: %v\n", p, err)
				return nil
			}
			info, err := d.Info()
			if err != nil {
				fmt.Fprintf(&b, "%s: %v\n", p, err)
				return nil
			}
			size := int64(0)
			if info.Mode().IsRegular() {
				size = info.Size()
			}
			fmt.Fprintf(&b, "file %q %v %d\n", p, info.Mode(), size)
			return nil
		})
	}
	mi, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	b.Write(mi)
	b.WriteString(processes())
	b.WriteString(links("", 0))
	names, _ := os.ReadDir("/run/netns")
	for _, n := range names {
		if f, err := os.Open("/run/netns/" + n.Name()); err == nil {
			b.WriteString(links(n.Name(), int(f.Fd())))
			f.Close()
		}
	}
	out, _ := exec.Command("ip", "netns", "list-id").CombinedOutput()
	b.Write(out)
	return b.String()
}

// links lists the network devices of a namespace (fd 0: ours) with their
// index, flags and MTU, or why it could not.
func links(name string, fd int) string {
	c, err := rtnetlink.Dial(&netlink.Config{NetNS: fd})
	if err != nil {
		return fmt.Sprintf("links %q: %v\n", name, err)
	}
	defer c.Close()
	list, err := c.Link.List()
	if err != nil {
		return fmt.Sprintf("links %q: %v\n", name, err)
	}
	var b strings.Builder
	for _, l := range list {
		fmt.Fprintf(&b, "link %q %d %s %#x %d\n", name, l.Index, l.Attributes.Name, l.Flags, l.Attributes.MTU)
	}
	return b.String()
}

// processes lists every process of the sandbox but the test itself: PID,
// command, whether it is a zombie, and namespaces.
func processes() string {
	dirs, _ := os.ReadDir("/proc")
	self := strconv.Itoa(os.Getpid())
	var lines []string
	for _, d := range dirs {
		pid := d.Name()
		if pid[0] < '0' || pid[0] > '9' || pid == self {
			continue
		}
		stat, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil {
			continue // gone
		}
		end := bytes.LastIndexByte(stat, ')')
		line := "process " + string(stat[:end+1])
		if end+2 < len(stat) && stat[end+2] == 'Z' {
			line += " zombie"
		}
		for _, ns := range []string{"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"} {
			l, _ := os.Readlink("/proc/" + pid + "/ns/" + ns)
			line += " " + l
		}
		lines = append(lines, line)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

// diff shows the lines only before has ("-") and only now has ("+").
func diff(before, now string) string {
	count := map[string]int{}
	for _, l := range strings.Split(before, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(now, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "- "+l)
		case n < 0:
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestSnapshotSeesLeftovers: every kind of leftover the cases look for
// changes the snapshot, and undoing it (where that can be done) restores it.
func TestSnapshotSeesLeftovers(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	newWorld(t, standard, false)
	sh := func(script string) func(t *testing.T) {
		return func(t *testing.T) {
			if r := nstest.Sh(t, script); r.Code != 0 {
				t.Fatalf("%s: %d %s", script, r.Code, r.Stderr)
			}
		}
	}
	// A process started here, so that it can be reaped: the sandbox's test
	// is PID 1, and an orphan that dies stays a zombie (which the snapshot
	// shows as well).
	var sleeper *exec.Cmd
	for _, tc := range []struct {
		name     string
		do, undo func(t *testing.T) // undo nil: the kernel cannot forget it
	}{
		{"run-dir-file", sh("touch /run/netns/left"), sh("rm /run/netns/left")},
		{"file-mode", sh("chmod 600 /run/netns/file"), sh("chmod 644 /run/netns/file")},
		{"etc-netns", sh("mkdir /etc/netns/left"), sh("rmdir /etc/netns/left")},
		{"etc-file", sh("touch /etc/left"), sh("rm /etc/left")},
		{"mount", sh("mount -t tmpfs left /run/robust/empty"), sh("umount /run/robust/empty")},
		{"namespace-mount", sh("mount --bind /run/netns/good /run/netns/file"), sh("umount /run/netns/file")},
		{"process", func(t *testing.T) {
			sleeper = exec.Command("sleep", "100")
			if err := sleeper.Start(); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) { sleeper.Process.Kill(); sleeper.Wait() }},
		{"zombie", sh("sleep 100 >/dev/null 2>&1 & echo $! >/run/left.pid; exit 0"), nil},
		{"device", sh("ip link add left type bridge"), sh("ip link del left")},
		{"device-state", sh("ip link set dev br0 up"), sh("ip link set dev br0 down")},
		{"device-moved", sh("ip link set dev va netns other"), nil}, // the kernel gives other an nsid
		{"nsid", sh("ip netns set good 7"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t)
			tc.do(t)
			if tc.name == "zombie" {
				// Orphaned to us and killed: a zombie nobody reaps.
				nstest.Sh(t, "kill $(cat /run/left.pid); rm /run/left.pid")
				time.Sleep(50 * time.Millisecond)
			}
			if snapshot(t) == before {
				t.Fatalf("the snapshot did not see %s", tc.name)
			}
			if tc.undo == nil {
				return
			}
			tc.undo(t)
			if now := snapshot(t); now != before {
				t.Errorf("undoing %s did not restore the snapshot:\n%s", tc.name, diff(before, now))
			}
		})
	}
}

package netns_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"nsbox/nslib/nstest"
)

// entryKinds makes /run/netns/e something that is not a namespace. The
// first, a plain file, is what the others must behave like.
var entryKinds = []struct {
	name string
	make func() error
}{
	{"plain file", func() error { return os.WriteFile("/run/netns/e", []byte("data\n"), 0o644) }},
	{"FIFO", func() error { return unix.Mkfifo("/run/netns/e", 0o600) }},
	{"symlink to /dev/null", func() error { return os.Symlink("/dev/null", "/run/netns/e") }},
	{"symlink to a FIFO", func() error {
		os.Remove("/run/fifo")
		if err := unix.Mkfifo("/run/fifo", 0o600); err != nil {
			return err
		}
		return os.Symlink("/run/fifo", "/run/netns/e")
	}},
	{"directory", func() error { return os.Mkdir("/run/netns/e", 0o755) }},
	{"socket", func() error {
		fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		return unix.Bind(fd, &unix.SockaddrUnix{Name: "/run/netns/e"})
	}},
	// /dev/null's numbers: a device whose open does no harm if it happens.
	{"char device", func() error { return unix.Mknod("/run/netns/e", unix.S_IFCHR|0o600, int(unix.Mkdev(1, 3))) }},
}

// opensOf returns the lines of an strace log that open the entry e other
// than with O_PATH (which opens nothing: no FIFO wait, no device open) or
// O_CREAT|O_EXCL (which fails on any existing entry).
func opensOf(t *testing.T, trace string) []string {
	t.Helper()
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, l := range strings.Split(string(b), "\n") {
		if (strings.Contains(l, `"e"`) || strings.Contains(l, `"/run/netns/e"`)) && !strings.Contains(l, "O_PATH") && !strings.Contains(l, "O_EXCL") {
			bad = append(bad, l)
		}
	}
	return bad
}

// TestNonNamespaceEntries: a FIFO, a socket, a device node, a directory
// or a symlink to a FIFO or a device in the run dir is a name that is not
// a namespace, like a plain file: every command that reads names finishes
// (iproute2 hangs on a FIFO in list, pids, set, exec, list-id and -n),
// says what it says for a plain file, and never opens the entry for
// reading (strace).
func TestNonNamespaceEntries(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	nsScript(t, "ns add a; ns set a 1")
	commands := [][]string{
		{"netns", "list"}, {"netns", "list", "all"}, {"netns", "-j", "list"}, {"netns", "pids", "e"},
		{"netns", "identify"}, {"netns", "set", "e", "5"}, {"netns", "exec", "e", "true"},
		{"netns", "-n", "e", "list"}, {"netns", "list-id"}, {"netns", "-all", "exec", "true"},
		{"netns", "delete", "e"}, {"netns", "delete", "--kill", "e"}, {"netns", "add", "e"},
		{"netns", "attach", "e", "1"}, {"netns", "rename", "e", "f"},
		{"nsenter", "--netns=e", "true"}, {"nsmove", "lo", "e"}, {"unshare", "--netns=e", "true"},
	}
	trace := filepath.Join(t.TempDir(), "trace")
	want := map[string]nstest.Result{}
	for i, kind := range entryKinds {
		for _, args := range commands {
			if err := os.RemoveAll("/run/netns/e"); err != nil {
				t.Fatal(err)
			}
			if err := kind.make(); err != nil {
				t.Fatalf("making a %s: %v", kind.name, err)
			}
			argv := append([]string{"timeout", "10", "strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", trace, bin}, args...)
			r := nstest.Run(t, "", argv...)
			nstest.NoPanic(t, r)
			key := strings.Join(args, " ")
			switch {
			case r.Code == 124:
				t.Errorf("%s: %s did not finish within 10 s", kind.name, key)
			case i == 0:
				want[key] = r
				continue
			case kind.name == "directory" && args[1] == "delete":
				// unlink(2) refuses a directory, as in iproute2.
				if r.Code != 1 || r.Stderr != "Cannot remove namespace file \"/run/netns/e\": Is a directory\n" {
					t.Errorf("%s: %s: %+v", kind.name, key, r)
				}
			case r != want[key]:
				t.Errorf("%s: %s:\n got  %+v\n want %+v (as for a plain file)", kind.name, key, r, want[key])
			}
			if bad := opensOf(t, trace); len(bad) > 0 {
				t.Errorf("%s: %s opened the entry:\n%s", kind.name, key, strings.Join(bad, "\n"))
			}
		}
		if got, want := monitorAdd(t, bin, trace, kind.make), "add e\n"; got != want {
			t.Errorf("%s: monitor printed %q, want %q", kind.name, got, want)
		}
		if bad := opensOf(t, trace); i > 0 && len(bad) > 0 {
			t.Errorf("%s: monitor opened the entry:\n%s", kind.name, strings.Join(bad, "\n"))
		}
	}
	t.Logf("what a plain file gets: %+v", want)
}

// monitorAdd runs `netns monitor` under strace while the entry is made and
// returns what it printed within 5 s.
func monitorAdd(t *testing.T, bin, trace string, make func() error) string {
	t.Helper()
	os.RemoveAll("/run/netns/e")
	out := filepath.Join(t.TempDir(), "monitor")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command("strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", trace, bin, "netns", "monitor")
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// nsbox is strace's child: wait for its inotify watch, stop it at the end.
	pid := strconv.Itoa(cmd.Process.Pid)
	children := "/proc/" + pid + "/task/" + pid + "/children"
	watching := func() bool {
		b, _ := os.ReadFile(children)
		for _, p := range strings.Fields(string(b)) {
			fds, _ := filepath.Glob("/proc/" + p + "/fdinfo/*")
			for _, fd := range fds {
				if info, _ := os.ReadFile(fd); bytes.Contains(info, []byte("inotify wd")) {
					return true
				}
			}
		}
		return false
	}
	defer func() {
		b, _ := os.ReadFile(children)
		for _, p := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(p); err == nil {
				unix.Kill(n, unix.SIGTERM)
			}
		}
		cmd.Wait()
	}()
	for deadline := time.Now().Add(5 * time.Second); !watching(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("monitor: no inotify watch after 5 s")
		}
	}
	if err := make(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(out); bytes.HasSuffix(b, []byte("\n")) {
			return string(b)
		}
	}
	b, _ := os.ReadFile(out)
	return string(b)
}

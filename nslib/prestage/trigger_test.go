//go:build cgo

package prestage_test

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
	"nsbox/nslib/nstest"
	"nsbox/nslib/prestage"
)

// memfd makes a plan by hand: text, sealed with seals.
func memfd(t *testing.T, text string, seals int) *os.File {
	t.Helper()
	fd, err := unix.MemfdCreate("nsbox-plan", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fd), "plan")
	t.Cleanup(func() { f.Close() })
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, seals); err != nil {
		t.Fatal(err)
	}
	return f
}

// Only a plan nsbox made itself steers the stage. The example: an
// "unshare" record of CLONE_NEWUSER makes lsns run in a new user namespace,
// where it lists only itself. Forged triggers (a variable alone, a plain
// file, a memfd not sealed against every change, one naming another
// creator) are ignored; a plan sealed by the parent, as nsbox's own
// children get theirs, is honoured (the control: the test can tell). The
// variable never reaches a program, through the fast path or Go's.
func TestForgedTrigger(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	self, err := os.Readlink("/proc/self/ns/user")
	if err != nil {
		t.Fatal(err)
	}
	ino := strings.TrimSuffix(strings.TrimPrefix(self, "user:["), "]")
	const record = "unshare 268435456,-,-,-,-\n"
	all := unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE
	mine := strconv.Itoa(os.Getpid())
	lsns := func(f *os.File, value string) string {
		t.Helper()
		cmd := exec.Command(bin, "lsns", "-n", "-o", "NS", "-t", "user")
		cmd.Env = append(os.Environ(), "_NSBOX_PLAN="+value)
		if f != nil {
			cmd.ExtraFiles = []*os.File{f}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("lsns: %v: %s", err, out)
		}
		return string(out)
	}
	for name, out := range map[string]string{
		"variable alone": lsns(nil, "3"),
		"not a number":   lsns(nil, "x"),
		"plain file": nstest.Sh(t, "printf 'nsbox-plan 1 %s\\n"+record+"' $$ >/run/plan; exec 3</run/plan; "+
			"_NSBOX_PLAN=3 exec "+bin+" lsns -n -o NS -t user").Stdout,
		"memfd, only write-sealed": lsns(memfd(t, "nsbox-plan 1 "+mine+"\n"+record, unix.F_SEAL_WRITE), "3"),
		"memfd, another creator":   lsns(memfd(t, "nsbox-plan 1 999999\n"+record, all), "3"),
		"memfd, no header":         lsns(memfd(t, record, all), "3"),
	} {
		if !strings.Contains(out, ino+"\n") {
			t.Errorf("%s: lsns did not see this user namespace (%s): %q", name, ino, out)
		}
	}
	plan, err := prestage.Plan{"unshare": strings.Fields(record)[1]}.Seal()
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Close()
	if out := lsns(plan, "3"); strings.Contains(out, ino+"\n") {
		t.Errorf("nsbox's own plan was not honoured: lsns still saw %s: %q", ino, out)
	}
	for _, cmdline := range []string{"unshare -n env", "unshare -n --propagation private env", "netns exec x env", "lsns -h"} {
		r := nstest.Sh(t, "ip netns add x 2>/dev/null; _NSBOX_PLAN=3 "+bin+" "+cmdline+" 3</dev/null")
		if r.Code != 0 || strings.Contains(r.Stdout, "_NSBOX") {
			t.Errorf("%s: status %d, a program saw the trigger:\n%s%s", cmdline, r.Code, r.Stdout, r.Stderr)
		}
	}
}

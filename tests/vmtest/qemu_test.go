//go:build vmtest

package vmtest

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"nsbox/nslib/nstest"
)

//go:embed guest.sh
var guestScript []byte

// bootTimeout bounds one guest from boot to poweroff (about 6 s under TCG).
const bootTimeout = 150 * time.Second

func cacheDir() string {
	if d := os.Getenv("NSBOX_VM_CACHE"); d != "" {
		return d
	}
	return "/var/cache/nsbox-vmtest"
}

// skip skips t, also on a VMTEST line (make vmtest shows only those).
func skip(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	fmt.Printf("VMTEST SKIP: %s: %s\n", t.Name(), msg)
	t.Skip(msg)
}

// kernelDir is the kernel prepare.sh put in the cache and named in
// PREFIXcurrent ("" for bookworm's with the hwsim modules, "sid-" for
// Debian unstable's); it skips t, with PREFIXunavailable's reason when
// prepare.sh left one, without it.
func kernelDir(t *testing.T, prefix string) string {
	t.Helper()
	cache := cacheDir()
	name, err := os.ReadFile(filepath.Join(cache, prefix+"current"))
	if err != nil {
		if why, err := os.ReadFile(filepath.Join(cache, prefix+"unavailable")); err == nil {
			skip(t, "no test kernel: %s", strings.TrimSpace(string(why)))
		}
		skip(t, "no test kernel in %s: run tests/vmtest/prepare.sh", cache)
	}
	dir := filepath.Join(cache, strings.TrimSpace(string(name)))
	if _, err := os.Stat(filepath.Join(dir, "vmlinux")); err != nil {
		skip(t, "no test kernel in %s: run tests/vmtest/prepare.sh", dir)
	}
	return dir
}

// newInitramfs starts a guest's initramfs: the directories its /init
// mounts on, /init itself, guest.sh, the static busybox and the nsbox that
// ships (`make build`).
func newInitramfs(t *testing.T, init []byte) *archive {
	t.Helper()
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		skip(t, "qemu-system-x86_64 not installed: run tests/vmtest/prepare.sh")
	}
	if _, err := os.Stat("/bin/busybox"); err != nil {
		skip(t, "/bin/busybox (busybox-static) not installed: run tests/vmtest/prepare.sh")
	}
	if out, _ := exec.Command("ldd", "/bin/busybox").CombinedOutput(); bytes.Contains(out, []byte("=>")) {
		skip(t, "/bin/busybox is dynamically linked: install busybox-static (tests/vmtest/prepare.sh)")
	}
	a := &archive{}
	for _, d := range []string{"/bin", "/dev", "/proc", "/sys", "/run", "/tmp", "/etc", "/lib", "/usr", "/usr/sbin"} {
		a.dir(d)
	}
	a.file("/init", init, 0o755)
	a.parents("/lib/vmtest/guest.sh")
	a.file("/lib/vmtest/guest.sh", guestScript, 0o644)
	a.copy(t, "/bin/busybox", "/bin/busybox", 0o755)
	a.symlink("/bin/sh", "busybox")
	a.copy(t, nstest.Binary(t), "/bin/nsbox", 0o755)
	return a
}

// boot runs the guest (kdir's vmlinux and the initramfs a) with bootImage.
func boot(t *testing.T, name, kdir string, a *archive) {
	t.Helper()
	initrd := filepath.Join(t.TempDir(), "initramfs.cpio")
	if err := os.WriteFile(initrd, a.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bootImage(t, name, kdir, initrd)
}

// bootImage runs the guest (kdir's vmlinux and the image initrd) under
// qemu TCG until it powers off and checks its console: every VMTEST line
// is passed on, a FAIL line fails t, and the guest must end with its PASS
// marker (qemu exits 0 even when the guest panics). The console is kept in
// $TMPDIR/nsbox-vmtest-NAME.log.
func bootImage(t *testing.T, name, kdir, initrd string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), bootTimeout)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-smp", "1",
		"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", filepath.Join(kdir, "vmlinux"), "-initrd", initrd,
		"-append", "console=ttyS0 panic=-1 quiet")
	var console bytes.Buffer
	cmd.Stdout, cmd.Stderr = &console, &console
	runErr := cmd.Run()
	log := strings.ReplaceAll(console.String(), "\r", "")
	t.Logf("qemu ran %.1f s (%v)", time.Since(start).Seconds(), runErr)
	logPath := filepath.Join(os.TempDir(), "nsbox-vmtest-"+name+".log")
	os.WriteFile(logPath, []byte(log), 0o644)

	line := regexp.MustCompile(`VMTEST (PASS|FAIL|TODO): .*|VMTEST kernel .*`)
	passed := 0
	var shown strings.Builder // in one piece: the VMs run side by side
	for _, l := range strings.Split(log, "\n") {
		m := line.FindString(l)
		if m == "" {
			continue
		}
		shown.WriteString(m + "\n")
		switch {
		case strings.HasPrefix(m, "VMTEST FAIL"):
			t.Error(m)
		case strings.HasPrefix(m, "VMTEST PASS"):
			passed++
		}
	}
	fmt.Print(shown.String())
	if !strings.Contains(log, "VMTEST-RESULT: PASS") {
		t.Errorf("no PASS marker from the guest (%d checks passed); console in %s:\n%s",
			passed, logPath, tail(log, 3000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

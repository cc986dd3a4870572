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
	"sync"
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

// guest is the machine qemu emulates for a test VM.
type guest struct {
	name    string   // "arm64": prepare.sh's kernel is CACHE/NAME-current's, checks are named "NAME …"
	target  string   // the `make cross` target whose nsbox it runs ("" for the host's `make build`)
	goarch  string   // what `nsbox --version` says it was built for
	qemu    string   // qemu-system-…
	machine []string // qemu's machine and CPU
	console string   // the kernel's serial console
	devices []string // qemu's devices beyond the console (-nodefaults: none else)
}

var (
	amd64 = &guest{name: "amd64", goarch: "amd64", qemu: "qemu-system-x86_64",
		machine: []string{"-accel", "tcg"}, console: "ttyS0"}
	arm64 = &guest{name: "arm64", target: "arm64", goarch: "arm64", qemu: "qemu-system-aarch64",
		machine: []string{"-M", "virt", "-cpu", "max"}, console: "ttyAMA0"}
	armv7 = &guest{name: "armv7", target: "armv7", goarch: "arm", qemu: "qemu-system-arm",
		machine: []string{"-M", "virt,highmem=off", "-cpu", "cortex-a15"}, console: "ttyAMA0"}
	// The malta board, little-endian, with a 24Kc: no FPU, as most
	// router MIPS cores (nsbox's Go is soft-float).
	mipsel = &guest{name: "mipsel", target: "mipsle", goarch: "mipsle", qemu: "qemu-system-mipsel",
		machine: []string{"-M", "malta", "-cpu", "24Kc"}, console: "ttyS0"}
	// Big-endian malta: prepare.sh builds its kernel and busybox from
	// Debian's source packages (no Debian port has them since bookworm).
	mips = &guest{name: "mips", target: "mips", goarch: "mips", qemu: "qemu-system-mips",
		machine: []string{"-M", "malta", "-cpu", "24Kc"}, console: "ttyS0"}
)

// newInitramfs starts a guest's initramfs: the directories its /init
// mounts on, /init itself, guest.sh, a static busybox (the host's, or
// busybox-static for the guest's CPU that prepare.sh put in kdir) and the
// nsbox that ships for that CPU (`make build` or `make cross-build`).
func newInitramfs(t *testing.T, g *guest, kdir string, init []byte) *archive {
	t.Helper()
	if _, err := exec.LookPath(g.qemu); err != nil {
		skip(t, "%s not installed: run tests/vmtest/prepare.sh", g.qemu)
	}
	busybox, nsbox := "/bin/busybox", ""
	if g.target != "" {
		busybox, nsbox = filepath.Join(kdir, "busybox"), crossBinary(t, g.target)
	} else {
		nsbox = nstest.Binary(t)
	}
	if _, err := os.Stat(busybox); err != nil {
		skip(t, "%s (busybox-static) not there: run tests/vmtest/prepare.sh", busybox)
	}
	if out, _ := exec.Command("ldd", busybox).CombinedOutput(); bytes.Contains(out, []byte("=>")) {
		skip(t, "/bin/busybox is dynamically linked: install busybox-static (tests/vmtest/prepare.sh)")
	}
	a := &archive{}
	for _, d := range []string{"/bin", "/dev", "/proc", "/sys", "/run", "/tmp", "/etc", "/lib", "/usr", "/usr/sbin"} {
		a.dir(d)
	}
	a.file("/init", init, 0o755)
	a.parents("/lib/vmtest/guest.sh")
	a.file("/lib/vmtest/guest.sh", guestScript, 0o644)
	a.copy(t, busybox, "/bin/busybox", 0o755)
	a.symlink("/bin/sh", "busybox")
	a.copy(t, nsbox, "/bin/nsbox", 0o755)
	return a
}

var (
	crossMu    sync.Mutex
	crossBuilt = map[string]string{}
)

// crossBinary is the nsbox `make cross-build` makes for target, built once
// per test process.
func crossBinary(t *testing.T, target string) string {
	t.Helper()
	crossMu.Lock()
	defer crossMu.Unlock()
	if p, ok := crossBuilt[target]; ok {
		return p
	}
	dir, err := os.MkdirTemp("", "nsbox-vmtest-"+target)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "nsbox")
	if out, err := exec.Command("make", "-s", "-C", "../..", "cross-build", "TARGET="+target, "OUT="+p).CombinedOutput(); err != nil {
		t.Fatalf("make cross-build TARGET=%s: %v\n%s", target, err, out)
	}
	crossBuilt[target] = p
	return p
}

// boot runs the guest (kdir's vmlinux and the initramfs a) with bootImage.
func boot(t *testing.T, g *guest, name, kdir string, a *archive) {
	t.Helper()
	initrd := filepath.Join(t.TempDir(), "initramfs.cpio")
	if err := os.WriteFile(initrd, a.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bootImage(t, g, name, kdir, initrd)
}

// bootImage runs the guest (kdir's vmlinux and the image initrd) under
// qemu TCG until it powers off and checks its console: every VMTEST line
// is passed on, a FAIL line fails t, and the guest must end with its PASS
// marker (qemu exits 0 even when the guest panics). The console is kept in
// $TMPDIR/nsbox-vmtest-NAME.log. The guest's /init gets nsbox_goarch and,
// on another CPU than the host's, nsbox_guest (the name its checks get) in
// its environment (from the kernel's command line).
func bootImage(t *testing.T, g *guest, name, kdir, initrd string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), bootTimeout)
	defer cancel()
	start := time.Now()
	args := append(append([]string{}, g.machine...), "-m", "256", "-smp", "1",
		"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", filepath.Join(kdir, "vmlinux"), "-initrd", initrd,
		"-append", "console="+g.console+" panic=-1 quiet nsbox_goarch="+g.goarch+guestParam(g))
	args = append(args, g.devices...)
	cmd := exec.CommandContext(ctx, g.qemu, args...)
	var console bytes.Buffer
	cmd.Stdout, cmd.Stderr = &console, &console
	runErr := cmd.Run()
	log := strings.ReplaceAll(console.String(), "\r", "")
	took := time.Since(start).Seconds()
	t.Logf("qemu ran %.1f s (%v)", took, runErr)
	logPath := filepath.Join(os.TempDir(), "nsbox-vmtest-"+name+".log")
	os.WriteFile(logPath, []byte(log), 0o644)

	line := regexp.MustCompile(`VMTEST (PASS|FAIL|TODO|NOTE): .*|VMTEST kernel .*`)
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
	fmt.Fprintf(&shown, "VMTEST TIME: %s (%s): %.1f s wall, %d checks passed\n", name, g.name, took, passed)
	fmt.Print(shown.String())
	if !strings.Contains(log, "VMTEST-RESULT: PASS") {
		t.Errorf("no PASS marker from the guest (%d checks passed); console in %s:\n%s",
			passed, logPath, tail(log, 3000))
	}
}

func guestParam(g *guest) string {
	if g.target == "" {
		return ""
	}
	return " nsbox_guest=" + g.name
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

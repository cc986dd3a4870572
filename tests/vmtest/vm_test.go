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
)

//go:embed init.sh
var initScript []byte

// modules in load order (shared/spec/hwsim-vm.md); init.sh loads them.
var modules = []string{"rfkill", "cfg80211", "libarc4", "mac80211", "virtio_ring", "virtio", "mac80211_hwsim"}

func cacheDir() string {
	if d := os.Getenv("NSBOX_VM_CACHE"); d != "" {
		return d
	}
	return "/var/cache/nsbox-vmtest"
}

// TestWiFiVM builds an initramfs with busybox, the static nsbox and the
// hwsim modules, boots it under qemu TCG and passes on the guest's result
// marker (qemu exits 0 even when the guest panics).
func TestWiFiVM(t *testing.T) {
	qemu, err := exec.LookPath("qemu-system-x86_64")
	if err != nil {
		t.Skip("qemu-system-x86_64 not installed: run tests/vmtest/prepare.sh")
	}
	cache := cacheDir()
	kver, err := os.ReadFile(filepath.Join(cache, "current"))
	if err != nil {
		t.Skipf("no test kernel in %s: run tests/vmtest/prepare.sh", cache)
	}
	kdir := filepath.Join(cache, strings.TrimSpace(string(kver)))
	if _, err := os.Stat(filepath.Join(kdir, "vmlinux")); err != nil {
		t.Skipf("no test kernel in %s: run tests/vmtest/prepare.sh", kdir)
	}
	if _, err := os.Stat("/bin/busybox"); err != nil {
		t.Skip("/bin/busybox (busybox-static) not installed: run tests/vmtest/prepare.sh")
	}
	if out, _ := exec.Command("ldd", "/bin/busybox").CombinedOutput(); bytes.Contains(out, []byte("=>")) {
		t.Skip("/bin/busybox is dynamically linked: install busybox-static (tests/vmtest/prepare.sh)")
	}
	work := t.TempDir()
	nsbox := filepath.Join(work, "nsbox")
	build := exec.Command("go", "build", "-trimpath", "-tags", "urfave_cli_no_docs,urfave_cli_no_suggest",
		"-ldflags", "-s -w", "-o", nsbox, "../..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	a := &archive{}
	for _, d := range []string{"/bin", "/dev", "/proc", "/sys", "/run", "/tmp", "/etc", "/lib", "/lib/modules", "/usr", "/usr/sbin"} {
		a.dir(d)
	}
	a.file("/init", initScript, 0o755)
	a.copy(t, "/bin/busybox", "/bin/busybox", 0o755)
	a.symlink("/bin/sh", "busybox")
	a.copy(t, nsbox, "/bin/nsbox", 0o755)
	for _, m := range modules {
		a.copy(t, filepath.Join(kdir, "modules", m+".ko"), "/lib/modules/"+m+".ko", 0o644)
	}
	a.addIw(t)
	initrd := filepath.Join(work, "initramfs.cpio")
	if err := os.WriteFile(initrd, a.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, qemu, "-accel", "tcg", "-m", "256", "-smp", "1",
		"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", filepath.Join(kdir, "vmlinux"), "-initrd", initrd,
		"-append", "console=ttyS0 panic=-1 quiet")
	var console bytes.Buffer
	cmd.Stdout, cmd.Stderr = &console, &console
	runErr := cmd.Run()
	log := strings.ReplaceAll(console.String(), "\r", "")
	t.Logf("qemu ran %.1f s (%v)", time.Since(start).Seconds(), runErr)
	os.WriteFile(filepath.Join(os.TempDir(), "nsbox-vmtest-console.log"), []byte(log), 0o644)

	line := regexp.MustCompile(`VMTEST (PASS|FAIL|TODO): .*`)
	passed := 0
	for _, l := range strings.Split(log, "\n") {
		m := line.FindString(l)
		if m == "" {
			continue
		}
		fmt.Println(m)
		switch {
		case strings.HasPrefix(m, "VMTEST FAIL"):
			t.Error(m)
		case strings.HasPrefix(m, "VMTEST PASS"):
			passed++
		}
	}
	if !strings.Contains(log, "VMTEST-RESULT: PASS") {
		t.Errorf("no PASS marker from the guest (%d checks passed); console in %s/nsbox-vmtest-console.log:\n%s",
			passed, os.TempDir(), tail(log, 3000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

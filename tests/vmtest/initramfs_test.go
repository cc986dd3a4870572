//go:build vmtest

package vmtest

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

//go:embed initramfs_checks.sh
var initramfsChecks []byte

//go:embed dracut_module.sh
var dracutTestModule []byte

// The hook and the module as contrib/ ships them (go test runs in the
// package's directory).
const (
	initramfsHook = "../../contrib/initramfs-tools/hooks/nsbox"
	dracutModule  = "../../contrib/dracut/90nsbox"
)

// TestInitramfsToolsVM builds an image with Debian's mkinitramfs and
// contrib's hook for bookworm's kernel, checks with lsinitramfs that it
// holds the nsbox that ships and a link to it per applet, and boots it: an
// init-top script (initramfs_checks.sh) runs the applets from the image.
func TestInitramfsToolsVM(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "")
	need(t, "mkinitramfs", "lsinitramfs", "unmkinitramfs", "unshare")
	bin := nstest.Binary(t)
	conf := initramfsConf(t, bin)
	img := filepath.Join(t.TempDir(), "initrd.img")
	if out, err := mkinitramfs(t, kdir, conf, img); err != nil {
		t.Fatalf("mkinitramfs: %v\n%s", err, out)
	}
	out, err := exec.Command("lsinitramfs", "-l", img).CombinedOutput()
	if err != nil {
		t.Fatalf("lsinitramfs: %v\n%s", err, out)
	}
	dir := filepath.Join(t.TempDir(), "unpacked")
	if out, err := exec.Command("unmkinitramfs", img, dir).CombinedOutput(); err != nil {
		t.Fatalf("unmkinitramfs: %v\n%s", err, out)
	}
	checkImage(t, "initramfs-tools-image", "lsinitramfs", string(out), dir, bin)
	bootImage(t, amd64, "initramfs-tools", kdir, img)
}

// TestInitramfsToolsHookErrors: a binary named by NSBOX_BINARY that is not
// there, or that cannot run here (as a cross-built one), fails the build
// with the hook's one line and leaves no image.
func TestInitramfsToolsHookErrors(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "")
	need(t, "mkinitramfs", "unshare")
	for _, bad := range badBinaries(t) {
		conf := initramfsConf(t, bad.path)
		img := filepath.Join(t.TempDir(), "initrd.img")
		out, err := mkinitramfs(t, kdir, conf, img)
		if err == nil {
			t.Errorf("mkinitramfs with NSBOX_BINARY=%s succeeded:\n%s", bad.path, out)
		}
		if want := "E: nsbox hook: " + bad.path + bad.hookError; !strings.Contains(out, want) {
			t.Errorf("mkinitramfs output lacks %q:\n%s", want, out)
		}
		// mkinitramfs touches the output first: empty is nothing left behind.
		if st, err := os.Stat(img); err == nil && st.Size() > 0 {
			t.Errorf("mkinitramfs left an image of %d bytes", st.Size())
		}
	}
	if !t.Failed() {
		fmt.Println("VMTEST PASS: initramfs-tools-hook-bad-binary: missing or not runnable, the build fails with the hook's one line")
	}
}

// badBinary is an NSBOX_BINARY no image may be made with, and the end of
// the hook's error line for it.
type badBinary struct{ path, hookError string }

// badBinaries: one that is not there, and one that runs but cannot list
// its applets (what a cross-built binary does here, without qemu-user).
func badBinaries(t *testing.T) []badBinary {
	t.Helper()
	failing := filepath.Join(t.TempDir(), "nsbox")
	write(t, failing, "#!/bin/sh\nexit 1\n", 0o755)
	return []badBinary{
		{filepath.Join(t.TempDir(), "nsbox"), " is not an executable"},
		{failing, " --list failed"},
	}
}

// initramfsConf makes the test images' configuration directory: contrib's
// hook with NSBOX_BINARY=bin, and initramfs_checks.sh as an init-top script.
func initramfsConf(t *testing.T, bin string) string {
	t.Helper()
	conf := filepath.Join(t.TempDir(), "initramfs-tools")
	// MODULES=list: only conf/modules (veth, for nsmove to move); BUSYBOX=y:
	// the shell, ip and modprobe the checks use, linked after the hook's
	// links and so not over them.
	write(t, filepath.Join(conf, "initramfs.conf"), "MODULES=list\nBUSYBOX=y\nKEYMAP=n\nCOMPRESS=gzip\nRUNSIZE=10%\nFSTYPE=auto\n", 0o644)
	write(t, filepath.Join(conf, "modules"), "veth\n", 0o644)
	// The binary, as contrib/README.md says to name one outside the usual prefixes.
	write(t, filepath.Join(conf, "conf.d", "nsbox"), "export NSBOX_BINARY="+bin+"\n", 0o644)
	hook, err := os.ReadFile(initramfsHook)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(conf, "hooks", "nsbox"), string(hook), 0o755)
	// "nsbox-vmtest" sorts before init-top/udev: no udev start under TCG.
	write(t, filepath.Join(conf, "scripts", "init-top", "nsbox-vmtest"), string(initramfsChecks), 0o755)
	write(t, filepath.Join(conf, "scripts", "guest.sh"), string(guestScript), 0o644)
	return conf
}

// mkinitramfs runs Debian's mkinitramfs with the configuration directory
// conf for kdir's kernel into img. It reads the kernel's /boot/config and
// /lib/modules, which prepare.sh keeps in kdir/pkgroot: a private mount namespace gets them (a tmpfs on /boot, an
// overlay on /lib), so the host's own are never written.
func mkinitramfs(t *testing.T, kdir, conf, img string) (string, error) {
	t.Helper()
	kver := filepath.Base(kdir)
	root := filepath.Join(kdir, "pkgroot")
	if _, err := os.Stat(filepath.Join(root, "lib/modules", kver, "modules.dep")); err != nil {
		skip(t, "no %s: run tests/vmtest/prepare.sh", root)
	}
	script := `mount -t tmpfs nsbox-vmtest-boot /boot
cp "$1/boot/config-$2" /boot/
mount -t overlay -o lowerdir="$1/lib":/lib nsbox-vmtest-modules /lib
exec mkinitramfs -d "$3" -o "$4" "$2"`
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-euc", script, "sh", root, kver, conf, img)
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestDracutVM builds an image with Debian's dracut (prepare.sh unpacks
// it into the cache) and contrib's module, checks with lsinitrd that it
// holds the nsbox that ships and a link to it per applet, and boots it: a
// cmdline hook (dracut_module.sh) runs initramfs_checks.sh.
func TestDracutVM(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "")
	need(t, "cpio")
	bin := nstest.Binary(t)
	d := newDracut(t, bin)
	img := filepath.Join(t.TempDir(), "initrd.img")
	if out, err := d.run(kdir, img, "base nsbox nsbox-vmtest"); err != nil {
		t.Fatalf("dracut: %v\n%s", err, out)
	}
	out, err := d.cmd("lsinitrd", img).CombinedOutput()
	if err != nil {
		t.Fatalf("lsinitrd: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`(?m)^nsbox$`).Match(out) {
		t.Errorf("lsinitrd lists no dracut module nsbox:\n%s", out)
	}
	dir := t.TempDir()
	cmd := exec.Command("cpio", "-id", "--quiet", "usr/bin/nsbox")
	cmd.Dir = dir
	if cmd.Stdin, err = os.Open(img); err != nil {
		t.Fatal(err)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cpio: %v\n%s", err, out)
	}
	checkImage(t, "initramfs-dracut-image", "lsinitrd", string(out), dir, bin)
	bootImage(t, amd64, "dracut", kdir, img)
}

// TestDracutModuleErrors: asked for by name with a binary that is not
// there or cannot run here, the module cannot be installed and dracut
// makes no image.
func TestDracutModuleErrors(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "")
	for _, bad := range badBinaries(t) {
		d := newDracut(t, bad.path)
		img := filepath.Join(t.TempDir(), "initrd.img")
		out, err := d.run(kdir, img, "base nsbox")
		if err == nil {
			t.Errorf("dracut with NSBOX_BINARY=%s succeeded:\n%s", bad.path, out)
		}
		if want := "dracut module 'nsbox' cannot be found or installed"; !strings.Contains(out, want) {
			t.Errorf("dracut output lacks %q:\n%s", want, out)
		}
		if _, err := os.Stat(img); err == nil {
			t.Errorf("dracut left %s", img)
		}
	}
	if !t.Failed() {
		fmt.Println("VMTEST PASS: initramfs-dracut-module-bad-binary: missing or not runnable, asked for, the module fails the build")
	}
}

// dracutRun is Debian's dracut as prepare.sh unpacked it into the cache,
// with a base directory and a configuration of the test's own.
type dracutRun struct {
	root, confdir string
	env           []string
}

// newDracut skips t without the unpacked dracut. dracut finds modules
// only in its base directory: a copy of Debian's with contrib's module
// and the test's (dracut_module.sh) added. The configuration names bin as
// contrib/README.md says.
func newDracut(t *testing.T, bin string) *dracutRun {
	t.Helper()
	root := filepath.Join(cacheDir(), "dracut")
	if _, err := os.Stat(filepath.Join(root, "usr/bin/dracut")); err != nil {
		skip(t, "no dracut in %s: run tests/vmtest/prepare.sh", root)
	}
	base := filepath.Join(t.TempDir(), "dracut")
	if out, err := exec.Command("cp", "-a", filepath.Join(root, "usr/lib/dracut"), base).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	if out, err := exec.Command("cp", "-a", dracutModule, filepath.Join(base, "modules.d")).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	testModule := filepath.Join(base, "modules.d", "99nsbox-vmtest")
	write(t, filepath.Join(testModule, "module-setup.sh"), string(dracutTestModule), 0o755)
	write(t, filepath.Join(testModule, "initramfs_checks.sh"), string(initramfsChecks), 0o755)
	write(t, filepath.Join(testModule, "guest.sh"), string(guestScript), 0o644)
	confdir := t.TempDir()
	write(t, filepath.Join(confdir, "nsbox.conf"), "NSBOX_BINARY="+bin+"\n", 0o644)
	return &dracutRun{root: root, confdir: confdir,
		env: append(os.Environ(), "dracutbasedir="+base, "TMPDIR="+t.TempDir())}
}

// cmd is the unpacked dracut's program prog (dracut, lsinitrd) with args.
func (d *dracutRun) cmd(prog string, args ...string) *exec.Cmd {
	cmd := exec.Command("bash", append([]string{filepath.Join(d.root, "usr/bin", prog)}, args...)...)
	cmd.Env = d.env
	return cmd
}

// run makes img for kdir's kernel with the dracut modules given: no host
// configuration, nothing of the host's hardware (--no-hostonly), the
// kernel's modules from the cache.
func (d *dracutRun) run(kdir, img, modules string) (string, error) {
	kver := filepath.Base(kdir)
	out, err := d.cmd("dracut", "--conf", "/dev/null", "--confdir", d.confdir, "--no-hostonly",
		"--no-compress", "--kver", kver, "--kmoddir", filepath.Join(kdir, "pkgroot/lib/modules", kver),
		"--modules", modules, img).CombinedOutput()
	return string(out), err
}

// checkImage checks an image by its listing (checkListing) and its
// usr/bin/nsbox unpacked into dir (the same bytes as bin), and says so on
// a VMTEST line (what make vmtest shows).
func checkImage(t *testing.T, name, lister, listing, dir, bin string) {
	t.Helper()
	checkListing(t, listing, bin)
	sameFile(t, filepath.Join(dir, "usr/bin/nsbox"), bin)
	if !t.Failed() {
		fmt.Printf("VMTEST PASS: %s: nsbox and its applet links (%s), the binary that ships\n", name, lister)
	}
}

// checkListing checks an `ls -l` style listing of an image (lsinitramfs
// -l, lsinitrd): usr/bin/nsbox an executable file the size of bin, and
// usr/bin/APPLET a link to nsbox for each applet bin lists.
func checkListing(t *testing.T, listing, bin string) {
	t.Helper()
	st, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	want := []*regexp.Regexp{regexp.MustCompile(`(?m)^-rwxr-xr-x +\d+ +\S+ +\S+ +` + strconv.FormatInt(st.Size(), 10) + ` .* usr/bin/nsbox$`)}
	out, err := exec.Command(bin, "--list").Output()
	if err != nil {
		t.Fatalf("nsbox --list: %v", err)
	}
	applets := strings.Fields(string(out))
	if len(applets) == 0 {
		t.Fatal("nsbox --list lists no applets")
	}
	for _, a := range applets {
		want = append(want, regexp.MustCompile(`(?m)^l\S+ .* usr/bin/`+regexp.QuoteMeta(a)+` -> nsbox$`))
	}
	for _, re := range want {
		if !re.MatchString(listing) {
			t.Errorf("image listing has no line matching %s", re)
		}
	}
	if t.Failed() {
		t.Logf("listing:\n%s", listing)
	}
}

func sameFile(t *testing.T, got, want string) {
	t.Helper()
	a, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("%s differs from %s (%d and %d bytes)", got, want, len(a), len(b))
	}
}

// need skips t without the programs it runs (prepare.sh installs them).
func need(t *testing.T, progs ...string) {
	t.Helper()
	for _, p := range progs {
		if _, err := exec.LookPath(p); err != nil {
			skip(t, "%s not installed: run tests/vmtest/prepare.sh", p)
		}
	}
}

func write(t *testing.T, path, data string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
}

//go:build vmtest

package vmtest

import (
	_ "embed"
	"os"
	"path/filepath"
	"testing"
)

//go:embed cross_init.sh
var crossScript []byte

// TestArm64VM boots Debian's arm64 kernel (qemu's virt board, TCG) with
// the hwsim and veth modules, and runs the arm64 nsbox of `make cross`
// through cross_init.sh's workflow.
func TestArm64VM(t *testing.T) {
	t.Parallel()
	crossVM(t, arm64, "workflow", crossScript)
}

// TestArmv7VM does the same on Debian's armhf kernel (qemu's virt board,
// a Cortex-A15) with the armv7 nsbox.
func TestArmv7VM(t *testing.T) {
	t.Parallel()
	crossVM(t, armv7, "workflow", crossScript)
}

// TestMipselVM does the same on Debian's malta kernel (32-bit MIPS,
// little-endian) with the mipsle nsbox.
func TestMipselVM(t *testing.T) {
	t.Parallel()
	crossVM(t, mipsel, "workflow", crossScript)
}

// TestMipsVM does the same on big-endian MIPS (malta), with a kernel and
// busybox prepare.sh builds from Debian's source packages.
func TestMipsVM(t *testing.T) {
	t.Parallel()
	crossVM(t, mips, "workflow", crossScript)
}

// TestCrossWiFiVM (NSBOX_VMTEST_LONG=1, make vmtest-long) runs the Wi-Fi
// VM's whole init.sh on arm64, armv7, mipsel and mips.
func TestCrossWiFiVM(t *testing.T) {
	if os.Getenv("NSBOX_VMTEST_LONG") == "" {
		t.Skip("the long form: NSBOX_VMTEST_LONG=1 (make vmtest-long)")
	}
	for _, g := range []*guest{arm64, armv7, mipsel, mips} {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			crossVM(t, g, "wifi", initScript)
		})
	}
}

// crossVM boots g's kernel with the modules prepare.sh kept and init.
func crossVM(t *testing.T, g *guest, name string, init []byte) {
	kdir := kernelDir(t, g.name+"-")
	a := newInitramfs(t, g, kdir, init)
	mods, _ := filepath.Glob(filepath.Join(kdir, "modules", "*.ko"))
	for _, m := range mods {
		a.copy(t, m, "/lib/modules/"+filepath.Base(m), 0o644)
	}
	boot(t, g, g.name+"-"+name, kdir, a)
}

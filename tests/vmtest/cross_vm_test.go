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

// TestCrossVM boots a kernel for each router CPU with the hwsim and veth
// modules (or built in) and runs the nsbox `make cross` builds for it
// through cross_init.sh's workflow: Debian's arm64 kernel (qemu's virt
// board), armhf (virt, a Cortex-A15) and mipsel (malta) kernels, and a
// big-endian malta kernel prepare.sh builds from Debian's source.
func TestCrossVM(t *testing.T) {
	t.Parallel()
	for _, g := range crossGuests {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			crossVM(t, g, "workflow", crossScript)
		})
	}
}

// TestCrossWiFiVM (NSBOX_VMTEST_LONG=1, make vmtest-long) runs the Wi-Fi
// VM's whole init.sh on arm64, armv7, mipsel and mips.
func TestCrossWiFiVM(t *testing.T) {
	if os.Getenv("NSBOX_VMTEST_LONG") == "" {
		t.Skip("the long form: NSBOX_VMTEST_LONG=1 (make vmtest-long)")
	}
	t.Parallel()
	for _, g := range crossGuests {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			crossVM(t, g, "wifi", initScript)
		})
	}
}

var crossGuests = []*guest{arm64, armv7, mipsel, mips}

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

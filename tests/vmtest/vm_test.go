//go:build vmtest

package vmtest

import (
	_ "embed"
	"path/filepath"
	"testing"
)

//go:embed init.sh
var initScript []byte

// modules in load order (shared/spec/hwsim-vm.md); init.sh loads them.
var modules = []string{"rfkill", "cfg80211", "libarc4", "mac80211", "virtio_ring", "virtio", "mac80211_hwsim"}

// TestWiFiVM boots bookworm's kernel with the hwsim modules, the nsbox
// that ships and iw, and runs init.sh's nsmove checks against the real
// nl80211.
func TestWiFiVM(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "")
	a := newInitramfs(t, amd64, kdir, initScript)
	for _, m := range modules {
		a.copy(t, filepath.Join(kdir, "modules", m+".ko"), "/lib/modules/"+m+".ko", 0o644)
	}
	a.addIw(t)
	boot(t, amd64, "wifi", kdir, a)
}

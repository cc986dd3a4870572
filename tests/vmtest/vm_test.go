//go:build vmtest

package vmtest

import (
	_ "embed"
	"path/filepath"
	"testing"
)

//go:embed init.sh
var initScript []byte

// modules in load order (shared/spec/hwsim-vm.md) and the NIC's driver;
// init.sh loads them.
var modules = []string{"rfkill", "cfg80211", "libarc4", "mac80211", "virtio_ring", "virtio", "mac80211_hwsim", "e1000"}

// wifiGuest is amd64 with one e1000 NIC, a PCI device whose driver has no
// rtnl link kind: the kernel sends it to the initial namespace when its
// namespace dies. On qemu's user network, restricted: nothing gets out.
var wifiGuest = func() *guest {
	g := *amd64
	g.devices = []string{"-nic", "user,model=e1000,restrict=on"}
	return &g
}()

// TestWiFiVM boots bookworm's kernel with the hwsim modules and a NIC, the
// nsbox that ships and iw, and runs init.sh's nsmove checks against the
// real nl80211 and the netns delete checks of a radio's and a NIC's fate.
func TestWiFiVM(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "")
	a := newInitramfs(t, wifiGuest, kdir, initScript)
	for _, m := range modules {
		a.copy(t, filepath.Join(kdir, "modules", m+".ko"), "/lib/modules/"+m+".ko", 0o644)
	}
	a.addIw(t)
	boot(t, wifiGuest, "wifi", kdir, a)
}

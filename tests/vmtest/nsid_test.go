//go:build vmtest

package vmtest

import (
	_ "embed"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

//go:embed nsid_init.sh
var nsidScript []byte

// TestNSIDVM boots Debian unstable's kernel (Linux >= 6.19: the host's
// 6.18 cannot open nsfs file handles, so applets/nsenter's TestNSID sees
// only the failure there) and runs nsid_init.sh: nsenter -n:ID, -U:ID and
// both at once enter the namespaces with those ids, and ids of no
// namespace give util-linux's message with the kernel's error; lsns, with
// listns(), lists a network namespace only a mount inside a process-less
// mount namespace holds, its ID column round-trips through nsenter, and
// -t TYPE agrees with the full list and the /proc walk.
func TestNSIDVM(t *testing.T) {
	t.Parallel()
	kdir := kernelDir(t, "sid-")
	a := newInitramfs(t, amd64, kdir, nsidScript)
	nsid := filepath.Join(t.TempDir(), "nsid")
	cc := os.Getenv("MUSL_CC")
	if cc == "" {
		cc = "musl-gcc"
	}
	if out, err := exec.Command(cc, "-static", "-Os", "-s", "-o", nsid, "testdata/nsid.c").CombinedOutput(); err != nil {
		t.Fatalf("%s testdata/nsid.c: %v\n%s", cc, err, out)
	}
	a.copy(t, nsid, "/bin/nsid", 0o755)
	boot(t, amd64, "nsid", kdir, a)
}

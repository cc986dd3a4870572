//go:build vmtest

package vmtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// archive writes a newc cpio (what the kernel unpacks as an initramfs).
type archive struct {
	buf  bytes.Buffer
	ino  int
	have map[string]bool
}

func (a *archive) entry(name string, mode uint32, data []byte) {
	if a.have == nil {
		a.have = map[string]bool{}
	}
	if a.have[name] {
		return
	}
	a.have[name] = true
	a.ino++
	name = name[1:] // relative: "bin/busybox"
	fmt.Fprintf(&a.buf, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		a.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
	a.buf.WriteString(name)
	a.buf.WriteByte(0)
	a.pad()
	a.buf.Write(data)
	a.pad()
}

func (a *archive) pad() {
	for a.buf.Len()%4 != 0 {
		a.buf.WriteByte(0)
	}
}

func (a *archive) dir(name string)                            { a.entry(name, 0o040755, nil) }
func (a *archive) symlink(name, target string)                { a.entry(name, 0o120777, []byte(target)) }
func (a *archive) file(name string, data []byte, perm uint32) { a.entry(name, 0o100000|perm, data) }

func (a *archive) copy(t *testing.T, src, dst string, perm uint32) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	a.parents(dst)
	a.file(dst, b, perm)
}

func (a *archive) parents(p string) {
	d := filepath.Dir(p)
	if d == "/" || (a.have != nil && a.have[d]) {
		return
	}
	a.parents(d)
	a.dir(d)
}

// addIw copies the host's iw and the libraries ldd names, when iw is there
// (the guest checks `iw phy … info` inside a namespace with it).
func (a *archive) addIw(t *testing.T) {
	iw, err := exec.LookPath("iw")
	if err != nil {
		return
	}
	out, err := exec.Command("ldd", iw).Output()
	if err != nil {
		return
	}
	a.copy(t, iw, "/usr/sbin/iw", 0o755)
	for _, m := range regexp.MustCompile(`(/[^ \t\n]+\.so[^ \t\n]*)`).FindAllString(string(out), -1) {
		real, err := filepath.EvalSymlinks(m)
		if err != nil {
			continue
		}
		a.copy(t, real, m, 0o755)
	}
}

func (a *archive) bytes() []byte {
	a.entry("/TRAILER!!!", 0, nil)
	return a.buf.Bytes()
}

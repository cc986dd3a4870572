// Package release tests `make release`.
package release

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReleaseReproducible runs `make release` twice into two directories
// (amd64 and one cross target, to stay cheap): the SHA256SUMS are the same
// and right, and each tarball holds the binary, the man pages, the
// completions, LICENSE, README.md and CHANGELOG.md, owned by root, all with
// one time.
func TestReleaseReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two releases")
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if out, err := exec.Command("make", "-s", "-C", "../..", "release", "DIST="+d, "RELEASE_CROSS=arm64").CombinedOutput(); err != nil {
			t.Fatalf("make release DIST=%s: %v\n%s", d, err, out)
		}
	}
	sums, _ := os.ReadFile(filepath.Join(dirs[0], "SHA256SUMS"))
	sums2, _ := os.ReadFile(filepath.Join(dirs[1], "SHA256SUMS"))
	if string(sums) != string(sums2) || len(sums) == 0 {
		t.Fatalf("two releases differ:\n%s\n%s", sums, sums2)
	}
	check := exec.Command("sha256sum", "--strict", "-c", "SHA256SUMS")
	check.Dir = dirs[0]
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}

	version, _ := os.ReadFile("../../applets/applet/VERSION")
	want := []string{"nsbox", "LICENSE", "README.md", "CHANGELOG.md", "man/", "completions/"}
	for _, dir := range []string{"man", "completions"} {
		entries, _ := os.ReadDir(filepath.Join("../../docs", dir))
		for _, e := range entries {
			want = append(want, dir+"/"+e.Name())
		}
	}
	slices.Sort(want)
	for _, arch := range []string{"amd64", "arm64"} {
		name := "nsbox-" + strings.TrimSpace(string(version)) + "-linux-" + arch
		if !strings.Contains(string(sums), "  "+name+".tar.gz\n") {
			t.Errorf("SHA256SUMS lacks %s.tar.gz:\n%s", name, sums)
		}
		hdrs, bin := readTarball(t, filepath.Join(dirs[0], name+".tar.gz"))
		var got []string
		for _, h := range hdrs {
			rel, ok := strings.CutPrefix(h.Name, name+"/")
			if h.Uid != 0 || h.Gid != 0 || !h.ModTime.Equal(hdrs[0].ModTime) || !ok && h.Name != name+"/" {
				t.Errorf("%s: %s: uid %d, gid %d, time %v (first entry's %v)", name, h.Name, h.Uid, h.Gid, h.ModTime, hdrs[0].ModTime)
			}
			if rel == "nsbox" && h.Mode != 0o755 {
				t.Errorf("%s: nsbox has mode %o", name, h.Mode)
			}
			if ok && rel != "" {
				got = append(got, rel)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s holds %q, want %q", name, got, want)
		}
		if arch != "amd64" {
			continue
		}
		exe := filepath.Join(t.TempDir(), "nsbox")
		if err := os.WriteFile(exe, bin, 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(exe, "--version").Output(); err != nil || !strings.HasPrefix(string(out), "nsbox "+strings.TrimSpace(string(version))+" (") {
			t.Errorf("%s's nsbox --version: %q, %v", name, out, err)
		}
	}
	// The time is the commit's, when there is git to ask.
	if ct, err := exec.Command("git", "log", "-1", "--format=%ct").Output(); err == nil {
		hdrs, _ := readTarball(t, filepath.Join(dirs[0], "nsbox-"+strings.TrimSpace(string(version))+"-linux-amd64.tar.gz"))
		if got := strconv.FormatInt(hdrs[0].ModTime.Unix(), 10); got != strings.TrimSpace(string(ct)) {
			t.Errorf("tarball time %s, commit time %s", got, ct)
		}
	}
}

// readTarball returns a .tar.gz's headers in order and its nsbox binary.
func readTarball(t *testing.T, path string) (hdrs []*tar.Header, bin []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("%s: gzip header keeps name %q, time %v", path, zr.Name, zr.ModTime)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return hdrs, bin
		}
		if err != nil {
			t.Fatal(err)
		}
		hdrs = append(hdrs, h)
		if strings.HasSuffix(h.Name, "/nsbox") {
			bin, _ = io.ReadAll(tr)
		}
	}
}

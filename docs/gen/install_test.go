package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nsbox/applets"
	"nsbox/nslib/nstest"
	"nsbox/nslib/procscan"
)

// TestInstallScript installs into a DESTDIR and checks that every file is
// where bash-completion, zsh, fish and man look, that the shells load the
// completions from there, that the manifest lists exactly what was
// installed, and that --uninstall removes exactly that: files that are not
// nsbox's (util-linux's man page, completion and binaries under the same
// names) survive install, reinstall and uninstall. The nsbox installed is a
// stand-in that answers --list, which is all install.sh asks of it.
func TestInstallScript(t *testing.T) {
	src := t.TempDir()
	copyFile(t, filepath.Join("..", "..", "install.sh"), filepath.Join(src, "install.sh"), 0o755)
	var names []string
	for _, a := range applets.All() {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	fake := "#!/bin/sh\n[ \"$1\" = --list ] && printf '%s\\n' " + strings.Join(names, " ") + "\n"
	if err := os.WriteFile(filepath.Join(src, "nsbox"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := outputs()
	if err != nil {
		t.Fatal(err)
	}
	for name := range files {
		copyFile(t, filepath.Join("..", name), filepath.Join(src, "docs", name), 0o644)
	}

	dest := t.TempDir()
	usr := filepath.Join(dest, "usr")
	share := filepath.Join(usr, "share")
	// Not nsbox's, under names nsbox installs (files and symbolic links),
	// or next to them: install.sh must leave them all.
	foreign := map[string]string{ // path: content, or "->TARGET"
		"share/bash-completion/completions/lsns":       "# util-linux's\n",
		"share/man/man8/lsns.8":                        ".TH LSNS 8 util-linux\n",
		"bin/unshare":                                  "#!/bin/sh\n# util-linux's\n",
		"bin/nsenter":                                  "->/usr/bin/true",
		"share/fish/vendor_completions.d/nsenter.fish": "->/usr/share/fish/nsenter.fish",
		"share/bash-completion/completions/ip":         "# iproute2's\n",
		"share/nsbox/README":                           "not in the manifest\n",
	}
	for path, data := range foreign {
		path = filepath.Join(usr, path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(data, "->"); ok {
			err = os.Symlink(target, path)
		} else {
			err = os.WriteFile(path, []byte(data), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	checkForeign := func(when string) {
		t.Helper()
		for path, data := range foreign {
			path = filepath.Join(usr, path)
			var got string
			if target, err := os.Readlink(path); err == nil {
				got = "->" + target
			} else {
				b, _ := os.ReadFile(path)
				got = string(b)
			}
			if got != data {
				t.Errorf("%s: %s is %q, want %q", when, path, got, data)
			}
		}
	}
	var warnings []string
	for _, path := range []string{"bin/unshare", "bin/nsenter", "share/bash-completion/completions/lsns",
		"share/fish/vendor_completions.d/nsenter.fish", "share/man/man8/lsns.8"} {
		warnings = append(warnings, "install.sh: "+filepath.Join(usr, path)+" exists and is not nsbox's; left alone")
	}

	env := []string{"DESTDIR=" + dest}
	_, errs := runErr(t, env, filepath.Join(src, "install.sh"), "--prefix", "/usr")
	if got := lines(errs); !sameSet(got, warnings) {
		t.Errorf("install.sh: stderr %q, want the warnings %q", got, warnings)
	}
	checkForeign("install")
	want := map[string]string{ // installed file: its source, or "->TARGET" for a link
		"bin/nsbox": "nsbox",
		"share/bash-completion/completions/nsbox":    "docs/completions/nsbox.bash",
		"share/zsh/site-functions/_nsbox":            "docs/completions/_nsbox",
		"share/fish/vendor_completions.d/nsbox.fish": "docs/completions/nsbox.fish",
	}
	// Each page under its section's directory: man/nsenter.1 in man1.
	for _, c := range append(appletCLIs(), nsboxCLI()) {
		page := manPath(c)
		want[fmt.Sprintf("share/man/man%d/%s", c.Section, filepath.Base(page))] = "docs/" + page
	}
	for _, n := range names {
		want["bin/"+n] = "->nsbox"
		want["share/fish/vendor_completions.d/"+n+".fish"] = "->nsbox.fish"
		want["share/bash-completion/completions/"+n] = "->nsbox"
	}
	for path := range foreign {
		delete(want, path)
	}
	var wantManifest []string
	for path := range want {
		wantManifest = append(wantManifest, path)
	}
	manifest := filepath.Join(share, "nsbox", "manifest")
	checkManifest := func(when string) {
		t.Helper()
		data, err := os.ReadFile(manifest)
		if got := lines(string(data)); err != nil || !sameSet(got, wantManifest) {
			t.Errorf("%s: manifest %q (%v), want %q", when, got, err, wantManifest)
		}
	}
	checkManifest("install")
	for path, from := range want {
		path = filepath.Join(usr, path)
		if target, ok := strings.CutPrefix(from, "->"); ok {
			if got, err := os.Readlink(path); err != nil || got != target {
				t.Errorf("%s: link to %q (%v), want one to %s", path, got, err, target)
			}
			continue
		}
		got, err := os.ReadFile(path)
		wantData, _ := os.ReadFile(filepath.Join(src, from))
		if err != nil || string(got) != string(wantData) {
			t.Errorf("%s: not a copy of %s (%v)", path, from, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(usr, "bin", "nsbox")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/nsbox: %v, %v", fi, err)
	}
	t.Run("loaded", func(t *testing.T) { installedLoaded(t, share) })

	// Again over itself: the same files, the same warnings, the same
	// manifest. A path the manifest lists that this install does not make
	// (an applet since removed) goes.
	stale := filepath.Join(usr, "bin", "oldapplet")
	os.Symlink("nsbox", stale)
	f, _ := os.OpenFile(manifest, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("bin/oldapplet\n")
	f.Close()
	_, errs = runErr(t, env, filepath.Join(src, "install.sh"), "--prefix=/usr")
	if got := lines(errs); !sameSet(got, warnings) {
		t.Errorf("second install.sh: stderr %q, want the warnings %q", got, warnings)
	}
	if _, err := os.Lstat(stale); err == nil {
		t.Errorf("reinstall left %s, which the manifest listed and this install does not make", stale)
	}
	checkManifest("reinstall")
	checkForeign("reinstall")

	run(t, env, filepath.Join(src, "install.sh"), "--prefix", "/usr", "--uninstall")
	// Exactly the foreign files are left (and directories).
	var left []string
	filepath.WalkDir(usr, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(usr, path)
			left = append(left, rel)
		}
		return nil
	})
	var foreignPaths []string
	for path := range foreign {
		foreignPaths = append(foreignPaths, path)
	}
	if !sameSet(left, foreignPaths) {
		t.Errorf("after --uninstall: %q, want exactly the foreign files %q", left, foreignPaths)
	}
	checkForeign("uninstall")
	// A second uninstall has no manifest: one line, status 1, nothing removed.
	if r := nstest.Run(t, "", "env", env[0], filepath.Join(src, "install.sh"), "--prefix", "/usr", "--uninstall"); r.Code != 1 || len(lines(r.Stderr)) != 1 {
		t.Errorf("--uninstall without a manifest: status %d, stderr %q", r.Code, r.Stderr)
	}
	checkForeign("second uninstall")
}

// TestInstallScriptUsage: bad arguments are a usage error (status 2, one
// line) that creates nothing.
func TestInstallScriptUsage(t *testing.T) {
	script, err := filepath.Abs(filepath.Join("..", "..", "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	for _, args := range [][]string{{"--prefix"}, {"--prefix="}, {"--prefix", ""}, {"--uninstall", "--prefix"}, {"--bogus"}} {
		r := nstest.Run(t, "", append([]string{"env", "DESTDIR=" + dest, script}, args...)...)
		if r.Code != 2 || r.Stdout != "" || len(lines(r.Stderr)) != 1 || strings.Contains(r.Stderr, "parameter") {
			t.Errorf("install.sh %q: status %d, stdout %q, stderr %q; want status 2 and one line", args, r.Code, r.Stdout, r.Stderr)
		}
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("usage errors created %v in DESTDIR", entries)
	}
}

// installedLoaded: the shells find the installed completions by a name's
// own lookup (bash-completion's completions/NAME, fish's
// vendor_completions.d/NAME.fish, zsh's fpath), ahead of util-linux's and
// the shells' own for lsns, nsenter and unshare.
func installedLoaded(t *testing.T, share string) {
	netnsDir := runDir(t)
	types := procscan.ScanTypes[:]
	t.Run("bash", func(t *testing.T) {
		bash := needShell(t, "bash")
		needBashCompletion(t)
		// The other lsns completion (util-linux's) is in /usr/share; a
		// completions/lsns of this prefix is the foreign file, so nsenter.
		out := run(t, []string{"XDG_DATA_DIRS=" + share + ":/usr/share", "NETNS_RUN_DIR=" + netnsDir}, bash, "--norc", "--noprofile", "-c",
			`source `+bashCompletionLoader+`
__load_completion nsenter || exit 1
complete -p nsenter
COMP_WORDS=(nsenter --netns ""); COMP_CWORD=2
_nsbox
printf '%s\n' "${COMPREPLY[@]}"`)
		if got := lines(out); len(got) == 0 || got[0] != "complete -F _nsbox nsenter" || !sameSet(got[1:], []string{"blue", "red", `with\ space`}) {
			t.Errorf("bash-completion loaded: %q", got)
		}
	})
	t.Run("fish", func(t *testing.T) {
		fish := needShell(t, "fish")
		out := run(t, []string{"XDG_DATA_DIRS=" + share + ":/usr/share", "XDG_CONFIG_HOME=" + t.TempDir()}, fish, "-c", `complete -C "lsns -t "`)
		var got []string
		for _, l := range lines(out) {
			l, _, _ = strings.Cut(l, "\t")
			got = append(got, l)
		}
		if !sameSet(got, types) {
			t.Errorf("fish: lsns -t: %q, want %q", got, types)
		}
	})
	t.Run("zsh", func(t *testing.T) {
		complete := zshCompleter(t, []string{"NSBOX_FPATH=" + filepath.Join(share, "zsh", "site-functions")})
		// zsh's own _nsenter has no --netns.
		if got := complete("nsenter", "--ne"); !sameSet(got, []string{"--net", "--net-socket", "--netns"}) {
			t.Errorf("zsh: nsenter --ne: %q", got)
		}
	})
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, data, mode)
	}
	if err != nil {
		t.Fatal(err)
	}
}

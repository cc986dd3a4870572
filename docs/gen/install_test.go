package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nsbox/applets"
	"nsbox/nslib"
)

// TestInstallScript installs into a DESTDIR and checks that every file is
// where bash-completion, zsh, fish and man look, that the shells load the
// completions from there, and that --uninstall removes them all but leaves
// a file that is not nsbox's alone. The nsbox installed is a stand-in that
// answers --list, which is all install.sh asks of it.
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
	bashDir := filepath.Join(share, "bash-completion", "completions")
	// Not nsbox's: install.sh must leave it.
	foreign := filepath.Join(bashDir, "lsns")
	if err := os.MkdirAll(bashDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(foreign, []byte("# util-linux's\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	env := []string{"DESTDIR=" + dest}
	_, errs := runErr(t, env, filepath.Join(src, "install.sh"), "--prefix", "/usr")
	if errs != "install.sh: "+foreign+" exists and is not nsbox's; left alone\n" {
		t.Errorf("install.sh: stderr %q, want a warning about %s only", errs, foreign)
	}
	want := map[string]string{ // installed file: its source, or "->TARGET" for a link
		"bin/nsbox":              "nsbox",
		"share/man/man1/nsbox.1": "docs/man/nsbox.1",
		"share/bash-completion/completions/nsbox":    "docs/completions/nsbox.bash",
		"share/zsh/site-functions/_nsbox":            "docs/completions/_nsbox",
		"share/fish/vendor_completions.d/nsbox.fish": "docs/completions/nsbox.fish",
	}
	for _, n := range names {
		want["bin/"+n] = "->nsbox"
		want["share/man/man8/"+n+".8"] = "docs/man/" + n + ".8"
		want["share/fish/vendor_completions.d/"+n+".fish"] = "->nsbox.fish"
		if n != "lsns" {
			want["share/bash-completion/completions/"+n] = "->nsbox"
		}
	}
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
	if data, _ := os.ReadFile(foreign); string(data) != "# util-linux's\n" {
		t.Errorf("install.sh changed %s: %q", foreign, data)
	}
	if fi, err := os.Stat(filepath.Join(usr, "bin", "nsbox")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/nsbox: %v, %v", fi, err)
	}
	t.Run("loaded", func(t *testing.T) { installedLoaded(t, share) })

	run(t, env, filepath.Join(src, "install.sh"), "--prefix", "/usr", "--uninstall")
	for path := range want {
		if _, err := os.Lstat(filepath.Join(usr, path)); err == nil {
			t.Errorf("--uninstall left %s", path)
		}
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Errorf("--uninstall removed %s, which is not nsbox's", foreign)
	}
}

// installedLoaded: the shells find the installed completions by a name's
// own lookup (bash-completion's completions/NAME, fish's
// vendor_completions.d/NAME.fish, zsh's fpath), ahead of util-linux's and
// the shells' own for lsns, nsenter and unshare.
func installedLoaded(t *testing.T, share string) {
	netnsDir := runDir(t)
	types := nslib.ScanTypes[:]
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

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedFresh fails when a committed man page or completion script
// differs from what the CLI definitions and the completion tables generate
// now (run `make docs`).
func TestGeneratedFresh(t *testing.T) {
	files, err := outputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"man/nsbox.1", "man/netns.8", "completions/nsbox.bash", "completions/_nsbox", "completions/nsbox.fish",
		"../nslib/prestage/applets.h", "../nslib/prestage/errnos.h", "../nslib/prestage/fastopts.h"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the generator makes no %s", want)
		}
	}
	for name, data := range files {
		path := filepath.Join("..", name)
		old, err := os.ReadFile(path)
		if err != nil || string(old) != data {
			t.Errorf("%s is missing or stale: run make docs", path)
		}
	}
}

// TestNsboxPage checks nsbox(1) against main.go's behaviour.
func TestNsboxPage(t *testing.T) {
	page, err := manPage(nsboxCLI(), nsboxMan(), "--")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(manText(t, "nsbox.1", page)), " ")
	for _, want := range []string{"NSBOX(1)", "--list", "--install [-s] DIR", "--version", "--help",
		"127", "set-uid", "set-gid", "NETNS_RUN_DIR", "NETNS_ETC_DIR", " ENVIRONMENT ", " EXIT STATUS ",
		"applet not found", "netns", "lsns", "nsenter", "unshare", "nsmove"} {
		if !strings.Contains(text, want) {
			t.Errorf("nsbox.1 lacks %q", want)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"nsbox/applets"
)

// TestPagesFresh fails when a committed man page differs from what the CLI
// definitions generate now (run `make docs`).
func TestPagesFresh(t *testing.T) {
	for _, a := range applets.All() {
		page, err := app(a.CLI()).ToManWithSection(8)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "man", a.Name+".8")
		old, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(old, []byte(page)) {
			t.Errorf("%s is missing or stale: run make docs", path)
		}
	}
}

// Command gen writes docs/man/APPLET.8 for every applet from its urfave/cli
// definition, so --help and the man pages never drift. It is built without
// the urfave_cli_no_docs tag (the nsbox binary is built with it).
//
//	go run ./docs/gen [-check] [DIR]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"nsbox/applets"
)

func main() {
	check := flag.Bool("check", false, "only report pages that are missing or stale")
	flag.Parse()
	dir := "docs/man"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	stale := 0
	for _, a := range applets.All() {
		page, err := app(a.CLI()).ToManWithSection(8)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %s: %v\n", a.Name, err)
			os.Exit(1)
		}
		path := filepath.Join(dir, a.Name+".8")
		old, _ := os.ReadFile(path)
		if bytes.Equal(old, []byte(page)) {
			continue
		}
		if *check {
			fmt.Fprintf(os.Stderr, "gen: %s is stale: run make docs\n", path)
			stale++
			continue
		}
		if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
	}
	if stale > 0 {
		os.Exit(1)
	}
}

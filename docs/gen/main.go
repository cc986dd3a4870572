// Command gen writes the docs that come from the command-line definitions,
// so --help, the man pages and the shell completions never drift:
//
//   - man/APPLET.8 for every applet and man/nsbox.1, through urfave/cli;
//   - completions/nsbox.bash, completions/_nsbox (zsh) and
//     completions/nsbox.fish, from the same definitions and the tables of
//     spec.go, with the hand-written shell functions of shell/.
//
// It is built without the urfave_cli_no_docs tag (the nsbox binary is
// built with it).
//
//	go run ./docs/gen [-check] [DIR]     (DIR: docs)
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"nsbox/applets"
)

func main() {
	check := flag.Bool("check", false, "only report files that are missing or stale")
	flag.Parse()
	dir := "docs"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	files, err := outputs()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	stale := 0
	for _, name := range sortedKeys(files) {
		path := filepath.Join(dir, name)
		old, _ := os.ReadFile(path)
		if string(old) == files[name] {
			continue
		}
		if *check {
			fmt.Fprintf(os.Stderr, "gen: %s is stale: run make docs\n", path)
			stale++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			err = os.WriteFile(path, []byte(files[name]), 0o644)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
	}
	if stale > 0 {
		os.Exit(1)
	}
}

// outputs are the generated files, by their path under docs/.
func outputs() (map[string]string, error) {
	files := map[string]string{}
	for _, a := range applets.All() {
		page, err := app(a.CLI()).ToManWithSection(8)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", a.Name, err)
		}
		files["man/"+a.Name+".8"] = page
	}
	page, err := nsboxPage()
	if err != nil {
		return nil, fmt.Errorf("nsbox: %v", err)
	}
	files["man/nsbox.1"] = page
	all, err := completions()
	if err != nil {
		return nil, err
	}
	files["completions/nsbox.bash"] = bashScript(all)
	files["completions/_nsbox"] = zshScript(all)
	files["completions/nsbox.fish"] = fishScript(all)
	return files, nil
}

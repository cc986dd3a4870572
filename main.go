// nsbox is a multicall namespace toolbox: one static binary that runs as
// netns, nsenter, lsns, unshare or nsmove depending on the name it is
// called by, busybox style.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"nsbox/applets"
	"nsbox/applets/applet"
	"nsbox/nslib/prestage"
)

// registry indexes the applets by name, with their aliases.
func registry() (map[string]applet.Info, map[string]string) {
	apps := map[string]applet.Info{}
	for _, a := range applets.All() {
		apps[a.Name] = a
	}
	return apps, applets.Aliases()
}

func main() {
	os.Exit(run(os.Args, applet.StdIO()))
}

// appletName is busybox's rule: the basename, a login shell's '-' stripped.
func appletName(arg string) string {
	return strings.TrimPrefix(filepath.Base(arg), "-")
}

// run dispatches, then reports a failed write to standard output as
// util-linux's close_stdout does, for every applet and nsbox itself.
func run(argv []string, io applet.IO) int {
	if !prestage.SetIDCheck(io.Err) {
		return 1
	}
	io = io.CheckedStdout()
	name, utilLinux, code := dispatch(argv, io)
	return io.CloseStdout(name, utilLinux, code)
}

// dispatch runs the applet argv names, or nsbox's own options; it returns
// the name that speaks for the run ("nsbox" for the latter).
func dispatch(argv []string, io applet.IO) (name string, utilLinux bool, code int) {
	apps, aliases := registry()
	lookup := func(name string) (applet.Info, bool) {
		if a, ok := aliases[name]; ok {
			name = a
		}
		a, ok := apps[name]
		return a, ok
	}
	if a, ok := lookup(appletName(argv[0])); ok {
		return a.Name, a.UtilLinux, a.Main(argv, io)
	}
	out := io.Writer()
	if len(argv) < 2 {
		banner(out, apps)
		return "nsbox", false, 0
	}
	switch argv[1] {
	case "--help", "-h", "help":
		// `nsbox help APPLET` is `APPLET --help`.
		if len(argv) > 2 {
			if a, ok := lookup(argv[2]); ok {
				return a.Name, a.UtilLinux, a.Main([]string{argv[2], "--help"}, io)
			}
		}
		banner(out, apps)
		return "nsbox", false, 0
	case "--list":
		for _, n := range sortedNames(apps) {
			fmt.Fprintln(out, n)
		}
		return "nsbox", false, 0
	case "--version", "-V", "version":
		fmt.Fprintln(out, "nsbox "+applet.VersionString())
		return "nsbox", false, 0
	case "--install":
		return "nsbox", false, install(argv[2:], sortedNames(apps), io)
	}
	if dir, ok := strings.CutPrefix(argv[1], "--install="); ok {
		return "nsbox", false, install(append([]string{dir}, argv[2:]...), sortedNames(apps), io)
	}
	name = appletName(argv[1])
	a, ok := lookup(name)
	if !ok {
		fmt.Fprintf(io.Err, "nsbox: applet not found: %s\n", name)
		return "nsbox", false, 127
	}
	return a.Name, a.UtilLinux, a.Main(append([]string{name}, argv[2:]...), io)
}

func sortedNames(apps map[string]applet.Info) []string {
	names := make([]string, 0, len(apps))
	for n := range apps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func banner(w io.Writer, apps map[string]applet.Info) {
	fmt.Fprintf(w, "nsbox %s: multi-call namespace toolbox.\n\n", applet.Version)
	fmt.Fprintf(w, "Usage: nsbox APPLET [ARGS...]   or   APPLET [ARGS...] through a link named APPLET\n")
	fmt.Fprintf(w, "       nsbox --list | --install [-s] DIR | --version | --help [APPLET]\n\nApplets:\n")
	for _, n := range sortedNames(apps) {
		fmt.Fprintf(w, "  %-8s %s\n", n, apps[n].Usage)
	}
}

// install makes a link per applet in DIR pointing at this binary: hard
// links, or symbolic ones with -s. DIR is created if missing (mkdir -p, as
// busybox --install does for its directories); existing names are left
// alone; the first failure ends it with one line.
func install(args []string, names []string, io applet.IO) int {
	symbolic := false
	var dirs []string
	for _, a := range args {
		if a == "-s" {
			symbolic = true
		} else {
			dirs = append(dirs, a)
		}
	}
	if len(dirs) != 1 || dirs[0] == "" {
		fmt.Fprintln(io.Err, "nsbox: usage: nsbox --install [-s] DIR")
		return 1
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(io.Err, "nsbox: cannot find the running binary: %v\n", err)
		return 1
	}
	if err := os.MkdirAll(dirs[0], 0o755); err != nil {
		fmt.Fprintf(io.Err, "nsbox: --install: %v\n", err)
		return 1
	}
	link := os.Link
	if symbolic {
		link = os.Symlink
	}
	for _, n := range names {
		if err := link(self, filepath.Join(dirs[0], n)); err != nil && !os.IsExist(err) {
			fmt.Fprintf(io.Err, "nsbox: --install: %v\n", err)
			return 1
		}
	}
	return 0
}

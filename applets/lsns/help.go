package lsns

import (
	"fmt"
	"strings"

	"nsbox/applets/applet"
)

// usageText is util-linux lsns's --help (newest release), plus --threads.
const usageText = `
Usage:
 %s [options] [<namespace>]

List system namespaces.

Options:
 -J, --json             use JSON output format
 -l, --list             use list format output
 -n, --noheadings       don't print headings
 -o, --output <list>    define which output columns to use
     --output-all       output all columns
 -P, --persistent       namespaces without processes
 -p, --task <pid>       print process namespaces
 -Q, --filter <expr>    apply display filter
 -r, --raw              use the raw output format
 -u, --notruncate       don't truncate text in columns
 -W, --nowrap           don't use multi-line representation
 -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)
 -T, --tree[=<rel>]     use tree format (parent, owner, or process)
     --threads          also scan threads (/proc/PID/task/TID/ns)

 -H, --list-columns     list the available columns
 -h, --help             display this help
 -V, --version          display version

Available output columns:
`

func (c *cmd) usage() error {
	fmt.Fprintf(c.out, usageText, "lsns")
	for _, ci := range infos {
		fmt.Fprintf(c.out, " %11s  %s\n", ci.name, ci.help)
	}
	fmt.Fprintf(c.out, "\nFor more details see lsns(8).\n")
	return applet.ExitCode(0)
}

// listColumns is -H: util-linux's column-list table "lsns-columns"
// (no headings; honours -J and -r given before it).
func (c *cmd) listColumns() error {
	t := &table{name: "lsns-columns", raw: c.raw, json: c.json, jsonFormat: envJSONFormat(), noHeadings: true, utf8: utf8Locale()}
	t.cols = []*column{{name: "HOLDER", right: true}, {name: "TYPE"}, {name: "DESCRIPTION"}}
	for _, ci := range infos {
		ln := t.newLine(nil)
		typ := "<string>"
		if ci.json == jsonNumber {
			typ = "<integer>"
		}
		ln.cells = []string{ci.name, typ, ci.help}
	}
	t.print(c.out)
	return applet.ExitCode(0)
}

// lowerName is a column's JSON key.
func lowerName(s string) string { return strings.ToLower(s) }

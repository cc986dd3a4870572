package lsns

import (
	"fmt"
	"strings"

	"nsbox/applets/applet"
)

// usage is util-linux lsns's --help: its layout, the options' lines and
// the columns.
func (c *cmd) usage() error {
	fmt.Fprintf(c.out, "\nUsage:\n %s [options] [<namespace>]\n\nList system namespaces.\n\nOptions:\n%s\nAvailable output columns:\n",
		"lsns", applet.HelpLayout{Width: 23, LongOnly: "     "}.Lines(c.options()))
	for _, ci := range infos {
		fmt.Fprintf(c.out, " %11s  %s\n", ci.name, ci.help)
	}
	fmt.Fprintf(c.out, "\nFor more details see lsns(%d).\n", manSection)
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

package lsns

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"
)

// The installed util-linux 2.38.1 has no LIBSMARTCOLS_JSON, so compact and
// lines are checked against expectations written from util-linux's
// lib/jsonwrt.c and libsmartcols (as of commit cfad19b) and its
// tests/expected/column/table-json-{compact,lines}; pretty is also
// compared with 2.38.1 by the differential tests.

func render(t *table, f jsonFormat) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	t.jsonFormat = f
	t.printJSON(w)
	w.Flush()
	return b.String()
}

// sample is a process tree: two roots, a child with a child of its own, an
// empty number and empty strings, a string that needs escapes, and NETNSID
// (a string of digits).
func sample(tree bool) *table {
	t := &table{name: "namespaces", json: true, cols: []*column{
		{name: "NS", json: jsonNumber}, {name: "TYPE"}, {name: "NETNSID"}, {name: "PID", json: jsonNumber},
		{name: "COMMAND", tree: tree}, {name: "UID", json: jsonNumber, hidden: true},
	}}
	a := t.newLine(nil)
	a.cells = []string{"4026531840", "net", "0", "1", "init", "0"}
	b := t.newLine(a)
	b.cells = []string{"4026531841", "net", "", "7", "a \"q\"\\\x01", "0"}
	c := t.newLine(a)
	c.cells = []string{"4026531842", "user", "unassigned", "", "", "0"}
	d := t.newLine(c)
	d.cells = []string{"4026531843", "pid", "", "9", "sh", "0"}
	e := t.newLine(nil)
	e.cells = []string{"4026531844", "mnt", "", "10", "x", "0"}
	return t
}

const (
	rowA = `"ns":4026531840,"type":"net","netnsid":"0","pid":1,"command":"init"`
	rowB = `"ns":4026531841,"type":"net","netnsid":null,"pid":7,"command":"a \"q\"\\\u0001"`
	rowC = `"ns":4026531842,"type":"user","netnsid":"unassigned","pid":null,"command":null`
	rowD = `"ns":4026531843,"type":"pid","netnsid":null,"pid":9,"command":"sh"`
	rowE = `"ns":4026531844,"type":"mnt","netnsid":null,"pid":10,"command":"x"`
)

func TestJSONCompactAndLines(t *testing.T) {
	treeRowA := "{" + rowA + `,"children":[{` + rowB + "},{" + rowC + `,"children":[{` + rowD + "}]}]}"
	for _, tc := range []struct {
		name string
		tab  *table
		f    jsonFormat
		want string
	}{
		// Compact: each top-level row starts a line; children stay inline.
		{"tree compact", sample(true), jsonCompact,
			"{\"namespaces\":[\n" + treeRowA + ",\n{" + rowE + "}\n]}\n"},
		{"list compact", sample(false), jsonCompact,
			"{\"namespaces\":[\n{" + rowA + "},\n{" + rowB + "},\n{" + rowC + "},\n{" + rowD + "},\n{" + rowE + "}\n]}\n"},
		{"empty compact", &table{name: "namespaces", cols: []*column{{name: "NS"}}}, jsonCompact,
			"{\"namespaces\":[\n]}\n"},
		// Lines: no wrapper, one tree root a line with its subtree.
		{"tree lines", sample(true), jsonLines,
			treeRowA + "\n{" + rowE + "}\n"},
		{"list lines", sample(false), jsonLines,
			"{" + rowA + "}\n{" + rowB + "}\n{" + rowC + "}\n{" + rowD + "}\n{" + rowE + "}\n"},
		{"empty lines", &table{name: "namespaces", cols: []*column{{name: "NS"}}}, jsonLines, ""},
	} {
		got := render(tc.tab, tc.f)
		if got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
		docs := []string{got}
		if tc.f == jsonLines {
			docs = strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		}
		for _, d := range docs {
			if d != "" && !json.Valid([]byte(d)) {
				t.Errorf("%s: invalid JSON: %s", tc.name, d)
			}
		}
	}
}

// TestJSONPretty: the default, 2.38.1's format (see also the differential
// tests), from the same writer.
func TestJSONPretty(t *testing.T) {
	want := `{
   "namespaces": [
      {
         "ns": 4026531840,
         "type": "net",
         "netnsid": "0",
         "pid": 1,
         "command": "init",
         "children": [
            {
               "ns": 4026531841,
               "type": "net",
               "netnsid": null,
               "pid": 7,
               "command": "a \"q\"\\\u0001"
            },{
               "ns": 4026531842,
               "type": "user",
               "netnsid": "unassigned",
               "pid": null,
               "command": null,
               "children": [
                  {
                     "ns": 4026531843,
                     "type": "pid",
                     "netnsid": null,
                     "pid": 9,
                     "command": "sh"
                  }
               ]
            }
         ]
      },{
         "ns": 4026531844,
         "type": "mnt",
         "netnsid": null,
         "pid": 10,
         "command": "x"
      }
   ]
}
`
	if got := render(sample(true), jsonPretty); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	empty := &table{name: "namespaces", cols: []*column{{name: "NS"}}}
	if got := render(empty, jsonPretty); got != "{\n   \"namespaces\": [\n\n   ]\n}\n" {
		t.Errorf("empty: %q", got)
	}
}

// TestJSONColumnAnchor: the first two rows of util-linux's
// tests/expected/column/table-json-compact and table-json-lines (column
// --json on a mountinfo file, LIBSMARTCOLS_JSON=compact / lines).
func TestJSONColumnAnchor(t *testing.T) {
	tab := &table{name: "mountinfo", cols: []*column{{name: "TARGET"}, {name: "SOURCE"}, {name: "TYPE"}, {name: "VFS-OPTS"}}}
	tab.newLine(nil).cells = []string{"/sys", "sysfs", "sysfs", "rw,nosuid,nodev,noexec,relatime"}
	tab.newLine(nil).cells = []string{"/proc", "proc", "proc", "rw,nosuid,nodev,noexec,relatime"}
	sys := `{"target":"/sys","source":"sysfs","type":"sysfs","vfs-opts":"rw,nosuid,nodev,noexec,relatime"}`
	proc := `{"target":"/proc","source":"proc","type":"proc","vfs-opts":"rw,nosuid,nodev,noexec,relatime"}`
	if got, want := render(tab, jsonCompact), "{\"mountinfo\":[\n"+sys+",\n"+proc+"\n]}\n"; got != want {
		t.Errorf("compact:\n got %q\nwant %q", got, want)
	}
	if got, want := render(tab, jsonLines), sys+"\n"+proc+"\n"; got != want {
		t.Errorf("lines:\n got %q\nwant %q", got, want)
	}
}

func TestJSONFormatOf(t *testing.T) {
	for v, want := range map[string]jsonFormat{
		"compact": jsonCompact, "lines": jsonLines,
		"": jsonPretty, "pretty": jsonPretty, "bogus": jsonPretty, "COMPACT": jsonPretty, "lines ": jsonPretty,
	} {
		if got := jsonFormatOf(v); got != want {
			t.Errorf("%q: %d, want %d", v, got, want)
		}
	}
}

package lsns

import (
	"bufio"
	"os"

	"nsbox/applets/applet"
)

// JSON output: util-linux's lib/jsonwrt.c as libsmartcols drives it. The
// pretty format is 2.38's, byte for byte; LIBSMARTCOLS_JSON=compact and
// =lines are the newest release's (util-linux commits 879d634 "jsonwrt:
// support Compact JSON format output", 08f4133 "libsmartcols: support JSON
// Lines format output", as of cfad19b), which 2.38.1 lacks.

// jsonFormat is libsmartcols's ul_json_format.
type jsonFormat int

const (
	jsonPretty  jsonFormat = iota
	jsonCompact            // one top-level row a line inside {"name":[ ... ]}
	jsonLines              // one top-level row a line, no wrapper
)

// jsonFormatOf is libsmartcols's get_json_format: exactly "compact" or
// "lines" (strcmp, so case matters); anything else, unset or empty or
// "pretty" included, is the pretty default, without a warning.
func jsonFormatOf(v string) jsonFormat {
	switch v {
	case "compact":
		return jsonCompact
	case "lines":
		return jsonLines
	}
	return jsonPretty
}

// envJSONFormat is read when a table is made, as scols_new_table does.
func envJSONFormat() jsonFormat { return jsonFormatOf(os.Getenv("LIBSMARTCOLS_JSON")) }

// jsonWriter is ul_jsonwrt for the shapes libsmartcols writes: unnamed
// objects (the root, rows), named arrays (the table, "children") and named
// values.
type jsonWriter struct {
	out        *bufio.Writer
	format     jsonFormat
	depth      int
	afterClose bool // an item was written at this depth: the next needs a separator
	// names are the keys as written, quoted (util-linux lower-cases the
	// column names); buf is scratch for quoting values. A table of
	// thousands of rows allocates nothing per cell: lsns runs no GC, so
	// garbage would stay resident.
	names map[string][]byte
	buf   []byte
}

// quote writes s as a JSON string (util-linux's fputs_quoted_json).
func (w *jsonWriter) quote(s string) {
	w.buf = applet.AppendJSONString(w.buf[:0], s)
	w.out.Write(w.buf)
}

// item starts an array element or object member (jsonwrt's print_name).
func (w *jsonWriter) item(name string, named bool) {
	if w.afterClose {
		switch {
		case w.format == jsonLines && w.depth == 0:
			w.out.WriteByte('\n') // the next top-level row starts a line
		case w.format == jsonPretty && named:
			w.out.WriteString(",\n")
		default:
			w.out.WriteByte(',')
		}
	}
	if w.format == jsonPretty && (named || !w.afterClose) {
		pad(w.out, 3*w.depth)
	}
	if named {
		key, ok := w.names[name]
		if !ok {
			key = applet.AppendJSONString(nil, lowerName(name))
			w.names[name] = key
		}
		w.out.Write(key)
	}
}

func (w *jsonWriter) openObject() {
	w.item("", false)
	switch {
	case w.format == jsonPretty:
		w.out.WriteString("{\n")
	case w.format == jsonCompact && w.depth == 2:
		w.out.WriteString("\n{") // a row of the table: each starts a line
	default:
		w.out.WriteByte('{')
	}
	w.depth++
	w.afterClose = false
}

// openArray writes `"name":[`. The newest jsonwrt writes `"name"[` (no
// colon) in the lines format, invalid JSON no consumer can rely on (its
// first JSON Lines commit, 08f4133, had the colon): nsbox keeps the colon.
func (w *jsonWriter) openArray(name string) {
	w.item(name, true)
	if w.format == jsonPretty {
		w.out.WriteString(": [\n")
	} else {
		w.out.WriteString(":[")
	}
	w.depth++
	w.afterClose = false
}

// value writes a member: text as it is (JSON already: null, a number), or
// quoted as a string.
func (w *jsonWriter) value(name, text string, quoted bool) {
	w.item(name, true)
	if w.format == jsonPretty {
		w.out.WriteString(": ")
	} else {
		w.out.WriteByte(':')
	}
	if quoted {
		w.quote(text)
	} else {
		w.out.WriteString(text)
	}
	w.afterClose = true
}

func (w *jsonWriter) close(end byte) {
	w.depth--
	switch {
	case w.format == jsonPretty:
		w.out.WriteByte('\n')
		pad(w.out, 3*w.depth)
	case w.format == jsonCompact && w.depth == 1:
		w.out.WriteByte('\n') // the table's "]" has a line of its own
	}
	w.out.WriteByte(end)
	if w.format != jsonLines && w.depth == 0 {
		w.out.WriteByte('\n')
	}
	w.afterClose = true
}

// printJSON is libsmartcols's JSON table: {"NAME": [rows]}, a tree's
// children nested in their parent row; in the lines format the rows (tree
// roots) alone, one a line. Without rows, the lines format prints nothing.
func (t *table) printJSON(out *bufio.Writer) {
	w := &jsonWriter{out: out, format: t.jsonFormat, names: map[string][]byte{}}
	if w.format == jsonLines && len(t.lines) == 0 {
		return
	}
	if w.format != jsonLines {
		w.openObject()
		w.openArray(t.name)
	}
	tree := t.isTree()
	for _, ln := range t.lines {
		if !tree || ln.parent == nil {
			t.printJSONRow(w, ln, tree)
		}
	}
	if w.format == jsonLines {
		out.WriteByte('\n')
		return
	}
	w.close(']')
	w.close('}')
}

// printJSONRow writes a row: its cells (empty ones null, numbers raw, the
// rest strings), then its children, if the table is a tree.
func (t *table) printJSONRow(w *jsonWriter, ln *line, tree bool) {
	w.openObject()
	for _, c := range t.visible() {
		v := ln.cells[t.index(c)]
		if v == "" {
			w.value(c.name, "null", false)
		} else {
			w.value(c.name, v, c.json != jsonNumber)
		}
	}
	if tree && len(ln.children) > 0 {
		w.openArray("children")
		for _, ch := range ln.children {
			t.printJSONRow(w, ch, tree)
		}
		w.close(']')
	}
	w.close('}')
}

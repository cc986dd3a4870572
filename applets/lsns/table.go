package lsns

import (
	"bufio"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is the part of libsmartcols that lsns uses: column widths, the
// tree, truncation on a terminal, multi-line cells, and the raw format, each
// byte for byte as util-linux 2.38 prints them (JSON is in json.go).

type jsonType int

const (
	jsonString jsonType = iota
	jsonNumber
)

type column struct {
	name   string
	whint  int
	right  bool
	tree   bool
	trunc  bool
	wrapNL bool // multi-line cell, one chunk per '\n' (NSFS)
	hidden bool
	json   jsonType

	width, widthMin, treeArt int
	pending                  []string // the rest of a multi-line cell
}

type line struct {
	cells    []string
	parent   *line
	children []*line
	removed  bool
}

type table struct {
	name       string
	cols       []*column
	lines      []*line   // in insertion order
	vis        []*column // the columns shown (visible), once columns are final
	arts       map[string]art
	artBuf     []byte
	lineSlab   []line   // reserved lines not used yet
	cellSlab   []string // ... and their cells
	raw, json  bool
	jsonFormat jsonFormat // LIBSMARTCOLS_JSON, read when the table is made
	noHeadings bool
	utf8       bool // the locale's codeset: tree art and what is printable
	isTerm     bool
	termWidth  int
}

// reserve makes room for n more lines in few allocations: lsns runs no GC,
// so a line and its cells allocated one by one, and the list of lines
// grown by append, would each stay resident in spans of their size class.
func (t *table) reserve(n int) {
	t.lines = slices.Grow(t.lines, n)
	t.lineSlab = make([]line, n)
	t.cellSlab = make([]string, n*len(t.cols))
}

func (t *table) newLine(parent *line) *line {
	var ln *line
	if len(t.lineSlab) > 0 {
		ln, t.lineSlab = &t.lineSlab[0], t.lineSlab[1:]
		ln.cells, t.cellSlab = t.cellSlab[:len(t.cols):len(t.cols)], t.cellSlab[len(t.cols):]
	} else {
		ln = &line{cells: make([]string, len(t.cols))}
	}
	ln.parent = parent
	t.lines = append(t.lines, ln)
	if parent != nil {
		parent.children = append(parent.children, ln)
	}
	return ln
}

// remove drops a line that a filter rejected (it has no children yet).
func (t *table) remove(ln *line) {
	ln.removed = true
	if p := ln.parent; p != nil {
		for i, c := range p.children {
			if c == ln {
				p.children = append(p.children[:i], p.children[i+1:]...)
				break
			}
		}
	}
	for i, l := range t.lines {
		if l == ln {
			t.lines = append(t.lines[:i], t.lines[i+1:]...)
			break
		}
	}
}

func (t *table) isTree() bool {
	for _, c := range t.cols {
		if c.tree {
			return true
		}
	}
	return false
}

func (t *table) visible() []*column {
	if t.vis == nil {
		for _, c := range t.cols {
			if !c.hidden {
				t.vis = append(t.vis, c)
			}
		}
	}
	return t.vis
}

// order is the print order: depth first from the roots when the table is
// a tree, else insertion order.
func (t *table) order() []*line {
	if !t.isTree() {
		return t.lines
	}
	out := make([]*line, 0, len(t.lines))
	var walk func(ln *line)
	walk = func(ln *line) {
		out = append(out, ln)
		for _, c := range ln.children {
			walk(c)
		}
	}
	for _, ln := range t.lines {
		if ln.parent == nil {
			walk(ln)
		}
	}
	return out
}

type artSymbols struct{ branch, vert, right string }

func (t *table) symbols() artSymbols {
	if t.utf8 {
		return artSymbols{"\u251c\u2500", "\u2502 ", "\u2514\u2500"}
	}
	return artSymbols{"|-", "| ", "`-"}
}

func isLastChild(ln *line) bool {
	if ln.parent == nil {
		return false
	}
	ch := ln.parent.children
	return ch[len(ch)-1] == ln
}

// appendAncestorArt is libsmartcols's line_ascii_art_to_buffer: for every
// ancestor below the root, a vertical bar while it has later siblings.
func (t *table) appendAncestorArt(b []byte, ln *line) []byte {
	if ln.parent == nil {
		return b
	}
	b = t.appendAncestorArt(b, ln.parent)
	if isLastChild(ln) {
		return append(b, "  "...)
	}
	return append(b, t.symbols().vert...)
}

// treeArt is the prefix of a line's tree cell, and its width. Lines share
// few prefixes (siblings have at most two), so each is made once: lsns runs
// no GC, and a prefix per line, made each time it is needed, would stay
// resident.
func (t *table) treeArt(ln *line) (string, int) {
	if ln.parent == nil {
		return "", 0
	}
	t.artBuf = t.appendAncestorArt(t.artBuf[:0], ln.parent)
	if isLastChild(ln) {
		t.artBuf = append(t.artBuf, t.symbols().right...)
	} else {
		t.artBuf = append(t.artBuf, t.symbols().branch...)
	}
	if a, ok := t.arts[string(t.artBuf)]; ok {
		return a.text, a.width
	}
	a := art{text: string(t.artBuf)}
	_, a.width = t.safe(a.text, "")
	if t.arts == nil {
		t.arts = map[string]art{}
	}
	t.arts[a.text] = a
	return a.text, a.width
}

type art struct {
	text  string
	width int
}

// safe encodes a cell for human output (util-linux mbs_safe_encode):
// control characters, invalid or unprintable bytes, and the backslash of
// a literal "\x" become \xHH; safechars pass through. It returns the text
// and its width in terminal cells. Text that needs no escape (most cells)
// is returned as it is, not copied: lsns runs no GC, and a copy of every
// cell would stay resident.
func (t *table) safe(s string, safechars string) (string, int) {
	var b []byte // nil until a byte needs an escape
	w := 0
	hex := func(i, n int) {
		if b == nil {
			b = append(make([]byte, 0, len(s)+16), s[:i]...)
		}
		for _, c := range []byte(s[i : i+n]) {
			b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
			w += 4
		}
	}
	keep := func(i, n int) {
		if b != nil {
			b = append(b, s[i:i+n]...)
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case safechars != "" && strings.IndexByte(safechars, c) >= 0:
			keep(i, 1)
			i++
		case (c == '\\' && i+1 < len(s) && s[i+1] == 'x') || c < 0x20 || c == 0x7f:
			hex(i, 1)
			i++
		case c < 0x80:
			keep(i, 1)
			w++
			i++
		case !t.utf8:
			hex(i, 1)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n <= 1:
				hex(i, 1)
				n = 1
			case !printableRune(r):
				hex(i, n)
			default:
				keep(i, n)
				w += runeWidth(r)
			}
			i += n
		}
	}
	if b == nil {
		return s, w
	}
	return string(b), w
}

const hexDigits = "0123456789abcdef"

func printableRune(r rune) bool {
	return !(r >= 0x80 && r < 0xa0) && r != 0x2028 && r != 0x2029 && !(r >= 0xd800 && r < 0xe000) && r != 0xfffe && r != 0xffff
}

// runeWidth is wcwidth(3) for the characters commands contain: combining
// marks take no cell, East Asian wide ones two.
func runeWidth(r rune) int {
	switch {
	case r >= 0x300 && r <= 0x36f, r >= 0x200b && r <= 0x200f, r >= 0xfe00 && r <= 0xfe0f:
		return 0
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf && r != 0x303f,
		r >= 0xac00 && r <= 0xd7a3, r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1f64f,
		r >= 0x1f900 && r <= 0x1f9ff, r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

func (c *column) safechars() string {
	if c.wrapNL {
		return "\n"
	}
	return ""
}

// cellText is what a line shows in a column before encoding: tree art and
// the data.
func (t *table) cellText(ln *line, i int) string {
	c := t.cols[i]
	if c.tree {
		art, _ := t.treeArt(ln)
		return art + ln.cells[i]
	}
	return ln.cells[i]
}

// chunkWidth is the width a cell needs: its widest line for multi-line
// cells.
func (t *table) chunkWidth(c *column, s string) int {
	enc, w := t.safe(s, c.safechars())
	if !c.wrapNL {
		return w
	}
	max := 0
	for _, chunk := range strings.Split(enc, "\n") {
		if _, cw := t.safe(chunk, ""); cw > max {
			max = cw
		}
	}
	return max
}

// calculate sets the column widths: the widest of header and cells, then,
// on a terminal only, the truncatable columns are shrunk one cell at a time
// until the table fits (libsmartcols's "stage 2").
func (t *table) calculate() {
	vis := t.visible()
	total := 0
	for k, c := range vis {
		i := t.index(c)
		_, hw := t.safe(c.name, "")
		c.widthMin = hw
		c.width = 0
		for _, ln := range t.lines {
			var w int
			if c.tree {
				// The prefix ends in no backslash: its width and the
				// cell's add up.
				_, aw := t.treeArt(ln)
				c.treeArt = max(c.treeArt, aw)
				w = aw + t.chunkWidth(c, ln.cells[i])
			} else {
				w = t.chunkWidth(c, ln.cells[i])
			}
			c.width = max(c.width, w)
		}
		// libsmartcols 2.38: the header width wins over narrower data;
		// else an absolute hint widens narrow data.
		if c.width < c.widthMin {
			c.width = c.widthMin
		} else if c.whint >= 1 && c.width < c.whint && c.widthMin < c.whint {
			c.width = c.whint
		}
		total += c.width
		if k < len(vis)-1 {
			total++
		}
	}
	if !t.isTerm {
		return
	}
	for total > t.termWidth {
		before := total
		for _, c := range vis {
			if c.hidden || total <= t.termWidth {
				break
			}
			if c.width == c.widthMin || (c.tree && total <= c.treeArt) || c.width == 0 {
				continue
			}
			if !c.trunc {
				continue
			}
			c.width--
			total--
			if c.width == 0 {
				c.hidden = true
				t.vis = nil // visible() again
			}
		}
		if before == total {
			break
		}
	}
}

func (t *table) index(c *column) int {
	for i, x := range t.cols {
		if x == c {
			return i
		}
	}
	return -1
}

// truncate cuts encoded text to at most width cells.
func truncate(s string, width int) (string, int) {
	w := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		rw := 1
		if r >= 0x80 {
			rw = runeWidth(r)
		}
		if w+rw > width {
			return s[:i], w
		}
		w += rw
		i += n
	}
	return s, w
}

func pad(out *bufio.Writer, n int) {
	for ; n > 0; n-- {
		out.WriteByte(' ')
	}
}

// print writes the table. A table without lines prints nothing, except
// JSON's empty array.
func (t *table) print(out *bufio.Writer) {
	switch {
	case t.json:
		t.printJSON(out)
		return
	case len(t.lines) == 0:
		return
	case t.raw:
		t.printRaw(out)
		return
	}
	t.calculate()
	vis := t.visible()
	if len(vis) == 0 {
		return
	}
	last := vis[len(vis)-1]
	if !t.noHeadings {
		for _, c := range vis {
			enc, w := t.safe(c.name, "")
			t.printCell(out, c, c == last, enc, w)
		}
		out.WriteByte('\n')
	}
	for _, ln := range t.order() {
		t.printLine(out, ln, vis, last)
	}
}

// printCell prints one cell's text padded to the column, then the
// separator (none after the last column). Text wider than a column that
// may not truncate pushes the next column onto a new line, as
// libsmartcols does.
func (t *table) printCell(out *bufio.Writer, c *column, isLast bool, enc string, w int) {
	width := c.width
	if isLast && enc == "" {
		return // libsmartcols pads no empty last cell, even a right-aligned one
	}
	if isLast && w < width && !c.right {
		width = w
	}
	if w > width && c.trunc {
		enc, w = truncate(enc, width)
	}
	if enc != "" && c.right {
		pad(out, width-w)
		w = max(w, width)
	}
	out.WriteString(enc)
	pad(out, width-w)
	if !isLast {
		out.WriteByte(' ')
	}
}

func (t *table) printLine(out *bufio.Writer, ln *line, vis []*column, last *column) {
	pending := false
	for _, c := range vis {
		i := t.index(c)
		enc, w := t.safe(t.cellText(ln, i), c.safechars())
		c.pending = nil
		if c.wrapNL && strings.Contains(enc, "\n") {
			chunks := strings.Split(enc, "\n")
			enc, c.pending = chunks[0], chunks[1:]
			_, w = t.safe(enc, "")
			pending = true
		}
		t.printCell(out, c, c == last, enc, w)
	}
	out.WriteByte('\n')
	for pending {
		pending = false
		for _, c := range vis {
			isLast := c == last
			if len(c.pending) > 0 {
				chunk := c.pending[0]
				c.pending = c.pending[1:]
				out.WriteString(chunk)
				if len(c.pending) > 0 {
					pending = true
				}
				if isLast {
					continue
				}
				_, w := t.safe(chunk, "")
				pad(out, c.width-w)
				out.WriteByte(' ')
				continue
			}
			t.printEmptyCell(out, c, ln, isLast)
		}
		out.WriteByte('\n')
	}
}

// printEmptyCell fills a continuation line: the tree column keeps drawing
// the branches that go on below.
func (t *table) printEmptyCell(out *bufio.Writer, c *column, ln *line, isLast bool) {
	n := 0
	if c.tree {
		var b []byte
		if ln.parent == nil {
			if len(ln.children) > 0 {
				b = append(b, t.symbols().vert...)
			}
		} else {
			b = t.appendAncestorArt(b, ln)
			if len(ln.children) > 0 && t.hasPending() {
				b = append(b, t.symbols().vert...)
			}
		}
		enc, w := t.safe(string(b), "")
		out.WriteString(enc)
		n = w
	}
	if isLast {
		return
	}
	pad(out, c.width-n)
	out.WriteByte(' ')
}

func (t *table) hasPending() bool {
	for _, c := range t.cols {
		if len(c.pending) > 0 {
			return true
		}
	}
	return false
}

// rawEscape is libsmartcols's raw format: blanks, backslashes and every
// byte that is not printable ASCII become \xHH.
func rawEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\\' || c < 0x20 || c >= 0x7f {
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(c)&15, 16))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (t *table) printRaw(out *bufio.Writer) {
	vis := t.visible()
	if !t.noHeadings {
		for k, c := range vis {
			out.WriteString(rawEscape(c.name))
			if k < len(vis)-1 {
				out.WriteByte(' ')
			}
		}
		out.WriteByte('\n')
	}
	for _, ln := range t.order() {
		for k, c := range vis {
			out.WriteString(rawEscape(t.cellText(ln, t.index(c))))
			if k < len(vis)-1 {
				out.WriteByte(' ')
			}
		}
		out.WriteByte('\n')
	}
}

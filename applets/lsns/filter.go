package lsns

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The -Q language is libsmartcols's scols-filter(5):
//
//	expr  := expr || expr | expr && expr | ! expr | ( expr )
//	       | param OP param | param =~ "regex" | param !~ "regex" | param
//	param := COLUMN | 123 | 1.5 | "string" | 'string' | true | false
//
// with the word forms and, or, not, eq, ne, lt, le, gt, ge. As in
// libsmartcols's grammar, && and || share the lowest precedence and group
// left to right; comparisons and ! bind tighter. A column compares as its
// type: NS, NPROCS, PID, PPID, UID, PNS and ONS as numbers, the rest as
// strings; the other side is converted to that type.

type tokKind int

const (
	tokEOF tokKind = iota
	tokHolder
	tokNumber
	tokString
	tokBool
	tokOp
)

type token struct {
	kind tokKind
	text string
	pos  int
}

// filterError is a parse error with the position it was found at.
type filterError struct {
	pos int
	msg string
}

func (e *filterError) Error() string { return fmt.Sprintf("%s (at offset %d)", e.msg, e.pos) }

var wordOps = map[string]string{
	"and": "&&", "or": "||", "not": "!", "eq": "==", "ne": "!=",
	"lt": "<", "le": "<=", "gt": ">", "ge": ">=",
}

func lex(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"' || c == '\'':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, &filterError{i, "unterminated string"}
			}
			str := s[i+1 : i+1+j]
			if strings.ContainsRune(str, '\n') {
				return nil, &filterError{i, "newline in string"}
			}
			toks = append(toks, token{tokString, str, i})
			i += j + 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
			}
			toks = append(toks, token{tokNumber, s[i:j], i})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(s) && (isAlnum(s[j]) || strings.IndexByte("_.%:/-", s[j]) >= 0) {
				j++
			}
			w := s[i:j]
			if op, ok := wordOps[strings.ToLower(w)]; ok && (w == strings.ToLower(w) || w == strings.ToUpper(w)) {
				toks = append(toks, token{tokOp, op, i})
			} else if w == "true" || w == "false" || w == "TRUE" || w == "FALSE" {
				toks = append(toks, token{tokBool, strings.ToLower(w), i})
			} else {
				toks = append(toks, token{tokHolder, w, i})
			}
			i = j
		default:
			op := ""
			for _, o := range []string{"==", "!=", "<=", ">=", "=~", "!~", "&&", "||", "<", ">", "!", "(", ")"} {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, &filterError{i, "unexpected character '" + s[i:i+1] + "'"}
			}
			toks = append(toks, token{tokOp, op, i})
			i += len(op)
		}
	}
	return append(toks, token{tokEOF, "", len(s)}), nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// expr is a node of the parsed filter.
type expr struct {
	op          string // "&&", "||", "!", a comparison, or "" for a param
	left, right *expr
	param       token
	re          *regexp.Regexp
	col         int // holder: index of its column in the table
}

type filter struct {
	root    *expr
	holders []*expr
}

type parser struct {
	toks []token
	i    int
	f    *filter
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) unexpected(want string) error {
	t := p.peek()
	what := "'" + t.text + "'"
	if t.kind == tokEOF {
		what = "end of expression"
	}
	return &filterError{t.pos, "syntax error: unexpected " + what + ", expecting " + want}
}

// parseFilter parses a -Q expression.
func parseFilter(s string) (*filter, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, f: &filter{}}
	if p.peek().kind == tokEOF {
		return nil, &filterError{0, "empty expression"}
	}
	root, err := p.logic()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tokEOF {
		return nil, p.unexpected("an operator or end of expression")
	}
	p.f.root = root
	return p.f, nil
}

// logic parses && and ||: libsmartcols gives them the same precedence,
// left to right (%left T_OR T_AND), so "a || b && c" is "(a || b) && c".
func (p *parser) logic() (*expr, error) {
	l, err := p.cmp()
	for err == nil && p.peek().kind == tokOp && (p.peek().text == "&&" || p.peek().text == "||") {
		op := p.next().text
		var r *expr
		if r, err = p.cmp(); err == nil {
			l = &expr{op: op, left: l, right: r}
		}
	}
	return l, err
}

var comparisons = map[string]bool{"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "=~": true, "!~": true}

func (p *parser) cmp() (*expr, error) {
	l, err := p.unary()
	for err == nil && p.peek().kind == tokOp && comparisons[p.peek().text] {
		op := p.next().text
		var r *expr
		if r, err = p.unary(); err != nil {
			break
		}
		e := &expr{op: op, left: l, right: r}
		if op == "=~" || op == "!~" {
			if r.op != "" || r.param.kind != tokString {
				return nil, &filterError{r.param.pos, "the right side of " + op + " must be a string"}
			}
			if e.re, err = regexp.Compile(r.param.text); err != nil {
				return nil, &filterError{r.param.pos, "invalid regular expression: " + err.Error()}
			}
		}
		l = e
	}
	return l, err
}

func (p *parser) unary() (*expr, error) {
	t := p.peek()
	switch {
	case t.kind == tokOp && t.text == "!":
		p.next()
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &expr{op: "!", left: e}, nil
	case t.kind == tokOp && t.text == "(":
		p.next()
		e, err := p.logic()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tokOp || p.peek().text != ")" {
			return nil, p.unexpected("')'")
		}
		p.next()
		return e, nil
	case t.kind == tokHolder || t.kind == tokNumber || t.kind == tokString || t.kind == tokBool:
		p.next()
		e := &expr{param: t, col: -1}
		if t.kind == tokHolder {
			p.f.holders = append(p.f.holders, e)
		}
		return e, nil
	}
	return nil, p.unexpected("a column, a number, a string or '('")
}

// initFilter resolves the filter's column names; a column not shown is
// added as a hidden one (util-linux init_scols_filter).
func (c *cmd) initFilter() error {
	nerrs := 0
	for _, h := range c.filter.holders {
		id := c.columnID(h.param.text, len(h.param.text))
		if id < 0 {
			nerrs++
			continue
		}
		h.col = -1
		for i, x := range c.columns {
			if x == id {
				h.col = i
				break
			}
		}
		if h.col < 0 {
			if len(c.columns) >= maxColumns {
				return c.fail("too many columns specified, the limit is %d columns", maxColumns-1)
			}
			ci := infos[id]
			c.columns = append(c.columns, id)
			c.tab.cols = append(c.tab.cols, &column{name: ci.name, whint: ci.whint, hidden: true, json: ci.json})
			h.col = len(c.columns) - 1
		}
	}
	if nerrs > 0 {
		return c.fail("failed to initialize filter")
	}
	return nil
}

// value is one side of a comparison: a string, or a number.
type value struct {
	s     string
	n     float64
	isNum bool
	ok    bool // false: an empty cell of a number column
	null  bool // an empty cell of a string column (libsmartcols: NULL)
}

func (f *filter) paramValue(t *table, ln *line, e *expr) value {
	switch e.param.kind {
	case tokHolder:
		s := ln.cells[e.col]
		if t.cols[e.col].json == jsonNumber {
			n, err := strconv.ParseFloat(s, 64)
			return value{s: s, n: n, isNum: true, ok: err == nil}
		}
		return value{s: s, ok: true, null: s == ""}
	case tokNumber:
		n, _ := strconv.ParseFloat(e.param.text, 64)
		return value{s: e.param.text, n: n, isNum: true, ok: true}
	case tokBool:
		n := 0.0
		if e.param.text == "true" {
			n = 1
		}
		return value{s: e.param.text, n: n, isNum: true, ok: true}
	}
	return value{s: e.param.text, ok: true}
}

func (f *filter) match(t *table, ln *line) bool { return f.eval(t, ln, f.root) }

func (f *filter) eval(t *table, ln *line, e *expr) bool {
	switch e.op {
	case "":
		v := f.paramValue(t, ln, e)
		if v.isNum {
			return v.ok && v.n != 0
		}
		return v.s != ""
	case "&&":
		return f.eval(t, ln, e.left) && f.eval(t, ln, e.right)
	case "||":
		return f.eval(t, ln, e.left) || f.eval(t, ln, e.right)
	case "!":
		return !f.eval(t, ln, e.left)
	}
	l, r := f.operand(t, ln, e.left), f.operand(t, ln, e.right)
	switch e.op {
	case "=~":
		return e.re.MatchString(l.s)
	case "!~":
		return !e.re.MatchString(l.s)
	}
	// The comparison takes the type of a column operand (the left one
	// first); the other side is converted.
	asNum := l.isNum && (e.left.param.kind == tokHolder || e.right.param.kind != tokHolder) || !l.isNum && r.isNum && e.right.param.kind == tokHolder
	if e.left.op != "" || e.right.op != "" {
		asNum = l.isNum && r.isNum
	}
	var cmp int
	if asNum {
		ln, lok := toNum(l)
		rn, rok := toNum(r)
		if !lok || !rok {
			return false // libsmartcols: an empty number compares false, even with !=
		}
		switch {
		case ln < rn:
			cmp = -1
		case ln > rn:
			cmp = 1
		}
	} else {
		cmp = compareStrings(l, r)
	}
	switch e.op {
	case "==":
		return cmp == 0
	case "!=":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	}
	return cmp >= 0
}

// operand evaluates a comparison side; a nested expression is a boolean.
func (f *filter) operand(t *table, ln *line, e *expr) value {
	if e.op == "" {
		return f.paramValue(t, ln, e)
	}
	if f.eval(t, ln, e) {
		return value{s: "true", n: 1, isNum: true, ok: true}
	}
	return value{s: "false", isNum: true, ok: true}
}

// compareStrings is libsmartcols's xstrcmp: an empty cell (NULL) sorts
// before every string, even "".
func compareStrings(l, r value) int {
	switch {
	case l.null && r.null:
		return 0
	case l.null:
		return -1
	case r.null:
		return 1
	}
	return strings.Compare(l.s, r.s)
}

func toNum(v value) (float64, bool) {
	if v.isNum {
		return v.n, v.ok
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
	return n, err == nil
}

package robust

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// TestLsns: bad PIDs, namespace ids, types, columns and options for lsns,
// against util-linux 2.38.1, and the newest release's options and checks
// (-P, -Q, -H, -l with -T) against its documented messages.
func TestLsns(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	cols27 := strings.TrimSuffix(strings.Repeat("NS,", 27), ",")
	w.check(t, []bad{
		// -p PID.
		// -t uts: the newest release also lists namespaces with no process
		// (bind mounts like "other"), util-linux 2.38.1 does not.
		c("task-0", "lsns", "-p", "0", "-o", "NS,TYPE", "-t", "uts"),
		c("task-negative", "lsns", "-p", "-1"),
		c("task-word", "lsns", "-p", "abc"),
		c("task-empty", "lsns", "-p", ""),
		c("task-overflow-int", "lsns", "-p", "2147483648"),
		c("task-overflow-u64", "lsns", "-p", "99999999999999999999"),
		c("task-hex", "lsns", "-p", "0x10"),
		c("task-trailing", "lsns", "-p", "1x"),
		c("task-nonexistent", "lsns", "-p", "4000000"),
		c("task-non-utf8", "lsns", "-p", "\xff"),
		c("task-missing", "lsns", "-p"),
		c("task-and-nsid", "lsns", "-p", "1", "4026531835"),
		// NSID.
		c("nsid-word", "lsns", "abc"),
		c("nsid-empty", "lsns", ""),
		c("nsid-negative", "lsns", "--", "-1"),
		c("nsid-hex", "lsns", "0x10"),
		c("nsid-overflow", "lsns", "99999999999999999999999"),
		c("nsid-trailing", "lsns", "4026531835x"),
		c("nsid-not-found", "lsns", "123"),
		c("nsid-non-utf8", "lsns", "\xfe"),
		// -t TYPE.
		c("type-unknown", "lsns", "-t", "foo"),
		c("type-empty", "lsns", "-t", ""),
		c("type-upper-case", "lsns", "-t", "NET"),
		c("type-list", "lsns", "-t", "net,mnt"),
		c("type-second-bad", "lsns", "-t", "net", "-t", "bogus"),
		c("type-non-utf8", "lsns", "-t", "\xff"),
		c("type-missing", "lsns", "-t"),
		// -o COLUMNS.
		c("column-unknown", "lsns", "-o", "foo"),
		c("column-empty", "lsns", "-o", "").nlines(0),
		c("column-comma", "lsns", "-o", ","),
		c("column-leading-comma", "lsns", "-o", ",NS").nlines(0),
		c("column-trailing-comma", "lsns", "-o", "NS,"),
		c("column-append-nothing", "lsns", "-o", "+").nlines(0),
		c("column-empty-item", "lsns", "-o", "NS,,TYPE").nlines(0),
		c("column-append-unknown", "lsns", "-o", "+foo"),
		c("column-non-utf8", "lsns", "-o", "\xff"),
		c("column-too-many", "lsns", "-o", cols27).nlines(0),
		c("column-missing", "lsns", "-o"),
		// Options.
		c("json-raw", "lsns", "-J", "-r"),
		c("unknown-long", "lsns", "--bogus"),
		c("unknown-short", "lsns", "-x"),
		c("unknown-non-utf8-long", "lsns", "--\xff"),
		c("unknown-non-utf8-short", "lsns", "-\xff"),
		c("no-argument-allowed", "lsns", "--json=1"),
		c("ambiguous", "lsns", "--no"),
		c("tree-unknown", "lsns", "--tree=foo"),
		c("tree-unknown-short", "lsns", "-Tfoo"),
		c("tree-empty", "lsns", "--tree="),
		c("tree-separate-word", "lsns", "--tree", "owner"),
		// The newest release's options and checks (util-linux 2.38.1 has
		// neither).
		c("list-tree", "lsns", "-l", "-T", "-t", "uts"), // 2.38.1 takes it: the tree wins
		c("persistent-task", "lsns", "-P", "-p", "1").only(1, "lsns: options --persistent and --task cannot be combined"),
		c("filter-unknown-column", "lsns", "-Q", "FOO == 1").
			only(1, "lsns: unknown column: FOO\nlsns: failed to initialize filter").nlines(2),
		c("filter-syntax", "lsns", "-Q", "NS ==").only(1, `lsns: failed to parse "NS ==": syntax error: `+
			`unexpected end of expression, expecting a column, a number, a string or '(' (at offset 5)`),
		c("filter-empty", "lsns", "-Q", "").only(1, `lsns: failed to parse "": empty expression (at offset 0)`),
		c("filter-non-utf8", "lsns", "-Q", "\xff").only(1, "lsns: failed to parse \"\xff\": unexpected character '\xff' (at offset 0)"),
		// -H lists at once, at its place: the exclusive pair must come first.
		c("list-columns-json-raw", "lsns", "-J", "-r", "-H").only(1, "lsns: mutually exclusive arguments: --json --raw"),
	})
}

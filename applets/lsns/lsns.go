// Package lsns is the lsns applet: util-linux lsns(8), option for option
// and byte for byte, with the newest release's discovery (bind mounts, open
// fds, sockets), -P, -Q and -H, plus --threads and bind mounts in other
// mount namespaces.
package lsns

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/procscan"
)

// Tree modes (util-linux LSNS_TREE_*).
const (
	treeNone = iota
	treeProcess
	treeOwner
	treeParent
)

// cmd is one run of the applet.
type cmd struct {
	io    applet.IO
	out   *bufio.Writer
	prog  string // argv[0], for getopt's messages
	users procscan.UserNames

	columns    []int
	outarg     string
	hasOutarg  bool
	types      [procscan.NumScanTypes]bool
	ntypes     int
	isNet      bool
	fltrPID    int
	fltrNS     uint64
	raw, json  bool
	noHeadings bool
	noTrunc    bool
	noWrap     bool
	forceList  bool
	persist    bool
	threads    bool
	tree       int
	filter     *filter
	filterText string

	scan *procscan.Scan
	tab  *table
	// outline is the row last printed for a process (by its index in
	// scan.Procs: a map of thousands would stay resident, lsns runs no
	// GC), nsOutline for a namespace: tree parents are looked up there
	// (util-linux's proc->outline and ns->ns_outline).
	outline   []*line
	nsOutline map[*procscan.Namespace]*line
}

// Info registers the applet.
func Info() applet.Info {
	return applet.Info{Name: "lsns", Usage: "list system namespaces (util-linux lsns)", Main: Main,
		CLI: func() applet.CLI { return newCmd(applet.StdIO(), "lsns").cli() }, UtilLinux: true}
}

func newCmd(io applet.IO, prog string) *cmd {
	return &cmd{io: io, out: io.Writer(), prog: prog, users: procscan.UserNames{}}
}

// Main runs `lsns [options] [<namespace>]`.
func Main(argv []string, io applet.IO) int {
	c := newCmd(io, argv[0])
	err := c.run(argv[1:])
	c.out.Flush()
	return applet.Code("lsns", err, io.Err)
}

// warnf prints "lsns: MSG" on stderr.
func (c *cmd) warnf(format string, args ...any) {
	c.out.Flush()
	fmt.Fprintf(c.io.Err, "lsns: "+format+"\n", args...)
}

// fail prints "lsns: MSG" and ends with status 1.
func (c *cmd) fail(format string, args ...any) error {
	c.warnf(format, args...)
	return applet.ExitCode(1)
}

func (c *cmd) tryHelp() error {
	c.out.Flush()
	return applet.TryHelp(c.io.Err, "lsns")
}

// exclusive is util-linux's excl[] table: options that may not be mixed.
// 2.38.1 has json/raw, worded "mutually exclusive arguments: --json --raw"
// (table order); persistent/task is newer (2.39) and gets the newest
// err_exclusive_options wording, first the option met first. Later tables
// also list {'l','T'}, out of the ASCII order err_exclusive_options walks,
// so it never fires: -l -T is accepted (the tree wins), as in 2.38.1.
var exclusive = []struct {
	pair  [2]string
	newer bool
}{{[2]string{"json", "raw"}, false}, {[2]string{"persistent", "task"}, true}}

func (c *cmd) run(args []string) error {
	positional, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.settle(positional); err != nil {
		return err
	}
	return c.list()
}

// parse runs util-linux's option loop: each option acts in turn, so the
// first error (or -h, -V, -H) ends the run at its place.
func (c *cmd) parse(args []string) ([]string, error) {
	parsed, positional, gerr := applet.Getopt(append([]string{c.prog}, args...), applet.Table(c.options()), applet.Permute)
	seen := make([]string, len(exclusive))
	for _, opt := range parsed {
		name := opt.Opt.Long
		for e, ex := range exclusive {
			if name != ex.pair[0] && name != ex.pair[1] {
				continue
			}
			switch {
			case seen[e] == "":
				seen[e] = name
			case seen[e] != name && ex.newer:
				return nil, c.fail("options --%s and --%s cannot be combined", seen[e], name)
			case seen[e] != name:
				return nil, c.fail("mutually exclusive arguments: --%s --%s", ex.pair[0], ex.pair[1])
			}
		}
		if err := opt.Opt.Set(opt.Arg, opt.HasArg); err != nil {
			return nil, err
		}
	}
	if gerr != nil {
		c.out.Flush()
		fmt.Fprintln(c.io.Err, gerr.Error())
		return nil, c.tryHelp()
	}
	return positional, nil
}

var errRange = errors.New("range")

// parseS32 is util-linux's strtos32_or_err: a whole base-10 number (blanks
// and a sign allowed in front) that fits in 32 bits.
func parseS32(s string) (int64, error) {
	v, ok := applet.ParseCInt(s, 10, 64)
	if !ok {
		if looksNumeric(s) {
			return 0, errRange
		}
		return 0, strconv.ErrSyntax
	}
	if v < -1<<31 || v > 1<<31-1 {
		return 0, errRange
	}
	return v, nil
}

// parseU64 is util-linux's strtou64_or_err: a whole base-10 number
// (blanks and a sign allowed in front); negative numbers are out of range.
func parseU64(s string) (uint64, error) {
	neg, digits, ok := splitNumber(s)
	if !ok {
		return 0, strconv.ErrSyntax
	}
	v, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || neg && v != 0 {
		return 0, errRange
	}
	return v, nil
}

// looksNumeric: strtol would consume all of s, whatever its value.
func looksNumeric(s string) bool {
	_, _, ok := splitNumber(s)
	return ok
}

// splitNumber splits what strtol accepts in base 10: leading blanks, one
// sign, digits (and nothing after them).
func splitNumber(s string) (neg bool, digits string, ok bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	if t == "" {
		return false, "", false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false, "", false
		}
	}
	return neg, t, true
}

func (c *cmd) numErr(msg, arg string, err error) error {
	if err == errRange {
		return c.fail("%s: '%s': %s", msg, arg, nslib.Strerror(unix.ERANGE))
	}
	return c.fail("%s: '%s'", msg, arg)
}

// settle applies the defaults that depend on all options (util-linux's
// main after the option loop): types, process mode, columns, tree, -Q.
func (c *cmd) settle(positional []string) error {
	if c.ntypes == 0 {
		for i := range c.types {
			c.types[i] = true
		}
	}
	if len(positional) > 0 {
		if c.fltrPID != 0 {
			return c.fail("--task is mutually exclusive with <namespace>")
		}
		ino, err := parseU64(positional[0])
		if err != nil {
			return c.numErr("invalid namespace argument", positional[0], err)
		}
		c.fltrNS = ino
		if c.tree == treeNone && !c.forceList {
			c.tree = treeProcess
		}
		if len(c.columns) == 0 {
			c.columns = append(c.columns, colPID, colPPID, colUser, colCommand)
		}
	}
	if len(c.columns) == 0 {
		c.columns = append(c.columns, colNS, colType, colNProcs, colPID, colUser)
		if c.isNet {
			c.columns = append(c.columns, colNetNSID, colNSFS)
		}
		c.columns = append(c.columns, colCommand)
		if c.tree == treeNone && !c.forceList {
			c.tree = treeProcess
		}
	}
	if c.hasOutarg && !c.addColumns(c.outarg) {
		return applet.ExitCode(1)
	}
	c.tab = c.newTable()
	if c.filter != nil {
		return c.initFilter()
	}
	return nil
}

// list scans and prints.
func (c *cmd) list() error {
	// With no /proc, util-linux 2.38.1 lists nothing (status 0) or, when it
	// wants NSFS, fails on the mount table (status 32), as the newest always
	// does: nsbox says what is missing, status 1.
	if err := nslib.CheckProc(); err != nil {
		return c.fail("cannot list namespaces: %v", err)
	}
	// util-linux reads the mount table first and gives up without it
	// (libmount's MNT_EX_FAIL).
	if err := unix.Access("/proc/self/mountinfo", unix.R_OK); err != nil {
		c.warnf("failed to parse /proc/self/mountinfo: %s", nslib.Strerror(err))
		return applet.ExitCode(32)
	}
	scan, err := procscan.ScanSystem(c.scanConfig())
	if e, ok := err.(procscan.ErrNoNSIoctl); ok {
		c.warnf("%v", e)
		return applet.ExitCode(2)
	}
	if err != nil {
		return c.fail("cannot open /proc: %s", nslib.Strerror(err))
	}
	c.scan = scan
	c.outline = make([]*line, len(scan.Procs))
	c.nsOutline = map[*procscan.Namespace]*line{}
	if c.fltrNS != 0 {
		ns := scan.Lookup(c.fltrNS)
		if ns == nil {
			return c.fail("not found namespace: %d", c.fltrNS)
		}
		scan.ReadDetails(ns.Procs, c.hasColumn(colCommand))
		c.tab.reserve(len(ns.Procs))
		c.showProcesses(ns)
	} else {
		// Rows show the namespaces' representatives: only their owners
		// are shown and only their parents place rows in the tree.
		reps := make([]*procscan.Process, 0, len(scan.Namespaces))
		for _, ns := range scan.Namespaces {
			if ns.Rep != nil {
				reps = append(reps, ns.Rep)
			}
		}
		scan.ReadDetails(reps, c.hasColumn(colCommand))
		c.tab.reserve(len(scan.Namespaces))
		c.showNamespaces()
	}
	c.tab.print(c.out)
	return nil
}

func (c *cmd) scanConfig() procscan.ScanConfig {
	// Discovery is the newest util-linux's whatever is shown; the relation
	// ioctls, nsid look-ups and the hierarchy cost extra and depend on the
	// output (columns named by -Q are among c.columns).
	tree := c.tree == treeOwner || c.tree == treeParent
	return procscan.ScanConfig{
		Types:         c.types,
		Relations:     tree || c.hasColumn(colPNS) || c.hasColumn(colONS),
		NSID:          c.hasColumn(colNetNSID),
		FDs:           true,
		Mounts:        true,
		AllMntNS:      true,
		Threads:       c.threads,
		CountOnly:     c.fltrNS == 0 && c.fltrPID == 0, // a table of namespaces
		Hierarchy:     tree,
		GhostsAnyType: true,
		Listns:        true,
		IDs:           c.hasColumn(colID),
	}
}

// newTable sets up the output columns as util-linux's init_scols_table.
func (c *cmd) newTable() *table {
	t := &table{name: "namespaces", raw: c.raw, json: c.json, jsonFormat: envJSONFormat(), noHeadings: c.noHeadings, utf8: utf8Locale()}
	t.isTerm, t.termWidth = terminal(c.io.Out)
	for _, id := range c.columns {
		ci := infos[id]
		col := &column{name: ci.name, whint: ci.whint, right: ci.right, trunc: ci.trunc && !c.noTrunc, wrapNL: ci.wrap && !c.noWrap, json: ci.json}
		if c.tree == treeProcess && id == colCommand {
			col.tree = true
		}
		if (c.tree == treeOwner || c.tree == treeParent) && id == colNS {
			col.tree, col.right = true, false
		}
		t.cols = append(t.cols, col)
	}
	return t
}

// showNamespaces emits one row per namespace in inode order; a tree
// parent is emitted before its children (util-linux show_namespaces).
func (c *cmd) showNamespaces() {
	for _, ns := range c.scan.Namespaces {
		if c.fltrPID != 0 && !ns.Has(c.fltrPID) {
			continue
		}
		if c.persist && ns.NProcs != 0 {
			continue
		}
		if c.nsOutline[ns] == nil {
			c.showNamespace(ns)
		}
	}
}

func (c *cmd) showNamespace(ns *procscan.Namespace) {
	switch {
	case c.tree == treeOwner && ns.Owner != nil && c.nsOutline[ns.Owner] == nil:
		c.showNamespace(ns.Owner)
	case c.tree == treeParent && ns.Parent != nil:
		if c.nsOutline[ns.Parent] == nil {
			c.showNamespace(ns.Parent)
		}
	case c.tree == treeParent && ns.Owner != nil && c.nsOutline[ns.Owner] == nil:
		c.showNamespace(ns.Owner)
	}
	c.addLine(ns, ns.Rep)
}

// showProcesses is process mode: one row per member of ns, a child under
// its parent when both are members.
func (c *cmd) showProcesses(ns *procscan.Namespace) {
	for _, p := range ns.Procs {
		if c.processLine(p) == nil {
			c.showProcess(ns, p)
		}
	}
}

func (c *cmd) showProcess(ns *procscan.Namespace, p *procscan.Process) {
	if c.tree == treeProcess && p.Parent != nil && c.processLine(p.Parent) == nil && p.Parent.NS[ns.Type] == p.NS[ns.Type] {
		c.showProcess(ns, p.Parent)
	}
	c.addLine(ns, p)
}

// addLine adds a row (util-linux add_scols_line): its tree parent, the
// filter, then the cells.
func (c *cmd) addLine(ns *procscan.Namespace, p *procscan.Process) {
	var parent *line
	switch {
	case c.tree == treeProcess && p != nil && p.Parent != nil:
		parent = c.processLine(p.Parent)
	case c.tree == treeParent && ns.Parent != nil:
		parent = c.nsOutline[ns.Parent]
	case c.tree == treeOwner && ns.Owner != nil:
		parent = c.nsOutline[ns.Owner]
	}
	ln := c.tab.newLine(parent)
	for i, id := range c.columns {
		ln.cells[i] = c.cellData(id, ns, p)
	}
	if c.filter != nil && !c.filter.match(c.tab, ln) {
		c.tab.remove(ln)
		return
	}
	if c.tree == treeOwner || c.tree == treeParent {
		c.nsOutline[ns] = ln
	} else if p != nil {
		if i := c.scan.ProcIndex(p); i >= 0 {
			c.outline[i] = ln
		}
	}
}

// processLine is the row last printed for p, or nil.
func (c *cmd) processLine(p *procscan.Process) *line {
	if i := c.scan.ProcIndex(p); i >= 0 {
		return c.outline[i]
	}
	return nil
}

// utf8Locale reports whether the locale (LC_ALL, LC_CTYPE, LANG) has the
// UTF-8 codeset and exists here, as setlocale(LC_ALL, "") would find it.
func utf8Locale() bool {
	name := ""
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if name = os.Getenv(v); name != "" {
			break
		}
	}
	lang, codeset, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	codeset, _, _ = strings.Cut(codeset, "@")
	norm := strings.ToLower(strings.ReplaceAll(codeset, "-", ""))
	if norm != "utf8" {
		return false
	}
	if lang == "C" || lang == "POSIX" {
		return true
	}
	if _, err := os.Stat(filepath.Join("/usr/lib/locale", lang+".utf8")); err == nil {
		return true
	}
	if b, err := os.ReadFile("/usr/lib/locale/locale-archive"); err == nil {
		return strings.Contains(string(b), lang+".utf8")
	}
	return false
}

// terminal reports whether f is a terminal and its width (libsmartcols:
// TIOCGWINSZ, else $COLUMNS, else 80).
func terminal(f *os.File) (bool, int) {
	fd := int(f.Fd())
	if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err != nil {
		return false, 0
	}
	w := 0
	if ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ); err == nil {
		w = int(ws.Col)
	}
	if w <= 0 {
		if v, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && v > 0 {
			w = v
		}
	}
	if w <= 0 {
		w = 80
	}
	return true, w
}

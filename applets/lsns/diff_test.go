package lsns_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"nsbox/nslib/nstest"
)

// tools makes two directories, each with an "lsns" that is util-linux's or
// ours, so both run as "lsns ARGS": the same argv[0] and the same command
// line in their own rows.
func tools(t *testing.T) (ul, ours string) {
	t.Helper()
	bin := nstest.Binary(t)
	root := t.TempDir()
	ul, ours = filepath.Join(root, "ul"), filepath.Join(root, "ours")
	for dir, target := range map[string]string{ul: "/usr/bin/lsns", ours: bin} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, "lsns")); err != nil {
			t.Fatal(err)
		}
	}
	return ul, ours
}

// lsns runs "lsns ARGS" (ARGS in bash syntax) from dir with the locale
// lang; with cols > 0 it runs on a pseudo-terminal that many columns wide.
func lsns(t *testing.T, dir, lang string, cols int, args string) nstest.Result {
	t.Helper()
	return lsnsAs(t, "", dir, lang, cols, args)
}

func lsnsAs(t *testing.T, as, dir, lang string, cols int, args string) nstest.Result {
	t.Helper()
	script := "exec " + as + " lsns " + args
	if cols > 0 {
		script = "exec script -qec 'stty cols " + itoa(cols) + " 2>/dev/null; exec lsns " + strings.ReplaceAll(args, "'", `'\''`) + "' /dev/null"
	}
	// LIBSMARTCOLS_JSON: 2.38.1 ignores it, nsbox does not; tests set it.
	return nstest.Run(t, "", "env", "-u", "LC_ALL", "-u", "LC_CTYPE", "-u", "COLUMNS", "-u", "LIBSMARTCOLS_JSON", "LANG="+lang,
		"PATH="+dir+":"+os.Getenv("PATH"), "bash", "-c", script)
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	if s == "" {
		return "0"
	}
	return s
}

// casesOf makes a case per argument string, in locale lang ("" for C.UTF-8).
func casesOf(lang string, args ...string) []diffCase {
	cases := make([]diffCase, len(args))
	for i, a := range args {
		cases[i] = diffCase{args: a, lang: lang}
	}
	return cases
}

type diffCase struct {
	args string
	as   string // a command that runs lsns as another user (setpriv ...)
	lang string // default C.UTF-8
	cols int    // > 0: on a terminal
}

// validUTF8JSON is util-linux's JSON with each byte that is not part of
// UTF-8 written as \ufffd.
func validUTF8JSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\ufffd`)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// runDiff runs each case with util-linux and with nsbox, back to back in
// the same process state, and compares stdout, stderr and status.
//
// The expected difference: nsbox's --output-all (or an abbreviation) also
// has its ID column, so nsbox runs it followed by -o with 2.38.1's columns,
// which keeps --output-all's list mode and proves the rest byte for byte
// (TestOutputAllID checks the ID column itself).
func runDiff(t *testing.T, cases []diffCase) {
	t.Helper()
	ul, ours := tools(t)
	for _, tc := range cases {
		lang := tc.lang
		if lang == "" {
			lang = "C.UTF-8"
		}
		a := lsnsAs(t, tc.as, ul, lang, tc.cols, tc.args)
		b := lsnsAs(t, tc.as, ours, lang, tc.cols, outputAll2381.ReplaceAllString(tc.args, "$1 -o "+columns2381+"$2"))
		if strings.HasPrefix(a.Stdout, "{") {
			// JSON: util-linux writes bytes that are not UTF-8 raw (invalid
			// JSON), nsbox as \ufffd; otherwise byte for byte.
			a.Stdout = validUTF8JSON(a.Stdout)
			if !json.Valid([]byte(b.Stdout)) || !utf8.ValidString(b.Stdout) {
				t.Errorf("lsns %s: invalid JSON:\n%s", tc.args, b.Stdout)
			}
		}
		if a.Stdout != b.Stdout || a.Code != b.Code || a.Stderr != b.Stderr {
			t.Errorf("lsns %s (LANG=%s cols=%d):\n util-linux: status %d, stderr %q\n%s\n nsbox:      status %d, stderr %q\n%s",
				tc.args, lang, tc.cols, a.Code, a.Stderr, a.Stdout, b.Code, b.Stderr, b.Stdout)
		}
		if b.Panicked() {
			t.Errorf("lsns %s: nsbox panicked:\n%s", tc.args, b.Stderr)
		}
	}
}

// outputAll2381 matches --output-all and its abbreviations that getopt
// takes for it; columns2381 are 2.38.1's columns, all of nsbox's but ID.
var (
	outputAll2381 = regexp.MustCompile(`(--output-al?l?)( |$)`)
	columns2381   = "NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS"
)

// world starts the processes the differential tests look at, in the
// sandbox's own pid namespace, and returns the inode of the network
// namespace of a small process tree (for process mode).
const world = `
q() { "$@" </dev/null >/dev/null 2>&1 & }
ip netns add nsfs1 && ip netns set nsfs1 7
touch /run/extra && mount --bind /run/netns/nsfs1 /run/extra
q ip netns exec nsfs1 sleep 1000
q unshare -n -u -i --fork sh -c 'sleep 1000 & exec sleep 1001'
echo $! > /run/tree.pid
q unshare -U -r -p --fork --mount-proc sleep 1000
q unshare -U -r sh -c 'unshare -U -r sleep 1000 </dev/null >/dev/null 2>&1 &'
q unshare -U -r -p --fork sh -c 'unshare -p --fork sleep 1000 </dev/null >/dev/null 2>&1 &'
q unshare -u bash -c 'exec -a "$(printf "we\\\\xird \xc3\xa9 \x01t\"\x7f\xff\tz")" sleep 1000'
q sh -c 'sleep 0 & exec sleep 1000'
# settled: 8 sleeps (one a zombie) and every sh gone (exec'd or exited)
for i in $(seq 500); do [ "$(pgrep -x sleep | wc -l)" = 8 ] && ! pgrep -x sh >/dev/null && break; sleep 0.01; done
sleep 0.1
readlink /proc/$(cat /run/tree.pid)/ns/net | tr -dc 0-9
`

func startWorld(t *testing.T) string {
	t.Helper()
	r := nstest.Sh(t, world)
	if r.Code != 0 || r.Stdout == "" {
		t.Fatalf("setup: status %d: %s %s", r.Code, r.Stdout, r.Stderr)
	}
	return r.Stdout
}

// anchorShows makes sure the world is what the cases are about: util-linux
// itself must show want for args.
func anchorShows(t *testing.T, args, want string) {
	t.Helper()
	ul, _ := tools(t)
	if r := lsns(t, ul, "C.UTF-8", 0, args); !strings.Contains(r.Stdout, want) {
		t.Fatalf("util-linux lsns %s does not show %q:\n%s", args, want, r.Stdout)
	}
}

// TestDiffNamespaceMode compares every 2.38.1 option and column in
// namespace mode.
func TestDiffNamespaceMode(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	startWorld(t)
	anchorShows(t, "-t net -o NSFS,NETNSID -n -r", "/run/netns/nsfs1,/run/extra 7")
	anchorShows(t, "-o COMMAND -r", `we\x5cxird\x20\xc3\xa9\x20\x01t"\x7f\xff\x09z`)
	cases := casesOf("",
		"", "-l", "-J", "-r", "-n", "-n -r", "-n -J", "-u", "-W", "-l -J", "-J -l -n",
		"--output-all", "--output-all -J", "--output-all -r", "--output-all -l", "--output-all -W",
		"-t net", "-t net -W", "-t net -J", "-t net -r", "-t net -l", "-tnet -oNS,NETNSID,NSFS",
		"-t user -t pid", "-t mnt -t uts -t ipc -t cgroup -t time", "-t time -t time",
		"-o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS",
		"-o +PATH,UID,PPID", "-o ns,Type,nprocs", "-oNS,PNS,ONS", "--output=+pns", "-o NS,NS,TYPE",
		"-o NSFS", "-o NSFS -t net -W", "-o COMMAND,NS",
		"-p 1", "-p 1 -J", "--task=1 -l", "-p 0", "-p -1", "-p ' 1'", "-p +1",
		"-JlnuW -t net",
	)
	cases = append(cases, casesOf("C", "", "-r", "-J", "--output-all", "-t net")...)
	runDiff(t, cases)
}

// TestDiffTrees compares the process, owner and parent trees, with ghost
// namespaces (a user namespace whose only process exited, with a child).
func TestDiffTrees(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	startWorld(t)
	anchorShows(t, "-T -o NPROCS,TYPE,PNS -n -r", "0 user ")
	cases := casesOf("",
		"-T", "-Towner", "-T=owner", "--tree=owner", "--tree", "-Tparent", "--tree=parent", "-Tprocess",
		"-T -J", "-Tparent -J", "-Tprocess -J", "-T -r", "-Tparent -r", "-T -n",
		"-T -t pid", "-T -t net", "-T -t user", "-Tparent -t pid -o NS,PNS", "-T -t net -o NSFS",
		"-T -o TYPE,NPROCS", "-T -o NS,TYPE,PNS,ONS", "-T -o NS,TYPE,PNS,ONS,NPROCS,PID",
		"-T -p 1", "-Tparent -p 1", "-T --output-all", "-Tparent --output-all -J",
		"-J -t pid -t user", "-t net -T process",
	)
	cases = append(cases, casesOf("C", "-T", "-Tparent", "-r -T", "-t net -J")...)
	runDiff(t, cases)
}

// TestDiffCombinations compares option combinations 2.38.1 accepts: -l
// with -T (the tree wins), and both with the format and filter options.
func TestDiffCombinations(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	ino := startWorld(t)
	cases := casesOf("",
		"-l -T", "-T -l", "-l -Tparent", "--list --tree=process", "-Towner --list -J", "-l -T -r", "-l -T -n",
		"-l -T -t user", "-T -l -p 1", "-l -T -o NS,TYPE,PNS,ONS", "-l -t net", "-l -t net -r", "-T -t net -n",
		"-T -J", "-T -r -n", "-T -n -u -W", "-l -r -n", "-l -n -J", "-T -p 1 -J", ino+" -l -T", ino+" -T -l -J",
	)
	runDiff(t, cases)
}

// TestDiffProcessMode compares process mode (a namespace inode as
// argument) on a namespace lsns itself is not in.
func TestDiffProcessMode(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	ino := startWorld(t)
	anchorShows(t, ino+" -r", "sleep\\x201000")
	cases := casesOf("",
		ino, ino+" -l", ino+" -J", ino+" -r", ino+" -n", ino+" --output-all",
		ino+" -o PID,COMMAND", ino+" -o +NS,TYPE", "-l "+ino+" -J", "-- "+ino,
		ino+" -T", ino+" -Tparent -o NS,PID", ino+" 123", "-J "+ino+" -u",
	)
	runDiff(t, cases)
}

// TestDiffErrors compares every error message and exit status.
func TestDiffErrors(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	startWorld(t)
	cases := casesOf("",
		"-J -r", "-r -J", "--json --raw", "-t foo", "-t NET", "-o foo", "-o foo,PID", "-o NS,", "-o ,NS",
		"-o NS,,PID", "-o ''", "-o +", "-o +foo", "-o NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS,NS",
		"-p x", "-p 99999999999", "-p 1x", "-p ''", "-p 1 4026531837", "4026531837 -p 1",
		"x", "-- -1", "99999999999999999999", "123", "0 -l", "--foo", "--foo=bar", "-q", "-o", "--output", "-p",
		"--json=x", "--no", "--nowrap=1", "-Tfoo", "--tree=foo", "-T=foo", "-t foo -J -r", "-J -r -t foo",
		"-l --js", "--outp NS", "--output-a", "' 123'", "-- -5", "-- +123", "-p ' -7'", "--no=1", "--out=NS",
	)
	runDiff(t, cases)
}

// TestDiffTerminal compares truncation on a terminal.
func TestDiffTerminal(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	startWorld(t)
	var cases []diffCase
	for _, a := range []string{"", "-u", "-o COMMAND,PID", "-t net", "-T", "--output-all", "-r", "-J", "-l -o PID,COMMAND,NS"} {
		cases = append(cases, diffCase{args: a, cols: 60}, diffCase{args: a, cols: 120})
	}
	cases = append(cases, diffCase{args: "", cols: 60, lang: "C"})
	runDiff(t, cases)
}

// TestDiffUnprivileged: as nobody, both see only what they may read (their
// own process, whose PID differs between the runs, so no PID columns).
func TestDiffUnprivileged(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nobody := "setpriv --reuid=65534 --regid=65534 --clear-groups"
	cols := " -o NS,TYPE,NPROCS,USER,UID,PNS,ONS,NETNSID,NSFS,COMMAND"
	var cases []diffCase
	for _, a := range []string{"", "-J", "-T", "-Tparent", "-t net", "-p 1", "-r", "-l -t user"} {
		cases = append(cases, diffCase{args: a + cols, as: nobody})
	}
	runDiff(t, cases)
}

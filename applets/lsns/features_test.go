package lsns_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"nsbox/nslib/nstest"
)

// ours runs nsbox's lsns with ARGS (bash syntax) and returns the result.
func ours(t *testing.T, args string) nstest.Result {
	t.Helper()
	_, dir := tools(t)
	r := lsns(t, dir, "C.UTF-8", 0, args)
	if r.Panicked() {
		t.Fatalf("lsns %s panicked:\n%s", args, r.Stderr)
	}
	return r
}

func expect(t *testing.T, args string, code int, stdout string) {
	t.Helper()
	r := ours(t, args)
	if r.Code != code || r.Stdout != stdout {
		t.Errorf("lsns %s:\n got status %d stdout %q stderr %q\nwant status %d stdout %q", args, r.Code, r.Stdout, r.Stderr, code, stdout)
	}
}

func expectErr(t *testing.T, args string, stderr string) {
	t.Helper()
	r := ours(t, args)
	if r.Code != 1 || r.Stderr != stderr || r.Stdout != "" {
		t.Errorf("lsns %s:\n got status %d stdout %q stderr %q\nwant status 1 stderr %q", args, r.Code, r.Stdout, r.Stderr, stderr)
	}
}

func sh(t *testing.T, script string) string {
	t.Helper()
	r := nstest.Sh(t, script)
	if r.Code != 0 {
		t.Fatalf("%s: status %d: %s", script, r.Code, r.Stderr)
	}
	return strings.TrimSpace(r.Stdout)
}

// TestPersistent: namespaces only a bind mount keeps (util-linux 2.39 -P),
// with their nsid (2.42) and NSFS.
func TestPersistent(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	ino := sh(t, "ip netns add p1 && ip netns set p1 5 && stat -L -c %i /run/netns/p1")
	expect(t, "-P -n -r -o NS,TYPE,NPROCS,PID,USER,NETNSID,NSFS", 0, ino+" net 0  root 5 /run/netns/p1\n")
	expect(t, "-P -J -o NS,PID,COMMAND,NETNSID", 0, `{
   "namespaces": [
      {
         "ns": `+ino+`,
         "pid": null,
         "command": null,
         "netnsid": "5"
      }
   ]
}
`)
	if r := ours(t, "-t net -n -o NS"); !strings.Contains(r.Stdout, ino) {
		t.Errorf("lsns -t net does not list the persistent namespace %s:\n%s", ino, r.Stdout)
	}
}

// TestHeldByFD: a namespace whose name is gone but which a process holds
// open (util-linux 2.41, test lsns/filedesc).
func TestHeldByFD(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	ino := sh(t, `ip netns add held && ino=$(stat -L -c %i /run/netns/held)
sleep 1000 3</run/netns/held </dev/null >/dev/null 2>&1 & pid=$!
# The namespace must be open before its name goes.
for i in $(seq 300); do [ "$(stat -L -c %i /proc/$pid/fd/3 2>/dev/null)" = $ino ] && break; sleep 0.01; done
ip netns delete held; echo $ino`)
	expect(t, "-n -r -o TYPE,NPROCS,USER -Q 'NS == "+ino+"'", 0, "net 0 root\n")
}

// TestHeldBySocket: a namespace only a socket keeps (util-linux 2.41, test
// lsns/netns-from-sock): found with pidfd_getfd and SIOCGSKNS.
func TestHeldBySocket(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	ino := sh(t, `ip netns add sock && stat -L -c %i /run/netns/sock`)
	startHelper(t, "socket-netns", "NSBOX_LSNS_NETNS=/run/netns/sock")
	sh(t, "ip netns delete sock")
	expect(t, "-n -r -o NS,TYPE,NPROCS,PID,USER,COMMAND --filter 'NS == "+ino+"'", 0, ino+" net 0  root \n")
}

// startHelper runs the test binary as a helper and waits for "ready"; it
// lives until the sandbox's pid namespace ends. Its PID goes to
// /run/helper.pid.
func startHelper(t *testing.T, mode string, env ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), envHelper+"="+mode), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper %s: %q", mode, line)
	}
	if err := os.WriteFile("/run/helper.pid", []byte(strconv.Itoa(cmd.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestThreads: --threads finds a namespace that only one thread is in.
func TestThreads(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	startHelper(t, "thread-netns")
	pid := sh(t, "cat /run/helper.pid")
	found := sh(t, `for t in /proc/`+pid+`/task/*; do readlink $t/ns/net; done | sort -u | grep -vF "$(readlink /proc/`+pid+`/ns/net)" | tr -dc 0-9`)
	if found == "" {
		t.Fatal("the helper's thread has no namespace of its own")
	}
	if r := ours(t, "-t net -n -o NS"); strings.Contains(r.Stdout, found) {
		t.Errorf("without --threads, lsns found the thread's namespace %s", found)
	}
	r := ours(t, "--threads -t net -n -r -o NS,NPROCS,PID,PATH -Q 'NS == "+found+"'")
	f := strings.Fields(r.Stdout)
	if len(f) != 4 || f[0] != found || f[1] != "1" || f[2] != pid || !strings.HasPrefix(f[3], "/proc/"+pid+"/task/") {
		t.Errorf("lsns --threads: %q (status %d, %s)", r.Stdout, r.Code, r.Stderr)
	}
}

// TestOtherMountNamespace: a namespace bind-mounted only inside another
// mount namespace is found, its NSFS as seen there.
func TestOtherMountNamespace(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	ino := sh(t, `unshare -m --propagation private sh -c 'mount -t tmpfs inner /run && mkdir /run/netns && ip netns add hidden && stat -L -c %i /run/netns/hidden >&3 && exec sleep 1000 3>&-' 3>/run/hidden.ino </dev/null >/dev/null 2>&1 &
for i in $(seq 50); do [ -s /run/hidden.ino ] && break; sleep 0.1; done; cat /run/hidden.ino`)
	expect(t, "-P -n -r -o NS,TYPE,NPROCS,NSFS", 0, ino+" net 0 /run/netns/hidden\n")
}

// TestFilter: the -Q language (util-linux 2.41).
func TestFilter(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	sh(t, `ip netns add f1; ip netns add f2; ip netns set f2 9
unshare -n -u sleep 1000 </dev/null >/dev/null 2>&1 &
sleep 0.3`)
	f1 := sh(t, "stat -L -c %i /run/netns/f1")
	f2 := sh(t, "stat -L -c %i /run/netns/f2")
	lo, hi := f1, f2 // rows come sorted by inode
	if len(lo) > len(hi) || len(lo) == len(hi) && lo > hi {
		lo, hi = hi, lo
	}
	for _, tc := range []struct{ filter, want string }{
		{`NS == ` + f1, f1 + "\n"},
		{`NS == "` + f1 + `"`, f1 + "\n"},
		{`ns eq ` + f1 + ` or NS == ` + f2, lo + "\n" + hi + "\n"},
		{`NPROCS == 0 && NETNSID == "9"`, f2 + "\n"},
		{`NPROCS == 0 && !(NETNSID == '9')`, f1 + "\n"},
		{`NSFS =~ "f[12]$" && NS > ` + lo, hi + "\n"},
		{`NSFS !~ "^/run" && TYPE == "net" && NPROCS < 1`, ""},
		{`TYPE == "uts" && COMMAND =~ "^sleep" && PID >= 1 && NPROCS <= 1`, "~uts"},
	} {
		r := ours(t, "-t net -t uts -n -r -o NS -Q '"+tc.filter+"'")
		if strings.HasPrefix(tc.want, "~") {
			if r.Code != 0 || strings.Count(r.Stdout, "\n") != 1 {
				t.Errorf("-Q %s: %q (status %d %s)", tc.filter, r.Stdout, r.Code, r.Stderr)
			}
			continue
		}
		if r.Code != 0 || r.Stdout != tc.want {
			t.Errorf("-Q %s: got %q (status %d %s), want %q", tc.filter, r.Stdout, r.Code, r.Stderr, tc.want)
		}
	}
	// Columns named only in the filter are hidden: not in any format.
	expect(t, "-J -o TYPE -Q 'NS == "+f1+"'", 0, "{\n   \"namespaces\": [\n      {\n         \"type\": \"net\"\n      }\n   ]\n}\n")
	expectErr(t, "-Q 'NS =='", "lsns: failed to parse \"NS ==\": syntax error: unexpected end of expression, expecting a column, a number, a string or '(' (at offset 5)\n")
	expectErr(t, "-Q 'FOO == 1 || bar'", "lsns: unknown column: FOO\nlsns: unknown column: bar\nlsns: failed to initialize filter\n")
	expectErr(t, "-Q '(NS == 1'", "lsns: failed to parse \"(NS == 1\": syntax error: unexpected end of expression, expecting ')' (at offset 8)\n")
	expectErr(t, "-Q 'NS =~ 1'", "lsns: failed to parse \"NS =~ 1\": the right side of =~ must be a string (at offset 6)\n")
}

// lsnsColumns is util-linux's infos[] (name, JSON type, help), the rows of
// -H in util-linux 2.42, and nsbox's ID.
var lsnsColumns = [][3]string{
	{"NS", "<integer>", "namespace identifier (inode number)"},
	{"TYPE", "<string>", "kind of namespace"},
	{"PATH", "<string>", "path to the namespace"},
	{"NPROCS", "<integer>", "number of processes in the namespace"},
	{"PID", "<integer>", "lowest PID in the namespace"},
	{"PPID", "<integer>", "PPID of the PID"},
	{"COMMAND", "<string>", "command line of the PID"},
	{"UID", "<integer>", "UID of the PID"},
	{"USER", "<string>", "username of the PID"},
	{"NETNSID", "<string>", "namespace ID as used by network subsystem"},
	{"NSFS", "<string>", "nsfs mountpoint (usually used network subsystem)"},
	{"PNS", "<integer>", "parent namespace identifier (inode number)"},
	{"ONS", "<integer>", "owner namespace identifier (inode number)"},
	{"ID", "<integer>", "64-bit namespace identifier (NS_GET_ID), as nsenter -n:ID takes"}, // nsbox
}

// TestListColumns: -H is util-linux 2.42's column-list table "lsns-columns"
// (columns HOLDER, TYPE, DESCRIPTION, no headings), honouring -J and -r
// given before it (-H ends the option loop, so later ones are not seen).
func TestListColumns(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	var raw, jsonOut strings.Builder
	jsonOut.WriteString("{\n   \"lsns-columns\": [\n")
	for i, c := range lsnsColumns {
		// raw: libsmartcols escapes blanks as \x20
		fmt.Fprintf(&raw, "%s %s %s\n", c[0], c[1], strings.ReplaceAll(c[2], " ", `\x20`))
		sep := "      {"
		if i > 0 {
			sep = "},{"
		}
		fmt.Fprintf(&jsonOut, "%s\n         \"holder\": \"%s\",\n         \"type\": \"%s\",\n         \"description\": \"%s\"\n      ", sep, c[0], c[1], c[2])
	}
	jsonOut.WriteString("}\n   ]\n}\n")
	for _, args := range []string{"-r -H", "--raw --list-columns", "-n -r -H", "-rH"} {
		expect(t, args, 0, raw.String())
	}
	for _, args := range []string{"-J -H", "-JH", "-n -J -u -H"} {
		expect(t, args, 0, jsonOut.String())
	}
	r := ours(t, "-H")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "     NS <integer> namespace identifier (inode number)\n   TYPE <string>  kind of namespace\n") || strings.Count(r.Stdout, "\n") != len(lsnsColumns) {
		t.Errorf("-H: %q", r.Stdout)
	}
	// Options after -H are never read: -H -r is the plain table.
	if r2 := ours(t, "-H -r -J"); r2.Code != 0 || r2.Stdout != r.Stdout {
		t.Errorf("-H -r -J: status %d %q, want the plain table", r2.Code, r2.Stdout)
	}
	// Its output is valid JSON with one object per column.
	var doc map[string][]map[string]string
	if err := json.Unmarshal([]byte(jsonOut.String()), &doc); err != nil || len(doc["lsns-columns"]) != len(lsnsColumns) {
		t.Errorf("-J -H: not the expected JSON: %v", err)
	}
}

// TestNewerExclusions: -P (2.39) with -p is refused in the newest
// util-linux's words, naming first the option met first; -l with -T stays
// accepted (TestDiffCombinations).
func TestNewerExclusions(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	expectErr(t, "-P -p 1", "lsns: options --persistent and --task cannot be combined\n")
	expectErr(t, "--task=1 --persistent", "lsns: options --task and --persistent cannot be combined\n")
	expectErr(t, "-J -P -n -p 1", "lsns: options --persistent and --task cannot be combined\n")
	// The first refusal met ends the run, as err_exclusive_options exits.
	expectErr(t, "-p 1 -P -J -r", "lsns: options --task and --persistent cannot be combined\n")
	expectErr(t, "-J -r -p 1 -P", "lsns: mutually exclusive arguments: --json --raw\n")
	expect(t, "-P -P -n -o TYPE -t time", 0, "")
}

// TestNoProc: with no /proc, lsns says so in one line, status 1. Of
// util-linux, 2.38.1 lists nothing (status 0) unless it wants NSFS, then
// fails on the mount table (status 32, as the newest always does).
func TestNoProc(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	noProc := `unshare -m --propagation private sh -c 'while umount -l /proc 2>/dev/null; do :; done; exec "$0" "$@"'`
	ul, dir := tools(t)
	for args, want := range map[string]nstest.Result{
		"":        {}, // an empty table: not even the headings
		"-t net":  {Stderr: "lsns: failed to parse /proc/self/mountinfo: No such file or directory\n", Code: 32},
		"-J -p 1": {Stdout: "{\n   \"namespaces\": [\n\n   ]\n}\n"},
	} {
		if r := lsnsAs(t, noProc, ul, "C.UTF-8", 0, args); r != want {
			t.Errorf("util-linux 2.38.1 lsns %s without /proc: %+v, docs/lsns.md says %+v", args, r, want)
		}
	}
	for _, args := range []string{"", "-t net", "-J -p 1", "-T", "4026531836", "-P -n"} {
		r := lsnsAs(t, noProc, dir, "C.UTF-8", 0, args)
		if r.Code != 1 || r.Stdout != "" || r.Stderr != "lsns: cannot list namespaces: /proc is not mounted\n" {
			t.Errorf("lsns %s without /proc: status %d stdout %q stderr %q", args, r.Code, r.Stdout, r.Stderr)
		}
	}
	// -H scans nothing and needs no /proc.
	if r := lsnsAs(t, noProc, dir, "C.UTF-8", 0, "-r -H"); r.Code != 0 || !strings.HasPrefix(r.Stdout, "NS <integer> ") {
		t.Errorf("lsns -r -H without /proc: status %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
}

// TestVanishingProcesses: processes that exit while lsns reads them are
// skipped, never an error.
func TestVanishingProcesses(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	_, dir := tools(t)
	r := nstest.Sh(t, `PATH=`+dir+`:$PATH
(for i in $(seq 3000); do /bin/true & unshare -n /bin/true & done; wait) >/dev/null 2>&1 &
fails=0
for i in $(seq 30); do lsns -J --output-all >/dev/null 2>/run/err || fails=$((fails+1)); [ -s /run/err ] && fails=$((fails+1)); done
wait; echo $fails`)
	if strings.TrimSpace(r.Stdout) != "0" {
		t.Errorf("lsns failed %s times while processes came and went (%s)", r.Stdout, r.Stderr)
	}
}

// TestJSONEnv: LIBSMARTCOLS_JSON=compact and =lines (the newest util-linux's
// libsmartcols). 2.38.1 does not read the variable, so these are
// expectations (from util-linux's jsonwrt.c and its column tests), not
// differential tests.
func TestJSONEnv(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	// A process tree in a network namespace of its own: unshare, its child
	// sleep 1001, and that one's child sleep 1000.
	ino := sh(t, `unshare -n --fork sh -c 'sleep 1000 & exec sleep 1001' </dev/null >/dev/null 2>&1 &
pid=$! self=$(readlink /proc/self/ns/net)
for i in $(seq 50); do
	ns=$(readlink /proc/$pid/ns/net)
	[ "$ns" != "$self" ] && [ "$(for p in $(pgrep -x sleep); do readlink /proc/$p/ns/net; done | grep -cF "$ns")" = 2 ] && break
	sleep 0.1
done
echo "$ns" | tr -dc 0-9`)
	persistent := sh(t, "ip netns add j1 && ip netns set j1 5 && stat -L -c %i /run/netns/j1")
	_, dir := tools(t)
	run := func(value, args string) nstest.Result {
		t.Helper()
		as := ""
		if value != "-" {
			as = "env LIBSMARTCOLS_JSON='" + value + "'"
		}
		r := lsnsAs(t, as, dir, "C.UTF-8", 0, args)
		if r.Code != 0 || r.Stderr != "" || r.Panicked() {
			t.Errorf("LIBSMARTCOLS_JSON=%s lsns %s: status %d, stderr %q", value, args, r.Code, r.Stderr)
		}
		return r
	}
	cell := func(cmd string) string { return `"ns":` + ino + `,"nsfs":null,"command":"` + cmd + `"` }
	unshare, s1001, s1000 := cell("unshare -n --fork sh -c sleep 1000 & exec sleep 1001"), cell("sleep 1001"), cell("sleep 1000")
	tree := "{" + unshare + `,"children":[{` + s1001 + `,"children":[{` + s1000 + "}]}]}"
	pers := `{"ns":` + persistent + `,"pid":null,"command":null,"netnsid":"5"}`
	for _, tc := range []struct{ value, args, want string }{
		{"compact", ino + " -J -o NS,NSFS,COMMAND", "{\"namespaces\":[\n" + tree + "\n]}\n"},
		{"lines", ino + " -J -o NS,NSFS,COMMAND", tree + "\n"},
		{"compact", ino + " -J -l -o NS,NSFS,COMMAND", "{\"namespaces\":[\n{" + unshare + "},\n{" + s1001 + "},\n{" + s1000 + "}\n]}\n"},
		{"lines", ino + " -J -l -o NS,NSFS,COMMAND", "{" + unshare + "}\n{" + s1001 + "}\n{" + s1000 + "}\n"},
		{"compact", "-P -J -o NS,PID,COMMAND,NETNSID", "{\"namespaces\":[\n" + pers + "\n]}\n"},
		{"lines", "-P -J -o NS,PID,COMMAND,NETNSID", pers + "\n"},
		{"compact", "-J -Q 'NS == 1'", "{\"namespaces\":[\n]}\n"},
		{"lines", "-J -Q 'NS == 1'", ""},
		{"lines", ino + " -r -o NS", "NS\n" + ino + "\n" + ino + "\n" + ino + "\n"}, // JSON only
	} {
		if r := run(tc.value, tc.args); r.Stdout != tc.want {
			t.Errorf("LIBSMARTCOLS_JSON=%s lsns %s:\n got %q\nwant %q", tc.value, tc.args, r.Stdout, tc.want)
		}
	}
	if r := run("compact", "-J -H"); !strings.HasPrefix(r.Stdout, "{\"lsns-columns\":[\n{\"holder\":\"NS\",\"type\":\"<integer>\",") {
		t.Errorf("LIBSMARTCOLS_JSON=compact lsns -J -H: %q", r.Stdout)
	}
	// Any other value, "pretty" included, is the default, without a word
	// (libsmartcols compares with strcmp).
	args := ino + " -J -o NS,NSFS,COMMAND"
	pretty := run("-", args).Stdout
	if !strings.HasPrefix(pretty, "{\n   \"namespaces\": [\n      {\n         \"ns\": "+ino+",\n") {
		t.Fatalf("lsns %s: %q", args, pretty)
	}
	for _, v := range []string{"", "pretty", "bogus", "COMPACT", "lines "} {
		if r := run(v, args); r.Stdout != pretty {
			t.Errorf("LIBSMARTCOLS_JSON=%q lsns %s: %q, want the default %q", v, args, r.Stdout, pretty)
		}
	}
}

// A command line with control bytes, quotes and bytes that are not UTF-8
// comes out of lsns -J as valid JSON that decodes to it (the stray bytes
// as U+FFFD), in every JSON format.
func TestJSONCommandDecodes(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	argv0 := "a\x01b\x1fc\x7fd\"e\\f\tg\xffh é"
	cmd := exec.Command("/bin/sleep", "1000")
	cmd.Args[0] = argv0
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUTS}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	want := strings.ToValidUTF8(argv0, "\ufffd") + " 1000" // one stray byte
	_, dir := tools(t)
	type row struct {
		PID     int
		Command string
	}
	for _, format := range []string{"pretty", "compact", "lines"} {
		r := lsnsAs(t, "env LIBSMARTCOLS_JSON="+format, dir, "C.UTF-8", 0, "-J -l -t uts -o PID,COMMAND")
		var rows []row
		if format == "lines" { // a row a line, no wrapper
			for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
				var one row
				if err := json.Unmarshal([]byte(line), &one); err != nil {
					t.Fatalf("%s: %v: %q", format, err, r.Stdout)
				}
				rows = append(rows, one)
			}
		} else {
			var doc struct{ Namespaces []row }
			if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil {
				t.Fatalf("%s: %v: %q", format, err, r.Stdout)
			}
			rows = doc.Namespaces
		}
		if !slices.Contains(rows, row{cmd.Process.Pid, want}) {
			t.Errorf("%s: no row {%d %q} in %+v", format, cmd.Process.Pid, want, rows)
		}
	}
}

// TestOutputAllID: --output-all ends with nsbox's ID column, each
// namespace's NS_GET_ID as the test reads it from the namespace file itself
// (the ioctl's x86 number, _IOR(0xb7, 13, u64)); -o ID,NS agrees, and the
// ids are unique. (listns() and nsenter -n:ID: TestNSIDVM, Linux 6.19.)
func TestOutputAllID(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skip("NS_GET_ID's number here is the generic _IOR's")
	}
	sh(t, "ip netns add idnet")
	want := map[string]string{} // inode → id
	for _, typ := range []string{"net", "mnt", "user", "pid", "uts"} {
		for _, path := range []string{"/proc/self/ns/" + typ, "/run/netns/idnet"} {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			var id uint64
			var st syscall.Stat_t
			_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), 0x8008b70d, uintptr(unsafe.Pointer(&id)))
			if errno == syscall.ENOTTY {
				t.Skip("no NS_GET_ID before Linux 6.18")
			}
			if errno != 0 || syscall.Fstat(int(f.Fd()), &st) != nil {
				t.Fatalf("%s: NS_GET_ID: %v", path, errno)
			}
			f.Close()
			want[strconv.FormatUint(st.Ino, 10)] = strconv.FormatUint(id, 10)
		}
	}
	r := ours(t, "--output-all -n -r")
	if r.Code != 0 {
		t.Fatalf("--output-all: status %d %s", r.Code, r.Stderr)
	}
	byIno := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		f := strings.Fields(line)
		byIno[f[0]] = f[len(f)-1]
	}
	for ino, id := range want {
		if byIno[ino] != id {
			t.Errorf("--output-all: namespace %s has ID %q, want %s", ino, byIno[ino], id)
		}
	}
	r = ours(t, "-n -r -o ID,NS")
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || seen[f[0]] || byIno[f[1]] != f[0] {
			t.Errorf("-o ID,NS: row %q (a missing or repeated id, or not --output-all's)", line)
		}
		seen[f[0]] = true
	}
}

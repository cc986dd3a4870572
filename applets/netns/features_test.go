package netns_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsbox/nslib/nstest"
)

// nsScript runs a bash script in which ns is `nsbox netns` and fails the
// test when it exits non-zero; it returns stdout.
// monitorWaits: "watching PID" waits until the monitor PID (or its child:
// "ns monitor &" forks a subshell first) has its inotify watch on the run
// dir; "listening N" until N netlink sockets of this network namespace
// receive nsid events (RTNLGRP_NSID, group 28). Both fail after 5 s.
const monitorWaits = `watching() { for i in $(seq 500); do for p in $1 $(pgrep -P $1); do grep -qs 'inotify wd' /proc/$p/fdinfo/* && return; done; sleep 0.01; done; echo "$1: no inotify watch" >&2; return 1; }
listening() { for i in $(seq 500); do [ $(awk '$2 == 0 && $4 == "08000000"' /proc/net/netlink | wc -l) -ge $1 ] && return; sleep 0.01; done; echo "not $1 nsid listeners" >&2; return 1; }
`

func nsScript(t *testing.T, script string) string {
	t.Helper()
	r := nstest.Sh(t, prelude(nstest.Binary(t))+monitorWaits+"set -e\n"+script)
	if r.Code != 0 {
		t.Fatalf("script failed with status %d:\n%s\nstdout: %s\nstderr: %s", r.Code, script, r.Stdout, r.Stderr)
	}
	return r.Stdout
}

// nsRun runs one nsbox netns command.
func nsRun(t *testing.T, args ...string) nstest.Result {
	t.Helper()
	return nstest.Run(t, "", append([]string{nstest.Binary(t), "netns"}, args...)...)
}

func wantRun(t *testing.T, r nstest.Result, code int, stdout string) {
	t.Helper()
	if r.Code != code || r.Stdout != stdout {
		t.Errorf("got status %d stdout %q (stderr %q), want status %d stdout %q", r.Code, r.Stdout, r.Stderr, code, stdout)
	}
}

// sleeper starts `sleep` inside namespace name and returns its PID; it is
// killed when the test ends.
func sleeper(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := "exec sleep 1000"
	if len(args) > 0 {
		cmd = args[0]
	}
	pid := strings.TrimSpace(nsScript(t, `f=$(mktemp); ns exec `+name+` sh -c 'echo $$ >'$f'; `+cmd+`' >/dev/null 2>&1 </dev/null &
for i in $(seq 200); do [ -s $f ] && break; sleep 0.01; done; cat $f; rm $f`))
	t.Cleanup(func() { nstest.Sh(t, "kill -9 "+pid+" 2>/dev/null") })
	return pid
}

func TestRename(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add a; ns set a 5; ns add c")
	pid := sleeper(t, "a")
	// A monitor sees the order of the two names: new first, old after.
	mon := t.TempDir() + "/mon"
	nsScript(t, "ns monitor >"+mon+" 2>&1 & echo $! >"+mon+".pid; watching $!")
	wantRun(t, nsRun(t, "rename", "a", "b"), 0, "")
	wantRun(t, nsRun(t, "list"), 0, "b (id: 5)\nc\n")
	wantRun(t, nsRun(t, "identify", pid), 0, "b\n")
	wantRun(t, nsRun(t, "pids", "b"), 0, pid+"\n")
	if out := nsScript(t, "kill -0 "+pid+" && echo alive"); out != "alive\n" {
		t.Errorf("the process inside did not survive the rename")
	}
	if n := nstest.NSFSCount(t); n != 2 {
		t.Errorf("nsfs mounts after rename: %d, want 2", n)
	}
	nsScript(t, "for i in $(seq 500); do [ $(wc -l <"+mon+") -ge 2 ] && break; sleep 0.01; done; kill $(cat "+mon+".pid)")
	if got, _ := os.ReadFile(mon); string(got) != "add b\ndelete a\n" {
		t.Errorf("monitor during rename: %q, want the new name before the old one goes", got)
	}

	// Onto an existing name: refused, both names untouched.
	r := nsRun(t, "rename", "b", "c")
	if r.Code != 1 || !strings.Contains(r.Stderr, "File exists") {
		t.Errorf("rename onto an existing name: status %d stderr %q", r.Code, r.Stderr)
	}
	wantRun(t, nsRun(t, "identify", pid), 0, "b\n")
	// Bad input: nothing left behind.
	for _, args := range [][]string{{"rename"}, {"rename", "b"}, {"rename", "nosuch", "d"}, {"rename", "b", "x/y"},
		{"rename", "b", ".."}, {"rename", "..", "d"}, {"rename", "b", strings.Repeat("x", 256)}} {
		r := nsRun(t, args...)
		if r.Code == 0 || strings.Count(r.Stderr, "\n") != 1 {
			t.Errorf("%q: status %d stderr %q, want one error line", args, r.Code, r.Stderr)
		}
	}
	nsScript(t, "touch /run/netns/stale")
	if r := nsRun(t, "rename", "stale", "d"); r.Code != 1 {
		t.Errorf("rename of a stale placeholder: status %d", r.Code)
	}
	if got, n := nsScript(t, "ls -A /run/netns"), nstest.NSFSCount(t); got != "b\nc\nstale\n" || n != 2 {
		t.Errorf("state after failed renames: %q, %d nsfs mounts", got, n)
	}
	// The renamed namespace is fully usable under its new name.
	wantRun(t, nsRun(t, "exec", "b", "ip", "netns", "identify"), 0, "b\n")
}

func TestSetUpDown(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x")
	lo := func() string {
		return strings.Fields(nsScript(t, "ip -n x -br link show lo"))[1]
	}
	if s := lo(); s != "DOWN" {
		t.Fatalf("a new namespace's lo is %s", s)
	}
	wantRun(t, nsRun(t, "set", "x", "up"), 0, "")
	if s := lo(); s != "UNKNOWN" {
		t.Errorf("after set up: lo is %s", s)
	}
	// Connecting to a closed port on an up lo is refused, not unreachable.
	if out := nsScript(t, "ns exec x bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' 2>&1 | grep -q refused && echo ok"); out != "ok\n" {
		t.Errorf("lo is not usable after set up")
	}
	wantRun(t, nsRun(t, "set", "x", "down"), 0, "")
	if s := lo(); s != "DOWN" {
		t.Errorf("after set down: lo is %s", s)
	}
	// up/down do not assign an nsid.
	wantRun(t, nsRun(t, "list"), 0, "x\n")
	r := nsRun(t, "set", "nosuch", "up")
	if r.Code != 1 || r.Stderr != "Cannot open network namespace \"nosuch\": No such file or directory\n" {
		t.Errorf("set nosuch up: %d %q", r.Code, r.Stderr)
	}
	nsScript(t, "touch /run/netns/st")
	if r := nsRun(t, "set", "st", "up"); r.Code != 2 || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("set on a stale placeholder: %d %q", r.Code, r.Stderr)
	}
}

func TestListAllAndJSON(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add a; ns add b; ns set b 3")
	p1 := sleeper(t, "a")
	p2 := sleeper(t, "a")
	pids := p1 + " " + p2
	n2, _ := strconv.Atoi(p2)
	if n1, _ := strconv.Atoi(p1); n2 < n1 { // /proc order is ascending
		pids = p2 + " " + p1
	}
	wantRun(t, nsRun(t, "list", "all"), 0, "b (id: 3):\na: "+pids+"\n")
	wantRun(t, nsRun(t, "-j", "list", "all"), 0,
		`[{"name":"b","id":3,"pids":[]},{"name":"a","pids":[`+strings.ReplaceAll(pids, " ", ",")+`]}]`+"\n")
	wantRun(t, nsRun(t, "-j", "pids", "a"), 0, `[{"pid":`+strings.ReplaceAll(pids, " ", `},{"pid":`)+`}]`+"\n")
	wantRun(t, nsRun(t, "-j", "pids", "b"), 0, "[]\n")
	wantRun(t, nsRun(t, "-j", "identify", p1), 0, `[{"name":"a"}]`+"\n")
	// JSON identify lists every name of the namespace, not just the last.
	nsScript(t, "ns attach a2 "+p1)
	wantRun(t, nsRun(t, "-j", "identify", p1), 0, `[{"name":"a2"},{"name":"a"}]`+"\n")
	wantRun(t, nsRun(t, "identify", p1), 0, "a\n")
	wantRun(t, nsRun(t, "-j", "identify"), 0, "[]\n")
	wantRun(t, nsRun(t, "-j", "-p", "pids", "b"), 0, "[ ]\n")
}

func TestDeleteKill(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x; ns add y")
	p1 := sleeper(t, "x")
	p2 := sleeper(t, "x", `trap "" TERM; while :; do sleep 0.05; done`) // needs SIGKILL
	other := sleeper(t, "y")
	start := time.Now()
	wantRun(t, nsRun(t, "delete", "--kill", "x"), 0, "")
	t.Logf("delete --kill took %v", time.Since(start))
	for _, p := range []string{p1, p2} {
		// A zombie is dead: the sandbox's init may not have reaped it yet.
		if st := nsScript(t, "ps -o stat= -p "+p+" || true"); st != "" && !strings.HasPrefix(st, "Z") {
			t.Errorf("process %s still runs after delete --kill (state %q)", p, st)
		}
	}
	if nsScript(t, "kill -0 "+other+" && echo alive") != "alive\n" {
		t.Errorf("a process in another namespace was killed")
	}
	wantRun(t, nsRun(t, "list"), 0, "y\n")
	if n := nstest.NSFSCount(t); n != 1 {
		t.Errorf("nsfs mounts: %d", n)
	}
	// --kill on an empty namespace, a missing one, and a stale placeholder.
	nsScript(t, "ns add e; touch /run/netns/st")
	wantRun(t, nsRun(t, "delete", "--kill", "e"), 0, "")
	wantRun(t, nsRun(t, "delete", "--kill", "st"), 0, "")
	if r := nsRun(t, "delete", "--kill", "nosuch"); r.Code != 1 ||
		r.Stderr != "Cannot remove namespace file \"/run/netns/nosuch\": No such file or directory\n" {
		t.Errorf("delete --kill nosuch: %d %q", r.Code, r.Stderr)
	}
	wantRun(t, nsRun(t, "list"), 0, "y\n")
}

// TestDeleteKillHome: --kill and --evacuate never touch the caller's own
// network namespace nor PID 1's (here the sandbox's init, the test process,
// plays PID 1): one line, status 1, nothing killed, nothing deleted; -all
// skips such names, deletes the rest and exits 1.
func TestDeleteKillHome(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	nsScript(t, "ns attach default 1; ns add x; ns add y")
	home := sleeper(t, "default") // in PID 1's namespace, which is also the caller's
	inX := sleeper(t, "x")
	alive := func(pids ...string) {
		t.Helper()
		for _, p := range pids {
			if nsScript(t, "kill -0 "+p+" 2>/dev/null && echo alive || true") != "alive\n" {
				t.Fatalf("process %s was killed", p)
			}
		}
	}
	refused := func(r nstest.Result, stderr string) {
		t.Helper()
		if r.Code != 1 || r.Stdout != "" || r.Stderr != stderr {
			t.Errorf("got status %d stdout %q stderr %q, want status 1 and stderr %q", r.Code, r.Stdout, r.Stderr, stderr)
		}
	}
	const own = "it is the caller's own network namespace"
	for _, opts := range [][]string{{"--kill"}, {"--evacuate"}, {"--kill", "--evacuate"}, {"--evacuate", "--kill"}} {
		want := "netns: refusing to delete \"default\" with " + strings.Join(opts, " ")
		if opts[0] == "--evacuate" && len(opts) == 2 {
			want = "netns: refusing to delete \"default\" with --kill --evacuate"
		}
		refused(nsRun(t, append(append([]string{"delete"}, opts...), "default")...), want+": "+own+"\n")
	}
	// From inside x, "default" is only PID 1's namespace and x is the caller's own.
	refused(nstest.Run(t, "", bin, "netns", "exec", "x", bin, "netns", "delete", "--kill", "default"),
		"netns: refusing to delete \"default\" with --kill: it is PID 1's network namespace\n")
	refused(nstest.Run(t, "", bin, "netns", "exec", "x", bin, "netns", "delete", "--kill", "x"),
		"netns: refusing to delete \"x\" with --kill: "+own+"\n")
	alive(home, inX)
	wantRun(t, nsRun(t, "list"), 0, "y\nx\ndefault\n")
	// Plain delete of the caller's own namespace's name only unmounts it.
	nsScript(t, "ns attach self 1")
	wantRun(t, nsRun(t, "delete", "self"), 0, "")
	// -all: default is skipped with a message, x (and its process) and y go.
	r := nsRun(t, "-all", "delete", "--kill")
	if r.Code != 1 || r.Stderr != "netns: skipping \"default\": "+own+"\n" {
		t.Errorf("-all delete --kill: status %d stderr %q", r.Code, r.Stderr)
	}
	alive(home)
	if st := nsScript(t, "ps -o stat= -p "+inX+" || true"); st != "" && !strings.HasPrefix(st, "Z") {
		t.Errorf("process %s in x still runs after -all delete --kill (state %q)", inX, st)
	}
	wantRun(t, nsRun(t, "list"), 0, "default\n")
}

// TestDeleteEvacuate checks the part that runs here: virtual devices stay
// (and die with the namespace). Moving a physical device home needs one,
// so that half is tested in the VM (spec/hwsim-vm.md).
func TestDeleteEvacuate(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, `ns add x; ip link add va type veth peer name vb; ip link set vb netns x
ip -n x link add vc type veth peer name vd; ip -n x link add br0 type bridge`)
	r := nsRun(t, "delete", "--evacuate", "x")
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("delete --evacuate: %d %q", r.Code, r.Stderr)
	}
	out := nsScript(t, `for i in $(seq 200); do ip link show va >/dev/null 2>&1 || break; sleep 0.01; done
ip -br link | awk '{print $1}' | sort | tr '\n' ' '`)
	if out != "lo " {
		t.Errorf("links here after evacuating only virtual devices: %q (want lo only: va died with its peer)", out)
	}
	wantRun(t, nsRun(t, "list"), 0, "")
	nsScript(t, "ns add y; ns exec y sleep 0 ")
	wantRun(t, nsRun(t, "delete", "--evacuate", "--kill", "y"), 0, "")
}

func TestStaleRecovery(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add a; : >/run/netns/st; chmod 0 /run/netns/st")
	r := nsRun(t, "list")
	wantRun(t, r, 0, "st\na\n")
	if r.Stderr != "" {
		t.Errorf("list of a stale placeholder printed %q", r.Stderr)
	}
	wantRun(t, nsRun(t, "-j", "list"), 0, `[{"name":"st","stale":true},{"name":"a"}]`+"\n")
	r = nsRun(t, "exec", "st", "true")
	if r.Code != 255 || !strings.Contains(r.Stderr, "stale") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("exec on a stale placeholder: %d %q, want 255 and a clear one-line error", r.Code, r.Stderr)
	}
	r = nsRun(t, "-n", "st", "list")
	if r.Code != 255 || !strings.Contains(r.Stderr, "stale") {
		t.Errorf("-n on a stale placeholder: %d %q", r.Code, r.Stderr)
	}
	// add takes the placeholder over: a working namespace afterwards.
	wantRun(t, nsRun(t, "add", "st"), 0, "")
	wantRun(t, nsRun(t, "-j", "list"), 0, `[{"name":"st"},{"name":"a"}]`+"\n")
	wantRun(t, nsRun(t, "exec", "st", "ip", "netns", "identify"), 0, "st\n")
	if n := nstest.NSFSCount(t); n != 2 {
		t.Errorf("nsfs mounts: %d", n)
	}
	// attach too, and delete removes a placeholder cleanly.
	nsScript(t, ": >/run/netns/st2; chmod 0 /run/netns/st2")
	wantRun(t, nsRun(t, "attach", "st2", "1"), 0, "")
	nsScript(t, ": >/run/netns/st3; chmod 0 /run/netns/st3")
	r = nsRun(t, "delete", "st3")
	wantRun(t, r, 0, "")
	if r.Stderr != "" {
		t.Errorf("delete of a placeholder: %q", r.Stderr)
	}
	// A non-empty file is not a placeholder: add still refuses it.
	nsScript(t, "echo data >/run/netns/file")
	if r := nsRun(t, "add", "file"); r.Code != 1 || !strings.Contains(r.Stderr, "File exists") {
		t.Errorf("add over a non-empty file: %d %q", r.Code, r.Stderr)
	}
	if got := nsScript(t, "cat /run/netns/file; ls -A /run/netns | sort | tr '\n' ' '"); got != "data\na file st st2 " {
		t.Errorf("state: %q", got)
	}
}

func TestDeleteSymlink(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add foo; ln -s /run/netns/foo /run/netns/link; mkdir -p /run/docker; touch /run/docker/ns1; mount --bind /run/netns/foo /run/docker/ns1; ln -s /run/docker/ns1 /run/netns/dock")
	wantRun(t, nsRun(t, "delete", "link"), 0, "")
	wantRun(t, nsRun(t, "delete", "dock"), 0, "")
	wantRun(t, nsRun(t, "-j", "list"), 0, `[{"name":"foo"}]`+"\n")
	wantRun(t, nsRun(t, "exec", "foo", "ip", "netns", "identify"), 0, "foo\n")
	if got, n := nsScript(t, "stat -f -c %T /run/docker/ns1"), nstest.NSFSCount(t); got != "nsfs\n" || n != 2 {
		t.Errorf("the symlinks' targets were touched: %q, %d nsfs mounts", got, n)
	}
}

// exec keeps the cgroup tree the host has at /sys/fs/cgroup (iproute2
// loses it with the old /sys), and /sys is the namespace's own sysfs.
func TestExecSys(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x; ip link add va type veth peer name vb; ip link set vb netns x")
	const cg = "findmnt -rn -o TARGET,FSTYPE,OPTIONS -R /sys/fs/cgroup | sort"
	outside := nsScript(t, cg)
	if outside == "" {
		t.Skip("no cgroup file system at /sys/fs/cgroup")
	}
	inside := nsScript(t, "ns exec x sh -c '"+cg+"'")
	if inside != outside {
		t.Errorf("cgroup mounts inside exec differ:\n outside:\n%s inside:\n%s", outside, inside)
	}
	// The tree is usable, not just mounted: the process finds its own cgroup.
	if got := nsScript(t, `ns exec x sh -c 'ls /sys/fs/cgroup | sort | tr "\n" " "'`); got != nsScript(t, `ls /sys/fs/cgroup | sort | tr "\n" " "`) {
		t.Errorf("cgroup directory inside: %q", got)
	}
	if got := nsScript(t, "ns exec x ls /sys/class/net | tr '\n' ' '"); got != "lo vb " {
		t.Errorf("/sys/class/net inside: %q", got)
	}
	if got := nsScript(t, "ns exec x findmnt -n -o FSTYPE,SOURCE /sys | tr -s ' '"); got != "sysfs x\n" {
		t.Errorf("/sys inside: %q", got)
	}
	// The forked variants (-all, batch) get the same.
	if got := nsScript(t, "ns -all exec sh -c '"+cg+"'"); got != "\nnetns: x\n"+outside {
		t.Errorf("-all exec cgroup mounts: %q", got)
	}
}

func TestExecNoFDLeak(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x")
	// The baseline is ls run directly: 0, 1, 2, ls's own directory fd, and
	// whatever this test inherited without close-on-exec (not nsbox's doing).
	fds := func(r nstest.Result) string {
		lines := strings.Split(r.Stdout, "\n")
		var out []string
		for _, l := range lines {
			if l != "" && !strings.HasPrefix(l, "netns:") {
				out = append(out, l)
			}
		}
		return strings.Join(out, " ")
	}
	bin := nstest.Binary(t)
	want := fds(nstest.Run(t, "", "ls", "/proc/self/fd"))
	for _, argv := range [][]string{
		{bin, "netns", "exec", "x", "ls", "/proc/self/fd"},
		{bin, "netns", "-all", "exec", "ls", "/proc/self/fd"},
		{bin, "netns", "-n", "x", "exec", "x", "ls", "/proc/self/fd"},
		{bin, "netns", "-b", "-"},
	} {
		if got := fds(nstest.Run(t, "netns exec x ls /proc/self/fd\n", argv...)); got != want {
			t.Errorf("%q: fds %q, want %q", argv[1:], got, want)
		}
	}
}

// A name that lives for less than the monitor's 2 ms poll can go unseen
// (its add and delete then cancel out), so each step here waits until
// both monitors have reported the one before.
func TestMonitor(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	dir := t.TempDir()
	// Output to a file: every line must reach it while the monitor runs.
	nsScript(t, "ns monitor >"+dir+"/names 2>&1 & echo $! >"+dir+"/m1; watching $!; ns monitor all >"+dir+"/all 2>&1 & echo $! >"+dir+"/m2; watching $!; listening 1")
	nsScript(t, `cd `+dir+`
seen() { for j in $(seq 500); do grep -qx "$1" names && grep -qx "$1" all && return; sleep 0.01; done; echo "unseen: $1" >&2; return 1; }
ns add a; ns attach b $$; ns add c; seen "add c"; ns del a
ns attach bad 999999 || true   # a failed add: never reported
ns add c 2>/dev/null || true   # refused at once: nothing happens
ns set c 7; for j in $(seq 500); do grep -q '^nsid 7' all && break; sleep 0.01; done; ns del c
for i in $(seq 10); do ns add r$i; seen "add r$i"; ns rename r$i s$i; seen "delete r$i"; ns del s$i; done; seen "delete s10"`)
	// The kernel's workers tear c down, and only then is its nsid deleted:
	// seconds on a busy machine.
	nsScript(t, "end=$((SECONDS+20)); while [ $SECONDS -lt $end ] && ! grep -q 'Deleted nsid 7' "+dir+"/all; do sleep 0.01; done; kill $(cat "+dir+"/m1) $(cat "+dir+"/m2)")
	names := "add a\nadd b\nadd c\ndelete a\ndelete c\n"
	for i := 1; i <= 10; i++ {
		n := strconv.Itoa(i)
		names += "add r" + n + "\nadd s" + n + "\ndelete r" + n + "\ndelete s" + n + "\n"
	}
	if got, _ := os.ReadFile(dir + "/names"); string(got) != names {
		t.Errorf("monitor:\n%s\nwant:\n%s", got, names)
	}
	got, _ := os.ReadFile(dir + "/all")
	nsidLines := "nsid 7 (iproute2 netns name: c)\nDeleted nsid 7 (iproute2 netns name: c)\n"
	var gotNames, gotNSIDs strings.Builder
	for _, l := range strings.SplitAfter(string(got), "\n") {
		if strings.Contains(l, "nsid") {
			gotNSIDs.WriteString(l)
		} else {
			gotNames.WriteString(l)
		}
	}
	if gotNames.String() != names || gotNSIDs.String() != nsidLines {
		t.Errorf("monitor all:\n%s\nwant the name lines and\n%s", got, nsidLines)
	}
}

// TestMonitorMounted: a consumer that opens the name as soon as it reads
// "add NAME" finds the namespace, never the empty placeholder.
func TestMonitorMounted(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	dir := t.TempDir()
	nsScript(t, `({ ns monitor & echo $! >`+dir+`/m; wait; } | while read ev n; do [ $ev = add ] && echo "$n $(stat -f -c %T /run/netns/$n)"; done) >`+dir+`/out 2>&1 &
for i in $(seq 500); do [ -s `+dir+`/m ] && break; sleep 0.01; done; watching $(cat `+dir+`/m)
for i in $(seq 30); do ns add n$i; done
for i in $(seq 200); do [ $(wc -l <`+dir+`/out) -ge 30 ] && break; sleep 0.02; done`)
	got, _ := os.ReadFile(dir + "/out")
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(lines) != 30 {
		t.Fatalf("monitor reported %d adds, want 30:\n%s", len(lines), got)
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, " nsfs") {
			t.Errorf("reported before it was mounted: %q", l)
		}
	}
}

// TestMonitorNSID compares `netns monitor nsid` with `ip monitor nsid`
// watching the same events.
func TestMonitorNSID(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	dir := t.TempDir()
	// ip drops the events that come while it dumps the links after
	// subscribing; it opens its second netlink socket only after that.
	// m2's symlink is its first name in readdir order (tmpfs lists the
	// newest first): both monitors name nsid 7 by it.
	nsScript(t, "cd "+dir+"; ns add keep; ns add m1; ns add m2; ln -s m2 /run/netns/m2-alias; ns set m1 3\n"+
		"stdbuf -oL ip monitor nsid >ip 2>&1 & echo $! >p1; ns monitor nsid >ours 2>&1 & echo $! >p2; listening 2\n"+
		"end=$((SECONDS+10)); while [ $SECONDS -lt $end ] && [ $(ls -l /proc/$(cat p1)/fd | grep -c socket:) -lt 2 ]; do sleep 0.01; done")
	defer nstest.Sh(t, "cd "+dir+"; kill $(cat p1) $(pgrep -P $(cat p2)) $(cat p2)")
	// "upto N SECONDS": both monitors have printed N lines. A new nsid's
	// line names its namespace only if the name is still there when the
	// monitor reads the event, so each step waits for the one before. The
	// Deleted events come once the kernel's workers have torn the
	// namespaces down, which takes seconds on a busy machine.
	nsScript(t, "cd "+dir+"\n"+
		"upto() { end=$((SECONDS+$2)); while [ $SECONDS -lt $end ]; do [ $(wc -l <ours) -ge $1 ] && [ $(wc -l <ip) -ge $1 ] && return; sleep 0.01; done\n"+
		"  echo \"after $2 s, ip printed: $(cat ip); netns printed: $(cat ours)\" >&2; return 1; }\n"+
		"ns set m2 7; upto 1 5; ns set keep auto; upto 2 5; ns del m2; ns del m1; upto 4 20")
	ip, _ := os.ReadFile(dir + "/ip")
	ours, _ := os.ReadFile(dir + "/ours")
	if string(ip) != string(ours) || !strings.Contains(string(ours), "Deleted nsid 7 (iproute2 netns name: m2-alias)") {
		t.Errorf("monitor nsid:\n ip monitor nsid: %q\n netns monitor nsid: %q", ip, ours)
	}
}

// TestExecForkedSetupFailure: iproute2's forked child goes on with the rest
// of the -all loop (or batch) after a failed setup, so the remaining names
// run twice; in nsbox every name and line runs once.
func TestExecForkedSetupFailure(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add a; touch /run/netns/st; ns add b") // readdir order: b st a
	r := nsRun(t, "-all", "exec", "echo", "hi")
	wantRun(t, r, 0, "\nnetns: b\nhi\n\nnetns: st\n\nnetns: a\nhi\n")
	if strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, `"st"`) {
		t.Errorf("stderr %q, want one line about st", r.Stderr)
	}
	r = nstest.Run(t, "netns exec st echo no\nnetns exec a echo once\n", nstest.Binary(t), "netns", "-force", "-b", "-")
	wantRun(t, r, 1, "once\n")
	if !strings.HasSuffix(r.Stderr, "Command failed -:1\n") {
		t.Errorf("stderr %q", r.Stderr)
	}
}

// TestDeleteStacked: a name mounted twice (a racing iproute2 add can do
// that) is deleted in one go; iproute2 fails with "Device or resource busy".
func TestDeleteStacked(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x; mount --bind /run/netns/x /run/netns/x; ns add y; mount --bind /run/netns/y /run/netns/y; mount --bind /run/netns/y /run/netns/y")
	wantRun(t, nsRun(t, "delete", "x"), 0, "")
	wantRun(t, nsRun(t, "-all", "delete"), 0, "")
	if got, n := nsScript(t, "ls -A /run/netns"), nstest.NSFSCount(t); got != "" || n != 0 {
		t.Errorf("left behind: %q, %d nsfs mounts", got, n)
	}
}

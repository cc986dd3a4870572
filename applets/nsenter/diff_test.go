package nsenter_test

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"nsbox/nslib"
	"nsbox/nslib/enter"
	"nsbox/nslib/nstest"
	"nsbox/nslib/prestage"
)

// target starts a process for nsenter to enter: `unshare ARGS --fork sh -c
// SCRIPT`, run through prefix (e.g. setpriv to start it as nobody), and
// returns the PID of the sh/sleep inside (the child of unshare), after
// SCRIPT has printed "ready".
func target(t *testing.T, prefix []string, unshareArgs, script string) int {
	t.Helper()
	argv := append(append([]string{}, prefix...), "unshare")
	argv = append(argv, strings.Fields(unshareArgs)...)
	argv = append(argv, "--fork", "bash", "-c", script+"; echo ready; exec sleep 1000")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "NSENTER_TEST_VAR=from-target")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil || string(buf) != "ready\n" {
		t.Fatalf("%q: target did not start: %q %v", argv, buf, err)
	}
	// prefix tools exec, so cmd's PID is unshare; its child is the target.
	for i := 0; i < 200; i++ {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/task/" + strconv.Itoa(cmd.Process.Pid) + "/children")
		if f := strings.Fields(string(b)); len(f) > 0 {
			pid, _ := strconv.Atoi(f[0])
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%q: no child", argv)
	return 0
}

// diffCase runs `nsenter ARGS` (a bash command line, $T etc. already
// substituted) with util-linux and with nsbox and compares stdout and the
// exit status, and stderr unless newErr gives nsbox's expected stderr
// where util-linux 2.42 words it differently from the installed 2.38.1.
type diffCase struct {
	name   string
	args   string
	as     string // prefix, e.g. "setpriv --reuid=65534 ..."
	newErr *string
}

func str(s string) *string { return &s }

func runDiff(t *testing.T, cases []diffCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { nstest.DiffTool(t, "nsenter", tc.as, tc.args, tc.newErr, nil) })
	}
}

// expectCase runs nsbox only, for what util-linux 2.38.1 lacks or gets
// different from the newest release.
type expectCase struct {
	name, args, as string
	stdout, stderr string
	code           int
}

func runExpect(t *testing.T, cases []expectCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			nstest.ExpectTool(t, "nsenter", tc.as, tc.args, nstest.Result{Stdout: tc.stdout, Stderr: tc.stderr, Code: tc.code}, nil)
		})
	}
}

func sub(s string, vars map[string]int) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "$"+k, strconv.Itoa(v))
	}
	return s
}

// where prints what shows where a program runs.
const where = `sh -c 'for n in cgroup ipc mnt net pid time user uts; do readlink /proc/self/ns/$n; done; hostname; id; cat /proc/self/uid_map; pwd; cat marker 2>&1; grep NSpid /proc/self/status | wc -w; awk "{print int(\$1/1000000000)}" /proc/uptime'`

// The boot time offset (about 32 years) shows as 1 in where's last line.
const unshareAll = "-U -r -m -u -i -n -p -C -T --boottime 1000000000 --mount-proc"
const prepare = "hostname tgt && mount -t tmpfs t /mnt && echo hello > /mnt/marker && cd /mnt"

// TestDiffNamespaces enters every namespace type of a container made by
// `unshare -U -r` (root entering an unprivileged user namespace: the
// two-pass order), one by one, all together, by -t and by file.
func TestDiffNamespaces(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	T := target(t, nil, unshareAll, prepare)
	P := target(t, nil, "-m -u -i -n -p -C --mount-proc", prepare) // no user namespace
	// A user namespace that shares our pid namespace: -a must skip the
	// pid join, which would otherwise come after the user join.
	S := target(t, nil, "-U -r -n -u", "hostname shared")
	v := map[string]int{"T": T, "P": P, "S": S}
	// An executable with no #! line: execvp(3) runs it through /bin/sh.
	script := t.TempDir() + "/no-shebang"
	if err := os.WriteFile(script, []byte("echo script $1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []diffCase{
		{name: "script-without-shebang", args: "-t $P -n " + script + " arg"},
		{name: "all", args: "-t $T -a " + where},
		{name: "user", args: "-t $T -U " + where},
		{name: "time", args: "-t $T -T " + where},
		{name: "cgroup", args: "-t $T -C " + where},
		{name: "ipc", args: "-t $T -i " + where},
		{name: "uts", args: "-t $T -u " + where},
		{name: "net", args: "-t $T -n " + where},
		{name: "mnt", args: "-t $T -m " + where},
		{name: "pid", args: "-t $T -p " + where},
		{name: "pid-mnt", args: "-t $T -p -m " + where},
		{name: "user-time-files", args: "--user=/proc/$T/ns/user -T/proc/$T/ns/time " + where},
		{name: "user-pid-files", args: "--user=/proc/$T/ns/user --pid=/proc/$T/ns/pid --mount=/proc/$T/ns/mnt " + where},
		{name: "all-root-wd", args: "-t $T -a -r -w " + where},
		{name: "all-plain", args: "-t $P -a " + where},
		{name: "all-user-shared-pid", args: "-t $S -a " + where},
		{name: "user-pid-shared-pid", args: "-t $S -U -p -n hostname"},
		{name: "net-explicit-files", args: "--net=/proc/$T/ns/net -u/proc/$T/ns/uts --ipc=/proc/$T/ns/ipc " + where},
		{name: "mnt-file-and-target", args: "-t $P -m/proc/$P/ns/mnt -w " + where},
		{name: "preserve-credentials", args: "-t $T -U --preserve-credentials " + where},
		{name: "setuid-setgid", args: "-t $T -a -S 0 -G 0 id"},
		{name: "setuid-nobody", args: "-t $P -n -S 65534 -G 65534 id"},
		{name: "setuid-only", args: "-t $P -n -S 65534 id"},
		{name: "root-wdns", args: "-t $P -m -r -W/mnt " + where},
		{name: "wd-dir", args: "-t $P -m -w/proc pwd"},
		{name: "no-fork", args: "-t $P -p -F " + where},
		{name: "exit-status", args: "-t $P -n sh -c 'exit 7'"},
		{name: "exit-status-forked", args: "-t $P -p sh -c 'exit 9'"},
		{name: "signal-forked", args: "-t $P -p sh -c 'kill -TERM $$'; echo shell saw $?"},
		{name: "sigsegv-forked", args: "-t $P -p sh -c 'kill -SEGV $$'; echo shell saw $?"},
		{name: "sigquit-forked", args: "-t $P -p sh -c 'kill -QUIT $$'; echo shell saw $?"},
		{name: "sigterm-forked-user", args: "-t $T -a sh -c 'kill -TERM $$'; echo shell saw $?"},
		{name: "exit-status-user", args: "-t $T -U -T sh -c 'exit 5'"},
		{name: "stop-continue", args: `-t $P -p sh -c 'kill -STOP $$; echo resumed' & pid=$!
			for i in $(seq 200); do st=$(cut -d" " -f3 /proc/$pid/stat); [ "$st" = T ] && break; sleep 0.01; done
			echo parent state $st; kill -CONT $pid; wait $pid; echo status $?`},
		{name: "signal-in-place", args: "-t $P -n sh -c 'kill -TERM $$'; echo shell saw $?"},
		{name: "not-found", args: "-t $P -n /nonexistent/prog"},
		{name: "not-executable", args: "-t $P -n /etc/passwd"},
		{name: "no-program-shell", args: "-t $P -u < /dev/null; echo $?"},
		{name: "shell-from-env", args: "-t $P -u <<< 'echo in shell; hostname'"},
		{name: "unknown-pid", args: "-t 4000000 -n true"},
		{name: "no-target", args: "-n true", newErr: str("nsenter: no target PID specified\n")},
		{name: "bad-file", args: "-n/nonexistent true"},
		{name: "bad-option", args: "-x true"},
		{name: "ambiguous", args: "--p true"},
		{name: "missing-arg", args: "-t"},
		{name: "no-arg-allowed", args: "--all=1 true"},
		{name: "wd-wdns", args: "-w/ -W/ true"},
		{name: "cluster-optional-arg", args: "-t $P -mun true"},
		{name: "stop-at-program", args: "-t $P -u hostname -n"},
		{name: "double-dash", args: "-t $P -u -- hostname"},
		{name: "bad-uid", args: "-S abc -t $P -n true"},
		{name: "user-of-own", args: "-t $$ -U true",
			newErr: str("nsenter: reassociate to namespaces failed: Invalid argument\n")},
		{name: "bad-pid", args: "-t 12x -n true",
			newErr: str("nsenter: failed to parse PID argument '12x': Invalid argument\n")},
	}
	// These join user or time namespaces: the pure-Go build refuses them
	// (TestPureGoRefusesUserAndTime).
	stage := map[string]bool{"all": true, "all-root-wd": true, "user": true, "time": true,
		"user-time-files": true, "user-pid-files": true, "preserve-credentials": true,
		"setuid-setgid": true, "sigterm-forked-user": true, "exit-status-user": true, "user-of-own": true}
	var run []diffCase
	for _, tc := range cases {
		if stage[tc.name] && !enter.StageAvailable {
			continue
		}
		tc.args = sub(tc.args, v)
		run = append(run, tc)
	}
	runDiff(t, run)
}

// TestDiffIgnoredSignals: signals ignored when nsenter starts stay ignored
// in the program (execve keeps SIG_IGN), in place, forked, and through the
// pre-runtime stage's re-exec; SIGCHLD only in place (util-linux resets it
// before it forks). -F keeps in-place command lines off the fast path
// (nslib/prestage/fastpath.c), whose execve comes before the Go runtime.
func TestDiffIgnoredSignals(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if !prestage.StartIgnoredKnown {
		t.Skip("pure-Go build: the signals ignored at start are not known")
	}
	v := map[string]int{"T": target(t, nil, "-U -r -n -p", "true"), "P": target(t, nil, "-n -p", "true")}
	cases := []diffCase{
		{name: "none", args: "-t $P -n " + nstest.SigIgn},
		{name: "in-place", as: nstest.IgnoreSignals, args: "-t $P -n -u -F " + nstest.SigIgn},
		{name: "fast-path", as: nstest.IgnoreSignals, args: "-t $P -n -u " + nstest.SigIgn},
		{name: "forked", as: nstest.IgnoreSignals, args: "-t $P -p " + nstest.SigIgn},
		{name: "chld-in-place", as: nstest.IgnoreChld, args: "-t $P -n -F " + nstest.SigIgn},
		{name: "chld-forked", as: nstest.IgnoreChld, args: "-t $P -n -p " + nstest.SigIgn},
		{name: "user", as: nstest.IgnoreSignals, args: "-t $T -U -n " + nstest.SigIgn},
		{name: "user-forked", as: nstest.IgnoreSignals, args: "-t $T -U -p " + nstest.SigIgn},
		{name: "user-chld", as: nstest.IgnoreChld, args: "-t $T -U " + nstest.SigIgn},
	}
	for i := range cases {
		cases[i].args = sub(cases[i].args, v)
	}
	runDiff(t, cases)
}

// TestNSID: -n:ID (util-linux 2.42) names a namespace by its 64-bit id
// through an nsfs file handle, which Linux opens from 6.19 on. Before
// that the open fails: 6.5 to 6.18 make the handle (AT_HANDLE_FID) but
// cannot open it (ESTALE), older kernels cannot make it.
func TestNSID(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	P := target(t, nil, "-n", "true")
	f, err := os.Open(nslib.ProcPath(P, "net"))
	if err != nil {
		t.Fatal(err)
	}
	var id uint64
	const nsGetID = 0x8008b70d // NS_GET_ID, _IOR(0xb7, 0xd, __u64)
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), nsGetID, uintptr(unsafe.Pointer(&id)))
	f.Close()
	if e != 0 {
		t.Skipf("NS_GET_ID: %v", e)
	}
	ids := strconv.FormatUint(id, 10)
	want := expectCase{name: "by-id", args: "-n:" + ids + " readlink /proc/self/ns/net"}
	var uts syscall.Utsname
	syscall.Uname(&uts)
	if major, minor := kernelVersion(uts.Release[:]); major > 6 || major == 6 && minor >= 19 {
		want.stdout, _ = os.Readlink(nslib.ProcPath(P, "net"))
		want.stdout += "\n"
	} else if major == 6 && minor >= 5 {
		want.stderr, want.code = "nsenter: cannot open namespace of id "+ids+": Stale file handle\n", 1
	} else {
		t.Skip("kernel before 6.5: the error depends on the kernel")
	}
	if r := nstest.Sh(t, nstest.Binary(t)+" nsenter --help"); !strings.Contains(r.Stdout, " -n, --net[=<file>|:<nsid>]") {
		t.Errorf("--help does not offer -n:ID:\n%s", r.Stdout)
	}
	runExpect(t, []expectCase{
		want,
		{name: "long-equals", args: "--net=:" + ids + " readlink /proc/self/ns/net", stdout: want.stdout, stderr: want.stderr, code: want.code},
		{name: "not-a-number", args: "-n:abc true", stderr: "nsenter: failed to parse nsid: abc\n", code: 1},
		{name: "empty", args: "-U: true", stderr: "nsenter: failed to parse nsid: \n", code: 1},
		{name: "file-named-colon", args: "-n./:x true", stderr: "nsenter: cannot open ./:x: No such file or directory\n", code: 1},
	})
}

// kernelVersion is the major and minor number of a utsname release.
func kernelVersion(release []int8) (major, minor int) {
	var b []byte
	for _, c := range release {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	fmt.Sscanf(string(b), "%d.%d", &major, &minor)
	return major, minor
}

// TestDiffUnprivileged: nobody entering its own user namespace (the user
// namespace must go first, pass two), with and without
// --preserve-credentials, and -a over namespaces it cannot enter.
func TestDiffUnprivileged(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if !enter.StageAvailable {
		t.Skip("pure-Go build")
	}
	nobody := []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"}
	U := target(t, nobody, "-U -r -m -u -n", "hostname mine")
	as := strings.Join(nobody, " ")
	v := map[string]int{"U": U}
	cases := []diffCase{
		{name: "preserve", as: as, args: "-t $U -U -m -u -n --preserve-credentials " + where},
		{name: "setgroups-denied", as: as, args: "-t $U -U true"},
		{name: "all-cgroup-eperm", as: as, args: "-t $U -a true",
			newErr: str("nsenter: reassociate to namespaces failed: Operation not permitted\n")},
		{name: "files", as: as, args: "--user=/proc/$U/ns/user --uts=/proc/$U/ns/uts --preserve-credentials hostname"},
	}
	for i := range cases {
		cases[i].args = sub(cases[i].args, v)
	}
	runDiff(t, cases)
}

// TestNewest covers what the installed util-linux 2.38.1 lacks or does
// differently from the newest release, against the newest's documented
// behaviour (spec §2), and nsbox's additions.
func TestNewest(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	// fd 3 of the target: a UDP socket in its network namespace (-N).
	P := target(t, nil, "-m -u -i -n -p --mount-proc", prepare+" && ip link set lo up && exec 3<>/dev/udp/127.0.0.1/9")
	ino := pidfdInode(t, P)
	if out := nstest.Sh(t, "ip netns add vpn && ip netns exec vpn ip link set lo up && touch /run/netns/stale"); out.Code != 0 {
		t.Fatalf("ip netns add: %s", out.Stderr)
	}
	// --netns names a namespace of the run dir: ip netns tells which.
	vpn := nstest.Sh(t, "ip netns exec vpn readlink /proc/self/ns/net").Stdout
	v := map[string]int{"P": P}
	ns := func(pid int, typ string) string {
		s, _ := os.Readlink(nslib.ProcPath(pid, typ))
		return s + "\n"
	}
	cases := []expectCase{
		{name: "join-cgroup-v1", args: "-t $P -n -c true", stderr: cgroupErr(), code: cgroupCode()},
		{name: "no-namespace", args: "-t $P true", stderr: "nsenter: no namespace specified\n", code: 1},
		{name: "target-twice", args: "-t $P -t $P -n true", stderr: "nsenter: option --target may be given only once\n", code: 1},
		{name: "pid-inode", args: "-t $P:" + ino + " -u hostname", stdout: "tgt\n"},
		{name: "pid-wrong-inode", args: "-t $P:1 -u hostname",
			stderr: "nsenter: failed to obtain a valid file descriptor for PID $P: No such process\n", code: 1},
		{name: "follow", args: "-t $P -n -S follow -G follow id -u", stdout: "0\n"},
		{name: "env", args: "-t $P -n -e sh -c 'echo $NSENTER_TEST_VAR'", stdout: "from-target\n"},
		{name: "wdns-optional", args: "-t $P -m -W pwd", stdout: "/\n"},
		{name: "equals-stripped", args: "-t $P -n=/proc/$P/ns/net -u=/proc/$P/ns/uts hostname", stdout: "tgt\n"},
		{name: "netns-name", args: "--netns=vpn readlink /proc/self/ns/net", stdout: vpn},
		{name: "netns-missing", args: "--netns=nope true", stderr: "nsenter: cannot open /run/netns/nope: No such file or directory\n", code: 1},
		{name: "netns-placeholder", args: "--netns=stale true", stderr: "nsenter: /run/netns/stale: not a namespace file (stale placeholder?)\n", code: 1},
		{name: "netns-bad-name", args: "--netns=a/b true", stderr: "nsenter: invalid network namespace name: 'a/b'\n", code: 1},
		{name: "follow-context", args: "-Z -t $P -n true", stderr: "nsenter: --follow-context: SELinux is not supported by nsbox\n", code: 1},
		// A forged trigger is no plan (nslib/prestage tests the rest).
		{name: "forged-plan", as: "env _NSBOX_PLAN=0", args: "-t $P -n -F readlink /proc/self/ns/net", stdout: ns(P, "net")},
		{name: "net-socket-needs-target", args: "-N 0 true", stderr: "nsenter: no target PID specified\n", code: 1},
		{name: "net-socket", args: "-t $P -N 3 readlink /proc/self/ns/net", stdout: ns(P, "net")},
		// -N is util-linux's str2num_or_err(…, 0, INT_MAX): the errno only on a
		// range error, and no low bound, so a negative FD means no -N.
		{name: "net-socket-malformed", args: "-N 3x true", stderr: "nsenter: failed to parse file descriptor: '3x'\n", code: 1},
		{name: "net-socket-empty", args: "-N '' true", stderr: "nsenter: failed to parse file descriptor: ''\n", code: 1},
		{name: "net-socket-too-big", args: "-N 2147483648 true",
			stderr: "nsenter: failed to parse file descriptor: '2147483648': Numerical result out of range\n", code: 1},
		{name: "net-socket-overflow", args: "-N 99999999999999999999x true",
			stderr: "nsenter: failed to parse file descriptor: '99999999999999999999x': Numerical result out of range\n", code: 1},
		{name: "net-socket-negative", args: "-t $P -u -N -1 hostname", stdout: "tgt\n"},
		{name: "net-socket-negative-alone", args: "-N -1 true", stderr: "nsenter: no namespace specified\n", code: 1},
		{name: "net-socket-then-negative", args: "-t $P -N 3 -N ' -7' -u readlink /proc/self/ns/net", stdout: ns(os.Getpid(), "net")},
	}
	for i := range cases {
		cases[i].args = sub(cases[i].args, v)
		cases[i].stderr = sub(cases[i].stderr, v)
	}
	runExpect(t, cases)
}

// cgroupErr is what -c says on this machine: nothing on cgroup v2 (the
// join works), util-linux's refusal on v1.
func cgroupErr() string {
	if cgroupCode() == 0 {
		return ""
	}
	return "nsenter: --join-cgroup is only supported in cgroup v2\n"
}

func cgroupCode() int {
	var sfs syscall.Statfs_t
	if syscall.Statfs("/sys/fs/cgroup", &sfs) == nil && sfs.Type == 0x63677270 {
		return 0
	}
	return 1
}

// TestUserNamespaceExtras: --keep-caps and --user-parent (util-linux 2.40;
// the installed 2.38.1 lacks them).
func TestUserNamespaceExtras(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if !enter.StageAvailable {
		t.Skip("pure-Go build")
	}
	// T: bash in user namespace 1, whose child unshare made user namespace 2
	// for its own child N.
	T := target(t, nil, "-U -r", "unshare -U -r --fork sleep 1000 & true")
	children := func(pid string) []string {
		b, _ := os.ReadFile("/proc/" + pid + "/task/" + pid + "/children")
		return strings.Fields(string(b))
	}
	var N int
	for i := 0; i < 500 && N == 0; i++ {
		if u := children(strconv.Itoa(T)); len(u) > 0 {
			if c := children(u[0]); len(c) > 0 {
				N, _ = strconv.Atoi(c[0])
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if N == 0 {
		t.Fatal("no nested target")
	}
	userOf := func(pid int) string {
		s, _ := os.Readlink(nslib.ProcPath(pid, "user"))
		return s + "\n"
	}
	if userOf(T) == userOf(N) {
		t.Fatal("nested target is not nested")
	}
	caps := `sh -c 'a=$(grep CapAmb /proc/self/status | cut -f2); p=$(grep CapPrm /proc/self/status | cut -f2); echo $a | tr -d 0; if [ "$a" = "$p" ]; then echo ambient=permitted; fi'`
	v := map[string]int{"T": T, "N": N}
	cases := []expectCase{
		{name: "keep-caps", args: "-t $T -U --keep-caps " + caps, stdout: "1ffffffffff\nambient=permitted\n"},
		{name: "no-keep-caps", args: "-t $T -U " + caps, stdout: "\n"},
		{name: "user-parent-of-target", args: "-t $N --user-parent readlink /proc/self/ns/user", stdout: userOf(T)},
		{name: "user-parent-of-file", args: "-t $N -U/proc/$N/ns/user --user-parent readlink /proc/self/ns/user", stdout: userOf(T)},
	}
	for i := range cases {
		cases[i].args = sub(cases[i].args, v)
	}
	runExpect(t, cases)
}

// pidfdInode is getino(1) for PID: the inode of a pidfd on pidfs.
func pidfdInode(t *testing.T, pid int) string {
	fd, err := nslibPidfd(pid)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatUint(st.Ino, 10)
}

func nslibPidfd(pid int) (int, error) { return nslib.OpenPidfd(pid, 0) }

// TestPureGoRefusesUserAndTime builds nsbox with CGO_ENABLED=0: it enters
// the other namespaces, and refuses user and time ones with one line.
func TestPureGoRefusesUserAndTime(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.PureGoBinary(t)
	T := target(t, nil, "-U -r -u -T --boottime 1000", "hostname tgt")
	line := "nsenter: " + enter.ErrNoStage{}.Error() + "\n"
	for _, args := range []string{"-t $T -U true", "-t $T -T true", "-t $T -a true"} {
		r := nstest.Sh(t, bin+" nsenter "+sub(args, map[string]int{"T": T}))
		if r.Code != 1 || r.Stderr != line || r.Stdout != "" {
			t.Errorf("%s: status %d, stdout %q, stderr %q; want 1 and %q", args, r.Code, r.Stdout, r.Stderr, line)
		}
	}
	if r := nstest.Sh(t, bin+" nsenter "+sub("-t $T -u hostname", map[string]int{"T": T})); r.Stdout != "tgt\n" || r.Code != 0 {
		t.Errorf("-u: %+v", r)
	}
}

// TestLoginShellFromPasswd: without $SHELL the newest util-linux runs the
// caller's passwd shell (2.38.1 ran /bin/sh).
func TestLoginShellFromPasswd(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nstest.SetRootShell(t, "/bin/dash")
	runExpect(t, []expectCase{
		{name: "passwd-shell", as: "env -u SHELL", args: "-t $$ -u <<< 'echo in shell $0'", stdout: "in shell -dash\n"},
		{name: "env-wins", as: "SHELL=/bin/sh", args: "-t $$ -u <<< 'echo in shell $0'", stdout: "in shell -sh\n"},
	})
}

// noProc runs the command in a mount namespace of its own with /proc
// unmounted.
const noProc = `unshare -m --propagation private sh -c 'while umount -l /proc 2>/dev/null; do :; done; exec "$0" "$@"'`

// TestNoProc: with no /proc, -a says that it cannot tell the namespaces
// (util-linux finds no /proc/self/ns/X: 2.38.1 runs the program in no
// namespace, the newest says "no namespace specified"); named types still
// join through the target's pidfd, as in the newest util-linux.
func TestNoProc(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if r := nstest.Sh(t, noProc+" nsenter -a -t 1 echo ran"); r.Code != 0 || r.Stdout != "ran\n" {
		t.Errorf("util-linux 2.38.1 without /proc: status %d %q %q; docs/nsenter.md says it runs the program", r.Code, r.Stdout, r.Stderr)
	}
	const msg = "nsenter: cannot tell which namespaces --all enters: /proc is not mounted\n"
	runExpect(t, []expectCase{
		{name: "all", as: noProc, args: "-a -t 1 echo ran", stderr: msg, code: 1},
		{name: "all-no-target", as: noProc, args: "--all echo ran", stderr: msg, code: 1},
		{name: "all-and-a-type", as: noProc, args: "-t 1 -n -a echo ran", stderr: msg, code: 1},
		{name: "named-type", as: noProc, args: "-t 1 -u -n echo ran", stdout: "ran\n"},
	})
}

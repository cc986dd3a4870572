package unshare_test

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"nsbox/nslib/enter"
	"nsbox/nslib/nstest"
	"nsbox/nslib/prestage"
)

// diffCase runs `unshare ARGS` (a bash command line) with util-linux and
// with nsbox and compares stdout and the exit status, and stderr unless
// newErr gives nsbox's expected stderr where the newest util-linux words
// it differently from the installed 2.38.1.
type diffCase struct {
	name   string
	args   string
	as     string // prefix, e.g. "setpriv --reuid=65534 ..."
	newErr *string
	stage  bool // needs the unshare stage (user or time namespace)
}

func str(s string) *string { return &s }

var procPID = regexp.MustCompile(`/proc/[0-9]+/`)

// normalize hides the PID of /proc/PID paths in messages: each run has its own.
func normalize(s string) string { return procPID.ReplaceAllString(s, "/proc/PID/") }

func runDiff(t *testing.T, cases []diffCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.stage && !enter.UnshareStageAvailable {
				t.Skip("pure-Go build: no unshare stage")
			}
			nstest.DiffTool(t, "unshare", tc.as, tc.args, tc.newErr, normalize)
		})
	}
}

// expectCase runs nsbox only, for what util-linux 2.38.1 lacks or gets
// different from the newest release.
type expectCase struct {
	name, args     string
	as             string
	stdout, stderr string
	code           int
	stage          bool
}

func runExpect(t *testing.T, cases []expectCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.stage && !enter.UnshareStageAvailable {
				t.Skip("pure-Go build: no unshare stage")
			}
			nstest.ExpectTool(t, "unshare", tc.as, tc.args, nstest.Result{Stdout: tc.stdout, Stderr: tc.stderr, Code: tc.code}, normalize)
		})
	}
}

// which prints, for every namespace type, whether the program runs in the
// namespace the test shell is in ("same") or in another one ("new"); the
// *_for_children links show where the program's children go.
const which = `sh -c 'for n in cgroup ipc mnt net pid pid_for_children time time_for_children user uts; do
	[ "$(readlink /proc/self/ns/$n)" = "$(eval echo \$OUT_$n)" ] && echo $n same || echo $n new; done'`

// outside exports the test shell's namespaces for which.
func outside(t *testing.T) {
	for _, n := range []string{"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"} {
		l, err := os.Readlink("/proc/self/ns/" + n)
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv("OUT_"+n, l)
	}
}

// TestDiffNamespaces: every namespace flag, alone and together, by where
// the program ends up, and the effects that show it.
func TestDiffNamespaces(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	outside(t)
	runDiff(t, []diffCase{
		{name: "none", args: which},
		{name: "mount", args: "-m " + which},
		{name: "uts", args: "-u " + which},
		{name: "ipc", args: "-i " + which},
		{name: "net", args: "-n " + which},
		{name: "pid", args: "-p " + which},
		{name: "pid-fork", args: "-p -f " + which},
		{name: "cgroup", args: "-C " + which},
		{name: "user", args: "-U " + which, stage: true},
		{name: "time", args: "-T " + which, stage: true},
		{name: "time-fork", args: "-T -f " + which, stage: true},
		{name: "all", args: "-m -u -i -n -p -C -U -T -f " + which, stage: true},
		{name: "long-names", args: "--mount --uts --ipc --net --pid --cgroup --fork " + which},
		{name: "cluster", args: "-mnf " + which},
		{name: "net-links", args: "-n ip -br link"},
		{name: "hostname", args: "-u sh -c 'hostname inside; hostname'; hostname"},
		{name: "cgroup-root", args: "-C cat /proc/self/cgroup"},
		// ps alone (no pipe): a pipeline's other side may or may not have
		// exec'd yet when ps reads /proc. No PIDs: nsbox's forked child is
		// a Go process until it execs, and its threads take PIDs 2 and up.
		{name: "mount-proc", args: "-p -f --mount-proc sh -c 'echo $$; ps -e -o comm='"},
		{name: "mount-proc-options", args: "-p -f --mount-proc sh -c 'grep \" /proc \" /proc/self/mounts'"},
		{name: "mount-proc-dir", args: "-p -f --mount-proc=/mnt sh -c 'ls /mnt/1/comm; cat /mnt/1/comm'"},
		{name: "propagation-default", args: "-m sh -c 'grep -c shared: /proc/self/mountinfo'"},
		{name: "propagation-shared", args: "-m --propagation shared sh -c 'grep -c shared: /proc/self/mountinfo'"},
		{name: "propagation-slave", args: "-m --propagation slave sh -c 'grep -c master: /proc/self/mountinfo'"},
		{name: "propagation-unchanged", args: "-m --propagation unchanged sh -c 'grep -c shared: /proc/self/mountinfo'"},
		{name: "propagation-without-m", args: "--propagation slave true"},
		{name: "root-wd", args: "-R / -w /etc pwd"},
		{name: "root-default-wd", args: "-R /etc pwd"},
		{name: "wd", args: "-w /proc pwd"},
		{name: "setuid-setgid", args: "-S 1 -G 2 id"},
		{name: "setuid-fork", args: "-f -S 65534 -G 65534 id"},
		{name: "time-boottime", args: `-T --boottime 86400 sh -c 'cat /proc/self/timens_offsets; awk "{print int(\$1/3600)}" /proc/uptime'; awk '{print int($1/3600)}' /proc/uptime`, stage: true},
		{name: "time-both", args: "-T --monotonic -3600 --boottime 7200 -f cat /proc/self/timens_offsets", stage: true},
	})
}

// TestDiffUsers: id maps and setgroups, as root and as nobody.
func TestDiffUsers(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	// For --map-auto and --map-subids: the sandbox's /etc is an overlay.
	if err := os.WriteFile("/etc/subuid", []byte("nobody:200000:1000\nroot:100000:65536\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/etc/subgid", []byte("root:300000:65536\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nobody := "setpriv --reuid=65534 --regid=65534 --clear-groups"
	maps := "sh -c 'id; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'"
	runDiff(t, []diffCase{
		{name: "map-root", args: "-r " + maps, stage: true},
		{name: "map-current", args: "-c " + maps, stage: true},
		{name: "user-unmapped", args: "-U " + maps, stage: true},
		{name: "map-user-group", args: "--map-user 5 --map-group 6 " + maps, stage: true},
		{name: "map-user-names", args: "--map-user=nobody --map-group=nogroup " + maps, stage: true},
		{name: "map-user-only", args: "--map-user 7 " + maps, stage: true},
		{name: "setgroups-deny", args: "-U --setgroups deny " + maps, stage: true},
		{name: "setgroups-allow", args: "-U --setgroups allow " + maps, stage: true},
		{name: "setgroups-allow-map-group", args: "-r --setgroups allow true", stage: true},
		{name: "setgroups-deny-after-map", args: "-r --setgroups deny true", stage: true},
		{name: "setgroups-allow-map-user", args: "--map-user=0 --setgroups allow " + maps, stage: true},
		{name: "keep-caps", args: "-U -r --keep-caps grep -E 'Cap(Inh|Amb)' /proc/self/status", stage: true},
		{name: "no-keep-caps", args: "-U -r grep -E 'Cap(Inh|Amb)' /proc/self/status", stage: true},
		{name: "nobody-root", as: nobody, args: "-r " + maps, stage: true},
		{name: "nobody-user", as: nobody, args: "-U " + maps, stage: true},
		{name: "nobody-current", as: nobody, args: "-c -m -n -u " + maps, stage: true},
		{name: "nobody-fork-pid", as: nobody, args: "-r -p -f --mount-proc sh -c 'echo $$; id -u'", stage: true},
		{name: "nobody-no-user", as: nobody, args: "-n true"},
		{name: "nobody-newuidmap", as: nobody, args: "--map-users=100000,0,1 true", stage: true},
		{name: "nobody-subids-child", as: nobody, args: "-f --kill-child --map-users=100000,0,1 true", stage: true},
		{name: "nobody-map-auto", as: nobody, args: "--map-auto true", stage: true,
			newErr: str("unshare: no line matching user \"nobody\" in /etc/subgid\n")},
	})
}

// TestDiffStatus: exit status and signal passthrough, with and without
// --fork, the login shell, and exec failures.
func TestDiffStatus(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	runDiff(t, []diffCase{
		{name: "exit-in-place", args: "sh -c 'exit 9'"},
		{name: "exit-fork", args: "-f sh -c 'exit 7'"},
		{name: "exit-fork-pid", args: "-p -f sh -c 'exit 7'"},
		{name: "exit-user-fork", args: "-r -f sh -c 'exit 6'", stage: true},
		{name: "signal-fork", args: "-f sh -c 'kill -TERM $$'; echo shell saw $?"},
		{name: "signal-fork-pid", args: "-p -f --mount-proc sh -c 'kill -TERM 1; kill -INT $$'; echo shell saw $?"},
		{name: "signal-user-fork", args: "-r -f sh -c 'kill -TERM $$'; echo shell saw $?", stage: true},
		{name: "signal-in-place", args: "-n sh -c 'kill -TERM $$'; echo shell saw $?"},
		{name: "sigquit-fork", args: "-f sh -c 'kill -QUIT $$'; echo shell saw $?"},
		{name: "parent-ignores-term", args: `-f sh -c 'sleep 0.5; exit 3' & pid=$!; sleep 0.2; kill -TERM $pid; wait $pid; echo status $?`},
		{name: "not-found", args: "-n /nonexistent/prog"},
		{name: "not-found-path", args: "-f nosuchprogram"},
		{name: "not-executable", args: "-n /etc/passwd"},
		// SHELL set: util-linux 2.38.1 falls back to /bin/sh without it,
		// the newest release (and nsbox) to the passwd shell; see
		// TestLoginShellFromPasswd.
		{name: "shell", as: "SHELL=/bin/sh", args: "-u <<< 'echo in shell $0'"},
		{name: "shell-fork", as: "SHELL=/bin/sh", args: "-f -u <<< 'echo in shell $0; exit 4'"},
		{name: "shell-dash", as: "SHELL=/bin/dash", args: "-u <<< 'echo in shell $0'"},
	})
}

// TestDiffIgnoredSignals: signals ignored when unshare starts stay ignored
// in the program (execve keeps SIG_IGN): in place, forked, through the
// child's own stage (--kill-child) and the unshare stage's re-exec.
// SIGCHLD is reset (util-linux's step 2). --propagation unchanged keeps
// in-place command lines off the fast path (nslib/prestage/fastpath.c), whose execve
// comes before the Go runtime.
func TestDiffIgnoredSignals(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if !prestage.StartIgnoredKnown {
		t.Skip("pure-Go build: the signals ignored at start are not known")
	}
	runDiff(t, []diffCase{
		{name: "none", args: "-n " + nstest.SigIgn},
		{name: "in-place", as: nstest.IgnoreSignals, args: "-n --propagation unchanged " + nstest.SigIgn},
		{name: "fast-path", as: nstest.IgnoreSignals, args: "-n " + nstest.SigIgn},
		{name: "fork-pid", as: nstest.IgnoreSignals, args: "-f -p " + nstest.SigIgn},
		{name: "kill-child", as: nstest.IgnoreSignals, args: "--kill-child -n " + nstest.SigIgn},
		{name: "user", as: nstest.IgnoreSignals, args: "-U -r " + nstest.SigIgn, stage: true},
		{name: "user-fork-pid", as: nstest.IgnoreSignals, args: "-r -f -p " + nstest.SigIgn, stage: true},
		{name: "chld-in-place", as: nstest.IgnoreChld, args: "-n --propagation unchanged " + nstest.SigIgn},
		{name: "chld-fast-path", as: nstest.IgnoreChld, args: "-n " + nstest.SigIgn},
		// musl's setuid and setgid leave its signal 34 ignored: programs
		// must still get it as nsbox got it, in place and forked.
		{name: "setuid", args: "-S 0 -G 0 -n " + nstest.SigIgn},
		{name: "setuid-fork", args: "-f -S 0 -G 0 -n " + nstest.SigIgn},
		{name: "setuid-fork-34-ignored", as: "trap '' 34;", args: "-f -S 0 -G 0 -n " + nstest.SigIgn},
		{name: "chld-fork", as: nstest.IgnoreChld, args: "-f -p " + nstest.SigIgn},
		{name: "chld-user", as: nstest.IgnoreChld, args: "-r " + nstest.SigIgn, stage: true},
	})
	// util-linux 2.42 (not the installed 2.38.1) forwards SIGINT and
	// SIGTERM even when they came ignored: its handler replaces SIG_IGN,
	// and exec gives the child their default action. The rest stay ignored,
	// libc's own signals (32 to 34) included, which the shell cannot set
	// and inherits from this test: glibc's posix_spawn, say make's, leaves
	// 32 and 33 ignored.
	runExpect(t, []expectCase{
		{name: "forward-signals", as: nstest.IgnoreSignals + " trap '' INT;",
			args:   "--forward-signals sh -c '" + nstest.SigIgn + "; trap \"exit 15\" TERM; kill -TERM $PPID; sleep 2 & wait'",
			stdout: fmt.Sprintf("SigIgn:\t%016x\n", 0x1205|ownIgnored(t)&(7<<31)), code: 15},
	})
}

// ownIgnored is this process's SigIgn mask (bit sig-1 for sig).
func ownIgnored(t *testing.T) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "SigIgn:\t")
	v, err := strconv.ParseUint(strings.Fields(rest)[0], 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestLoginShellFromPasswd: without $SHELL the newest util-linux runs the
// caller's passwd shell (2.38.1 ran /bin/sh).
func TestLoginShellFromPasswd(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nstest.SetRootShell(t, "/bin/dash")
	runExpect(t, []expectCase{
		{name: "passwd-shell", as: "env -u SHELL", args: "-u <<< 'echo in shell $0'", stdout: "in shell -dash\n"},
		{name: "env-wins", as: "SHELL=/bin/sh", args: "-u <<< 'echo in shell $0'", stdout: "in shell -sh\n"},
	})
	nstest.SetRootShell(t, "/nonexistent/shell")
	runExpect(t, []expectCase{
		{name: "passwd-shell-missing", as: "env -u SHELL", args: "-u </dev/null",
			stderr: "unshare: failed to execute /nonexistent/shell: No such file or directory\n", code: 127},
	})
}

// TestDiffErrors: bad input, which util-linux reports before anything is
// done.
func TestDiffErrors(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	runDiff(t, []diffCase{
		{name: "unknown-long", args: "--bogus true"},
		{name: "unknown-short", args: "-x true"},
		{name: "ambiguous", args: "--map-u 0 true"},
		{name: "missing-arg", args: "-S"},
		{name: "missing-arg-long", args: "--propagation"},
		{name: "no-arg-allowed", args: "--fork=1 true"},
		{name: "propagation", args: "--propagation foo true"},
		{name: "setgroups", args: "--setgroups maybe true"},
		{name: "kill-child-signal", args: "--kill-child=FOO true"},
		{name: "bad-uid", args: "-S abc true"},
		{name: "negative-uid", args: "-S -1 true",
			newErr: str("unshare: failed to parse uid: '-1': Numerical result out of range\n")},
		{name: "bad-gid", args: "-G 1x true"},
		{name: "map-user-unknown", args: "--map-user nosuchuser true"},
		{name: "bad-offset", args: "-T --boottime 1d true"},
		{name: "bad-root", args: "-R /nonexistent true"},
		{name: "persist-missing-file", args: "--uts=/nonexistent/x true"},
		{name: "stop-at-program", args: "-u hostname -n"},
		{name: "double-dash", args: "-u -- hostname"},
		{name: "help", args: "--help | head -3"},
		{name: "offsets-without-time", args: "--monotonic 5 true",
			newErr: str("unshare: options --monotonic and --boottime require unsharing of a time namespace (-T)\n")},
		{name: "bad-wd", args: "-w /nonexistent true"},
		{name: "map-users-short", args: "--map-users 1,2 true",
			newErr: str("unshare: invalid mapping '1,2'\n")},
	})
}

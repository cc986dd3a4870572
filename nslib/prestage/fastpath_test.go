//go:build cgo

package prestage_test

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsbox/nslib/nstest"
)

// fastTarget starts a process in namespaces of its own for nsenter to
// enter and returns its PID.
func fastTarget(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("unshare", "-n", "-u", "-i", "-C", "sleep", "1000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	pid := strconv.Itoa(cmd.Process.Pid)
	for i := 0; i < 1000; i++ {
		if b, _ := os.ReadFile("/proc/" + pid + "/comm"); string(b) == "sleep\n" {
			return cmd.Process.Pid
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("target did not start")
	return 0
}

// ranGo runs the bash command line under strace and reports whether the
// Go runtime started: it always makes threads, the fast path none (its
// unshare -f forks a process).
func ranGo(t *testing.T, cmdline string) (bool, nstest.Result) {
	t.Helper()
	trace := filepath.Join(t.TempDir(), "trace")
	r := nstest.Sh(t, "strace -f -qq -e trace=clone,clone3 -e signal=none -o "+trace+" bash -c '"+cmdline+"'")
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), "CLONE_THREAD"), r
}

// The command lines of fastpath.c's grammar run without the Go runtime and
// do what util-linux does; every other shape, however close, runs in Go.
func TestFastPath(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	dir := t.TempDir()
	for _, n := range []string{"nsenter", "unshare", "netns", "ipnetns"} {
		if err := os.Symlink(bin, filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	// x and y are named namespaces; y has a config directory (binds over
	// /etc are Go's).
	if r := nstest.Sh(t, "ip netns add x && ip netns add y && mkdir -p /etc/netns/y"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	p := strconv.Itoa(fastTarget(t))
	links := namespaceNames(t, p)
	where := "readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/cgroup /proc/self/ns/mnt /proc/self/ns/pid"
	// The name "new", added by nsbox or by ip, is listed and deleted again
	// by ip.
	added := func(add string) string {
		return add + " new; s=$?; ip netns list; ip netns delete new; exit $s"
	}
	for _, tc := range []struct {
		nsbox, anchor string // bash command lines
		fast          bool
	}{
		{bin + " nsenter -t " + p + " -n -u " + where, "", true},
		{bin + " nsenter -t" + p + " -i -C -- " + where, "", true},
		{bin + " nsenter --target " + p + " --net --uts --ipc --cgroup " + where, "", true},
		{bin + " nsenter --target=" + p + " -n " + where, "", true},
		{bin + " nsenter -n -t " + p + " " + where, "", true},
		{dir + "/nsenter -t " + p + " -u " + where, "nsenter -t " + p + " -u " + where, true},
		{"exec -a -nsenter " + bin + " -t " + p + " -n " + where, "nsenter -t " + p + " -n " + where, true},
		{bin + " unshare -n " + where, "", true},
		{bin + " unshare -nuiC -- " + where, "", true},
		{bin + " unshare --net --ipc " + where, "", true},
		{dir + "/unshare -u " + where, "unshare -u " + where, true},
		{bin + " netns exec x " + where, "ip netns exec x " + where, true},
		{bin + " netns exec x ls /sys/class/net", "ip netns exec x ls /sys/class/net", true}, // its own sysfs
		{dir + "/netns exec x " + where, "ip netns exec x " + where, true},
		{dir + "/ipnetns exec x " + where, "ip netns exec x " + where, true},
		{bin + " unshare -m -u -i -n -p -f " + where, "", true},
		{bin + " unshare -mpf -- " + where, "", true},
		{bin + " unshare --mount --pid --fork " + where, "", true},
		{bin + " unshare -f -n " + where, "", true},
		{bin + " unshare -m " + where, "", true},
		{bin + " unshare -m grep -c \" / / \" /proc/self/mountinfo", "", true}, // private: no shared:N
		{bin + " netns", "ip netns", true},
		{bin + " netns list", "ip netns list", true},
		{dir + "/netns show", "ip netns show", true},
		{bin + " netns l", "ip netns l", true},
		{bin + " netns ls", "ip netns ls", true},
		{added(bin + " netns add"), added("ip netns add"), true},
		{added(dir + "/netns add"), added("ip netns add"), true},
		{added(bin + " netns a"), added("ip netns a"), true},
		{"ip netns add d1 && " + bin + " netns delete d1; s=$?; ip netns list; exit $s", "ip netns add d1 && ip netns delete d1; s=$?; ip netns list; exit $s", true},
		{"ip netns add d1 && " + bin + " netns d d1; s=$?; ip netns list; exit $s", "ip netns add d1 && ip netns d d1; s=$?; ip netns list; exit $s", true},
		{"ip netns add d1 && ip netns add d2 && printf \"netns del d1\\n\\nnetns d d2\\n\" >" + dir + "/b && " + bin + " netns -b " + dir + "/b; s=$?; ip netns list; exit $s",
			"ip netns add d1 && ip netns add d2 && printf \"netns del d1\\n\\nnetns d d2\\n\" >" + dir + "/b && ip -b " + dir + "/b; s=$?; ip netns list; exit $s", true},
		// A batch whose second delete fails: the fast path did the first.
		{"ip netns add d1 && printf \"netns del d1\\nnetns del nosuch\\n\" >" + dir + "/b && " + bin + " netns -b " + dir + "/b; s=$?; ip netns list; exit $s",
			"ip netns add d1 && printf \"netns del d1\\nnetns del nosuch\\n\" >" + dir + "/b && ip -b " + dir + "/b; s=$?; ip netns list; exit $s", false},
		{"echo netns del nosuch | " + bin + " netns -b -", "echo netns del nosuch | ip -b -", false},
		{bin + " netns delete --kill nosuch", "-", false}, // options are Go's
		{"ip netns add d1 && " + bin + " netns delete d1 d2; s=$?; ip netns list; exit $s", "ip netns add d1 && ip netns delete d1 d2; s=$?; ip netns list; exit $s", false},
		{bin + " netns identify " + p, "ip netns identify " + p, true},
		{bin + " netns i", "ip netns i", true},
		{bin + " netns identify", "ip netns identify", true},
		{bin + " netns identify 0" + p, "ip netns identify 0" + p, false}, // not a PID as /proc names it: Go says so
		{bin + " netns -j identify " + p, "-", false},
		// Go's: -nu is -n with the file "u" in nsenter.
		{bin + " nsenter -t " + p + " -nu " + where, "", false},
		{bin + " nsenter -t " + p + " -n -F " + where, "", false},
		{bin + " nsenter -t 0" + p + " -n " + where, "", false},
		// util-linux 2.38.1 takes the next two; the newest refuses them, as Go does.
		{bin + " nsenter -t " + p + " -t " + p + " -n " + where, "-", false},
		{bin + " nsenter -t " + p + " --ne " + where, "-", false},
		{bin + " nsenter -t " + p + " -m " + where, "", false},
		{bin + " nsenter -t 999999999 -n " + where, "", false},
		{bin + " nsenter -n " + where, "", false},
		{bin + " unshare -n -f " + where, "", true},
		{bin + " unshare -p " + where, "", false},
		{bin + " unshare -f " + where, "", false},
		{bin + " unshare -mpfU " + where, "", false},
		{bin + " unshare -m -f --propagation private " + where, "", false},
		{bin + " netns list all", "-", false}, // names with their PIDs: nsbox's
		{bin + " netns -j list", "ip -j netns list", false},
		{bin + " netns list-id", "ip netns list-id", false},
		{bin + " netns add x", "ip netns add x", false}, // exists: Go says so
		{bin + " netns add x y", "ip netns add x y", false},
		{bin + " netns add a/b", "ip netns add a/b", false},
		{bin + " netns add", "ip netns add", false},
		{bin + " netns list x", "ip netns list x", false},
		{bin + " netns exec y " + where, "ip netns exec y " + where, false},
		{bin + " netns e x " + where, "ip netns e x " + where, false},
		{bin + " netns -n x exec x " + where, "ip -n x netns exec x " + where, false},
		{bin + " netns exec nosuch " + where, "ip netns exec nosuch " + where, false},
		{bin + " netns exec x", "ip netns exec x", false},
		{bin + " unshare " + where, "", false},
		// A forged trigger is no plan: the fast path runs, and the
		// variable reaches no program.
		{"_NSBOX_PLAN=3 " + bin + " unshare -n sh -c \"env | grep -c _NSBOX_PLAN\" 3</dev/null", "echo 0; false", true},
		{bin + " unshare -n " + where + " <&-", "unshare -n " + where + " <&-", false},
		{bin + " lsns -p " + p + " -o NS -n -t net", "", false},
	} {
		if tc.anchor == "" {
			tc.anchor = strings.TrimPrefix(tc.nsbox, bin+" ")
		}
		goRan, r := ranGo(t, tc.nsbox)
		if goRan == tc.fast {
			t.Errorf("%s: fast path taken: %v, want %v", tc.nsbox, !goRan, tc.fast)
		}
		nstest.NoPanic(t, r)
		if tc.anchor == "-" {
			continue
		}
		ul := nstest.Sh(t, tc.anchor)
		r.Stdout, ul.Stdout = links.name(r.Stdout), links.name(ul.Stdout)
		if r.Stdout != ul.Stdout || r.Code != ul.Code {
			t.Errorf("%s:\n nsbox:  status %d, stdout %q, stderr %q\n anchor: status %d, stdout %q, stderr %q",
				tc.nsbox, r.Code, r.Stdout, r.Stderr, ul.Code, ul.Stdout, ul.Stderr)
		}
	}
}

// nsNames names namespace links as ours, the target's or new ones, so
// that runs which each make fresh namespaces compare.
type nsNames map[string]string

func namespaceNames(t *testing.T, target string) nsNames {
	n := nsNames{}
	for who, pid := range map[string]string{"ours": "self", "target's": target} {
		for _, typ := range []string{"net", "uts", "ipc", "cgroup", "mnt", "pid"} {
			l, err := os.Readlink("/proc/" + pid + "/ns/" + typ)
			if err != nil {
				t.Fatal(err)
			}
			if n[l] == "" {
				n[l] = typ + " " + who
			}
		}
	}
	return n
}

func (n nsNames) name(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if typ, _, ok := strings.Cut(l, ":["); ok {
			if lines[i] = n[l]; lines[i] == "" {
				lines[i] = typ + " new"
			}
		}
	}
	return strings.Join(lines, "\n")
}

// When a step fails the fast path leaves the command to Go, which does it
// from the start: the outcome is the Go path's, seen here through a twin
// command line outside the fast path's grammar that does the same.
func TestFastPathFallback(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	p := strconv.Itoa(fastTarget(t))
	dir := t.TempDir()
	if r := nstest.Sh(t, "ip netns add x"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	// bad/prog is a script whose interpreter is missing (execve: ENOENT),
	// good/prog a working one; isdir/prog is a directory; noshebang is a
	// script that only runs through /bin/sh; plain is not executable.
	r := nstest.Sh(t, "cd "+dir+" && mkdir bad good isdir isdir/prog && "+
		"printf '#!/nonexistent\\necho bad\\n' > bad/prog && printf '#!/bin/sh\\necho good\\n' > good/prog && "+
		"printf 'echo noshebang \"$@\"\\n' > noshebang && echo x > plain && chmod +x bad/prog good/prog noshebang")
	if r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	for _, program := range []string{
		"nosuch",
		dir + "/nosuch",
		dir + "/plain",
		dir + "/noshebang arg",
		"env PATH=" + dir + "/bad:" + dir + "/good prog",
		"prog",
	} {
		for _, env := range []string{
			"",
			"PATH=" + dir + "/bad:" + dir + "/good ",
			"PATH=" + dir + "/isdir:" + dir + "/good ",
			"PATH=:" + dir + "/good ",
			"env -u PATH ",
		} {
			for _, pair := range [][2]string{
				{"nsenter -t " + p + " -n ", "nsenter -t " + p + " -n -F "},
				{"nsenter -t 999999999 -n ", "nsenter -t 999999999 -n -F "},
				{"unshare -n ", "unshare -n --propagation unchanged "},
			} {
				fast := nstest.Sh(t, "cd "+dir+" && "+env+bin+" "+pair[0]+program)
				twin := nstest.Sh(t, "cd "+dir+" && "+env+bin+" "+pair[1]+program)
				if fast != twin {
					t.Errorf("%s%s:\n fast path: %+v\n Go path:   %+v", env, pair[0]+program, fast, twin)
				}
				nstest.NoPanic(t, fast)
			}
			// netns exec has no twin command line: its twin is the
			// build without the fast path.
			fast := nstest.Sh(t, "cd "+dir+" && "+env+bin+" netns exec x "+program)
			twin := nstest.Sh(t, "cd "+dir+" && "+env+nstest.GoPathBinary(t)+" netns exec x "+program)
			if fast != twin {
				t.Errorf("%snetns exec x %s:\n fast path: %+v\n Go path:   %+v", env, program, fast, twin)
			}
		}
	}
}

// unshare -f in the fast path: the parent ends as its child did (status,
// or the same signal), ignores SIGINT and SIGTERM once the child runs,
// and its pid_for_children is the child's pid namespace, as with
// util-linux and with the Go path (--propagation private is -m's default,
// and keeps the command line out of the fast path).
func TestFastPathFork(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	for _, program := range []string{
		"sh -c 'exit 3'",
		"sh -c 'kill -TERM $$'",
		"sh -c 'ulimit -c 0; kill -SEGV $$'",
		"sh -c 'kill -WINCH $$; exit 4'", // a signal that does not kill
		// (In a new pid namespace $PPID is 0: kill would hit the group.)
		"sh -c '[ $PPID = 0 ] || kill -INT $PPID; [ $PPID = 0 ] || kill -TERM $PPID; sleep 0.2; echo parent alive'",
		"sh -c '[ $$ = 1 ] && echo pid 1'",
		"nosuch",
	} {
		for _, opts := range []string{"-m -f", "-m -p -f", "-n -f"} {
			fast := nstest.Sh(t, bin+" unshare "+opts+" "+program)
			twin := nstest.Sh(t, bin+" unshare "+opts+" --propagation private "+program)
			ul := nstest.Sh(t, "unshare "+opts+" "+program)
			if opts == "-n -f" {
				twin = nstest.Sh(t, bin+" unshare "+opts+" --propagation unchanged "+program)
			}
			if fast != twin || fast.Stdout != ul.Stdout || fast.Code != ul.Code {
				t.Errorf("unshare %s %s:\n fast path:  %+v\n Go path:    %+v\n util-linux: %+v", opts, program, fast, twin, ul)
			}
		}
	}
	// pid_for_children of the unshare process, against the child's pid
	// namespace, seen from outside while they run (nsbox's fast path
	// joins it once the child has exec'd, so this waits for that).
	same := func(tool string) string {
		return tool + " -m -p -f sleep 5 & p=$!; for i in $(seq 100); do c=$(pgrep -P $p) && break; sleep 0.05; done; " +
			"for i in $(seq 100); do [ \"$(readlink /proc/$p/ns/pid_for_children)\" = \"$(readlink /proc/$c/ns/pid)\" ] && echo same && break; sleep 0.05; done; " +
			"[ \"$(readlink /proc/$p/ns/pid)\" = \"$(readlink /proc/self/ns/pid)\" ] && echo parent outside; kill $c"
	}
	for _, tool := range []string{bin + " unshare", "unshare"} {
		if r := nstest.Sh(t, same(tool)); r.Stdout != "same\nparent outside\n" {
			t.Errorf("%s -m -p -f: %+v", tool, r)
		}
	}
}

// netns add and list in the fast path: the same outcome and run-dir state
// as the Go path (the build without the fast path), in each of
// the states where the fast path hands over (a taken name, a stale
// placeholder, a run dir that is a file or read-only) and where it does not.
func TestFastPathNetns(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	state := "; s=$?; ls -l --time-style=+ $NETNS_RUN_DIR 2>&1 | sed 1d; grep -c \" $NETNS_RUN_DIR\" /proc/self/mountinfo; ip netns list 2>&1; exit $s"
	for _, tc := range []struct{ setup, cmd string }{
		{":", "netns add a"},
		{":", "netns list"},
		{":", "netns"},
		{"mkdir -p $NETNS_RUN_DIR", "netns list"},
		{"ip netns add a", "netns add a"},
		{"ip netns add a", "netns add b"},
		{"ip netns add a; ip netns set a 5; ip netns add b; touch $NETNS_RUN_DIR/c", "netns list"},
		{"ip netns add a; ip netns set a 5; ip netns add b; touch $NETNS_RUN_DIR/c", "netns show"},
		{"mkdir -p $NETNS_RUN_DIR; touch $NETNS_RUN_DIR/c", "netns add c"}, // a crash's leftover: recovered
		{"mkdir -p $NETNS_RUN_DIR; echo x > $NETNS_RUN_DIR/c", "netns add c"},
		{"mkdir -p $NETNS_RUN_DIR; mkdir $NETNS_RUN_DIR/c", "netns list"},
		{"ip netns add a; touch $NETNS_RUN_DIR/u; mount --bind /proc/self/ns/uts $NETNS_RUN_DIR/u", "netns list"},
		{"mkdir -p $NETNS_RUN_DIR; mkdir $NETNS_RUN_DIR/c", "netns add c"},
		// Entries that are not namespaces: never opened, so never a wait
		// for a FIFO's writer (rundir's openEntry). The FIFO goes before the
		// state's ip netns list, which would wait.
		{"ip netns add a; mkfifo $NETNS_RUN_DIR/f; ln -s /dev/null $NETNS_RUN_DIR/d", "netns list; s=$?; rm $NETNS_RUN_DIR/f; (exit $s)"},
		{"ip netns add a; mkfifo $NETNS_RUN_DIR/f", "netns exec f true; s=$?; rm $NETNS_RUN_DIR/f; (exit $s)"},
		{"ip netns add a; ln -s $NETNS_RUN_DIR/a $NETNS_RUN_DIR/l", "netns exec l true"},
		{"ip netns add a; mknod $NETNS_RUN_DIR/c c 1 3", "netns exec c true"},
		{"touch /run/file; NETNS_RUN_DIR=/run/file", "netns add a"},
		{"touch /run/file; NETNS_RUN_DIR=/run/file", "netns list"},
		{"mkdir -p $NETNS_RUN_DIR; mount -t tmpfs -o ro tmpfs $NETNS_RUN_DIR", "netns add a"},
		// Long lists: the fast path opens 24 names at a time and asks for
		// their ids in one send (Go's list, two threads from 128 names).
		{"for i in $(seq 127); do echo netns add n$i; echo netns set n$i auto; done | ip -b -", "netns list"},
		{"for i in $(seq 300); do echo netns add n$i; [ $((i % 3)) = 0 ] && echo netns set n$i auto; done | ip -b -; touch $NETNS_RUN_DIR/zz; mount --bind /proc/self/ns/uts $NETNS_RUN_DIR/n7", "netns list"},
		{"ip netns add a; ip netns add b", "netns delete a"},
		{"ip netns add a; ln -s a $NETNS_RUN_DIR/s", "netns del s"},
		{"ip netns add a; mount --bind /proc/self/ns/net $NETNS_RUN_DIR/a", "netns delete a"}, // mounted twice: Go's
		{"mkdir -p $NETNS_RUN_DIR", "netns delete nosuch"},
		{":", "netns delete nosuch"},
		{"ip netns add a; mount -o remount,bind,ro $NETNS_RUN_DIR", "netns delete a"},
		{"ip netns add a; touch $NETNS_RUN_DIR/st", "netns delete st"},
		{"ip netns add a", "netns delete --kill a"},
		{"ip netns add a; ip netns add b", "netns identify"},
		{"ip netns add a; ip netns attach b $$; ip netns attach c $$; ln -s c $NETNS_RUN_DIR/s", "netns identify $$"},
		{"ip netns add a; ip netns attach b $$", "netns identify 1"},
		{"ip netns add a; ip netns attach b $$", "netns identify 99999999"},
		{"ip netns add a; ip netns attach b $$", "netns identify $$ x"},
		{"touch /tmp/file; NETNS_RUN_DIR=/tmp/file", "netns identify"},
		{":", "netns identify"},
		// Batches of plain deletes: the fast path does them as far as it
		// can, and Go the rest of the file from there.
		{"ip netns add a; ip netns add b; printf \"netns del a\\n\\n  netns   d b \\r\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; ip netns add b; printf \"netns del a\\nnetns del nosuch\\nnetns del b\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; ip netns add b; printf \"netns del a\\nnetns add c\\nnetns list\\nnetns del b\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; ip netns add b; printf \"netns del a # x\\nnetns del b\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; ip netns add b; printf \"netns del a\\nnetns del b \\\\\\n\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; ip netns add b; printf \"netns del a\\nnetns del -b\\nnetns del --kill b\\n\" >/run/b", "netns -force -b /run/b"},
		{"ip netns add a; ip netns add b; mount --bind /proc/self/ns/net $NETNS_RUN_DIR/b; printf \"netns del a\\nnetns del b\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; mount -o remount,bind,ro $NETNS_RUN_DIR; printf \"netns del a\\n\" >/run/b", "netns -b /run/b"},
		{"printf \"netns del a\\n\" >/run/b", "netns -b /run/b"},
		{"ip netns add a; : >/run/b", "netns -b /run/b"},
		{"ip netns add a", "netns -b /run"},
		{"ip netns add a; echo netns del a >/run/b", "netns -b /run/b extra"},
		{":", "netns add " + strings.Repeat("n", 255)},
		{":", "netns add " + strings.Repeat("n", 256)},
	} {
		run := func(bin string) nstest.Result {
			// Each run in mount and network namespaces (nsids) and a run
			// dir of its own.
			// (/run/netns: ip ignores NETNS_RUN_DIR.)
			return nstest.Sh(t, "unshare -m -n --propagation private bash -c '"+
				"export NETNS_RUN_DIR=/run/netns; mount -t tmpfs tmpfs /run; "+tc.setup+"; "+
				bin+" "+tc.cmd+state+"'")
		}
		fast, twin := run(bin), run(nstest.GoPathBinary(t))
		if fast != twin {
			t.Errorf("%s; %s:\n fast path: %+v\n Go path:   %+v", tc.setup, tc.cmd, fast, twin)
		}
		nstest.NoPanic(t, fast)
	}
}

var procPID = regexp.MustCompile(`/proc/[0-9]+/`)

// Random command lines around the fast path's grammar give the same
// outcome with it and without it (the build without the fast path):
// stdout, stderr and status, namespaces named as in
// TestFastPath.
func TestFastPathRandom(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	p := strconv.Itoa(fastTarget(t))
	links := namespaceNames(t, p)
	// A line of the grammar (for nsenter a target, then namespace options;
	// for netns exec and a name), with a near miss put somewhere in one
	// line of three. Of the 300 lines 48 run their program from the fast
	// path (counted once with strace: 19 nsenter, 22 unshare, 7 netns);
	// others try it and fall back (no such program, not executable).
	targets := []string{"-t " + p, "-t" + p, "--target " + p, "--target=" + p}
	flags := map[string][]string{
		"nsenter": {"-n", "-u", "-i", "-C", "--net", "--uts", "--ipc", "--cgroup"},
		"unshare": {"-n", "-u", "-i", "-C", "-nu", "-nuiC", "--net", "--uts", "--ipc", "--cgroup",
			"-m", "-f", "-mpf", "-pf", "--mount", "--pid", "--fork"},
	}
	misses := map[string][]string{
		"nsenter": {"-m", "-p", "-F", "--ne", "-nu", "-t", "-t0" + p, "-t999999999", "-n=/proc/" + p + "/ns/net", "-", "-t " + p},
		"unshare": {"-Cx", "-p", "--net=", "--ne", "-", "--", "-U", "--kill-child", "-fT"},
	}
	programs := []string{"readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/cgroup /proc/self/ns/mnt /proc/self/ns/pid",
		"nosuch", "/nosuch", "/etc/hostname", "sh -c 'exit 3'", ""}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(w []string) string { return w[rng.IntN(len(w))] }
	if r := nstest.Sh(t, "ip netns add x && ip netns add y && mkdir -p /etc/netns/y && touch /run/netns/stale"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	flags["netns"] = []string{"x", "x", "x", "x", "y", "nosuch", "stale", ".", "a/b", "''"} // exec NAME
	misses["netns"] = []string{"-n x", "e", "-all", "-b /dev/null", "--"}
	for i := 0; i < 300; i++ {
		applet := []string{"nsenter", "unshare", "netns"}[i%3]
		var args []string
		switch applet {
		case "nsenter":
			args = append(args, pick(targets))
		case "netns":
			args = append(args, "exec")
		}
		for n := rng.IntN(3); n >= 0; n-- {
			args = append(args, pick(flags[applet]))
			if applet == "netns" {
				break
			}
		}
		if rng.IntN(3) == 0 {
			k := rng.IntN(len(args) + 1)
			args = append(args[:k], append([]string{pick(misses[applet])}, args[k:]...)...)
		}
		if rng.IntN(4) == 0 && applet != "netns" {
			args = append(args, "--")
		}
		args = append(args, pick(programs))
		cmdline := " " + applet + " " + strings.Join(args, " ") + " </dev/null"
		fast, twin := nstest.Sh(t, bin+cmdline), nstest.Sh(t, nstest.GoPathBinary(t)+cmdline)
		fast.Stdout, twin.Stdout = links.name(fast.Stdout), links.name(twin.Stdout)
		fast.Stderr, twin.Stderr = procPID.ReplaceAllString(fast.Stderr, "/proc/PID/"), procPID.ReplaceAllString(twin.Stderr, "/proc/PID/")
		if fast != twin {
			t.Errorf("%s:\n fast path: %+v\n Go:        %+v", applet+cmdline, fast, twin)
		}
	}
}

// Random batch files of deletes, near misses and other lines give the same
// outcome with the fast path (which does a run of plain deletes and hands
// Go the rest of the file) and without it: stdout, stderr, status and what
// is left in the run dir.
func TestFastPathBatchRandom(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	names := []string{"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "nosuch", "-x", "a/b", strings.Repeat("n", 256)}
	lines := []func(string) string{
		func(n string) string { return "netns del " + n },
		func(n string) string { return "netns delete " + n },
		func(n string) string { return "  net   d " + n + " \r" },
		func(n string) string { return "netns del " + n + " # why" },
		func(n string) string { return "netns del '" + n + "'" },
		func(n string) string { return "netns del " + n + " " + n },
		func(n string) string { return "netns del " + n + "\x00x" },
		func(n string) string { return "netns del \\\n" + n },
		func(n string) string { return "netns add " + n },
		func(string) string { return "netns list" },
		func(string) string { return "" },
		func(string) string { return "# a comment" },
		func(string) string { return "netns frob" },
	}
	rng := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	state := "; s=$?; ls -A $NETNS_RUN_DIR 2>&1; grep -c \" $NETNS_RUN_DIR/\" /proc/self/mountinfo; exit $s"
	for i := 0; i < 60; i++ {
		var b strings.Builder
		for n := 1 + rng.IntN(8); n > 0; n-- {
			// Mostly plain deletes, the fast path's lines.
			k := rng.IntN(len(lines) + 6)
			if k >= len(lines) {
				k = 0
			}
			b.WriteString(lines[k](names[rng.IntN(len(names))]) + "\n")
		}
		file := filepath.Join(dir, "b"+strconv.Itoa(i))
		if err := os.WriteFile(file, []byte(strings.TrimSuffix(b.String(), "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		run := func(bin string) nstest.Result {
			return nstest.Sh(t, "unshare -m -n --propagation private bash -c '"+
				"export NETNS_RUN_DIR=/run/netns; mount -t tmpfs tmpfs /run; "+
				"for i in 0 1 2 3 4 5 6 7; do ip netns add d$i; done; "+
				bin+" netns -b "+file+" </dev/null"+state+"'")
		}
		fast, twin := run(bin), run(nstest.GoPathBinary(t))
		if fast != twin {
			t.Errorf("batch %q:\n fast path: %+v\n Go path:   %+v", b.String(), fast, twin)
		}
		nstest.NoPanic(t, fast)
	}
}

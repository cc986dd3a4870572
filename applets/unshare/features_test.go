package unshare_test

import (
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/enter"
	"nsbox/nslib/nstest"
)

// TestSamePID: without --fork the program replaces unshare (same PID),
// also where the unshare stage re-executes nsbox first.
func TestSamePID(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	for _, args := range []string{"-n", "-m -u -i -C", "-U -r", "-T --boottime 100", "-U -r -m -n -T"} {
		t.Run(args, func(t *testing.T) {
			if strings.Contains(args, "-U") || strings.Contains(args, "-T") {
				if !enter.UnshareStageAvailable {
					t.Skip("pure-Go build")
				}
			}
			r := nstest.Sh(t, `sh -c 'echo $$; exec `+bin+` unshare `+args+` sh -c "echo \$\$"'`)
			f := strings.Fields(r.Stdout)
			if r.Code != 0 || len(f) != 2 || f[0] != f[1] {
				t.Errorf("unshare %s: PIDs %q (status %d, stderr %q), want the same PID twice", args, r.Stdout, r.Code, r.Stderr)
			}
		})
	}
}

// TestPersist binds every namespace type onto files, as util-linux does,
// and enters them again with nsbox nsenter and util-linux nsenter.
func TestPersist(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	types := []string{"uts", "ipc", "net", "cgroup", "mnt", "pid"}
	if enter.UnshareStageAvailable {
		types = append(types, "user", "time")
	}
	// A private mount for the files (a mount namespace cannot be bound
	// onto a shared one).
	setup := "mkdir -p /run/p && mount -t tmpfs p /run/p && mount --make-private /run/p"
	if r := nstest.Sh(t, setup); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	for _, impl := range []string{"util-linux", "nsbox"} {
		t.Run(impl, func(t *testing.T) {
			// Linux 6.18 now and then refuses to bind a new mount namespace
			// with EINVAL (ids from per-CPU batches): util-linux is retried
			// in a fresh directory, pinned to each CPU in turn (on the CPU
			// whose batch gave this mount namespace its id, a new id is
			// higher); nsbox must work the first time
			// (enter.UnshareMountAbove).
			var cpus []int
			if impl == "util-linux" {
				var set unix.CPUSet
				if err := unix.SchedGetaffinity(0, &set); err != nil {
					t.Fatal(err)
				}
				for cpu := 0; cpu < len(set)*64; cpu++ {
					if set.IsSet(cpu) {
						cpus = append(cpus, cpu)
					}
				}
			}
			tries := 4 * len(cpus)
			if impl == "nsbox" {
				tries = 1
			}
			for attempt := 0; attempt < tries; attempt++ {
				dir := "/run/p/" + impl + strconv.Itoa(attempt)
				pin := ""
				if cpus != nil {
					pin = "taskset -c " + strconv.Itoa(cpus[attempt%len(cpus)]) + " "
				}
				if persistOnce(t, pin, impl, dir, types) {
					checkPersisted(t, impl, dir, types)
					return
				}
			}
			t.Errorf("%s: the mount namespace bind failed %d times", impl, tries)
		})
	}
}

var longName = map[string]string{"uts": "uts", "ipc": "ipc", "net": "net", "cgroup": "cgroup",
	"mnt": "mount", "pid": "pid", "user": "user", "time": "time"}

// persistOnce runs `unshare -f --TYPE=DIR/TYPE...` with util-linux or
// nsbox, after the command prefix pin; false: the kernel's sporadic EINVAL
// for the mount namespace.
func persistOnce(t *testing.T, pin, impl, dir string, types []string) bool {
	cmd := pin + "unshare"
	if impl == "nsbox" {
		cmd = nstest.Binary(t) + " unshare"
	}
	script := "mkdir " + dir + " && cd " + dir + " && touch " + strings.Join(types, " ") + " && " + cmd + " -f"
	for _, typ := range types {
		if impl == "util-linux" && typ == "user" {
			continue // 2.38.1 cannot bind a user namespace (fixed in 2.42)
		}
		script += " --" + longName[typ] + "=" + dir + "/" + typ
	}
	if enter.UnshareStageAvailable {
		script += " -r --boottime 86400"
	}
	script += " sh -c 'hostname kept; mount -t tmpfs marker /mnt; touch /mnt/marker; readlink /proc/self/ns/pid > " + dir + ".pidns'"
	r := nstest.Sh(t, script)
	if r.Code != 0 && strings.Contains(r.Stderr, "/ns/mnt on "+dir+"/mnt failed: Invalid argument") {
		t.Logf("retrying: %s", r.Stderr)
		return false
	}
	if r.Code != 0 {
		t.Fatalf("%s: status %d: %s", script, r.Code, r.Stderr)
	}
	return true
}

// checkPersisted looks at the binds in mountinfo and enters them with
// util-linux's and nsbox's nsenter.
func checkPersisted(t *testing.T, impl, dir string, types []string) {
	bin := nstest.Binary(t)
	mounts := nstest.Mounts(t)
	for _, typ := range types {
		if impl == "util-linux" && typ == "user" {
			continue
		}
		if !slices.ContainsFunc(mounts, func(m nslib.Mount) bool {
			return m.FSType == "nsfs" && m.Target == dir+"/"+typ && strings.HasPrefix(m.Root, typ+":[")
		}) {
			t.Errorf("%s: no nsfs mount of %s on %s/%s: %+v", impl, typ, dir, typ, mounts)
		}
	}
	// The pid namespace died with its init; the bind still names it.
	if r := nstest.Sh(t, "echo pid:[$(stat -L -c %i "+dir+"/pid)] | cmp - "+dir+".pidns"); r.Code != 0 {
		t.Errorf("%s/pid is not the child's pid namespace: %s %s", dir, r.Stdout, r.Stderr)
	}
	checks := []struct{ args, want string }{
		{"--uts=" + dir + "/uts hostname", "kept\n"},
		{"--mount=" + dir + "/mnt ls /mnt", "marker\n"},
		{"--net=" + dir + "/net ip -br link", "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"},
	}
	if enter.UnshareStageAvailable {
		checks = append(checks, struct{ args, want string }{
			"--time=" + dir + "/time cat /proc/self/timens_offsets", "monotonic           0         0\nboottime        86400         0\n"})
		if impl == "nsbox" {
			checks = append(checks, struct{ args, want string }{
				"--user=" + dir + "/user --preserve-credentials cat /proc/self/uid_map", "         0          0          1\n"})
		}
	}
	for _, ck := range checks {
		for _, nsenter := range []string{"nsenter", bin + " nsenter"} {
			r := nstest.Sh(t, nsenter+" "+ck.args)
			if r.Stdout != ck.want || r.Code != 0 {
				t.Errorf("%s %s: status %d, stdout %q (stderr %q), want %q", nsenter, ck.args, r.Code, r.Stdout, r.Stderr, ck.want)
			}
		}
	}
}

// TestPersistMountReliable: nsbox's --mount=FILE works every time, where
// util-linux's fails now and then on Linux 6.18 (see
// enter.UnshareMountAbove), also with a user namespace and a fork.
func TestPersistMountReliable(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	nstest.Sh(t, "mkdir -p /run/p && mount -t tmpfs p /run/p && mount --make-private /run/p")
	for i := 0; i < 40; i++ {
		args := []string{"", "-f", "-r", "-r -f -p"}[i%4]
		if strings.Contains(args, "-r") && !enter.UnshareStageAvailable {
			continue
		}
		f := "/run/p/m" + strconv.Itoa(i)
		if r := nstest.Sh(t, "touch "+f+" && "+bin+" unshare "+args+" --mount="+f+" true"); r.Code != 0 {
			t.Errorf("unshare %s --mount=%s: status %d, %s", args, f, r.Code, r.Stderr)
		}
	}
}

// TestNetns: --netns=NAME leaves a named network namespace that iproute2
// and nsbox see, made with the run dir's shared-mount recipe.
func TestNetns(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	r := nstest.Sh(t, bin+" unshare --netns=vpn sh -c 'ip link set lo up; ip -br link | cut -c1-20'")
	if r.Code != 0 || r.Stdout != "lo               UNK\n" {
		t.Fatalf("unshare --netns=vpn: status %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
	}
	for _, ck := range []struct{ cmd, want string }{
		{"ip netns list", "vpn\n"},
		{bin + " netns list", "vpn\n"},
		{"ip netns exec vpn ip -br link | cut -c1-20", "lo               UNK\n"},
		{bin + " netns exec vpn ip -br link | cut -c1-20", "lo               UNK\n"},
		{bin + " nsenter --netns=vpn ip -br link | cut -c1-20", "lo               UNK\n"},
	} {
		if r := nstest.Sh(t, ck.cmd); r.Stdout != ck.want {
			t.Errorf("%s: stdout %q (stderr %q), want %q", ck.cmd, r.Stdout, r.Stderr, ck.want)
		}
	}
	if n := len(slices.DeleteFunc(nstest.Mounts(t), func(m nslib.Mount) bool { return m.Target != "/run/netns" || !m.Shared })); n != 1 {
		t.Errorf("/run/netns is a shared mount point %d times, want once", n)
	}
	// The name is taken: refused before anything is created.
	r = nstest.Sh(t, bin+" unshare --netns=vpn true")
	if r.Code != 1 || r.Stderr != "unshare: Cannot create namespace file \"/run/netns/vpn\": File exists\n" {
		t.Errorf("second --netns=vpn: status %d, stderr %q", r.Code, r.Stderr)
	}
	r = nstest.Sh(t, bin+" unshare --netns=a/b true")
	if r.Code != 1 || r.Stderr != "unshare: invalid network namespace name: 'a/b'\n" {
		t.Errorf("--netns=a/b: status %d, stderr %q", r.Code, r.Stderr)
	}
	// With a user namespace the bind helper names it; with --fork too.
	if enter.UnshareStageAvailable {
		if r := nstest.Sh(t, bin+" unshare -r -f --netns=userns true && ip netns exec userns true && ip netns list | sort"); r.Stdout != "userns\nvpn\n" {
			t.Errorf("-r -f --netns=userns: stdout %q, stderr %q", r.Stdout, r.Stderr)
		}
	}
	// A stale placeholder (a crash's leftover) is taken over.
	nstest.Sh(t, "touch /run/netns/stale && chmod 0 /run/netns/stale")
	if r := nstest.Sh(t, bin+" unshare --netns=stale true && ip netns exec stale true"); r.Code != 0 {
		t.Errorf("--netns=stale: status %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestRefusals: what util-linux gives up on half-way is refused before
// anything is created.
func TestRefusals(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nstest.Sh(t, "mkdir -p /run/sh && mount -t tmpfs sh /run/sh && mount --make-shared /run/sh && touch /run/sh/m /run/sh/p")
	runExpect(t, []expectCase{
		{name: "pid-without-fork", args: "--pid=/run/sh/p true", code: 1,
			stderr: "unshare: cannot keep the pid namespace on /run/sh/p without --fork: it gets its first process only when unshare forks; add -f (--fork)\n"},
		{name: "mount-on-shared", args: "--mount=/run/sh/m true", code: 1,
			stderr: "unshare: cannot keep the mount namespace on /run/sh/m: /run/sh is a shared mount, which the kernel refuses (EINVAL); use a file on a private mount, e.g. mount --bind DIR DIR && mount --make-private DIR\n"},
	})
	// Nothing was bound.
	if m := nstest.NSFSMounts(t); len(m) != 0 {
		t.Errorf("nsfs mounts after refusals: %v", m)
	}
}

// TestNewest: options 2.38.1 lacks, and maps it writes with newuidmap
// (not installed here) where the newest writes them directly as root.
func TestNewest(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	os.WriteFile("/etc/subuid", []byte("root:100000:65536\n"), 0o644)
	os.WriteFile("/etc/subgid", []byte("0:300000:65536\n"), 0o644)
	maps := "cat /proc/self/uid_map /proc/self/gid_map"
	m := func(lines ...string) string {
		var b strings.Builder
		for _, l := range lines {
			f := strings.Fields(l)
			for _, x := range f {
				b.WriteString(strings.Repeat(" ", 10-len(x)) + x + " ")
			}
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-1] + "\n")
			_ = s
		}
		return b.String()
	}
	runExpect(t, []expectCase{
		{name: "map-auto", args: "--map-auto " + maps, stdout: m("0 100000 65536", "0 300000 65536"), stage: true},
		{name: "map-auto-root", args: "-r --map-auto " + maps, stdout: m("0 0 1", "1 100000 65536", "0 0 1", "1 300000 65536"), stage: true},
		{name: "map-subids", args: "--map-subids " + maps, stdout: m("100000 100000 65536", "300000 300000 65536"), stage: true},
		{name: "map-users-inner-outer", args: "--map-users 0:100000:1000 --map-users 1000:200000:10 --map-groups=0:300000:5 " + maps,
			stdout: m("0 100000 1000", "1000 200000 10", "0 300000 5"), stage: true},
		{name: "map-users-legacy", args: "--map-users=100000,0,65536 " + maps, stdout: m("0 100000 65536"), stage: true},
		{name: "map-users-all", args: "--map-users=all --map-groups=all -r " + maps, stdout: m("0 0 1", "1 1 4294967294", "0 0 1", "1 1 4294967294"), stage: true},
		{name: "map-users-fork", args: "-f --map-users=100000,0,65536 -r " + maps, stdout: m("0 0 1", "1 100000 65535", "0 0 1"), stage: true},
		{name: "map-users-bad", args: "--map-users 1:2 true", code: 1, stderr: "unshare: invalid mapping '1:2'\n"},
		{name: "owner-bad", args: "--owner 1 true", code: 1, stderr: "unshare: failed to parse owner\n"},
		{name: "clear-env", args: "--clear-env env", stdout: ""},
		{name: "whitelist-env", args: "--whitelist-env NSBOX_A,NSBOX_NONE,HOME env", as: "NSBOX_A=1 NSBOX_B=2 HOME=/h",
			stdout: "NSBOX_A=1\nHOME=/h\n"},
		{name: "forward-signals", args: "--forward-signals sh -c 'trap \"exit 15\" TERM; kill -TERM $PPID; sleep 2 & wait'",
			code: 15},
		{name: "sigkill-child", args: "-f sh -c 'kill -KILL $$'; echo shell saw $?", stdout: "shell saw 137\n",
			stderr: "bash: line 1: PID Killed                  unshare -f sh -c 'kill -KILL $$'\n"},
		{name: "load-interp", args: "-r -p -f -l :nsboxtest:E::nsbx::/bin/true: cat /proc/sys/fs/binfmt_misc/nsboxtest",
			stdout: "enabled\ninterpreter /bin/true\nflags: \nextension .nsbx\n", stage: true},
		{name: "load-interp-fixed-root", args: "-r -p -f -R / -l :nsboxtest:E::nsbx::/bin/true:F cat /proc/sys/fs/binfmt_misc/nsboxtest",
			stdout: "enabled\ninterpreter /bin/true\nflags: F\nextension .nsbx\n", stage: true},
		{name: "mount-binfmt", args: "-r -p -f --mount-binfmt sh -c 'ls /proc/sys/fs/binfmt_misc | sort'", stdout: "register\nstatus\n", stage: true},
	})
}

// TestOwner: --owner makes the new user namespace belong to UID.
func TestOwner(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	if !enter.UnshareStageAvailable {
		t.Skip("pure-Go build")
	}
	cmd := exec.Command(nstest.Binary(t), "unshare", "--owner", "65534:65534", "--map-user=0", "--map-group=0", "sleep", "100")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	pid := strconv.Itoa(cmd.Process.Pid)
	var owner uint32
	var err error
	for i := 0; i < 500; i++ {
		time.Sleep(10 * time.Millisecond)
		comm, _ := os.ReadFile("/proc/" + pid + "/comm")
		if string(comm) != "sleep\n" {
			continue
		}
		f, ferr := nslib.OpenPID(cmd.Process.Pid, "user")
		if ferr != nil {
			t.Fatal(ferr)
		}
		owner, err = f.OwnerUID()
		f.Close()
		break
	}
	if err != nil || owner != 65534 {
		t.Errorf("owner of the user namespace: %d, %v; want 65534", owner, err)
	}
	m, _ := os.ReadFile("/proc/" + pid + "/uid_map")
	if string(m) != "         0          0          1\n" {
		t.Errorf("uid_map %q", m)
	}
}

// TestKillChild: with --kill-child the child dies with unshare, even in a
// pid namespace (where its parent is not visible).
func TestKillChild(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	// An init of a pid namespace ignores a parent death SIGTERM, as under
	// util-linux: only SIGKILL for -p.
	for _, args := range []string{"--kill-child", "--kill-child -p --mount-proc", "--kill-child=term"} {
		t.Run(args, func(t *testing.T) {
			cmd := exec.Command("bash", "-c", "exec "+nstest.Binary(t)+" unshare -f "+args+" sleep 1000")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			child := waitChild(t, cmd.Process.Pid, "sleep")
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			for i := 0; i < 500; i++ {
				if b, _ := os.ReadFile("/proc/" + strconv.Itoa(child) + "/stat"); len(b) == 0 || strings.Contains(string(b), ") Z ") {
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
			t.Errorf("child %d still runs after unshare was killed", child)
		})
	}
	// Without --kill-child it survives.
	cmd := exec.Command(nstest.Binary(t), "unshare", "-f", "sleep", "1000")
	cmd.Start()
	child := waitChild(t, cmd.Process.Pid, "sleep")
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	time.Sleep(100 * time.Millisecond)
	if err := syscall.Kill(child, 0); err != nil {
		t.Errorf("child died without --kill-child: %v", err)
	}
	syscall.Kill(child, syscall.SIGKILL)
}

// waitChild returns the PID of pid's child once it runs comm.
func waitChild(t *testing.T, pid int, comm string) int {
	t.Helper()
	p := strconv.Itoa(pid)
	for i := 0; i < 500; i++ {
		b, _ := os.ReadFile("/proc/" + p + "/task/" + p + "/children")
		for _, f := range strings.Fields(string(b)) {
			if c, _ := os.ReadFile("/proc/" + f + "/comm"); string(c) == comm+"\n" {
				n, _ := strconv.Atoi(f)
				return n
			}
		}
		// The waiting thread may not be the leader: look at every task.
		tasks, _ := os.ReadDir("/proc/" + p + "/task")
		for _, task := range tasks {
			b, _ := os.ReadFile("/proc/" + p + "/task/" + task.Name() + "/children")
			for _, f := range strings.Fields(string(b)) {
				if c, _ := os.ReadFile("/proc/" + f + "/comm"); string(c) == comm+"\n" {
					n, _ := strconv.Atoi(f)
					return n
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s child of %d", comm, pid)
	return 0
}

// TestNoPanic feeds odd command lines; none may crash nsbox.
func TestNoPanic(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	for _, args := range [][]string{
		{}, {"-"}, {"--"}, {"-mnf"}, {"--mount="}, {"--net=", "true"}, {"--kill-child="}, {"--kill-child=RTMIN+99", "true"},
		{"--kill-child=rtmax-2", "true"}, {"--map-users="}, {"--map-users=::"}, {"--map-users=4294967295:0:4294967295", "true"},
		{"--map-groups=,,"}, {"--owner=:"}, {"--owner=-1:-1", "true"}, {"--boottime", "9223372036854775808", "-T"},
		{"-T", "--monotonic", "-9223372036854775808", "true"}, {"--setgroups="}, {"-S", ""}, {"-R", ""}, {"-w", ""},
		{"--whitelist-env", ","}, {"--netns="}, {"--netns=..", "true"}, {"-l", "garbage", "true"}, {"--mount-binfmt=", "true"},
		{"--mount-proc=", "-f", "true"}, {"-U", "--map-user=", "true"}, {"--map-u"}, {"--m"}, {"-V"},
		{"--propagation", "unchanged", "-m", "true"}, {"-p", "-f", "--mount-proc=/nonexistent", "true"},
	} {
		r := nstest.Run(t, "", append([]string{bin, "unshare"}, args...)...)
		nstest.NoPanic(t, r)
		if r.Code < 0 || r.Code > 255 {
			t.Errorf("%q: status %d", args, r.Code)
		}
	}
	// A forged trigger (nslib/prestage tests the rest): no plan, no role.
	for _, env := range []string{"_NSBOX_PLAN=x", "_NSBOX_PLAN=3", "_NSBOX_PLAN=0"} {
		r := nstest.Sh(t, env+" "+bin+" unshare -n -f --propagation private true </dev/null 3</dev/null")
		nstest.NoPanic(t, r)
		if r.Code != 0 || r.Stderr != "" {
			t.Errorf("%s: status %d, stderr %q", env, r.Code, r.Stderr)
		}
	}
}

// TestPureGoRefusesUserAndTime: a CGO_ENABLED=0 build has no unshare
// stage; it refuses what needs it in one line, before anything is done,
// and does everything else.
func TestPureGoRefusesUserAndTime(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.PureGoBinary(t)
	line := "unshare: " + enter.ErrNoUnshareStage{}.Error() + "\n"
	nstest.Sh(t, "touch /run/x")
	for _, args := range []string{"-U true", "-r true", "-T true", "--map-users=all true", "--owner 1:1 true",
		"-n --net=/run/x -T true", "--mount-binfmt true"} {
		r := nstest.Sh(t, bin+" unshare "+args)
		if r.Code != 1 || r.Stderr != line || r.Stdout != "" {
			t.Errorf("%s: status %d, stdout %q, stderr %q; want 1 and %q", args, r.Code, r.Stdout, r.Stderr, line)
		}
	}
	if m := nstest.NSFSMounts(t); len(m) != 0 {
		t.Errorf("a refused run bound a namespace: %v", m)
	}
	if r := nstest.Sh(t, bin+" unshare -u -p -f --mount-proc sh -c 'hostname pure; hostname; echo $$'"); r.Stdout != "pure\n1\n" || r.Code != 0 {
		t.Errorf("-u -p -f: %+v", r)
	}
}

package netns_test

import (
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/nstest"
)

// holdInThread keeps one thread of the test process in the namespace file
// path until the test ends, and returns its TID. Never the main thread:
// its namespace is the process's own.
func holdInThread(t *testing.T, path string) int {
	t.Helper()
	tid, done := make(chan int), make(chan struct{})
	t.Cleanup(func() { close(done) })
	for {
		go func() {
			runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
			if unix.Gettid() == unix.Getpid() {
				tid <- 0 // keep the main thread busy, so the next try gets another
				<-done
				return
			}
			fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err == nil {
				err = unix.Setns(fd, unix.CLONE_NEWNET)
				unix.Close(fd)
			}
			if err != nil {
				tid <- -1
				return
			}
			tid <- unix.Gettid()
			<-done
		}()
		switch n := <-tid; {
		case n < 0:
			t.Fatal("cannot put a thread in", path)
		case n > 0:
			return n
		}
	}
}

// socketIn makes a socket inside the namespace file path, held by the test
// process in its own namespace; closed when the test ends.
func socketIn(t *testing.T, path string) int {
	t.Helper()
	s := -1
	err := nslib.InThread([]int{unix.CLONE_NEWNET}, func() error {
		f, err := nslib.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := unix.Setns(f.FD(), unix.CLONE_NEWNET); err != nil {
			return err
		}
		s, err = unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
		return err
	})
	if err != nil {
		t.Fatal("cannot make a socket in", path, err)
	}
	t.Cleanup(func() { unix.Close(s) })
	return s
}

// sandboxState is what a read-only command must leave as it was: the
// mounts, the run dir, the processes and every namespace's devices.
func sandboxState(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, m := range nstest.Mounts(t) {
		b.WriteString(m.Target + " " + m.Root + "\n")
	}
	b.WriteString(nsScript(t, `ls /run/netns; ps -e -o pid=,comm= | grep -v -e ' ps$' -e ' bash$' -e ' sh$' -e ' grep$' -e ' ip$'
ip -o link | cut -d' ' -f2; for n in $(ls /run/netns); do echo "$n:"; ip -n $n -o link | cut -d' ' -f2; done`))
	return b.String()
}

func TestHolders(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x; ip link add hv0 type veth peer name hv1 netns x")
	r := nsRun(t, "holders", "x")
	wantRun(t, r, 0, "mount /run/netns/x "+mntNS(t, "self")+" (the name)\ndies once its name is deleted\n")

	// One holder of each kind.
	pid := sleeper(t, "x")
	fd, err := os.Open("/run/netns/x")
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	sk := socketIn(t, "/run/netns/x")
	tid := holdInThread(t, "/run/netns/x")
	self := strconv.Itoa(os.Getpid())
	bind := t.TempDir() + "/keep"
	nsScript(t, `touch `+bind+`
unshare -m sh -c 'mount --bind /run/netns/x `+bind+`; exec sleep 1000' </dev/null >/dev/null 2>&1 & echo $! >`+bind+`.pid
unshare -m --propagation unchanged sleep 1000 </dev/null >/dev/null 2>&1 & echo $! >>`+bind+`.pid
for i in $(seq 200); do grep -qs " `+bind+` " /proc/$(head -1 `+bind+`.pid)/mountinfo && break; sleep 0.01; done`)
	t.Cleanup(func() { nsScript(t, "kill -9 $(cat "+bind+".pid) 2>/dev/null || true") })
	pids := strings.Fields(nsScript(t, "cat "+bind+".pid"))
	before := sandboxState(t)

	r = nsRun(t, "holders", "x")
	out := r.Stdout
	for _, want := range []string{
		"process " + pid + " root sleep 1000\n",
		"descriptor " + self + " fd " + strconv.Itoa(int(fd.Fd())) + " /run/netns/x\n",
		"socket " + self + " fd " + strconv.Itoa(sk) + "\n",
		"mount /run/netns/x " + mntNS(t, "self") + " (the name)\n",
		// A private copy holds it; a peer's goes with the name's umount.
		"mount /run/netns/x " + mntNS(t, pids[0]) + "\n",
		"mount " + bind + " " + mntNS(t, pids[0]) + "\n",
		"mount /run/netns/x " + mntNS(t, pids[1]) + " (the name)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("holders lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "stays after its name is deleted, held by 1 process, 1 descriptor, 1 socket, 2 mounts\n") || r.Code != 0 {
		t.Errorf("holders: status %d, last line of:\n%s", r.Code, out)
	}
	if strings.Contains(out, "thread") {
		t.Errorf("holders without --threads lists a thread:\n%s", out)
	}
	r = nsRun(t, "holders", "--threads", "x")
	if want := "process " + self + " thread " + strconv.Itoa(tid) + " root "; !strings.Contains(r.Stdout, want) {
		t.Errorf("holders --threads lacks %q:\n%s", want, r.Stdout)
	}

	// JSON: the same holders.
	r = nsRun(t, "-j", "holders", "x")
	var doc struct {
		Holders struct {
			Processes []struct {
				PID     int    `json:"pid"`
				User    string `json:"user"`
				Command string `json:"command"`
			} `json:"processes"`
			Descriptors []struct {
				PID, FD int
				Target  string `json:"target"`
			} `json:"descriptors"`
			Sockets []struct{ PID, FD int } `json:"sockets"`
			Mounts  []struct {
				Target string `json:"target"`
				Name   bool   `json:"name"`
			} `json:"mounts"`
		} `json:"holders"`
		Dies *bool `json:"dies"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil {
		t.Fatalf("holders -j: %v\n%s", err, r.Stdout)
	}
	h := doc.Holders
	if len(h.Processes) != 1 || strconv.Itoa(h.Processes[0].PID) != pid || h.Processes[0].Command != "sleep 1000" ||
		len(h.Descriptors) != 1 || h.Descriptors[0].FD != int(fd.Fd()) || len(h.Sockets) != 1 || h.Sockets[0].FD != sk ||
		len(h.Mounts) != 5 || doc.Dies == nil || *doc.Dies {
		t.Errorf("holders -j: %+v", doc)
	}

	// A path names the namespace too; a missing name is status 1.
	if r = nsRun(t, "holders", "/run/netns/x"); r.Stdout != out {
		t.Errorf("holders by path:\n%s\nby name:\n%s", r.Stdout, out)
	}
	if r = nsRun(t, "holders", "/proc/"+pid+"/ns/net"); r.Code != 0 || !strings.Contains(r.Stdout, "process "+pid+" ") {
		t.Errorf("holders by /proc/%s/ns/net: status %d\n%s", pid, r.Code, r.Stdout)
	}
	wantRun(t, nsRun(t, "holders", "nope"), 1, "")
	wantRun(t, nsRun(t, "holders"), 1, "")
	wantRun(t, nsRun(t, "holders", "/etc/hostname"), 1, "")
	if after := sandboxState(t); after != before {
		t.Errorf("holders changed the sandbox:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// Not root: what may be read, and a note.
	r = nstest.Run(t, "", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", nstest.Binary(t), "netns", "holders", "x")
	if r.Code != 0 || !strings.Contains(r.Stderr, "may be incomplete") || !strings.Contains(r.Stdout, "(the name)") {
		t.Errorf("holders as nobody: status %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}

	// The verdict is the kernel's: held, the namespace (and the veth with
	// it) outlives its name; once nothing holds it, it goes.
	nsScript(t, "kill -9 "+pid+" $(cat "+bind+".pid)")
	fd.Close()
	unix.Close(sk)
	r = nsRun(t, "holders", "--threads", "x")
	if !strings.HasSuffix(r.Stdout, "held by 1 process\n") {
		t.Fatalf("holders with the thread left:\n%s", r.Stdout)
	}
	nsScript(t, "ns delete x; sleep 0.3; ip link show hv0 >/dev/null")
}

// TestHoldersDies: a namespace that holders says dies does die with its
// name (its veth peer goes with it).
func TestHoldersDies(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	nsScript(t, "ns add x; ip link add hv0 type veth peer name hv1 netns x")
	wantRun(t, nsRun(t, "holders", "x"), 0, "mount /run/netns/x "+mntNS(t, "self")+" (the name)\ndies once its name is deleted\n")
	nsScript(t, "ns delete x")
	deadline := time.Now().Add(5 * time.Second)
	for nsScript(t, "ip link show hv0 >/dev/null 2>&1 && echo up || true") != "" {
		if time.Now().After(deadline) {
			t.Fatal("the namespace holders said dies still has its veth 5 s after the delete")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mntNS is how holders names the mount namespace of pid ("self": ours):
// mnt:[INODE] and its lowest PID.
func mntNS(t *testing.T, pid string) string {
	t.Helper()
	return strings.TrimSpace(nsScript(t, `ino=$(stat -L -c %i /proc/`+pid+`/ns/mnt)
for p in $(ls /proc | grep -E '^[0-9]+$' | sort -n); do [ "$(stat -L -c %i /proc/$p/ns/mnt 2>/dev/null)" = $ino ] && { echo "mnt:[$ino] pid $p"; break; }; done`))
}

// rootlessSleeper starts `sleep 1000` in a new user namespace (root mapped
// to root, as `unshare -U -r` and rootless containers do) and a new network
// namespace, names that namespace name, and returns the sleep's PID and
// its user namespace ("user:[INODE]").
func rootlessSleeper(t *testing.T, name string) (pid, userns string) {
	t.Helper()
	pid = strings.TrimSpace(nsScript(t, `unshare -U -r -n sleep 1000 </dev/null >/dev/null 2>&1 & echo $!`))
	t.Cleanup(func() { nstest.Sh(t, "kill -9 "+pid+" 2>/dev/null") })
	nsScript(t, `for i in $(seq 200); do [ "$(cat /proc/`+pid+`/comm)" = sleep ] && break; sleep 0.01; done
ns attach `+name+` `+pid)
	return pid, strings.TrimSpace(nsScript(t, "readlink /proc/"+pid+"/ns/user"))
}

// TestHoldersOwner: a namespace made in a child user namespace shows that
// owner, its creator and its first process, in text and JSON; one made by
// `netns add` (owned by ours) shows none.
func TestHoldersOwner(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	pid, userns := rootlessSleeper(t, "c")
	if userns == strings.TrimSpace(nsScript(t, "readlink /proc/self/ns/user")) {
		t.Fatal("unshare -U made no user namespace")
	}
	const note = " (the owner does not keep the namespace alive; the namespace keeps its owner)\n"
	before := sandboxState(t)
	r := nsRun(t, "holders", "c")
	for _, want := range []string{
		"process " + pid + " root sleep 1000\n",
		"owner user namespace " + userns + ", created by uid 0 (root), with process " + pid + " root sleep 1000" + note,
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("holders lacks %q:\n%s", want, r.Stdout)
		}
	}
	// The owner holds nothing: the verdict counts the process alone.
	if !strings.HasSuffix(r.Stdout, "stays after its name is deleted, held by 1 process\n") || r.Code != 0 {
		t.Errorf("holders: status %d, last line of:\n%s", r.Code, r.Stdout)
	}

	r = nsRun(t, "-j", "holders", "c")
	var doc struct {
		Holders struct {
			Processes []struct {
				PID int `json:"pid"`
			} `json:"processes"`
			Owner *struct {
				UserNS  uint64  `json:"userns"`
				UID     *uint32 `json:"uid"`
				User    string  `json:"user"`
				PID     int     `json:"pid"`
				Command string  `json:"command"`
			} `json:"owner"`
		} `json:"holders"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil {
		t.Fatalf("holders -j: %v\n%s", err, r.Stdout)
	}
	h, o := doc.Holders, doc.Holders.Owner
	if len(h.Processes) != 1 || strconv.Itoa(h.Processes[0].PID) != pid || o == nil ||
		"user:["+strconv.FormatUint(o.UserNS, 10)+"]" != userns || o.UID == nil || *o.UID != 0 || o.User != "root" ||
		strconv.Itoa(o.PID) != pid || o.Command != "sleep 1000" {
		t.Errorf("holders -j:\n%s", r.Stdout)
	}

	// Not root: the owner is still read from the namespace file, but the
	// processes in it are root's, so none is named.
	r = nstest.Run(t, "", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", nstest.Binary(t), "netns", "holders", "c")
	if want := "owner user namespace " + userns + ", created by uid 0 (root)" + note; r.Code != 0 || !strings.Contains(r.Stdout, want) {
		t.Errorf("holders as nobody: status %d, want %q in\n%s%s", r.Code, want, r.Stdout, r.Stderr)
	}

	// Owned by our own user namespace: no owner, in either output.
	nsScript(t, "ns add p")
	if r = nsRun(t, "holders", "p"); r.Code != 0 || strings.Contains(r.Stdout, "owner") {
		t.Errorf("holders of a namespace of ours: status %d\n%s", r.Code, r.Stdout)
	}
	r = nsRun(t, "-j", "holders", "p")
	var plain struct{ Holders map[string]json.RawMessage }
	if err := json.Unmarshal([]byte(r.Stdout), &plain); err != nil || plain.Holders == nil || plain.Holders["owner"] != nil {
		t.Errorf("holders -j of a namespace of ours (%v):\n%s", err, r.Stdout)
	}
	nsScript(t, "ns delete p")
	if after := sandboxState(t); after != before {
		t.Errorf("holders changed the sandbox:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

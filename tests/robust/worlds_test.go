package robust

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// nobody runs a command as uid and gid 65534 with no groups and no
// capabilities.
var nobody = []string{"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"}

// TestNonRoot: every applet called by a user without privileges, in the
// standard world.
func TestNonRoot(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	w.prefix = nobody
	w.check(t, []bad{
		c("netns-add", "netns", "add", "x"),
		c("netns-attach", "netns", "attach", "x", "{P}"),
		c("netns-delete", "netns", "delete", "good"),
		c("netns-delete-all", "netns", "-all", "delete"),
		c("netns-set", "netns", "set", "good", "5"),
		c("netns-exec", "netns", "exec", "good", "true"),
		// iproute2's child goes on with the loop after a failed setup, so
		// later names run again (docs/netns.md); nsbox runs each once.
		c("netns-exec-all", "netns", "-all", "exec", "true").
			out("\nnetns: file\n\nnetns: dir\n\nnetns: stale\n\nnetns: other\n\nnetns: good\n").
			only(0, `setting the network namespace "file" failed: not a namespace file (stale placeholder?)
setting the network namespace "dir" failed: not a namespace file (stale placeholder?)
setting the network namespace "stale" failed: not a namespace file (stale placeholder?)
setting the network namespace "other" failed: Operation not permitted
setting the network namespace "good" failed: Operation not permitted`),
		c("netns-identify", "netns", "identify", "{P}"),
		c("netns-pids", "netns", "pids", "good"),
		// No "Error: Peer netns reference is invalid." for the stale
		// entries: nsbox sends them to no kernel query (docs/netns.md).
		c("netns-list", "netns", "list").err(""),
		c("netns-list-id", "netns", "list-id").err(""),
		c("netns-source", "netns", "-n", "good", "list"),
		c("netns-rename", "netns", "rename", "good", "x").
			only(1, "mount --make-shared /run/netns failed: Operation not permitted"),
		c("netns-set-up", "netns", "set", "good", "up").only(2, "RTNETLINK answers: Operation not permitted"),
		c("lsns-task", "lsns", "-p", "{P}"),
		c("lsns-uts", "lsns", "-t", "uts", "-o", "NS,TYPE"),
		c("lsns-nsid", "lsns", "4026531838", "-o", "USER"),
		c("nsenter-target", "nsenter", "-t", "{P}", "-n", "true").
			err("nsenter: reassociate to namespaces failed: Operation not permitted"),
		c("nsenter-file", "nsenter", "--net=/run/netns/good", "true"),
		c("nsenter-all", "nsenter", "-t", "{P}", "-a", "true"),
		c("nsenter-root", "nsenter", "-t", "{P}", "-r", "true"),
		c("nsenter-uid", "nsenter", "-S", "0", "--net=/run/netns/good", "true"),
		c("nsenter-netns", "nsenter", "--netns=good", "true").
			only(1, "nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted"),
		c("unshare-net", "unshare", "-n", "true"),
		c("unshare-mount", "unshare", "-m", "true"),
		c("unshare-persist", "unshare", "-r", "--net=/run/netns/file", "true"),
		c("unshare-setuid", "unshare", "-S", "0", "true").err("unshare: setuid() failed: Operation not permitted"),
		c("unshare-setgroups", "unshare", "--setgroups=deny", "true"),
		c("unshare-netns", "unshare", "--netns=x", "true").only(1, "unshare: unshare failed: Operation not permitted"),
		c("nsmove", "nsmove", "va", "good").vs(ipLink("va", "good")...).
			err("nsmove: cannot move va: Operation not permitted"),
		c("nsmove-source", "nsmove", "-n", "good", "lo", "other").
			vs("ip", "-n", "good", "link", "set", "dev", "lo", "netns", "other").
			err("nsmove: cannot open the source namespace's rtnetlink: Operation not permitted"),
		c("nsmove-list-source", "nsmove", "-l", "-n", "good").vs("ip", "-n", "good", "link").
			err("nsmove: cannot open rtnetlink: Operation not permitted"),
	})
}

// TestNoProc: every applet in a mount namespace without /proc (a nested
// `unshare -m` unmounts it for each command, so the test keeps its own).
func TestNoProc(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	w.prefix = []string{"/usr/bin/unshare", "-m", "--propagation", "unchanged", "/bin/sh", "-c",
		`while [ -e /proc/self ]; do umount -l /proc || exit 99; done; exec "$@"`, "sh"}
	w.check(t, []bad{
		// No "Error: Peer netns reference is invalid." for the stale
		// entries: nsbox sends them to no kernel query (docs/netns.md).
		c("netns-list", "netns", "list").err(""),
		c("netns-source", "netns", "-n", "good", "list").err(""),
		// iproute2 leaves its placeholder behind when it cannot save its
		// own namespace (the clean-up fails without /proc as well).
		c("netns-add", "netns", "add", "x").only(1, "Cannot open net namespace of this thread: No such file or directory"),
		c("netns-attach", "netns", "attach", "x", "{P}"),
		c("netns-exec", "netns", "exec", "good", "true"),
		c("netns-identify", "netns", "identify"),
		c("netns-identify-pid", "netns", "identify", "{P}"),
		c("netns-pids", "netns", "pids", "good"),
		c("netns-delete", "netns", "delete", "nosuch"),
		c("netns-list-id", "netns", "list-id").err(""), // no query for the stale entries
		c("netns-set-stale", "netns", "set", "stale", "1").
			err(`Cannot use network namespace "stale": not a namespace file (stale placeholder?)`),
		// Without /proc there is nothing to list: one line and status 1
		// (2.38.1 prints nothing, or fails on the mount table with 32; the
		// newest always fails on it with 32: docs/lsns.md).
		c("lsns", "lsns").only(1, "lsns: cannot list namespaces: /proc is not mounted"),
		c("lsns-net", "lsns", "-t", "net").only(1, "lsns: cannot list namespaces: /proc is not mounted"),
		c("lsns-task", "lsns", "-p", "{P}").only(1, "lsns: cannot list namespaces: /proc is not mounted"),
		c("lsns-nsid", "lsns", "4026531835").only(1, "lsns: cannot list namespaces: /proc is not mounted"),
		// The newest nsenter joins through a pidfd (no /proc needed); -a
		// cannot tell which namespaces differ and says so (docs/nsenter.md).
		c("nsenter-target", "nsenter", "-t", "{P}", "-n", "true").only(0, ""),
		c("nsenter-file", "nsenter", "--net=/run/netns/good", "true"),
		c("nsenter-all", "nsenter", "-t", "{P}", "-a", "true").only(1, "nsenter: cannot tell which namespaces --all enters: /proc is not mounted"),
		c("nsenter-root", "nsenter", "-t", "{P}", "-n", "-r", "true").
			err("nsenter: cannot open /proc/PID/root: No such file or directory"),
		c("nsenter-wd", "nsenter", "-t", "{P}", "-n", "-w", "true").
			err("nsenter: cannot open /proc/PID/cwd: No such file or directory"),
		// User and time namespaces need the pre-runtime stage, which runs
		// /proc/self/exe again: without /proc nsbox cannot (one line, 1).
		c("nsenter-user", "nsenter", "-t", "{P}", "-U", "true").
			only(1, "nsenter: cannot re-execute nsbox for the pre-runtime stage: No such file or directory"),
		c("unshare-user", "unshare", "-U", "true").
			only(1, "unshare: cannot re-execute unshare for the unshare stage: No such file or directory"),
		c("unshare-map-root", "unshare", "-r", "true").
			only(1, "unshare: cannot re-execute unshare for the unshare stage: No such file or directory"),
		c("unshare-time", "unshare", "-T", "true").
			only(1, "unshare: cannot re-execute unshare for the unshare stage: No such file or directory"),
		// So does the child that mounts proc in the new pid namespace.
		c("unshare-mount-proc", "unshare", "-p", "-f", "--mount-proc", "true").
			only(1, "unshare: fork failed: No such file or directory"),
		c("unshare-net", "unshare", "-n", "true"),
		c("unshare-persist", "unshare", "--net=/run/netns/file", "true"),
		c("unshare-fork", "unshare", "-f", "-n", "true"),
		c("nsmove-unknown", "nsmove", "nosuch", "good").vs(ipLink("nosuch", "good")...).
			err(`nsmove: Cannot find device "nosuch"`),
		// nsmove opens a PID's namespace as /proc/PID/ns/net; rtnetlink in
		// another namespace needs /proc/thread-self/ns/net to come back.
		c("nsmove-pid", "nsmove", "va", "{P}").
			only(255, `nsmove: cannot open network namespace "{P}": No such file or directory`),
		c("nsmove-list", "nsmove", "-l", "-n", "good").
			only(255, "nsmove: cannot open rtnetlink: socket: Linux network namespaces are not enabled on this system"),
	})
}

// TestNoRunDir: no /run/netns at all.
func TestNoRunDir(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, "ip link add va type veth peer name vb", false)
	w.check(t, []bad{
		c("netns-list", "netns", "list"),
		c("netns-list-json", "netns", "-j", "list"),
		c("netns-identify", "netns", "identify"),
		c("netns-pids", "netns", "pids", "x"),
		c("netns-delete", "netns", "delete", "x"),
		c("netns-delete-all", "netns", "-all", "delete"),
		c("netns-exec", "netns", "exec", "x", "true"),
		c("netns-exec-all", "netns", "-all", "exec", "true"),
		c("netns-set", "netns", "set", "x", "1"),
		c("netns-attach-bad-pid", "netns", "attach", "x", "0"),
		c("netns-list-id", "netns", "list-id"),
		c("netns-source", "netns", "-n", "x", "list"),
		c("netns-rename", "netns", "rename", "x", "y").
			only(1, `Cannot open network namespace "x": No such file or directory`),
		c("netns-run-dir-deep", "netns", "list").with("NETNS_RUN_DIR=/run/nonexistent/deep").only(0, ""),
		c("netns-run-dir-deep-delete", "netns", "delete", "x").with("NETNS_RUN_DIR=/run/nonexistent/deep").
			only(1, `Cannot remove namespace file "/run/nonexistent/deep/x": No such file or directory`),
		c("nsenter", "nsenter", "--net=/run/netns/x", "true"),
		c("unshare-persist", "unshare", "--net=/run/netns/x", "true"),
		c("nsmove", "nsmove", "va", "x").vs(ipLink("va", "x")...).
			err(`nsmove: cannot open network namespace "x": No such file or directory`),
	})
}

// TestReadOnlyRunDir: /run/netns is a read-only mount holding a named
// namespace and a stale placeholder; /run/ro is an empty read-only tmpfs
// for $NETNS_RUN_DIR (nsbox only: iproute2 has its run dir built in).
func TestReadOnlyRunDir(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, `ip netns add good; touch /run/netns/stale; ip link add va type veth peer name vb
mount -o remount,bind,ro /run/netns
mkdir /run/ro; mount -t tmpfs -o ro ro /run/ro; mount --make-shared /run/ro`, true)
	ro := "NETNS_RUN_DIR=/run/ro"
	w.check(t, []bad{
		c("netns-add", "netns", "add", "x"),
		c("netns-attach", "netns", "attach", "x", "{P}"),
		c("netns-attach-bad-pid", "netns", "attach", "x", "4000000"),
		c("netns-exec", "netns", "exec", "good", "true"),
		c("netns-list", "netns", "list").err(""), // no kernel query for the stale entry
		c("netns-delete-stale", "netns", "delete", "stale"),
		// iproute2 unmounts good before the unlink fails, so the name
		// becomes a stale placeholder and the namespace is gone; nsbox
		// keeps it.
		c("netns-delete", "netns", "delete", "good").
			only(1, `Cannot remove namespace file "/run/netns/good": Read-only file system`),
		// -all delete stops at the first failure and exits 0, as iproute2
		// (the newest name comes first on tmpfs).
		c("netns-delete-all", "netns", "-all", "delete").
			only(0, `Cannot remove namespace file "/run/netns/stale": Read-only file system`),
		c("netns-rename", "netns", "rename", "good", "x").
			only(1, `Cannot create namespace file "/run/netns/x": Read-only file system`),
		c("unshare-netns", "unshare", "--netns=x", "true").
			only(1, `unshare: Cannot create namespace file "/run/netns/x": Read-only file system`),
		c("ro-add", "netns", "add", "x").with(ro).only(1, `Cannot create namespace file "/run/ro/x": Read-only file system`),
		c("ro-add-deeper", "netns", "add", "x").with("NETNS_RUN_DIR=/run/ro/sub").
			only(1, "mkdir /run/ro/sub failed: Read-only file system"),
		c("ro-attach", "netns", "attach", "x", "{P}").with(ro).
			only(1, `Cannot create namespace file "/run/ro/x": Read-only file system`),
		c("ro-delete", "netns", "delete", "x").with(ro).
			only(1, `Cannot remove namespace file "/run/ro/x": Read-only file system`),
		c("ro-list", "netns", "list").with(ro).only(0, ""),
		c("ro-unshare-netns", "unshare", "--netns=x", "true").with(ro).
			only(1, `unshare: Cannot create namespace file "/run/ro/x": Read-only file system`),
	})
}

// TestHuge: a 100 KB name, path or number, and 5000 arguments or options.
func TestHuge(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	name := strings.Repeat("n", 100<<10)
	digits := strings.Repeat("9", 100<<10)
	many := func(head []string, word string, tail ...string) []string {
		argv := append([]string{}, head...)
		for i := 0; i < 5000; i++ {
			argv = append(argv, word)
		}
		return append(argv, tail...)
	}
	w.check(t, []bad{
		c("netns-add-name", "netns", "add", name),
		c("netns-attach-name", "netns", "attach", name, "{P}"),
		c("netns-delete-name", "netns", "delete", name),
		c("netns-exec-name", "netns", "exec", name, "true"),
		c("netns-set-id", "netns", "set", "good", digits),
		c("netns-identify-pid", "netns", "identify", digits),
		c("netns-list-args", many([]string{"netns", "list"}, "x")...).err(""), // no query for the stale entries
		c("netns-exec-args", many([]string{"netns", "exec", "good", "true"}, "x")...),
		c("netns-delete-args", many([]string{"netns", "delete", "nosuch"}, "x")...),
		c("lsns-type", "lsns", "-t", name),
		c("lsns-columns", "lsns", "-o", name),
		c("lsns-task", "lsns", "-p", digits),
		c("lsns-nsids", many([]string{"lsns"}, "1")...),
		c("lsns-types", many([]string{"lsns", "-o", "NS", "-n"}, "-tuts")...),
		c("nsenter-file", "nsenter", "--net=/"+name, "true"),
		c("nsenter-target", "nsenter", "-t", digits, "-n", "true").
			err("nsenter: failed to parse PID argument '" + digits + "': Numerical result out of range"),
		c("nsenter-args", many([]string{"nsenter", "-t", "{P}", "-n", "true"}, "x")...),
		c("nsenter-options", many([]string{"nsenter", "-t", "{P}"}, "-n", "true")...),
		c("unshare-uid", "unshare", "-S", digits, "true"),
		c("unshare-propagation", "unshare", "--propagation", name, "true"),
		c("unshare-persist", "unshare", "--net=/"+name, "true"),
		c("unshare-program", "unshare", "/"+name),
		c("unshare-args", many([]string{"unshare", "true"}, "x")...),
		c("unshare-options", many([]string{"unshare"}, "-n", "true")...),
		c("nsmove-device", "nsmove", name, "good").vs(ipLink(name, "good")...).
			err(`nsmove: Cannot find device "` + name + `"`),
		c("nsmove-target", "nsmove", "va", name).vs(ipLink("va", name)...).
			err(`nsmove: cannot open network namespace "` + name + `": No such file or directory`),
		c("nsmove-devices", many([]string{"nsmove"}, "lo", "good")...).vs(ipLink("lo", "good")...).
			err("nsmove: cannot move lo: The interface netns is immutable"),
		c("nsmove-devices-bad-target", many([]string{"nsmove"}, "va", "nosuch")...).vs(ipLink("va", "nosuch")...).
			err(`nsmove: cannot open network namespace "nosuch": No such file or directory`),
	})
}

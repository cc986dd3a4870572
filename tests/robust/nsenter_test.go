package robust

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// TestNsenter: bad targets, PIDs, namespace files, ids, directories and
// options for nsenter, against util-linux 2.38.1; where the newest release
// parses or checks differently, its documented messages.
func TestNsenter(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	huge := "/" + strings.Repeat("p", 5000)
	w.check(t, []bad{
		// -t PID: util-linux 2.42 parses it with ul_parse_pid_str (PID in
		// 1..INT_MAX, an optional :INODE) and words the error its way.
		c("target-0", "nsenter", "-t", "0", "-n", "true").
			err("nsenter: failed to parse PID argument '0': Numerical result out of range"),
		c("target-negative", "nsenter", "-t", "-1", "-n", "true").
			err("nsenter: failed to parse PID argument '-1': Numerical result out of range"),
		c("target-word", "nsenter", "-t", "abc", "-n", "true").
			err("nsenter: failed to parse PID argument 'abc': Invalid argument"),
		c("target-empty", "nsenter", "-t", "", "-n", "true").
			err("nsenter: failed to parse PID argument '': Invalid argument"),
		c("target-overflow-int", "nsenter", "-t", "2147483648", "-n", "true").
			err("nsenter: failed to parse PID argument '2147483648': Numerical result out of range"),
		c("target-overflow-u64", "nsenter", "-t", "99999999999999999999", "-n", "true").
			err("nsenter: failed to parse PID argument '99999999999999999999': Numerical result out of range"),
		c("target-hex", "nsenter", "-t", "0x10", "-n", "true").
			err("nsenter: failed to parse PID argument '0x10': Numerical result out of range"),
		c("target-trailing", "nsenter", "-t", "1x", "-n", "true").
			err("nsenter: failed to parse PID argument '1x': Invalid argument"),
		c("target-non-utf8", "nsenter", "-t", "\xff", "-n", "true").
			err("nsenter: failed to parse PID argument '\xff': Invalid argument"),
		c("target-nonexistent", "nsenter", "-t", "4000000", "-n", "true"),
		c("target-missing", "nsenter", "-t"),
		c("target-inode-zero", "nsenter", "-t", "{P}:0", "-n", "true").
			only(1, "nsenter: failed to parse PID argument '{P}:0': Numerical result out of range"),
		c("target-inode-word", "nsenter", "-t", "{P}:abc", "-n", "true").
			only(1, "nsenter: failed to parse PID argument '{P}:abc': Invalid argument"),
		c("target-inode-wrong", "nsenter", "-t", "{P}:12345", "-n", "true").
			only(1, "nsenter: failed to obtain a valid file descriptor for PID {P}: No such process"),
		c("target-twice", "nsenter", "-t", "{P}", "-t", "{P}", "-n", "true").
			only(1, "nsenter: option --target may be given only once"),
		// Namespace files.
		c("no-target", "nsenter", "-n", "true").err("nsenter: no target PID specified"),
		// The newest release dropped 2.38.1's "no target PID specified for
		// --all": the user namespace check stats /proc/0/ns/user.
		c("no-target-all", "nsenter", "-a", "true").
			err("nsenter: stat of /proc/PID/ns/user failed: No such file or directory"),
		c("file-missing", "nsenter", "--net=/nonexistent", "true"),
		c("file-empty", "nsenter", "--net=", "true"),
		c("file-dir", "nsenter", "--net=/run/netns", "true"),
		c("file-plain", "nsenter", "--net=/run/netns/file", "true"),
		c("file-stale", "nsenter", "--net=/run/netns/stale", "true"),
		c("file-wrong-type", "nsenter", "--mount=/run/netns/good", "true"),
		c("file-other-type", "nsenter", "--net=/proc/self/ns/uts", "true"),
		c("file-non-utf8", "nsenter", "--net=/\xff", "true"),
		c("file-too-long", "nsenter", "--net="+huge, "true"),
		c("file-short-attached", "nsenter", "-n/nonexistent", "true"),
		// The newest release strips a leading '=' (-n=FILE); 2.38.1 opens "=FILE".
		c("file-equals-stripped", "nsenter", "-n=/nonexistent", "true").
			err("nsenter: cannot open /nonexistent: No such file or directory"),
		// Program.
		c("program-missing", "nsenter", "-t", "{P}", "-n", "/nonexistent"),
		c("program-empty", "nsenter", "-t", "{P}", "-n", ""),
		c("program-dir", "nsenter", "-t", "{P}", "-n", "/run"),
		c("program-not-executable", "nsenter", "-t", "{P}", "-n", "/run/netns/file"),
		c("program-non-utf8", "nsenter", "-t", "{P}", "-n", "/\xff"),
		c("program-status", "nsenter", "-t", "{P}", "-n", "sh", "-c", "exit 3").nlines(0),
		// Credentials.
		c("uid-word", "nsenter", "-S", "abc", "-t", "{P}", "-n", "true"),
		c("uid-empty", "nsenter", "-S", "", "-t", "{P}", "-n", "true"),
		c("uid-overflow", "nsenter", "-S", "99999999999999999999", "-t", "{P}", "-n", "true"),
		c("uid-negative", "nsenter", "-S", "-1", "-t", "{P}", "-n", "true").
			only(1, "nsenter: failed to parse uid: '-1': Numerical result out of range"),
		c("gid-trailing", "nsenter", "-G", "1x", "-t", "{P}", "-n", "true"),
		c("gid-negative", "nsenter", "-G", "-5", "-t", "{P}", "-n", "true").
			only(1, "nsenter: failed to parse gid: '-5': Numerical result out of range"),
		c("uid-follow-no-target", "nsenter", "-S", "follow", "--net=/run/netns/good", "true").
			only(1, "nsenter: neither filename nor target pid supplied for "), // util-linux's words: an empty name
		// Directories.
		c("root-missing", "nsenter", "-t", "{P}", "-n", "--root=/nonexistent", "true"),
		c("root-empty", "nsenter", "-t", "{P}", "-n", "--root=", "true"),
		c("root-file", "nsenter", "-t", "{P}", "-n", "--root=/run/netns/file", "true"),
		c("wd-missing", "nsenter", "-t", "{P}", "-n", "--wd=/nonexistent", "true"),
		c("wd-file", "nsenter", "-t", "{P}", "-n", "--wd=/run/netns/file", "true"),
		c("wd-wdns", "nsenter", "-w/", "-W/", "true"),
		c("wdns-missing", "nsenter", "-t", "{P}", "-n", "--wdns=/nonexistent", "true"),
		// Options.
		c("unknown-long", "nsenter", "--bogus"),
		c("unknown-short", "nsenter", "-x"),
		c("unknown-non-utf8", "nsenter", "--\xff=1"),
		c("ambiguous", "nsenter", "--p", "true"),
		c("no-argument-allowed", "nsenter", "--all=1", "true"),
		c("net-socket-word", "nsenter", "-t", "{P}", "-N", "abc", "true").
			only(1, "nsenter: failed to parse file descriptor: 'abc'"),
		c("net-socket-not-socket", "nsenter", "-t", "{P}", "-N", "0", "true").
			only(1, "nsenter: ioctl(FD, SIOCGSKNS): Inappropriate ioctl for device"),
		c("net-socket-closed", "nsenter", "-t", "{P}", "-N", "99", "true").
			only(1, "nsenter: pidfd_getfd(FD, 99): Bad file descriptor"),
		c("net-socket-no-target", "nsenter", "-N", "3", "true").only(1, "nsenter: no target PID specified"),
		c("no-namespace", "nsenter", "-t", "{P}", "true").only(1, "nsenter: no namespace specified"),
		// nsbox's --netns=NAME (no anchor).
		c("netns-nonexistent", "nsenter", "--netns=nosuch", "true").
			only(1, "nsenter: cannot open /run/netns/nosuch: No such file or directory"),
		c("netns-bad-name", "nsenter", "--netns=..", "true").
			only(1, "nsenter: invalid network namespace name: '..'"),
		c("netns-slash", "nsenter", "--netns=a/b", "true").
			only(1, "nsenter: invalid network namespace name: 'a/b'"),
		c("netns-empty", "nsenter", "--netns=", "true").
			only(1, "nsenter: invalid network namespace name: ''"),
		c("netns-stale", "nsenter", "--netns=stale", "true").
			only(1, "nsenter: /run/netns/stale: not a namespace file (stale placeholder?)"),
		c("netns-dir", "nsenter", "--netns=dir", "true").
			only(1, "nsenter: /run/netns/dir: not a namespace file (stale placeholder?)"),
	})
}

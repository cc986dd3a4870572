package robust

import (
	"testing"

	"nsbox/nslib/nstest"
)

// TestUnshare: bad ids, maps, offsets, signals, propagation, persistence
// files, directories and options for unshare, against util-linux 2.38.1;
// where the newest release parses or checks differently, its documented
// messages.
func TestUnshare(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, false)
	w.check(t, []bad{
		// -S/-G: strtoul_or_err in the newest release (2.38.1 took -1).
		c("uid-word", "unshare", "-S", "abc", "true"),
		c("uid-empty", "unshare", "-S", "", "true"),
		c("uid-negative", "unshare", "-S", "-1", "true").
			err("unshare: failed to parse uid: '-1': Numerical result out of range"),
		c("uid-hex", "unshare", "-S", "0x10", "true"),
		c("uid-overflow-u64", "unshare", "-S", "99999999999999999999", "true"),
		c("gid-trailing", "unshare", "-G", "1x", "true"),
		c("gid-non-utf8", "unshare", "-G", "\xff", "true"),
		c("uid-missing", "unshare", "-S"),
		// --map-user/--map-group.
		c("map-user-unknown", "unshare", "--map-user=nosuchuser", "true"),
		c("map-group-unknown", "unshare", "--map-group=nosuchgroup", "true"),
		c("map-user-empty", "unshare", "--map-user=", "true"),
		c("map-user-negative", "unshare", "--map-user=-1", "true").
			only(1, "unshare: failed to parse uid: '-1': Numerical result out of range"),
		c("map-user-overflow", "unshare", "--map-user=99999999999999999999", "true"),
		// --map-users/--map-groups: the newest release takes inner:outer:count
		// too and says "invalid mapping" for either form.
		c("map-users-two-fields", "unshare", "--map-users=0:0", "true").err("unshare: invalid mapping '0:0'"),
		c("map-users-words", "unshare", "--map-users=a,b,c", "true").err("unshare: invalid mapping 'a,b,c'"),
		c("map-users-four-fields", "unshare", "--map-users=1,2,3,4", "true").err("unshare: invalid mapping '1,2,3,4'"),
		c("map-users-empty", "unshare", "--map-users=", "true").err("unshare: invalid mapping ''"),
		c("map-groups-negative", "unshare", "--map-groups=-1,0,1", "true").err("unshare: invalid mapping '-1,0,1'"),
		c("owner-word", "unshare", "--owner=a:b", "true").only(1, "unshare: failed to parse owner"),
		c("owner-one-field", "unshare", "--owner=1", "true").only(1, "unshare: failed to parse owner"),
		// Time offsets.
		c("monotonic-word", "unshare", "-T", "--monotonic", "x", "true"),
		c("monotonic-overflow", "unshare", "-T", "--monotonic", "99999999999999999999", "true"),
		c("boottime-suffix", "unshare", "-T", "--boottime", "1d", "true"),
		c("boottime-without-time", "unshare", "--boottime", "1", "true").
			err("unshare: options --monotonic and --boottime require unsharing of a time namespace (-T)"),
		c("monotonic-empty", "unshare", "-T", "--monotonic=", "true"),
		// Words.
		c("propagation-unknown", "unshare", "--propagation", "foo", "true"),
		c("propagation-empty", "unshare", "--propagation=", "true"),
		c("propagation-upper-case", "unshare", "--propagation", "PRIVATE", "true"),
		c("setgroups-unknown", "unshare", "--setgroups", "maybe", "true"),
		c("setgroups-empty", "unshare", "--setgroups=", "true"),
		c("kill-child-unknown", "unshare", "--kill-child=FOO", "true"),
		c("kill-child-zero", "unshare", "--kill-child=0", "true"),
		c("kill-child-too-big", "unshare", "--kill-child=99", "true"),
		c("kill-child-empty", "unshare", "--kill-child=", "true"),
		c("kill-child-non-utf8", "unshare", "--kill-child=\xff", "true"),
		// Combinations util-linux rejects.
		c("root-setgroups-allow", "unshare", "-r", "--setgroups", "allow", "true"),
		c("map-group-setgroups-allow", "unshare", "--setgroups=allow", "--map-group=0", "true"),
		// Persistence files.
		c("persist-missing", "unshare", "--net=/nonexistent", "true"),
		c("persist-dir", "unshare", "--uts=/run/netns/dir", "true"),
		c("persist-under-file", "unshare", "--ipc=/run/netns/file/x", "true"),
		c("persist-empty", "unshare", "--net=", "true"),
		c("persist-non-utf8", "unshare", "--net=/\xff", "true"),
		c("persist-pid-without-fork", "unshare", "--pid=/run/netns/file", "true").
			err("unshare: cannot keep the pid namespace on /run/netns/file without --fork: " +
				"it gets its first process only when unshare forks; add -f (--fork)"),
		// Directories.
		c("root-missing", "unshare", "-R", "/nonexistent", "true"),
		c("root-empty", "unshare", "-R", "", "true"),
		c("root-file", "unshare", "-R", "/run/netns/file", "true"),
		c("wd-missing", "unshare", "-w", "/nonexistent", "true"),
		c("wd-empty", "unshare", "-w", "", "true"),
		c("wd-file", "unshare", "-w", "/run/netns/file", "true"),
		c("mount-proc-missing", "unshare", "--mount-proc=/nonexistent", "true"),
		c("mount-proc-empty", "unshare", "--mount-proc=", "true"),
		// Program.
		c("program-missing", "unshare", "/nonexistent"),
		c("program-path-missing", "unshare", "nosuchprogram"),
		c("program-empty", "unshare", ""),
		c("program-dir", "unshare", "/run"),
		c("program-not-executable", "unshare", "-n", "/run/netns/file"),
		c("program-after-dashes", "unshare", "--", "/nonexistent"),
		c("program-status", "unshare", "-n", "sh", "-c", "exit 4").nlines(0),
		// Options.
		c("unknown-long", "unshare", "--bogus", "true"),
		c("unknown-short", "unshare", "-x", "true"),
		c("unknown-non-utf8", "unshare", "-\xfe", "true"),
		c("ambiguous", "unshare", "--map-u", "0", "true"),
		c("no-argument-allowed", "unshare", "--fork=1", "true"),
		c("missing-argument", "unshare", "--propagation"),
		c("time-lower-case", "unshare", "-t", "true"),
		c("mount-binfmt-empty", "unshare", "--mount-binfmt=", "true").only(1, "unshare: mount  failed: No such file or directory"),
	})
}

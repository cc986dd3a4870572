package robust

import (
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// TestNetns: bad names, PIDs, numbers, options and subcommands for
// `netns`, against `ip netns` in the standard world.
func TestNetns(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	w := newWorld(t, standard, true)
	// iproute2's usage text differs by design (nsbox's subcommands and
	// options); every usage error prints the same text as `netns help`.
	help := w.run(t, nil, []string{"netns", "help"}, true)
	if !strings.HasPrefix(help.stderr, "Usage:\tnetns list") || help.code != 255 {
		t.Fatalf("netns help: status %d, stderr %q", help.code, help.stderr)
	}
	usage := strings.TrimSuffix(help.stderr, "\n")
	usageLines := strings.Count(usage, "\n") + 1
	long := strings.Repeat("n", 256)
	w.check(t, []bad{
		// add: names iproute2 rejects, and names that exist.
		c("add-empty", "netns", "add", ""),
		c("add-dot", "netns", "add", "."),
		c("add-dotdot", "netns", "add", ".."),
		c("add-slash", "netns", "add", "a/b"),
		c("add-root", "netns", "add", "/"),
		c("add-absolute", "netns", "add", "/run/netns/x"),
		c("add-trailing-slash", "netns", "add", "x/"),
		c("add-256-bytes", "netns", "add", long),
		c("add-non-utf8-slash", "netns", "add", "\xff/\xfe"),
		c("add-exists", "netns", "add", "good"),
		c("add-exists-dir", "netns", "add", "dir"),
		c("add-exists-file", "netns", "add", "file"),
		c("add-missing", "netns", "add"),
		c("add-prefix-exists", "netns", "a", "good"),
		// attach: PIDs.
		c("attach-pid-0", "netns", "attach", "x", "0"),
		c("attach-pid-negative", "netns", "attach", "x", "-1"),
		c("attach-pid-negative-big", "netns", "attach", "x", "-2147483649"),
		c("attach-pid-word", "netns", "attach", "x", "abc"),
		c("attach-pid-empty", "netns", "attach", "x", ""),
		c("attach-pid-nonexistent", "netns", "attach", "x", "4000000"),
		c("attach-pid-int-max", "netns", "attach", "x", "2147483647"),
		c("attach-pid-overflow-int", "netns", "attach", "x", "2147483648"),
		c("attach-pid-overflow-u32", "netns", "attach", "x", "4294967297"),
		c("attach-pid-overflow-u64", "netns", "attach", "x", "99999999999999999999"),
		c("attach-pid-hex-garbage", "netns", "attach", "x", "0x"),
		c("attach-pid-hex-bad-digit", "netns", "attach", "x", "0x1g"),
		c("attach-pid-octal-bad-digit", "netns", "attach", "x", "08"),
		c("attach-pid-trailing", "netns", "attach", "x", "1x"),
		c("attach-pid-non-utf8", "netns", "attach", "x", "\xff"),
		c("attach-missing-pid", "netns", "attach", "x"),
		c("attach-missing-all", "netns", "attach"),
		c("attach-exists", "netns", "attach", "good", "{P}"),
		c("attach-bad-name", "netns", "attach", "..", "{P}"),
		c("attach-slash-name", "netns", "attach", "a/b", "{P}"),
		// delete: what is not there or cannot go.
		c("delete-missing-name", "netns", "delete"),
		c("delete-nonexistent", "netns", "delete", "nosuch"),
		c("delete-empty", "netns", "delete", ""),
		c("delete-dotdot", "netns", "delete", ".."),
		c("delete-slash", "netns", "delete", "a/b"),
		c("delete-dir", "netns", "delete", "dir"),
		c("delete-non-utf8", "netns", "delete", "\xff\xfe"),
		c("delete-256-bytes", "netns", "delete", long),
		// set: nsids.
		c("set-missing-id", "netns", "set", "good"),
		c("set-missing-all", "netns", "set"),
		c("set-id-word", "netns", "set", "good", "abc"),
		c("set-id-negative", "netns", "set", "good", "-1"),
		c("set-id-overflow", "netns", "set", "good", "2147483648"),
		c("set-id-overflow-u64", "netns", "set", "good", "99999999999999999999"),
		c("set-id-hex-garbage", "netns", "set", "good", "0x"),
		c("set-id-octal-bad-digit", "netns", "set", "good", "09"),
		c("set-id-empty", "netns", "set", "good", ""),
		c("set-id-trailing", "netns", "set", "good", "5x"),
		c("set-nonexistent", "netns", "set", "nosuch", "1"),
		c("set-stale", "netns", "set", "stale", "1").err(`Cannot use network namespace "stale": not a namespace file (stale placeholder?)`),
		c("set-dir", "netns", "set", "dir", "1").err(`Cannot use network namespace "dir": not a namespace file (stale placeholder?)`),
		c("set-bad-name", "netns", "set", "..", "1"),
		// identify: PIDs.
		c("identify-word", "netns", "identify", "abc"),
		c("identify-self", "netns", "identify", "self"),
		c("identify-0", "netns", "identify", "0"),
		c("identify-negative", "netns", "identify", "-1"),
		c("identify-empty", "netns", "identify", ""),
		c("identify-space", "netns", "identify", " 1"),
		c("identify-nonexistent", "netns", "identify", "4000000"),
		c("identify-overflow", "netns", "identify", "99999999999999999999"),
		c("identify-extra", "netns", "identify", "1", "2"),
		// pids.
		c("pids-missing", "netns", "pids"),
		c("pids-nonexistent", "netns", "pids", "nosuch"),
		c("pids-bad-name", "netns", "pids", ".."),
		c("pids-empty", "netns", "pids", ""),
		c("pids-extra", "netns", "pids", "good", "other"),
		c("pids-dir", "netns", "pids", "dir"),
		c("pids-non-utf8", "netns", "pids", "\xff"),
		// exec.
		c("exec-missing-all", "netns", "exec"),
		c("exec-missing-command", "netns", "exec", "good"),
		c("exec-nonexistent", "netns", "exec", "nosuch", "true"),
		c("exec-bad-name", "netns", "exec", "..", "true"),
		c("exec-empty-name", "netns", "exec", "", "true"),
		c("exec-stale", "netns", "exec", "stale", "true").err(`setting the network namespace "stale" failed: not a namespace file (stale placeholder?)`),
		c("exec-dir", "netns", "exec", "dir", "true").err(`setting the network namespace "dir" failed: not a namespace file (stale placeholder?)`),
		c("exec-file", "netns", "exec", "file", "true").err(`setting the network namespace "file" failed: not a namespace file (stale placeholder?)`),
		c("exec-command-missing", "netns", "exec", "good", "/nonexistent"),
		c("exec-command-empty", "netns", "exec", "good", ""),
		c("exec-command-dir", "netns", "exec", "good", "/run"),
		c("exec-command-non-utf8", "netns", "exec", "good", "\xff"),
		c("exec-all-missing-command", "netns", "-all", "exec"),
		c("exec-status", "netns", "exec", "good", "sh", "-c", "exit 7").nlines(0),
		// list-id.
		c("list-id-nsid-word", "netns", "list-id", "nsid", "x").err(`Error: argument "x" is wrong: "nsid" value is invalid`),
		c("list-id-nsid-negative", "netns", "list-id", "nsid", "-1").err(`Error: argument "(null)" is wrong: "nsid" value should be >= 0`),
		c("list-id-nsid-overflow", "netns", "list-id", "nsid", "2147483648").err(`Error: argument "2147483648" is wrong: "nsid" value is invalid`),
		c("list-id-target-word", "netns", "list-id", "target-nsid", "x").err(`Error: argument "x" is wrong: "target-nsid" value is invalid`),
		// nsbox sends no query for the stale entries (stale, dir, file), so
		// without iproute2's "Error: Peer netns reference is invalid." for
		// each (docs/netns.md).
		c("list-id-target-unknown", "netns", "list-id", "target-nsid", "99").
			err("Error: Invalid target network namespace id.\nDump terminated").nlines(2),
		c("list-id-nsid-unknown", "netns", "list-id", "nsid", "99").err("Error: Peer netns reference is invalid."),
		c("list-id-nsid-twice", "netns", "list-id", "nsid", "1", "nsid", "2").err(`Error: duplicate "nsid": "nsid" is the second value.`),
		c("list-id-missing-value", "netns", "list-id", "nsid").err(`Command line is not complete. Try option "help"`),
		c("list-id-unknown-word", "netns", "list-id", "frob").err(usage).nlines(usageLines),
		// Subcommands and options.
		c("unknown-command", "netns", "frob"),
		c("empty-command", "netns", ""),
		// nsbox reads ip's options after the applet's name: "-" is one.
		c("dash-command", "netns", "-").err(`Option "-" is unknown, try "netns help".`),
		c("non-utf8-command", "netns", "x\xff"),
		c("list-invalid-name", "netns", "list", "/"),
		c("help", "netns", "help").err(usage).nlines(usageLines),
		c("unknown-option", "netns", "-x", "list").err(`Option "-x" is unknown, try "netns help".`),
		c("non-utf8-option", "netns", "-\xff", "list").err("Option \"-\xff\" is unknown, try \"netns help\"."),
		c("source-nonexistent", "netns", "-n", "nosuch", "list"),
		c("source-stale", "netns", "-n", "stale", "list").err(`setting the network namespace "stale" failed: not a namespace file (stale placeholder?)`),
		c("source-empty", "netns", "-n", "", "list").err(`setting the network namespace "" failed: not a namespace file (stale placeholder?)`),
		c("source-dir", "netns", "-n", "dir", "list").err(`setting the network namespace "dir" failed: not a namespace file (stale placeholder?)`),
		c("batch-nonexistent", "netns", "-b", "/nonexistent"),
		c("batch-dir", "netns", "-b", "/run"),
		c("json-identify-word", "netns", "-j", "identify", "abc"),
		// nsbox's own subcommands and options (no anchor).
		c("rename-nonexistent", "netns", "rename", "nosuch", "x").
			only(1, `Cannot open network namespace "nosuch": No such file or directory`),
		c("rename-missing", "netns", "rename", "good").only(1, "No netns names specified: rename OLD NEW"),
		c("rename-bad-new", "netns", "rename", "good", "..").only(255, `Invalid netns name ".."`),
		c("rename-slash-new", "netns", "rename", "good", "a/b").only(255, `Invalid netns name "a/b"`),
		c("rename-long-new", "netns", "rename", "good", long).only(255, `Invalid netns name "`+long+`"`),
		c("rename-exists", "netns", "rename", "good", "other").
			only(1, `Cannot create namespace file "/run/netns/other": File exists`),
		c("set-up-nonexistent", "netns", "set", "nosuch", "up").
			only(1, `Cannot open network namespace "nosuch": No such file or directory`),
		c("delete-kill-nonexistent", "netns", "delete", "--kill", "nosuch").
			only(1, `Cannot remove namespace file "/run/netns/nosuch": No such file or directory`),
		c("run-dir-is-file", "netns", "add", "x").with("NETNS_RUN_DIR=/run/netns/file").
			only(1, `Cannot open netns runtime directory "/run/netns/file": Not a directory`),
		c("run-dir-under-file", "netns", "add", "x").with("NETNS_RUN_DIR=/run/netns/file/sub").
			only(1, `mkdir /run/netns/file/sub failed: Not a directory`),
		c("etc-dir-is-file", "netns", "exec", "good", "true").with("NETNS_ETC_DIR=/run/netns/file").only(0, ``),
	})
}

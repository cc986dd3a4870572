// Package robust is nsbox's robustness corpus: bad invocations of every
// applet (bad names, paths, PIDs, numbers, options, huge and non-UTF-8
// arguments, a non-root caller, a missing /proc, a missing or read-only run
// dir), each run side by side with the anchor tool (ip netns, ip link,
// lsns, nsenter, unshare) in the same state. A case checks the exit status
// and stdout against the anchor, stderr against the anchor or nsbox's
// documented message, that the error is one line and no Go panic, and that
// nothing was left behind: run dirs, /etc, mounts, namespaces, processes,
// devices and nsids are the same before and after.
//
// The tests need root and run in nstest sandboxes: go test ./tests/robust/
package robust

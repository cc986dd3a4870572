package robust

import (
	"os/exec"
	"strings"
	"testing"

	"nsbox/nslib/nstest"
)

// Every applet that runs a program finds it as glibc's execvp does, through
// the C fast path and through Go alike: without PATH in /bin:/usr/bin, and
// past a match that may not be run (EACCES: "Permission denied", the
// anchor's status for it) to a later one. Each command line runs through
// the anchor, through nsbox and through nsbox's Go path (the build without
// the fast path); stdout, stderr and status must agree.
func TestProgramLookup(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	bin := nstest.Binary(t)
	tools := map[string]string{}
	for _, tool := range []string{"ip", "nsenter", "unshare"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatal(err)
		}
		tools[tool] = p
	}
	// d/ne and d/id are files without x bits, d/dir a directory; d/ok runs.
	dir := t.TempDir()
	setup := "ip netns add a && ip netns add b && cd " + dir + " && mkdir d d/dir && " +
		"echo 'echo ne' > d/ne && echo 'echo id' > d/id && chmod 644 d/ne d/id && " +
		"printf '#!/bin/sh\\necho ok\\n' > d/ok && chmod 755 d/ok"
	if r := nstest.Sh(t, setup); r.Code != 0 {
		t.Fatalf("setup: %s", r.Stderr)
	}
	// Each shape: what comes before the tool (the batch's input), the
	// anchor's command line and nsbox's, PROG for the program.
	shapes := []struct{ pre, anchor, nsbox string }{
		{"", tools["ip"] + " netns exec a PROG", "netns exec a PROG"},
		{"", tools["ip"] + " -all netns exec PROG", "netns -all exec PROG"},
		{"echo 'netns exec a PROG' | ", tools["ip"] + " -b -", "netns -b -"},
		{"", tools["nsenter"] + " -t 1 -n PROG", "nsenter -t 1 -n PROG"},
		{"", tools["nsenter"] + " -t 1 -n -u -F PROG", "nsenter -t 1 -n -u -F PROG"},
		{"", tools["unshare"] + " -n PROG", "unshare -n PROG"},
		{"", tools["unshare"] + " -n -f PROG", "unshare -n -f PROG"},
	}
	envs := []string{"env -i ", "env -i PATH=d ", "env -i PATH=d:/usr/bin ", "env -i PATH=d/dir:d "}
	for _, shape := range shapes {
		for _, env := range envs {
			for _, prog := range []string{"id -u", "ne", "dir", "nosuch", "ok"} {
				line := func(cmdline string) string {
					return "cd " + dir + " && " + strings.Replace(shape.pre, "PROG", prog, 1) +
						env + strings.Replace(cmdline, "PROG", prog, 1)
				}
				anchor := nstest.Sh(t, line(shape.anchor))
				fast := nstest.Sh(t, line(bin+" "+shape.nsbox))
				goPath := nstest.Sh(t, line(nstest.GoPathBinary(t)+" "+shape.nsbox))
				if fast != anchor || goPath != anchor {
					t.Errorf("%s:\n anchor:    %+v\n nsbox:     %+v\n nsbox, Go: %+v", line(shape.nsbox), anchor, fast, goPath)
				}
				nstest.NoPanic(t, fast)
				nstest.NoPanic(t, goPath)
			}
		}
	}
}

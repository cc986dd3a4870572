package nsenter

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"nsbox/applets/applet"
	"nsbox/nslib/enter"
)

// state is what the process started by the pre-runtime stage needs to go
// on where this one stopped: the files opened before setns (by number; they
// survive the exec), the credential and fork decisions, and where the
// program starts in argv. It is one line of key=value words; wdns, the
// only free text, is last and quoted.
func (c *cmd) state(fork, userns bool, nprog int) string {
	fd := func(f *os.File) int {
		if f == nil {
			return -1
		}
		enter.KeepOpen(int(f.Fd()))
		return int(f.Fd())
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	return fmt.Sprintf("nsenter root=%d wd=%d env=%d cgroup=%d fork=%d userns=%d setuid=%d uid=%d setgid=%d gid=%d keepcaps=%d prog=%d wdns=%s",
		fd(c.root), fd(c.wd), fd(c.environ), fd(c.cgroupProcs), b(fork), b(userns),
		b(c.creds.SetUID), c.creds.UID, b(c.creds.SetGID), c.creds.GID, b(c.keepCaps), nprog,
		strconv.Quote(c.wdns))
}

// resume continues after the pre-runtime stage, already inside every
// namespace: it reports a failed join, else runs finish.
func (c *cmd) resume(r *enter.Resume, argv []string) int {
	if r.Err != nil {
		return applet.Code("nsenter", c.fail("%v", r.Err), c.io.Err)
	}
	var fork, userns bool
	var nprog int
	ok := c.parseState(r.Data, &fork, &userns, &nprog) && nprog <= len(argv)-1
	if !ok {
		return applet.Code("nsenter", c.fail("%v", enter.ErrBadStage{}), c.io.Err)
	}
	program := argv[len(argv)-nprog:]
	return applet.Code("nsenter", c.enterAndFinish(r.Later, program, fork, userns, r.SetgroupsErr), c.io.Err)
}

func (c *cmd) parseState(s string, fork, userns *bool, nprog *int) bool {
	words, wdns, found := strings.Cut(s, " wdns=")
	if !found || !strings.HasPrefix(words, "nsenter ") {
		return false
	}
	var err error
	if c.wdns, err = strconv.Unquote(wdns); err != nil {
		return false
	}
	vals := map[string]int{}
	for _, w := range strings.Fields(words)[1:] {
		k, v, _ := strings.Cut(w, "=")
		n, err := strconv.Atoi(v)
		if err != nil {
			return false
		}
		vals[k] = n
	}
	file := func(k string) *os.File {
		if vals[k] < 0 {
			return nil
		}
		enter.CloseOnExec(vals[k])
		return os.NewFile(uintptr(vals[k]), k)
	}
	c.root, c.wd, c.environ, c.cgroupProcs = file("root"), file("wd"), file("env"), file("cgroup")
	*fork, *userns = vals["fork"] == 1, vals["userns"] == 1
	c.creds = enter.Credentials{SetUID: vals["setuid"] == 1, UID: uint32(vals["uid"]),
		SetGID: vals["setgid"] == 1, GID: uint32(vals["gid"])}
	c.keepCaps = vals["keepcaps"] == 1
	*nprog = vals["prog"]
	return *nprog >= 0
}

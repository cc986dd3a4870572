package netns

import (
	"strconv"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/procscan"
)

// list prints every name with " (id: N)" when this namespace gave it one.
// "list all" adds the PIDs inside each.
func (c *cmd) list(args []string) error {
	withPIDs := len(args) > 0 && args[0] == "all"
	es, err := c.run.ListNamed(c.viewerFD())
	if err != nil {
		return nil // iproute2: no run dir, no output, not even "[]"
	}
	var members *procscan.Scan
	if withPIDs {
		members = scanNet(false)
	}
	j := c.jsonWriter()
	if j != nil {
		j.startArray()
	}
	for _, e := range es {
		var pids []int
		if withPIDs && !e.Stale {
			pids = netMembers(members, e.Ident.Ino)
		}
		if j != nil {
			j.startObject()
			j.str("name", e.Name)
			if e.NSID >= 0 {
				j.int("id", int64(e.NSID))
			}
			if e.Stale {
				j.bool("stale", true)
			}
			if withPIDs {
				j.intArray("pids", pids)
			}
			j.endObject()
			continue
		}
		c.out.WriteString(e.Name)
		if e.NSID >= 0 {
			c.out.WriteString(" (id: " + strconv.Itoa(int(e.NSID)) + ")")
		}
		if withPIDs {
			c.out.WriteString(":")
			for _, p := range pids {
				c.out.WriteString(" " + strconv.Itoa(p))
			}
		}
		c.out.WriteByte('\n')
	}
	c.endJSON(j)
	return nil
}

// netMembers returns the processes in the network namespace ino, in /proc
// order (with threads: also those in it through one thread only).
func netMembers(scan *procscan.Scan, ino uint64) []int {
	var pids []int
	if ns := scan.Lookup(ino); ns != nil {
		for _, p := range ns.Procs {
			pids = append(pids, p.PID)
		}
	}
	return pids
}

// scanNet is one walk of /proc for network-namespace membership.
func scanNet(threads bool) *procscan.Scan {
	cfg := procscan.ScanConfig{Threads: threads}
	cfg.Types[procscan.ScanTypeIndex("net")] = true
	scan, err := procscan.ScanSystem(cfg)
	if err != nil {
		return &procscan.Scan{}
	}
	return scan
}

func (c *cmd) jsonWriter() *jsonWriter {
	if !c.json {
		return nil
	}
	return &jsonWriter{w: c.out, pretty: c.pretty}
}

func (c *cmd) endJSON(j *jsonWriter) {
	if j != nil {
		j.endArray()
		c.out.WriteByte('\n')
	}
}

// identify prints the name of a process's network namespace: iproute2
// prints the last match in readdir order; JSON lists every match.
func (c *cmd) identify(args []string) error {
	if len(args) > 1 {
		return c.fail(1, "extra arguments specified")
	}
	var id nslib.Ident
	var err error
	switch {
	case len(args) == 1:
		if !allDigits(args[0]) {
			return c.fail(1, "Specified string '%s' is not a pid", args[0])
		}
		// iproute2 opens /proc/STRING, and /proc has no names with leading
		// zeros or out of range: such a PID names nothing.
		pid, _ := strconv.Atoi(args[0])
		err = unix.ENOENT
		if strconv.Itoa(pid) == args[0] {
			var f *nslib.NSFile
			if f, err = nslib.OpenPIDNS(pid, "net"); err == nil {
				id, err = f.Ident()
				f.Close()
			}
		}
	case c.viewer != nil:
		id, err = c.viewer.Ident()
	default:
		id, err = nslib.StatIdent("/proc/thread-self/ns/net")
	}
	if err != nil {
		return c.fail(1, "Cannot open network namespace: %s", nslib.Strerror(err))
	}
	names, err := c.run.Names()
	if err != nil && !isNotExist(err) {
		return c.fail(1, "Failed to open directory %s:%s", c.run.Dir, nslib.Strerror(err))
	}
	var matches []string
	for _, n := range names {
		if got, err := nslib.StatIdent(c.run.Path(n)); err == nil && got == id {
			matches = append(matches, n)
		}
	}
	if j := c.jsonWriter(); j != nil {
		j.startArray()
		for _, n := range matches {
			j.startObject()
			j.str("name", n)
			j.endObject()
		}
		c.endJSON(j)
		return nil
	}
	if len(matches) > 0 {
		c.out.WriteString(matches[len(matches)-1])
	}
	c.out.WriteByte('\n')
	return nil
}

// pids prints the processes whose network namespace is NAME, in /proc order.
func (c *cmd) pids(args []string) error {
	if len(args) < 1 {
		return c.fail(1, "No netns name specified")
	}
	if len(args) > 1 {
		return c.fail(1, "extra arguments specified")
	}
	f, err := c.run.OpenNamed(args[0])
	if err != nil {
		return c.fail(1, "Cannot open network namespace: %s", nslib.Strerror(err))
	}
	id, err := f.Ident()
	f.Close()
	if err != nil {
		return c.fail(1, "Stat of netns failed: %s", nslib.Strerror(err))
	}
	j := c.jsonWriter()
	if j != nil {
		j.startArray()
	}
	for _, pid := range netMembers(scanNet(false), id.Ino) {
		if j != nil {
			j.startObject()
			j.int("pid", int64(pid))
			j.endObject()
		} else {
			c.out.WriteString(strconv.Itoa(pid) + "\n")
		}
	}
	c.endJSON(j)
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

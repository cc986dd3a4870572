package netns

import (
	"bytes"
	"os"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/nsid"
)

// settle is how long monitor waits for a new name to be mounted before it
// reports it anyway (a plain file, or an add that is very slow).
const settle = time.Second

// monitor reports names as they are added and deleted, one flushed line
// each. Unlike iproute2 it reports "add NAME" only once the namespace is
// mounted (never the empty placeholder), and an add that failed and was
// cleaned up is not reported at all. "monitor nsid" reports nsid events as
// `ip monitor nsid` does; "monitor all" reports both.
func (c *cmd) monitor(args []string) error {
	names, nsids := true, false
	if len(args) > 0 && args[0] == "nsid" {
		names, nsids = false, true
	} else if len(args) > 0 && args[0] == "all" {
		nsids = true
	}
	// Each line goes straight to stdout, unchecked: a monitor goes on
	// after a failed write (say a full disk that frees up later), as
	// iproute2's does, and scripts may rely on it staying up.
	var mu sync.Mutex
	c.out.Flush()
	emit := func(line string) {
		mu.Lock()
		c.io.Out.WriteString(line + "\n")
		mu.Unlock()
	}
	errc := make(chan error, 2)
	if nsids {
		conn, err := nsid.DialEvents(c.viewerFD())
		if err != nil {
			return c.fail(1, "%s", nsid.NetlinkError(err))
		}
		defer conn.Close()
		go func() { errc <- c.watchNSIDs(conn, emit) }()
	}
	if names {
		go func() { errc <- c.watchNames(emit) }()
	}
	return <-errc
}

func (c *cmd) watchNames(emit func(string)) error {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC)
	if err != nil {
		return c.fail(1, "inotify_init failed: %s", nslib.Strerror(err))
	}
	defer unix.Close(fd)
	if err := os.Mkdir(c.run.Dir, 0o755); err != nil && !os.IsExist(err) {
		return c.fail(1, "mkdir %s failed: %s", c.run.Dir, nslib.Strerror(err))
	}
	if _, err := unix.InotifyAddWatch(fd, c.run.Dir, unix.IN_CREATE|unix.IN_DELETE); err != nil {
		return c.fail(1, "inotify_add_watch failed: %s", nslib.Strerror(err))
	}
	// Events leave in arrival order, and an add only once its name is
	// mounted: nothing behind it (a rename's delete of the old name) may
	// overtake it. A name gone before it was mounted waits for its delete
	// event, and the two cancel out.
	var queue []nameEvent
	flush := func() {
		// nsbox holds the run-dir lock from placeholder to mount: waiting
		// for it means an add in progress is seen finished, not half-way.
		defer c.run.ReadLock()()
		for ; len(queue) > 0; queue = queue[1:] {
			e := queue[0]
			if !e.add {
				emit("delete " + e.name)
				continue
			}
			f, err := c.run.OpenNamed(e.name)
			mounted := err == nil && f.IsNSFS()
			if f != nil {
				f.Close()
			}
			if !mounted && time.Since(e.seen) <= settle {
				return
			}
			if err == nil {
				emit("add " + e.name)
			}
		}
	}
	buf := make([]byte, 4096)
	for {
		timeout := -1
		if len(queue) > 0 {
			timeout = 2
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if _, err := unix.Poll(pfd, timeout); err != nil && err != unix.EINTR {
			return c.fail(1, "poll failed: %s", nslib.Strerror(err))
		}
		if pfd[0].Revents&unix.POLLIN != 0 {
			n, err := unix.Read(fd, buf)
			if err != nil {
				return c.fail(1, "read failed: %s", nslib.Strerror(err))
			}
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
				raw := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
				name := string(bytes.TrimRight(raw, "\x00"))
				off += unix.SizeofInotifyEvent + int(ev.Len)
				switch {
				case ev.Mask&unix.IN_CREATE != 0:
					queue = append(queue, nameEvent{add: true, name: name, seen: time.Now()})
				case ev.Mask&unix.IN_DELETE != 0:
					if i := pendingAdd(queue, name); i >= 0 {
						queue = append(queue[:i], queue[i+1:]...) // a failed add: never reported
						continue
					}
					queue = append(queue, nameEvent{name: name})
				}
			}
		}
		flush()
	}
}

// nameEvent is a name added to or deleted from the run dir, not yet reported.
type nameEvent struct {
	add  bool
	name string
	seen time.Time
}

// pendingAdd finds the unreported add of name in queue (-1: none).
func pendingAdd(queue []nameEvent, name string) int {
	for i := len(queue) - 1; i >= 0; i-- {
		if queue[i].add && queue[i].name == name {
			return i
		}
	}
	return -1
}

// watchNSIDs prints RTNLGRP_NSID events in list-id's format.
func (c *cmd) watchNSIDs(conn *nsid.Conn, emit func(string)) error {
	names := c.nsidNames()
	for {
		evs, err := conn.NextEvents()
		if err != nil {
			return c.fail(1, "%s", nsid.NetlinkError(err))
		}
		for _, ev := range evs {
			// A rescan adds names but never drops one: a name already
			// deleted from the run dir keeps its nsid until that nsid's
			// own Deleted event, which still carries the name.
			if !ev.Deleted {
				for id, n := range c.nsidNames() {
					if _, known := names[id]; !known {
						names[id] = n
					}
				}
			}
			line := "nsid " + idText(ev.NSID) + " "
			if n, ok := names[ev.NSID]; ok && ev.NSID >= 0 {
				line += "(iproute2 netns name: " + n + ")"
			}
			if ev.Deleted {
				line = "Deleted " + line
				delete(names, ev.NSID)
			}
			emit(line)
		}
	}
}

// nsidNames maps the nsids this namespace gave to named namespaces. A
// namespace with several names (a symlink in the run dir is one more) is
// known by the first in readdir order, as ip's look-up finds it.
func (c *cmd) nsidNames() map[int32]string {
	es, _ := c.run.ListNamed(c.viewerFD())
	m := make(map[int32]string, len(es))
	for _, e := range es {
		if _, seen := m[e.NSID]; e.NSID >= 0 && !seen {
			m[e.NSID] = e.Name
		}
	}
	return m
}

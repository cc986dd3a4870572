package netns

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/procscan"
)

// holderSet is everything that keeps one network namespace alive, from one
// /proc scan: what `holders` lists and `delete --dry-run` reports.
type holderSet struct {
	procs      []*procscan.Process
	byThread   map[int]int // PID → TID: in it through that thread only
	fds        []fdHolder
	sockets    []procscan.FDRef
	mounts     []mountHolder
	owner      *nsOwner // nil: owned by the caller's own user namespace, or not visible
	incomplete bool     // not root: other users' processes could not be read
}

// nsOwner is the user namespace that owns the network namespace (its
// creator's). It holds nothing: the namespace keeps it alive
// (net->user_ns is a counted reference), not the other way round.
type nsOwner struct {
	ino uint64
	uid uint32            // its creator (NS_GET_OWNER_UID)
	rep *procscan.Process // its member with the lowest PID; nil if none was seen
}

// readOwner opens the owner of the namespace f (NS_GET_USERNS) and
// returns it when it is a user namespace below the caller's own (a rootless
// container's). The kernel gives EPERM for an owner above the caller's:
// then, or on any failure, nil.
func readOwner(f *nslib.NSFile) *nsOwner {
	u, err := f.Owner()
	if err != nil {
		return nil
	}
	defer u.Close()
	id, err := u.Ident()
	if err != nil {
		return nil
	}
	if own, err := nslib.StatIdent("/proc/thread-self/ns/user"); err != nil || own == id {
		return nil
	}
	uid, err := u.OwnerUID()
	if err != nil {
		return nil
	}
	return &nsOwner{ino: id.Ino, uid: uid}
}

type fdHolder struct {
	procscan.FDRef
	Target string // the descriptor's link: the path it was opened by
}

type mountHolder struct {
	procscan.MountRef
	// Name: the mount at the name's path in our mount namespace, or its
	// propagated copy in a peer or slave (same peer group, or master of
	// it), which the delete's umount takes along.
	Name bool
}

// scanHolders finds the holders of the network namespace f (inode ino),
// whose name (or path) is namePath, and its owner. The caller itself is
// left out: it holds nothing once it exits. Without threads, only each
// process's own namespace is read (as `pids` does); with it, also every
// thread's. Each process's user namespace is read only for an owner to
// show.
func scanHolders(f *nslib.NSFile, ino uint64, namePath string, threads bool) *holderSet {
	cfg := procscan.ScanConfig{Threads: threads, FDs: true, Mounts: true, AllMntNS: true, Holders: true}
	cfg.Types[procscan.ScanTypeIndex("net")] = true
	h := &holderSet{owner: readOwner(f), incomplete: os.Geteuid() != 0}
	cfg.Types[procscan.ScanTypeIndex("user")] = h.owner != nil
	scan, err := procscan.ScanSystem(cfg)
	if err != nil {
		h.incomplete = true
		return h
	}
	ns := scan.Lookup(ino)
	if ns == nil {
		return h
	}
	self := os.Getpid()
	for _, p := range ns.Procs {
		if p.PID != self {
			h.procs = append(h.procs, p)
		}
	}
	details := h.procs
	if h.owner != nil {
		if u := scan.Lookup(h.owner.ino); u != nil && u.Rep != nil {
			h.owner.rep = u.Rep
			details = append(details[:len(details):len(details)], u.Rep)
		}
	}
	scan.ReadDetails(details, true)
	h.byThread = ns.ByThread
	refs := ns.Refs()
	for _, r := range refs.FDs {
		if r.PID != self {
			target, _ := os.Readlink("/proc/" + strconv.Itoa(r.PID) + "/fd/" + strconv.Itoa(r.FD))
			h.fds = append(h.fds, fdHolder{r, target})
		}
	}
	for _, r := range refs.Sockets {
		// A socket of a process inside adds nothing: the process holds
		// the namespace already.
		if r.PID != self && !ns.Has(r.PID) {
			h.sockets = append(h.sockets, r)
		}
	}
	namePath = filepath.Clean(namePath)
	groups := map[int]bool{}
	for _, m := range refs.MountRefs {
		if m.Ours && m.Target == namePath && m.PeerGroup != 0 {
			groups[m.PeerGroup] = true
		}
	}
	for _, m := range refs.MountRefs {
		name := m.Ours && m.Target == namePath ||
			!m.Ours && m.Target == namePath && (groups[m.PeerGroup] || groups[m.Master])
		h.mounts = append(h.mounts, mountHolder{m, name})
	}
	return h
}

// dies says whether the namespace goes once its name is deleted: nothing
// but the name (and its propagated copies) holds it.
func (h *holderSet) dies() bool {
	if len(h.procs)+len(h.fds)+len(h.sockets) > 0 {
		return false
	}
	for _, m := range h.mounts {
		if !m.Name {
			return false
		}
	}
	return true
}

// summary counts what holds the namespace besides its name: "2 processes,
// 1 descriptor".
func (h *holderSet) summary() string {
	others := 0
	for _, m := range h.mounts {
		if !m.Name {
			others++
		}
	}
	var parts []string
	for _, k := range []struct {
		n    int
		what string
	}{{len(h.procs), "process"}, {len(h.fds), "descriptor"}, {len(h.sockets), "socket"}, {others, "mount"}} {
		switch {
		case k.n == 1:
			parts = append(parts, "1 "+k.what)
		case k.n > 1 && k.what == "process":
			parts = append(parts, strconv.Itoa(k.n)+" processes")
		case k.n > 1:
			parts = append(parts, strconv.Itoa(k.n)+" "+k.what+"s")
		}
	}
	return strings.Join(parts, ", ")
}

// verdict is the last line of `holders` and of a dry run.
func (h *holderSet) verdict() string {
	if h.dies() {
		return "dies once its name is deleted"
	}
	return "stays after its name is deleted, held by " + h.summary()
}

// mountNS says which mount namespace a mount is in, as lsns lists it.
func (m *mountHolder) mountNS() string {
	s := "mnt:[" + strconv.FormatUint(m.MntNS, 10) + "]"
	if m.PID != 0 {
		s += " pid " + strconv.Itoa(m.PID)
	}
	return s
}

// writeText writes one holder per line, grouped by kind, indented by
// prefix.
func (h *holderSet) writeText(c *cmd, prefix string, users procscan.UserNames) {
	w := c.out
	for _, p := range h.procs {
		w.WriteString(prefix + "process " + strconv.Itoa(p.PID))
		if tid, ok := h.byThread[p.PID]; ok {
			w.WriteString(" thread " + strconv.Itoa(tid))
		}
		w.WriteString(" " + users.Name(p.UID) + " " + p.Command + "\n")
	}
	for _, d := range h.fds {
		w.WriteString(prefix + "descriptor " + strconv.Itoa(d.PID) + " fd " + strconv.Itoa(d.FD) + " " + d.Target + "\n")
	}
	for _, s := range h.sockets {
		w.WriteString(prefix + "socket " + strconv.Itoa(s.PID) + " fd " + strconv.Itoa(s.FD) + "\n")
	}
	for _, m := range h.mounts {
		w.WriteString(prefix + "mount " + m.Target + " " + m.mountNS())
		if m.Name {
			w.WriteString(" (the name)")
		}
		w.WriteByte('\n')
	}
	if o := h.owner; o != nil {
		w.WriteString(prefix + "owner user namespace user:[" + strconv.FormatUint(o.ino, 10) + "], created by uid " +
			strconv.FormatUint(uint64(o.uid), 10) + " (" + users.Name(o.uid) + ")")
		if o.rep != nil {
			w.WriteString(", with process " + strconv.Itoa(o.rep.PID) + " " + users.Name(o.rep.UID) + " " + o.rep.Command)
		}
		w.WriteString(" (the owner does not keep the namespace alive; the namespace keeps its owner)\n")
	}
}

// writeJSON writes "holders":{…} into the object j is in.
func (h *holderSet) writeJSON(j *jsonWriter, users procscan.UserNames) {
	j.name("holders")
	j.startObject()
	j.objects("processes", len(h.procs), func(i int) {
		p := h.procs[i]
		j.int("pid", int64(p.PID))
		if tid, ok := h.byThread[p.PID]; ok {
			j.int("tid", int64(tid))
		}
		j.int("uid", int64(p.UID))
		j.str("user", users.Name(p.UID))
		j.str("command", p.Command)
	})
	j.objects("descriptors", len(h.fds), func(i int) {
		j.fdRef(h.fds[i].FDRef)
		j.str("target", h.fds[i].Target)
	})
	j.objects("sockets", len(h.sockets), func(i int) { j.fdRef(h.sockets[i]) })
	j.objects("mounts", len(h.mounts), func(i int) {
		m := h.mounts[i]
		j.str("target", m.Target)
		j.int("mntns", int64(m.MntNS))
		if m.PID != 0 {
			j.int("pid", int64(m.PID))
		}
		j.bool("name", m.Name)
	})
	if o := h.owner; o != nil {
		j.name("owner")
		j.startObject()
		j.int("userns", int64(o.ino))
		j.int("uid", int64(o.uid))
		j.str("user", users.Name(o.uid))
		if o.rep != nil {
			j.int("pid", int64(o.rep.PID))
			j.str("command", o.rep.Command)
		}
		j.endObject()
	}
	j.endObject()
	j.bool("dies", h.dies())
	if h.incomplete {
		j.bool("incomplete", true)
	}
}

func (j *jsonWriter) fdRef(r procscan.FDRef) {
	j.int("pid", int64(r.PID))
	j.int("fd", int64(r.FD))
}

// incompleteNote is said on stderr when the caller may not read everything.
const incompleteNote = "netns: not running as root: only what this user may read is listed, the list may be incomplete"

// openNamedOrPath opens a namespace argument: a path when it contains '/',
// else a name in the run dir. It returns the file and the path to look for
// among the mounts.
func (c *cmd) openNamedOrPath(arg string) (*nslib.NSFile, string, error) {
	if strings.Contains(arg, "/") {
		f, err := nslib.Open(arg)
		return f, arg, err
	}
	f, err := c.run.OpenNamed(arg)
	return f, c.run.Path(arg), err
}

// holders lists what keeps a network namespace alive, and whether it dies
// once its name is deleted.
func (c *cmd) holders(args []string) error {
	threads := false
	for len(args) > 0 && args[0] == "--threads" {
		threads = true
		args = args[1:]
	}
	if len(args) < 1 {
		return c.fail(1, "No netns name specified")
	}
	if len(args) > 1 {
		return c.fail(1, "extra arguments specified")
	}
	f, path, err := c.openNamedOrPath(args[0])
	if err != nil {
		return c.fail(1, "Cannot open network namespace: %s", nslib.Strerror(err))
	}
	defer f.Close()
	id, err := f.Ident()
	if err == nil {
		err = f.CheckType(unix.CLONE_NEWNET)
	}
	if err != nil {
		return c.fail(1, "Cannot use network namespace \"%s\": %s", args[0], nslib.Strerror(err))
	}
	h := scanHolders(f, id.Ino, path, threads)
	users := procscan.UserNames{}
	if j := c.jsonWriter(); j != nil {
		j.startObject()
		h.writeJSON(j, users)
		j.endObject()
		c.out.WriteByte('\n')
	} else {
		h.writeText(c, "", users)
		c.out.WriteString(h.verdict() + "\n")
	}
	if h.incomplete {
		c.warn(incompleteNote)
	}
	return nil
}

// Package procscan is the one /proc scanner: every process's (and
// thread's) namespaces, and those held by descriptors, sockets and mounts
// in any mount namespace, for lsns, netns pids, list all, identify and
// delete --kill.
package procscan

import (
	"bytes"
	"os"
	"os/user"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/nsid"
)

// ScanTypes are the namespace types the /proc scanner knows, in
// util-linux lsns's order (its ns_names[]).
var ScanTypes = [...]string{"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"}

// NumScanTypes is len(ScanTypes).
const NumScanTypes = len(ScanTypes)

// ScanTypeIndex returns the index of a type name in ScanTypes, or -1.
func ScanTypeIndex(name string) int {
	for i, n := range ScanTypes {
		if n == name {
			return i
		}
	}
	return -1
}

const (
	scanMnt  = 0
	scanNet  = 1
	scanPID  = 2
	scanUser = 5
)

// ScanConfig says what a system scan reads. Everything costs system calls
// per process, so a caller asks only for what it shows.
type ScanConfig struct {
	Types     [NumScanTypes]bool // the types to read; a type not asked for is never stat'ed
	Relations bool               // parent and owner inodes (NS_GET_PARENT, NS_GET_USERNS)
	NSID      bool               // net namespaces: the nsid this namespace gives them
	FDs       bool               // namespaces held by open fds and by sockets (pidfd_getfd + SIOCGSKNS)
	Mounts    bool               // namespaces bind-mounted somewhere (nsfs mountinfo entries)
	AllMntNS  bool               // with Mounts: the mountinfo of every mount namespace, not only ours
	Threads   bool               // also /proc/PID/task/TID/ns: threads that setns'd or unshared alone
	Hierarchy bool               // link parents and owners, adding the missing ones ("ghosts")
	// Holders: with FDs and Mounts, record each descriptor, socket and
	// mount that holds a namespace (Namespace.Refs).
	Holders bool
	// GhostsAnyType: hierarchy ghosts are added whatever Types says
	// (util-linux 2.38 does; newer releases filter them).
	GhostsAnyType bool
	// Listns: on Linux 6.19+, also every namespace listns() lists (of the
	// types asked for), opened by id: those no process, descriptor, socket
	// or mount the walk reads holds (a mount in a mount namespace without
	// processes, a kernel reference). Needs CAP_DAC_READ_SEARCH in the
	// initial user namespace (open_by_handle_at); else nothing is added.
	Listns bool
	IDs    bool // each namespace's 64-bit id (NS_GET_ID, Linux 6.18)
	// CountOnly: members are counted (Namespace.NProcs), not listed
	// (Procs stays empty): lsns's table of namespaces needs no more.
	CountOnly bool
}

// Process is one scanned process (thread-group leader).
type Process struct {
	PID, PPID int // PPID, UID, Command and Parent: after ReadDetails
	UID       uint32
	Command   string
	NS        [NumScanTypes]uint32 // inode per type (the kernel's are 32-bit); 0: not read
	Parent    *Process             // the scanned process whose PID is PPID
}

// Namespace is one namespace the scan found.
type Namespace struct {
	Ino                 uint64
	Type                int         // index in ScanTypes
	Procs               []*Process  // member processes in /proc order (none with CountOnly)
	NProcs              int         // how many
	Rep                 *Process    // the member with the lowest PID; nil if none
	ByThread            map[int]int // PID → TID for members that are in it only through a thread
	ParentIno, OwnerIno uint64      // 0: none or not visible
	Parent, Owner       *Namespace  // linked with ScanConfig.Hierarchy
	NSID                int32       // with ScanConfig.NSID: the nsid, NSIDUnassigned or NSIDUnknown
	OwnerUID            uint32      // the creator uid (user namespaces without members)
	ID                  uint64      // with IDs or Listns: NS_GET_ID (0: unknown)
	refs                *Refs       // nil: none

	last *Process // during the walk: the last member counted
}

// Refs are a namespace's mounts and descriptors. Few namespaces have any,
// so they are kept apart from the record every namespace has (a scan of
// thousands keeps all records resident).
type Refs struct {
	Mounts        []string   // nsfs mount points in our mount namespace
	ForeignMounts []string   // ... and, with AllMntNS, in other ones, as seen there
	FDs, Sockets  []FDRef    // with Holders: nsfs descriptors of it, sockets created in it
	MountRefs     []MountRef // with Holders: every nsfs mount of it, in each mount namespace read
}

// Refs returns the namespace's mounts and descriptors.
func (ns *Namespace) Refs() Refs {
	if ns.refs == nil {
		return Refs{}
	}
	return *ns.refs
}

// addRefs returns the namespace's Refs to add to.
func (ns *Namespace) addRefs() *Refs {
	if ns.refs == nil {
		ns.refs = &Refs{}
	}
	return ns.refs
}

// FDRef is descriptor FD of process PID.
type FDRef struct{ PID, FD int }

// MountRef is a bind mount of a namespace in one mount namespace.
type MountRef struct {
	MntNS     uint64 // the mount namespace's inode
	PID       int    // the lowest PID in that mount namespace (its mountinfo was read)
	Ours      bool   // the scanner's own mount namespace
	Target    string // the mount point as seen there
	PeerGroup int    // mountinfo's shared:N (0: none)
	Master    int    // mountinfo's master:N (0: none)
}

// Scan is the result of ScanSystem: processes in PID order, namespaces
// sorted by inode.
type Scan struct {
	Procs      []*Process
	Namespaces []*Namespace
	byIno      map[uint64]*Namespace
	cfg        ScanConfig
	nsfsDev    uint64
	nsidFiles  map[*Namespace]*os.File // net namespaces to ask the nsid of, by fd
	nsidPIDs   map[*Namespace]int      // ... and by the PID (or TID) of a member
	ourProc    bool                    // /proc is of our pid namespace
	listed     []uint64                // with Listns: listns()'s ids (nil: no listns)
	procSlab   []Process               // the walk's process records, one allocation
	nsSlab     []Namespace             // namespace records not handed out yet
	threadJoin []threadJoin            // members through a thread, in PID order
}

// threadJoin: p is a member of ns through one of its threads only.
type threadJoin struct {
	p  *Process
	ns *Namespace
}

// Lookup returns the namespace with inode ino, or nil.
func (s *Scan) Lookup(ino uint64) *Namespace { return s.byIno[ino] }

// Has reports whether the namespace has process pid as a member.
func (ns *Namespace) Has(pid int) bool {
	for _, p := range ns.Procs {
		if p.PID == pid {
			return true
		}
	}
	return false
}

// ScanSystem walks /proc and the mount tables and returns every namespace
// the caller may see. Processes that vanish or cannot be read are skipped:
// only a missing /proc is an error.
func ScanSystem(cfg ScanConfig) (*Scan, error) {
	s := &Scan{cfg: cfg, nsidFiles: map[*Namespace]*os.File{}, nsidPIDs: map[*Namespace]int{}}
	defer func() {
		for _, f := range s.nsidFiles {
			f.Close()
		}
	}()
	s.nsfsDev = nsfsDev()
	self, _ := os.Readlink("/proc/self")
	s.ourProc = self == strconv.Itoa(os.Getpid())
	pids, err := nslib.ProcPIDs()
	if err != nil {
		return nil, err
	}
	if err := s.checkIoctls(); err != nil {
		return nil, err
	}
	sort.Ints(pids)
	// Sized for a namespace of each type per 12 processes (2,000 processes
	// in 1,208 namespaces of 8 types: lsns's bench): a map or list grown
	// from empty leaves each outgrown table resident, as no GC runs.
	types := 0
	for _, on := range cfg.Types {
		if on {
			types++
		}
	}
	s.byIno = make(map[uint64]*Namespace, len(pids)*types/12)
	s.Namespaces = make([]*Namespace, 0, len(pids)*types/12)
	if cfg.Listns {
		// Listed before the walk, so the walk knows whether it must read
		// ids itself; a namespace made since is missed, as by the walk.
		s.listed, _ = nslib.Listns(s.typeMask())
	}
	mntReps := map[uint64]int{} // mount namespace → first PID in it
	s.Procs = make([]*Process, 0, len(pids))
	s.procSlab = make([]Process, len(pids))
	s.walk(pids, mntReps)
	if !cfg.CountOnly {
		s.fillMembers()
	}
	if cfg.Mounts {
		s.readMounts(mntReps)
	}
	s.addListed()
	if cfg.Hierarchy {
		s.connect()
	}
	if cfg.NSID {
		s.readNSIDs()
	}
	sort.Slice(s.Namespaces, func(i, j int) bool { return s.Namespaces[i].Ino < s.Namespaces[j].Ino })
	return s, nil
}

// ErrNoNSIoctl is a kernel without the nsfs ioctls (before Linux 4.9):
// util-linux lsns warns "Unsupported ioctl NAME" and lists nothing.
type ErrNoNSIoctl struct{ Name string }

func (e ErrNoNSIoctl) Error() string { return "Unsupported ioctl " + e.Name }

// checkIoctls makes the first nsfs ioctl util-linux's scan makes (it makes
// them for every process, whatever the columns; nsbox only when it needs
// the answers), on our own namespace of the first type scanned: every nsfs
// file knows the same ioctls.
func (s *Scan) checkIoctls() error {
	for i, typ := range ScanTypes {
		if !s.cfg.Types[i] {
			continue
		}
		fd, err := nslib.RawOpen(unix.AT_FDCWD, "/proc/self/ns/"+typ, unix.O_RDONLY)
		if err != nil {
			continue // no such type here: util-linux goes on to the next
		}
		req, name := uint(unix.NS_GET_USERNS), "NS_GET_USERNS"
		if i == scanPID || i == scanUser {
			req, name = unix.NS_GET_PARENT, "NS_GET_PARENT"
		}
		r, err := unix.IoctlRetInt(fd, req)
		nslib.RawClose(fd)
		if err == nil {
			nslib.RawClose(r)
		}
		if err == unix.ENOTTY {
			return ErrNoNSIoctl{name}
		}
		return nil
	}
	return nil
}

// nsfsDev is the device of nsfs: the first of our own namespace files that
// stat can read (util-linux before 2.42 needed /proc/self/ns/user).
func nsfsDev() uint64 {
	for _, t := range ScanTypes {
		var st unix.Stat_t
		if unix.Stat("/proc/self/ns/"+t, &st) == nil {
			return uint64(st.Dev)
		}
	}
	return ^uint64(0)
}

// addProcess records a probed process and joins it to its namespaces, in
// /proc order: the first process seen in a namespace makes its record.
func (s *Scan) addProcess(pid int, pr *probe, mntReps map[uint64]int) {
	p := &s.procSlab[len(s.Procs)]
	p.PID = pid
	if pr.mnt != 0 {
		if _, seen := mntReps[pr.mnt]; !seen {
			mntReps[pr.mnt] = pid
		}
	}
	for i, ino := range pr.ns {
		if s.cfg.Types[i] {
			p.NS[i] = uint32(ino)
		}
	}
	s.Procs = append(s.Procs, p)
	for i, ino := range p.NS {
		if ino != 0 {
			s.join(p, pid, i, uint64(ino))
		}
	}
	for _, t := range pr.threads {
		s.join(p, t.tid, t.typ, t.ino)
	}
	pidfd := -1
	for _, fe := range pr.fds {
		if !fe.socket {
			ns := s.byIno[fe.ino]
			if ns == nil {
				path := "/proc/" + strconv.Itoa(pid) + "/fd/" + strconv.Itoa(fe.num)
				if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
					ns = s.addFromFile(&nslib.NSFile{File: os.NewFile(uintptr(fd), path)}, fe.ino, false)
				}
			}
			if ns != nil && s.cfg.Holders {
				r := ns.addRefs()
				r.FDs = append(r.FDs, FDRef{pid, fe.num})
			}
			continue
		}
		if pidfd < 0 {
			if pidfd, _ = unix.PidfdOpen(pid, 0); pidfd < 0 {
				break
			}
		}
		if ns := s.addSocketNetns(pidfd, fe.num); ns != nil && s.cfg.Holders {
			r := ns.addRefs()
			r.Sockets = append(r.Sockets, FDRef{pid, fe.num})
		}
	}
	if pidfd >= 0 {
		unix.Close(pidfd)
	}
}

// addSocketNetns adds the network namespace of another process's socket
// (util-linux 2.41): pidfd_getfd, then SIOCGSKNS. It returns the
// namespace's record (nil on a failure, which is ignored).
func (s *Scan) addSocketNetns(pidfd, num int) *Namespace {
	sk, err := unix.PidfdGetfd(pidfd, num, 0)
	if err != nil {
		return nil
	}
	f, err := nslib.SocketNetns(sk)
	unix.Close(sk)
	if err != nil {
		return nil
	}
	id, err := f.Ident()
	if err != nil {
		f.Close()
		return nil
	}
	return s.addFromFile(f, id.Ino, false) // closes f when the record exists
}

// ReadDetails reads the parent PID, the owner and, with cmdline, the
// command line of each of procs, and links Parent when the parent was
// scanned too. The walk leaves them out: /proc/PID/stat is the costliest
// file of a process, and only the processes shown need them. A process
// gone since the walk keeps zeros.
func (s *Scan) ReadDetails(procs []*Process, cmdline bool) {
	todo := slices.Clone(procs)
	slices.SortFunc(todo, func(a, b *Process) int { return a.PID - b.PID })
	todo = slices.Compact(todo)
	inParallel(len(todo), func() func(int) {
		buf := make([]byte, 8192)
		return func(i int) {
			p := todo[i]
			p.PPID, p.UID, _ = readStat(p.PID, buf)
			if cmdline {
				p.Command = readCommand(p.PID, buf)
			}
		}
	})
	for _, p := range todo {
		p.Parent = s.byPID(p.PPID)
	}
}

// byPID finds a scanned process: s.Procs is in PID order (a map of 2,000
// processes would add 145 KB to lsns's peak memory).
func (s *Scan) byPID(pid int) *Process {
	if i := s.index(pid); i >= 0 {
		return s.Procs[i]
	}
	return nil
}

// ProcIndex is p's place in s.Procs, or -1: callers keep what they know
// of each process in a slice by this index rather than a map.
func (s *Scan) ProcIndex(p *Process) int { return s.index(p.PID) }

func (s *Scan) index(pid int) int {
	i := sort.Search(len(s.Procs), func(i int) bool { return s.Procs[i].PID >= pid })
	if i < len(s.Procs) && s.Procs[i].PID == pid {
		return i
	}
	return -1
}

// readCommand is util-linux's pid_get_cmdline: up to 8 KiB (len(buf)) of
// /proc/PID/cmdline, NULs as spaces and the last byte dropped; else the
// comm name.
func readCommand(pid int, buf []byte) string {
	dir := "/proc/" + strconv.Itoa(pid)
	if n := readUpTo(dir+"/cmdline", buf); n > 0 {
		for i := 0; i < n; i++ {
			if buf[i] == 0 {
				buf[i] = ' '
			}
		}
		return string(buf[:n-1])
	}
	n := readUpTo(dir+"/comm", buf)
	return strings.TrimSuffix(string(buf[:max(n, 0)]), "\n")
}

// readUpTo reads as much of a file as fits in buf; -1 if it cannot be read.
func readUpTo(path string, buf []byte) int {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	defer unix.Close(fd)
	n := 0
	for n < len(buf) {
		k, err := unix.Read(fd, buf[n:])
		if err != nil {
			return -1
		}
		if k == 0 {
			break
		}
		n += k
	}
	return n
}

// readStat parses the parent PID, field 4 of /proc/PID/stat (after the
// last ')' as the command name may contain anything), and takes the
// process's owner from the file's (every /proc/PID file has it).
func readStat(pid int, buf []byte) (ppid int, uid uint32, ok bool) {
	fd, err := unix.Open("/proc/"+strconv.Itoa(pid)+"/stat", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, false
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil {
		uid = st.Uid
	}
	n, err := unix.Read(fd, buf)
	unix.Close(fd)
	if err != nil || n <= 0 {
		return 0, uid, false
	}
	// "PID (COMM) STATE PPID ...": COMM may hold anything, so start after
	// the last ')', skip the state, read the number.
	line := buf[:n]
	i := bytes.LastIndexByte(line, ')')
	if i < 0 {
		return 0, uid, false
	}
	f := line[i+1:]
	for k := 0; k < 2; k++ {
		f = bytes.TrimLeft(f, " ")
		if k == 0 {
			end := bytes.IndexByte(f, ' ')
			if end < 0 {
				return 0, uid, false
			}
			f = f[end:]
		}
	}
	digits := 0
	for ; digits < len(f) && f[digits] >= '0' && f[digits] <= '9'; digits++ {
		ppid = ppid*10 + int(f[digits]-'0')
	}
	return ppid, uid, digits > 0
}

// join makes p (or its thread tid) a member of the namespace ino of type
// typ, creating its record on first sight.
func (s *Scan) join(p *Process, tid, typ int, ino uint64) {
	ns := s.byIno[ino]
	if ns == nil {
		ns = s.add(typ, ino)
		if !s.cfg.Relations && s.cfg.NSID && typ == scanNet && s.ourProc {
			// RTM_GETNSID by the member's PID (util-linux opens the
			// namespace file and asks by fd): no file to open, the answer
			// checked in readNSIDs. (A /proc of another pid namespace
			// has PIDs that mean other processes to the kernel here.)
			s.nsidPIDs[ns] = tid
		} else if s.cfg.Relations || s.cfg.NSID && typ == scanNet || s.cfg.IDs && s.listed == nil {
			// Raw descriptors here: this runs once per namespace, and an
			// os.File costs an fcntl and a finalizer each.
			path := MemberPath(p.PID, tid, ScanTypes[typ])
			if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
				s.describe(ns, fd)
				if s.cfg.NSID && typ == scanNet {
					s.keepForNSID(ns, &nslib.NSFile{File: os.NewFile(uintptr(fd), path)})
				} else {
					unix.Close(fd)
				}
			}
		}
	}
	if ns.last == p {
		return // a second thread of p in the same namespace
	}
	ns.last = p
	ns.NProcs++
	if tid != p.PID {
		if ns.ByThread == nil {
			ns.ByThread = map[int]int{}
		}
		ns.ByThread[p.PID] = tid
		s.threadJoin = append(s.threadJoin, threadJoin{p, ns})
	}
	if ns.Rep == nil || ns.Rep.PID > p.PID {
		ns.Rep = p
	}
}

// fillMembers makes each namespace's member list once the walk has
// counted them: all lists in one array, exactly sized. Nothing is
// collected during a scan (lsns of thousands of processes runs no GC), so
// lists grown by append would leave every outgrown array resident: five
// times the final size past 256 members, in size classes of big spans.
func (s *Scan) fillMembers() {
	total := 0
	for _, ns := range s.Namespaces {
		total += ns.NProcs
	}
	all := make([]*Process, total)
	for _, ns := range s.Namespaces {
		ns.Procs, all = all[:0:ns.NProcs], all[ns.NProcs:]
		ns.last = nil
	}
	// The walk's order: each process's own namespaces, then those it is
	// in through a thread.
	joins := s.threadJoin
	member := func(ns *Namespace, p *Process) {
		if ns.last != p {
			ns.last = p
			ns.Procs = append(ns.Procs, p)
		}
	}
	for _, p := range s.Procs {
		for _, ino := range p.NS {
			if ino != 0 {
				member(s.byIno[uint64(ino)], p)
			}
		}
		for ; len(joins) > 0 && joins[0].p == p; joins = joins[1:] {
			member(joins[0].ns, p)
		}
	}
	s.threadJoin = nil
}

func (s *Scan) add(typ int, ino uint64) *Namespace {
	// Records come from slabs that double up to 256 (57 KB, a span of its
	// own): one per record would fill 8 KB spans of their size class.
	if len(s.nsSlab) == 0 {
		s.nsSlab = make([]Namespace, min(256, max(16, len(s.Namespaces))))
	}
	ns := &s.nsSlab[0]
	s.nsSlab = s.nsSlab[1:]
	*ns = Namespace{Ino: ino, Type: typ, NSID: nsid.Unknown}
	s.Namespaces = append(s.Namespaces, ns)
	s.byIno[ino] = ns
	return ns
}

// describe reads the parent and owner inodes of ns from its open
// descriptor.
func (s *Scan) describe(ns *Namespace, fd int) {
	if s.cfg.IDs && ns.ID == 0 {
		ns.ID, _ = nslib.NamespaceID(fd)
	}
	if !s.cfg.Relations {
		return
	}
	if ns.Type == scanPID || ns.Type == scanUser {
		ns.ParentIno = relatedIno(fd, unix.NS_GET_PARENT)
	}
	ns.OwnerIno = relatedIno(fd, unix.NS_GET_USERNS)
}

// relatedIno is the inode of the namespace an NS_GET_PARENT or
// NS_GET_USERNS ioctl opens; 0 on EPERM (above our own user namespace).
func relatedIno(fd int, req uint) uint64 {
	r, err := unix.IoctlRetInt(fd, req)
	if err != nil {
		return 0
	}
	defer unix.Close(r)
	var st unix.Stat_t
	if unix.Fstat(r, &st) != nil {
		return 0
	}
	return st.Ino
}

// keepForNSID keeps a net namespace's file open until the nsids are asked
// for in one batch; other files are closed.
func (s *Scan) keepForNSID(ns *Namespace, f *nslib.NSFile) {
	if s.cfg.NSID && ns.Type == scanNet && s.nsidFiles[ns] == nil {
		s.nsidFiles[ns] = f.File
		return
	}
	f.Close()
}

// addFromFile records a namespace found without a process (bind mount, fd,
// socket, or as a missing relative). It honours the type filter unless
// anyType, and adds the namespace's own missing relatives with the
// hierarchy. The file is consumed.
func (s *Scan) addFromFile(f *nslib.NSFile, ino uint64, anyType bool) *Namespace {
	if ns := s.byIno[ino]; ns != nil {
		f.Close()
		return ns
	}
	flag, err := f.Type()
	typ := -1
	if err == nil {
		typ = ScanTypeIndex(nslib.TypeName(flag))
	}
	if typ < 0 || !s.cfg.Types[typ] && !anyType {
		f.Close()
		return nil
	}
	ns := s.add(typ, ino)
	s.describe(ns, f.FD())
	ns.OwnerUID, _ = f.OwnerUID() // shown for namespaces without a process
	if s.cfg.Hierarchy {
		if (typ == scanPID || typ == scanUser) && ns.ParentIno != 0 && ns.ParentIno != ino {
			ns.Parent = s.relative(f.Parent, ns.ParentIno, anyType)
		}
		if ns.OwnerIno != 0 {
			ns.Owner = s.relative(f.Owner, ns.OwnerIno, anyType)
		}
	}
	s.keepForNSID(ns, f)
	return ns
}

func (s *Scan) relative(open func() (*nslib.NSFile, error), ino uint64, anyType bool) *Namespace {
	if ns := s.byIno[ino]; ns != nil {
		return ns
	}
	r, err := open()
	if err != nil {
		return nil
	}
	return s.addFromFile(r, ino, anyType)
}

// typeMask is the CLONE_NEW* mask of the types asked for (0: all).
func (s *Scan) typeMask() uint32 {
	var mask uint32
	all := true
	for i, on := range s.cfg.Types {
		if on {
			mask |= uint32(nslib.TypeFlag(ScanTypes[i]))
		}
		all = all && on
	}
	if all {
		return 0
	}
	return mask
}

// addListed opens each namespace listns() listed by its id: a known one
// gets its id, another is added as found without a process (it was held
// by nothing the walk reads). One that died since fails to open (ESTALE).
func (s *Scan) addListed() {
	if len(s.listed) == 0 {
		return
	}
	h, err := nslib.NewHandleOpener()
	if err != nil {
		return
	}
	defer h.Close()
	for _, id := range s.listed {
		f, err := h.Open(id)
		if err != nil {
			continue
		}
		var st unix.Stat_t
		if unix.Fstat(f.FD(), &st) != nil {
			f.Close()
			continue
		}
		ns := s.byIno[st.Ino]
		if ns != nil {
			f.Close()
		} else if ns = s.addFromFile(f, st.Ino, false); ns == nil {
			continue
		}
		ns.ID = id
	}
}

// readMounts finds bind-mounted namespaces: nsfs entries of our own
// mountinfo and, with AllMntNS, of one process per other mount namespace,
// opened through that process's root.
func (s *Scan) readMounts(mntReps map[uint64]int) {
	var self unix.Stat_t
	selfErr := unix.Stat("/proc/self/ns/mnt", &self)
	own, _ := nslib.ReadMountInfo("/proc/self/mountinfo")
	s.addMounts(own, "", MountRef{MntNS: self.Ino, PID: mntReps[self.Ino], Ours: true})
	if !s.cfg.AllMntNS || selfErr != nil {
		return
	}
	inos := make([]uint64, 0, len(mntReps))
	for ino := range mntReps {
		if ino != self.Ino {
			inos = append(inos, ino)
		}
	}
	sort.Slice(inos, func(i, j int) bool { return mntReps[inos[i]] < mntReps[inos[j]] })
	for _, ino := range inos {
		pid := strconv.Itoa(mntReps[ino])
		ms, err := nslib.ReadMountInfo("/proc/" + pid + "/mountinfo")
		if err == nil {
			s.addMounts(ms, "/proc/"+pid+"/root", MountRef{MntNS: ino, PID: mntReps[ino]})
		}
	}
}

// addMounts records the nsfs mounts of one mount namespace's table, read
// through root; where says which namespace it is.
func (s *Scan) addMounts(ms []nslib.Mount, root string, where MountRef) {
	for _, m := range ms {
		if m.FSType != "nsfs" {
			continue
		}
		typ, ino, ok := nslib.NSFSRoot(m.Root)
		if !ok {
			continue
		}
		ns := s.byIno[ino]
		if ns == nil {
			if ScanTypeIndex(typ) < 0 {
				continue
			}
			fd, err := unix.Open(root+m.Target, unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				continue
			}
			ns = s.addFromFile(&nslib.NSFile{File: os.NewFile(uintptr(fd), m.Target)}, ino, false)
			if ns == nil {
				continue
			}
		}
		if ScanTypes[ns.Type] != typ {
			continue
		}
		r := ns.addRefs()
		if where.Ours {
			r.Mounts = appendNew(r.Mounts, m.Target)
		} else {
			r.ForeignMounts = appendNew(r.ForeignMounts, m.Target)
		}
		if s.cfg.Holders {
			ref := where
			ref.Target, ref.PeerGroup, ref.Master = m.Target, m.PeerGroup, m.Master
			r.MountRefs = append(r.MountRefs, ref)
		}
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// connect links every namespace to its parent and owner records. A related
// inode with no record is looked up again through the representative
// process's namespace file and added as a "ghost" (no members).
func (s *Scan) connect() {
	for _, ns := range s.Namespaces {
		if ns.ParentIno != 0 && (ns.Type == scanPID || ns.Type == scanUser) {
			ns.Parent = s.byIno[ns.ParentIno]
		}
		if ns.OwnerIno != 0 {
			ns.Owner = s.byIno[ns.OwnerIno]
		}
	}
	// Ranging over a growing slice: ghosts get their own relatives linked
	// by addFromFile.
	for i := 0; i < len(s.Namespaces); i++ {
		ns := s.Namespaces[i]
		if ns.Rep == nil {
			continue
		}
		if ns.Parent == nil && ns.ParentIno != 0 && (ns.Type == scanPID || ns.Type == scanUser) {
			ns.Parent = s.ghost(ns, ns.ParentIno, (*nslib.NSFile).Parent)
		}
		if ns.Owner == nil && ns.OwnerIno != 0 {
			ns.Owner = s.ghost(ns, ns.OwnerIno, (*nslib.NSFile).Owner)
		}
	}
}

func (s *Scan) ghost(ns *Namespace, ino uint64, open func(*nslib.NSFile) (*nslib.NSFile, error)) *Namespace {
	if g := s.byIno[ino]; g != nil {
		return g
	}
	f, err := nslib.Open(s.memberPath(ns))
	if err != nil {
		return nil
	}
	r, err := open(f)
	f.Close()
	if err != nil {
		return nil
	}
	if id, err := r.Ident(); err != nil || id.Ino != ino {
		r.Close()
		return nil
	}
	return s.addFromFile(r, ino, s.cfg.GhostsAnyType)
}

// memberPath is the namespace file of ns's representative process (or thread).
func (s *Scan) memberPath(ns *Namespace) string {
	return MemberPath(ns.Rep.PID, ns.ByThread[ns.Rep.PID], ScanTypes[ns.Type])
}

// MemberPath is /proc/PID/ns/TYPE, or /proc/PID/task/TID/ns/TYPE for a
// thread that is in a namespace its process is not.
func MemberPath(pid, tid int, typ string) string {
	if tid == 0 || tid == pid {
		return nslib.ProcPath(pid, typ)
	}
	return "/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(tid) + "/ns/" + typ
}

// readNSIDs asks for the nsid of every net namespace: one batch for those
// with a member process, by PID, one for those a file keeps, by fd.
func (s *Scan) readNSIDs() {
	conn, err := nsid.Dial(0)
	if err != nil {
		return
	}
	defer conn.Close()
	var byPID, byFD []*Namespace
	var pids, fds []int
	for ns, pid := range s.nsidPIDs {
		byPID, pids = append(byPID, ns), append(pids, pid)
	}
	for ns, f := range s.nsidFiles {
		byFD, fds = append(byFD, ns), append(fds, int(f.Fd()))
	}
	buf := make([]byte, 64)
	for i, id := range conn.GetMany(unix.NETNSA_PID, pids) {
		// Still the member it was at the walk (not gone, its PID not
		// reused, no setns since)? Else no id, as for a vanished process.
		var path [64]byte
		if ino, ok := nsLinkIno(unix.AT_FDCWD, numPath(path[:], "/proc/", pids[i], "/ns/net"), buf); !ok || ino != byPID[i].Ino {
			id = nsid.Unknown
		}
		byPID[i].NSID = id
	}
	for i, id := range conn.GetMany(unix.NETNSA_FD, fds) {
		byFD[i].NSID = id
	}
}

// UserNames caches the passwd names of uids, a number when there is none
// (util-linux's idcache): a listing asks for the same few uids many times.
type UserNames map[uint32]string

// Name is uid's passwd name, or uid as a number.
func (u UserNames) Name(uid uint32) string {
	if n, ok := u[uid]; ok {
		return n
	}
	id := strconv.FormatUint(uint64(uid), 10)
	name := id
	if pw, err := user.LookupId(id); err == nil {
		name = pw.Username
	}
	u[uid] = name
	return name
}

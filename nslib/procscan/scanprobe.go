package procscan

import (
	"bytes"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// probe is what the scan reads about one process before any namespace
// record exists: only system calls on /proc/PID, so processes can be
// probed in parallel (the scan is all system time; /proc of different
// processes scales with CPUs) and merged in /proc order afterwards.
type probe struct {
	ok      bool
	ns      [NumScanTypes]uint64
	mnt     uint64 // the mount namespace, for AllMntNS
	threads []threadNS
	fds     []fdEntry
}

type threadNS struct {
	tid, typ int
	ino      uint64
}

// fdEntry is an open file that may hold a namespace: an nsfs file or a
// socket.
type fdEntry struct {
	num    int
	ino    uint64
	socket bool
}

// nsEntries are the ns/TYPE paths below /proc/PID, in ScanTypes' order,
// NUL-terminated for nsLinkIno; taskEntries the same below task/TID.
var nsEntries, taskEntries = func() (e [NumScanTypes][]byte, t [NumScanTypes]string) {
	for i, typ := range ScanTypes {
		e[i] = []byte("ns/" + typ + "\x00")
		t[i] = "/ns/" + typ
	}
	return e, t
}()

// numPath is PREFIX, n and SUFFIX in buf, NUL-terminated for a raw system
// call: no allocation per call.
func numPath(buf []byte, prefix string, n int, suffix string) []byte {
	return append(append(strconv.AppendInt(append(buf[:0], prefix...), int64(n), 10), suffix...), 0)
}

// probeBlock is how many processes are probed at a time. Without a GC
// (an lsns of thousands of processes makes none) every byte allocated stays
// resident, and a probe is garbage once its process is added: one block of
// probes, and one buffer per worker, serve the whole walk.
const probeBlock = 256

// walk probes pids, a block at a time on as many threads as the CPUs
// allow, and adds each block's processes in PID order.
func (s *Scan) walk(pids []int, mntReps map[uint64]int) {
	type worker struct {
		buf  []byte
		nums []int
	}
	var workers []*worker
	probes := make([]probe, min(len(pids), probeBlock))
	for off := 0; off < len(pids); off += probeBlock {
		block := pids[off:min(off+probeBlock, len(pids))]
		for i := range block {
			probes[i] = probe{threads: probes[i].threads[:0], fds: probes[i].fds[:0]}
		}
		next := 0
		inParallel(len(block), func() func(int) {
			if next == len(workers) {
				workers = append(workers, &worker{buf: make([]byte, 16<<10)})
			}
			w := workers[next]
			next++
			return func(i int) { w.nums = s.probeProcess(block[i], &probes[i], w.buf, w.nums[:0]) }
		})
		for i, pid := range block {
			if probes[i].ok {
				s.addProcess(pid, &probes[i], mntReps)
			}
		}
	}
}

// inParallel calls work(i) for every i in [0, n), in chunks of 32, on up
// to one goroutine per P (one for short lists); newWorker makes each
// goroutine's work function, with its own buffers. It is called here, in
// the caller's goroutine, so it may hand out buffers the caller keeps.
func inParallel(n int, newWorker func() func(i int)) {
	want := max(1, n/64)
	workers := min(prestage.MoreProcs(want), want)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		work := newWorker()
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(32)) - 32
				if start >= n {
					return
				}
				for i := start; i < min(start+32, n); i++ {
					work(i)
				}
			}
		}()
	}
	wg.Wait()
}

// probeProcess reads /proc/PID: namespace inodes, and with
// the options its threads' namespaces and its nsfs and socket fds. A
// process that vanished or cannot be read stays !ok.
func (s *Scan) probeProcess(pid int, pr *probe, buf []byte, nums []int) []int {
	var path [64]byte
	dfd, err := nslib.RawOpenZ(unix.AT_FDCWD, numPath(path[:], "/proc/", pid, ""), unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return nums
	}
	defer nslib.RawClose(dfd)
	allMnt := s.cfg.Mounts && s.cfg.AllMntNS
	for i := range ScanTypes {
		if !s.cfg.Types[i] && !(i == scanMnt && allMnt) {
			continue
		}
		ino, ok := nsLinkIno(dfd, nsEntries[i], buf)
		if !ok {
			continue // EACCES (not dumpable), ENOENT (no such type, or gone)
		}
		pr.ns[i] = ino
		pr.ok = true // a process whose namespaces could be read at all
		if i == scanMnt {
			pr.mnt = ino
		}
	}
	if s.cfg.Threads {
		nums = nslib.ReadNumDir(dfd, "task", buf, nums[:0])
		for _, tid := range nums {
			if tid == pid {
				continue
			}
			for i := range ScanTypes {
				if !s.cfg.Types[i] {
					continue
				}
				if ino, ok := nsLinkIno(dfd, numPath(path[:], "task/", tid, taskEntries[i]), buf); ok && ino != pr.ns[i] {
					pr.threads = append(pr.threads, threadNS{tid, i, ino})
					pr.ok = true
				}
			}
		}
	}
	if s.cfg.FDs {
		nums = nslib.ReadNumDir(dfd, "fd", buf, nums[:0])
		for _, n := range nums {
			// stat, not readlink: a namespace file opened through a bind
			// mount reads as that path, not as "net:[N]".
			var st unix.Statx_t
			if !fdStatx(dfd, numPath(path[:], "fd/", n, ""), &st) {
				continue
			}
			switch {
			case unix.Mkdev(st.Dev_major, st.Dev_minor) == s.nsfsDev:
				pr.fds = append(pr.fds, fdEntry{num: n, ino: st.Ino})
			case uint32(st.Mode)&unix.S_IFMT == unix.S_IFSOCK && s.cfg.Types[scanNet]:
				pr.fds = append(pr.fds, fdEntry{num: n, socket: true})
			}
		}
	}
	return nums
}

// nsLinkIno reads the namespace link dfd/PATH ("net:[4026531840]") and
// returns its inode. Reading the link is about twice as fast as stat(2),
// which has the kernel find (or make) the nsfs dentry to stat; the inode
// in the link is the one stat would give.
// The path is NUL-terminated and the call raw: x/sys would copy the path
// for every call (16,000 small allocations for 2,000 processes) and hand
// the P off around a call that never blocks.
func nsLinkIno(dfd int, path, buf []byte) (uint64, bool) {
	n, _, e := unix.RawSyscall6(unix.SYS_READLINKAT, uintptr(dfd), uintptr(unsafe.Pointer(&path[0])),
		uintptr(unsafe.Pointer(&buf[0])), 64, 0, 0)
	if e != 0 {
		return 0, false
	}
	return linkIno(buf[:n])
}

// fdStatx stats dfd/PATH (NUL-terminated), following the link: raw statx,
// the one stat system call with the same number and struct on every
// architecture, so no path copy and no P hand-off per descriptor.
func fdStatx(dfd int, path []byte, st *unix.Statx_t) bool {
	_, _, e := unix.RawSyscall6(unix.SYS_STATX, uintptr(dfd), uintptr(unsafe.Pointer(&path[0])), 0,
		unix.STATX_TYPE|unix.STATX_INO, uintptr(unsafe.Pointer(st)), 0)
	return e == 0
}

// linkIno parses N of a namespace link, "TYPE:[N]".
func linkIno(link []byte) (n uint64, ok bool) {
	open := bytes.Index(link, []byte(":["))
	if open < 1 || len(link) < open+4 || link[len(link)-1] != ']' {
		return 0, false
	}
	for _, c := range link[open+2 : len(link)-1] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

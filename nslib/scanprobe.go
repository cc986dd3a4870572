package nslib

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// probe is what the scan reads about one process before any namespace
// record exists: only system calls on /proc/PID, so processes can be
// probed in parallel (the scan is all system time; /proc of different
// processes scales with CPUs) and merged in /proc order afterwards.
type probe struct {
	ok      bool
	uid     uint32
	ppid    int
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

// nsEntries are the ns/TYPE paths below /proc/PID, in ScanTypes' order.
var nsEntries = [NumScanTypes]string{"ns/mnt", "ns/net", "ns/pid", "ns/uts", "ns/ipc", "ns/user", "ns/cgroup", "ns/time"}

// probeAll probes every pid, on as many threads as the CPUs allow.
func (s *Scan) probeAll(pids []int) []probe {
	probes := make([]probe, len(pids))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(pids)/64))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 16<<10)
			var nums []int
			for {
				start := int(next.Add(32)) - 32
				if start >= len(pids) {
					return
				}
				for i := start; i < min(start+32, len(pids)); i++ {
					nums = s.probeProcess(pids[i], &probes[i], buf, nums[:0])
				}
			}
		}()
	}
	wg.Wait()
	return probes
}

// probeProcess reads /proc/PID: owner, parent, namespace inodes, and with
// the options its threads' namespaces and its nsfs and socket fds. A
// process that vanished or cannot be read stays !ok.
func (s *Scan) probeProcess(pid int, pr *probe, buf []byte, nums []int) []int {
	dfd, err := unix.Open("/proc/"+strconv.Itoa(pid), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nums
	}
	defer unix.Close(dfd)
	var st unix.Stat_t
	if !s.cfg.MembersOnly {
		if unix.Fstat(dfd, &st) == nil {
			pr.uid = st.Uid
		}
		if pr.ppid, pr.ok = readPPID(dfd, buf); !pr.ok {
			return nums // gone, or a stat line we cannot parse: util-linux skips it too
		}
	}
	allMnt := s.cfg.Mounts && s.cfg.AllMntNS
	for i := range ScanTypes {
		if !s.cfg.Types[i] && !(i == scanMnt && allMnt) {
			continue
		}
		if unix.Fstatat(dfd, nsEntries[i], &st, 0) != nil {
			continue // EACCES (not dumpable), ENOENT (no such type, or gone)
		}
		pr.ns[i] = st.Ino
		pr.ok = true // MembersOnly: a process that could be read at all
		if i == scanMnt {
			pr.mnt = st.Ino
		}
	}
	if s.cfg.Threads {
		nums = readNumDir(dfd, "task", buf, nums[:0])
		for _, tid := range nums {
			if tid == pid {
				continue
			}
			prefix := "task/" + strconv.Itoa(tid) + "/ns/"
			for i := range ScanTypes {
				if s.cfg.Types[i] && unix.Fstatat(dfd, prefix+ScanTypes[i], &st, 0) == nil && st.Ino != pr.ns[i] {
					pr.threads = append(pr.threads, threadNS{tid, i, st.Ino})
					pr.ok = true
				}
			}
		}
	}
	if s.cfg.FDs {
		nums = readNumDir(dfd, "fd", buf, nums[:0])
		for _, n := range nums {
			if unix.Fstatat(dfd, "fd/"+strconv.Itoa(n), &st, 0) != nil {
				continue
			}
			switch {
			case uint64(st.Dev) == s.nsfsDev:
				pr.fds = append(pr.fds, fdEntry{num: n, ino: st.Ino})
			case st.Mode&unix.S_IFMT == unix.S_IFSOCK && s.cfg.Types[scanNet]:
				pr.fds = append(pr.fds, fdEntry{num: n, socket: true})
			}
		}
	}
	return nums
}

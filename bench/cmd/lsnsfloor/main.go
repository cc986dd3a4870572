// Command lsnsfloor is the floor of the lsns bench (issue 3): it makes only
// the system calls a namespace scan of /proc needs, as cheaply as plain Go
// allows, and nothing else: read /proc's entries (getdents64), then for each
// PID open /proc/PID, read its ns/TYPE links for the 8 namespace types (the
// cheapest way to the inodes), close. No parent PIDs, no owners, no output
// formatting, no sorting, no user names, no nsfs ioctls, no netlink.
//
//	lsnsfloor [-j N] [-t TYPE] [-fds]
//
// -j N probes with N threads (default: one per CPU, as nsbox lsns does);
// -t TYPE reads only that type (lsns -t TYPE); -fds also lists
// /proc/PID/fd and stats every descriptor (the discovery of namespaces held
// by open files, util-linux 2.41+). It prints one line, "PROCS NAMESPACES": the
// processes read and the distinct namespaces seen, so the bench can check
// the floor scanned what lsns lists.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"
)

var (
	types     = [8]string{"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}
	scanTypes = types[:]
	scanFDs   bool
)

type probe struct {
	ok bool
	ns [8]uint64
}

func main() {
	workers := flag.Int("j", runtime.NumCPU(), "probing threads")
	only := flag.String("t", "", "read only this namespace type")
	flag.BoolVar(&scanFDs, "fds", false, "also stat every /proc/PID/fd/N")
	flag.Parse()
	if *only != "" {
		scanTypes = []string{*only}
	}
	pids, err := procPIDs()
	if err != nil {
		fmt.Fprintln(os.Stderr, "lsnsfloor:", err)
		os.Exit(1)
	}
	probes := make([]probe, len(pids))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < max(1, *workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var path [64]byte
			dents := make([]byte, 4096)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pids) {
					return
				}
				probeDir(pids[i], &probes[i], path[:], dents)
			}
		}()
	}
	wg.Wait()
	seen := make(map[uint64]struct{}, 64)
	n := 0
	for i := range probes {
		if !probes[i].ok {
			continue
		}
		n++
		for _, ino := range probes[i].ns {
			if ino != 0 {
				seen[ino] = struct{}{}
			}
		}
	}
	fmt.Println(n, len(seen))
}

// procPIDs reads /proc's numeric entries with getdents64.
func procPIDs() ([]int, error) {
	fd, err := syscall.Open("/proc", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 64<<10)
	pids := make([]int, 0, 4096)
	for {
		n, err := syscall.Getdents(fd, buf)
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return pids, nil
		}
		for off := 0; off < n; {
			reclen := int(*(*uint16)(unsafe.Pointer(&buf[off+16])))
			name := buf[off+19 : off+reclen]
			pid := 0
			for _, c := range name {
				if c == 0 {
					break
				}
				if c < '0' || c > '9' {
					pid = -1
					break
				}
				pid = pid*10 + int(c-'0')
			}
			if pid > 0 {
				pids = append(pids, pid)
			}
			off += reclen
		}
	}
}

// appendInt appends the decimal n to b.
func appendInt(b []byte, n int) []byte {
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, d[i:]...)
}

func fstatat(dirfd int, path []byte, st *syscall.Stat_t) bool {
	_, _, e := syscall.Syscall6(syscall.SYS_NEWFSTATAT, uintptr(dirfd),
		uintptr(unsafe.Pointer(&path[0])), uintptr(unsafe.Pointer(st)), 0, 0, 0)
	return e == 0
}

func openat(dirfd int, path []byte, flags int) int {
	fd, _, e := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(dirfd),
		uintptr(unsafe.Pointer(&path[0])), uintptr(flags), 0, 0, 0)
	if e != 0 {
		return -1
	}
	return int(fd)
}

const atFDCWD = -100

func readlinkat(dirfd int, path, buf []byte) int {
	n, _, e := syscall.Syscall6(syscall.SYS_READLINKAT, uintptr(dirfd),
		uintptr(unsafe.Pointer(&path[0])), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0)
	if e != 0 {
		return -1
	}
	return int(n)
}

// probeDir: open /proc/PID, read the links ns/TYPE ("net:[4026531840]").
func probeDir(pid int, pr *probe, path []byte, dents []byte) {
	p := append(appendInt(append(path[:0], "/proc/"...), pid), 0)
	dfd := openat(atFDCWD, p, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC)
	if dfd < 0 {
		return
	}
	defer syscall.Close(dfd)
	var link [64]byte
	for i, t := range scanTypes {
		p = append(append(append(path[:0], "ns/"...), t...), 0)
		n := readlinkat(dfd, p, link[:])
		if n < 0 {
			continue
		}
		ino := uint64(0)
		for _, c := range link[:n] {
			if c >= '0' && c <= '9' {
				ino = ino*10 + uint64(c-'0')
			}
		}
		pr.ns[i], pr.ok = ino, true
	}
	if scanFDs {
		statFDs(dfd, path, dents)
	}
}

// statFDs lists DIRFD/fd and stats every descriptor in it.
func statFDs(dfd int, path []byte, dents []byte) {
	fd := openat(dfd, []byte("fd\x00"), syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC)
	if fd < 0 {
		return
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	for {
		n, err := syscall.Getdents(fd, dents)
		if err != nil || n <= 0 {
			return
		}
		for off := 0; off < n; {
			reclen := int(*(*uint16)(unsafe.Pointer(&dents[off+16])))
			name := dents[off+19 : off+reclen]
			if name[0] != '.' {
				p := append(path[:0], "fd/"...)
				for _, c := range name {
					if c == 0 {
						break
					}
					p = append(p, c)
				}
				fstatat(dfd, append(p, 0), &st)
			}
			off += reclen
		}
	}
}

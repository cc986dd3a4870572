package nslib

import (
	"os"
	"strconv"
)

// ProcPIDs lists the processes (thread-group leaders) in /proc readdir
// order, the order iproute2 and util-linux report them in.
func ProcPIDs() ([]int, error) {
	return readIntDir("/proc")
}

// ProcTIDs lists the threads of a process.
func ProcTIDs(pid int) []int {
	tids, _ := readIntDir("/proc/" + strconv.Itoa(pid) + "/task")
	return tids
}

func readIntDir(dir string) ([]int, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	ids := make([]int, 0, len(names))
	for _, n := range names {
		if n == "" || n[0] < '0' || n[0] > '9' {
			continue
		}
		if id, err := strconv.Atoi(n); err == nil {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// ProcNS is one process (or, with threads, one thread whose namespace
// differs from its process's) and the namespace it is in.
type ProcNS struct {
	PID, TID int
	NS       Ident
}

// ScanNamespaces walks /proc once and returns, in /proc order, the TYPE
// namespace of every process it may read. Processes that vanish mid-scan or
// cannot be read are skipped, never an error. With threads, each thread
// whose namespace differs from its process's is listed as well, so one that
// joined a namespace on its own (setns on one thread) is found.
func ScanNamespaces(typ string, threads bool) ([]ProcNS, error) {
	pids, err := ProcPIDs()
	if err != nil {
		return nil, err
	}
	out := make([]ProcNS, 0, len(pids))
	for _, pid := range pids {
		id, err := StatIdent(ProcPath(pid, typ))
		if err == nil {
			out = append(out, ProcNS{pid, pid, id})
		}
		if !threads {
			continue
		}
		prefix := "/proc/" + strconv.Itoa(pid) + "/task/"
		for _, tid := range ProcTIDs(pid) {
			if tid == pid {
				continue
			}
			if tidID, terr := StatIdent(prefix + strconv.Itoa(tid) + "/ns/" + typ); terr == nil && (err != nil || tidID != id) {
				out = append(out, ProcNS{pid, tid, tidID})
			}
		}
	}
	return out, nil
}

package prestage

import (
	"bytes"
	"errors"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// A Plan is the work nsbox hands to a copy of itself that it starts or
// re-executes: records by key, such as the stage's recipe ("join",
// "unshare") and what Go needs to go on ("role", "resume").
//
// It travels in a sealed memfd, named in the new process by the one private
// environment variable, _NSBOX_PLAN=FD. Its first line is "nsbox-plan 1
// CREATOR" (the PID that made it), then one "KEY VALUE" line per record,
// the value with '%' and newlines as %25 and %0A.
// A plan counts only when FD is a memfd sealed against every change and
// CREATOR is the process itself (a re-exec) or its parent (a child; in a
// new pid namespace the parent has no PID, and getppid is 0): a
// variable alone, set by whoever runs nsbox, is ignored, and the variable
// never reaches a program nsbox starts (the stage drops it from libc's
// environment, init below from Go's).
type Plan map[string]string

const envTrigger = "_NSBOX_PLAN"

// planMax is the largest plan (stage.c's PLAN_MAX, less the NUL it adds).
const planMax = 8191

const allSeals = unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE

var taken Plan

func init() {
	v, ok := syscall.Getenv(envTrigger)
	if !ok {
		return
	}
	syscall.Unsetenv(envTrigger)
	taken = readPlan(v)
}

// Taken returns the plan this process was handed, nil when there is none.
func Taken() Plan { return taken }

// readPlan reads and closes the plan named by the trigger's value, or
// returns nil, leaving the descriptor alone, when it is not one of ours.
func readPlan(v string) Plan {
	fd, err := strconv.Atoi(v)
	if err != nil || fd < 3 || fd > 1<<20 || v != strconv.Itoa(fd) {
		return nil
	}
	if seals, err := unix.FcntlInt(uintptr(fd), unix.F_GET_SEALS, 0); err != nil || seals != allSeals {
		return nil
	}
	buf := make([]byte, planMax+1)
	n, err := unix.Pread(fd, buf, 0)
	if err != nil || n > planMax {
		return nil
	}
	head, body, ok := bytes.Cut(buf[:n], []byte("\n"))
	creator, err := strconv.Atoi(strings.TrimPrefix(string(head), "nsbox-plan 1 "))
	if !ok || err != nil || !bytes.HasPrefix(head, []byte("nsbox-plan 1 ")) ||
		(creator != os.Getpid() && creator != os.Getppid() && os.Getppid() != 0) {
		return nil
	}
	unix.Close(fd)
	p := Plan{}
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			p[k] = valueUnescaper.Replace(v)
		}
	}
	return p
}

// Seal writes the plan into a sealed memfd, close-on-exec: the caller
// passes it to the new process (clearing close-on-exec for a re-exec, or
// among a child's files) and names it there with Trigger.
func (p Plan) Seal() (*os.File, error) {
	var b strings.Builder
	b.WriteString("nsbox-plan 1 " + strconv.Itoa(os.Getpid()) + "\n")
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "" || strings.ContainsAny(k, " %\n\x00") || strings.Contains(p[k], "\x00") {
			return nil, errors.New("a plan record holds a separator: " + strconv.Quote(k))
		}
		b.WriteString(k + " " + valueEscaper.Replace(p[k]) + "\n")
	}
	if b.Len() > planMax {
		return nil, errors.New("the plan is too long")
	}
	fd, err := unix.MemfdCreate("nsbox-plan", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	f := os.NewFile(uintptr(fd), "nsbox-plan")
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, allSeals); err != nil {
		f.Close()
		return nil, os.NewSyscallError("fcntl F_ADD_SEALS", err)
	}
	return f, nil
}

var (
	valueEscaper   = strings.NewReplacer("%", "%25", "\n", "%0A")
	valueUnescaper = strings.NewReplacer("%25", "%", "%0A", "\n")
)

// Trigger is the environment entry naming the plan at descriptor fd of the
// new process.
func Trigger(fd int) string { return envTrigger + "=" + strconv.Itoa(fd) }

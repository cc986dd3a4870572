package enter

import (
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
	"nsbox/nslib/prestage"
)

// ForkExec starts argv[0] (already resolved to path) in a child forked
// from the calling thread, so the child has that thread's namespaces,
// root, working directory and credentials; stdio and env are passed on.
// An exec failure in the child comes back as an *ExecError.
func ForkExec(path string, argv []string) (int, error) {
	attr := &syscall.ProcAttr{Env: os.Environ(), Files: StdFiles()}
	pid, err := ForkExecAttr(path, argv, attr)
	if err == syscall.ENOEXEC { // a file without #! runs through the shell, as by execvp(3)
		pid, err = ForkExecAttr(BShell, ScriptArgv(path, argv), attr)
	}
	if err != nil {
		return 0, &ExecError{Cmd: argv[0], Err: err}
	}
	return pid, nil
}

// forChild readies the calling thread for starting a program: the
// caller's CPU mask (affinity.go) and the signals nsbox was started with
// ignored (sigign.go). Call done once the fork is over.
func forChild() (done func()) {
	prestage.IgnoreInherited()
	// libc's own signals (32 to 34): musl runs setuid, setgid and
	// setgroups on every thread through 34 and leaves it ignored, and the
	// runtime's reset in a forked child goes through musl's sigaction,
	// which refuses them. One ignored now that was not at start goes back
	// to its default, in the kernel.
	for sig := syscall.Signal(32); sig <= 34; sig++ {
		if !prestage.StartIgnored(sig) && kernelAction(sig) == 1 {
			setDefault(sig)
		}
	}
	return prestage.ChildMask()
}

// StdFiles are the standard descriptors for syscall.ProcAttr: a child gets
// those closed that were closed when nsbox started (the Go runtime has
// opened /dev/null on them since), as from util-linux and iproute2.
func StdFiles() []uintptr {
	files := []uintptr{0, 1, 2}
	for i := range files {
		if prestage.StartClosed(i) {
			files[i] = ^uintptr(0)
		}
	}
	return files
}

// forExec is forChild for an exec, which replaces this process: nothing is
// left to wait for, so an inherited SIG_IGN of SIGCHLD is passed on too,
// as by util-linux nsenter and iproute2, and the standard descriptors that
// were closed at start are closed again (see StdFiles). Exec returns only
// on failure, and each caller then ends the process.
func forExec() (done func()) {
	if prestage.StartIgnored(unix.SIGCHLD) {
		signal.Ignore(unix.SIGCHLD)
	}
	for fd := 0; fd < 3; fd++ {
		if prestage.StartClosed(fd) {
			unix.Close(fd)
		}
	}
	return forChild()
}

// setDefault gives sig its default action behind the runtime's back: an
// all-zero sigaction is SIG_DFL, no flags and an empty mask on every
// architecture, whatever the field order.
func setDefault(sig syscall.Signal) {
	var act [8]uintptr
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, sigsetSize(), 0, 0)
}

// kernelAction is the kernel's handler for sig (0 SIG_DFL, 1 SIG_IGN),
// read behind the runtime's back. The kernel's struct sigaction starts
// with the handler, but on MIPS, where the flags come first.
func kernelAction(sig syscall.Signal) uintptr {
	var act [8]uintptr
	if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), 0, uintptr(unsafe.Pointer(&act)), sigsetSize(), 0, 0); e != 0 {
		return 0
	}
	if strings.HasPrefix(runtime.GOARCH, "mips") {
		return act[1]
	}
	return act[0]
}

func sigsetSize() uintptr {
	if strings.HasPrefix(runtime.GOARCH, "mips") {
		return 16
	}
	return 8
}

// ForkExecAttr is syscall.ForkExec for every program nsbox starts: the
// child gets the caller's CPU mask (see affinity.go) and the signals nsbox
// was started with ignored.
func ForkExecAttr(path string, argv []string, attr *syscall.ProcAttr) (int, error) {
	defer forChild()()
	return syscall.ForkExec(path, argv, attr)
}

// Start is cmd.Start for every program nsbox starts through os/exec: the
// child gets the caller's CPU mask (see affinity.go) and the signals nsbox
// was started with ignored.
func Start(cmd *exec.Cmd) error {
	defer forChild()()
	return cmd.Start()
}

// MirrorChild waits for child like util-linux's continue_as_child: when
// the child stops, this process stops too and continues the child when it
// is continued itself (job control through the parent); when it exits,
// its status is returned; when a signal kills it, this process dies of
// the same signal. Signals sent to this process are not forwarded.
func MirrorChild(pid int) int {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, unix.WUNTRACED, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 1
		}
		if !ws.Stopped() {
			break
		}
		unix.Kill(os.Getpid(), unix.SIGSTOP)
		unix.Kill(pid, unix.SIGCONT)
	}
	switch {
	case ws.Exited():
		return ws.ExitStatus()
	case ws.Signaled():
		DieOfSignal(ws.Signal())
	}
	return 1
}

// DieOfSignal ends the process with sig as if it had received it with the
// default action (and returns if that action does not kill). The Go
// runtime's own handlers would turn SIGQUIT or SIGABRT into a stack dump
// and ignore a sent SIGSEGV, so the action is reset in the kernel first.
func DieOfSignal(sig syscall.Signal) {
	runtime.LockOSThread()
	setDefault(sig)
	var set unix.Sigset_t
	w := uint(unsafe.Sizeof(set.Val[0]) * 8)
	set.Val[(uint(sig)-1)/w] |= 1 << ((uint(sig) - 1) % w)
	unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, nil)
	unix.Tgkill(os.Getpid(), unix.Gettid(), sig)
}

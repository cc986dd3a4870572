package applet

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// stdout is a run's standard output as the dispatcher checks it: every
// write is tried (as stdio tries each after a failure) and the first error
// is kept for CloseStdout, which reports it once. The applets never see
// the error, so they go on as a C program does after a failed fwrite.
type stdout struct {
	f   *os.File
	buf *bufio.Writer
	err error // the first failed write
	n   int64 // bytes written to it, delivered or not
}

func (s *stdout) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	if _, err := s.f.Write(p); err != nil && s.err == nil {
		s.err = err
	}
	return len(p), nil
}

// CheckedStdout gives io a checked, buffered standard output (Writer) for
// CloseStdout to report on; the dispatcher calls it once per run.
func (io IO) CheckedStdout() IO {
	if len(prestage.NotInherited(syscall.SIGPIPE)) == 0 {
		// Ignored when nsbox started: a write to a closed pipe is then
		// EPIPE, which close_stdout passes over, not Go's death by SIGPIPE.
		signal.Ignore(syscall.SIGPIPE)
	}
	s := &stdout{f: io.Out}
	s.buf = bufio.NewWriterSize(s, 16<<10)
	io.stdout = s
	return io
}

// Writer is the run's buffered standard output (the same one for the
// whole run); Flush before exec or fork so output keeps its order, and
// before Main returns. Without CheckedStdout (an applet run in-process by
// a test) it is a plain buffer over Out.
func (io IO) Writer() *bufio.Writer {
	if io.stdout == nil {
		return bufio.NewWriterSize(io.Out, 16<<10)
	}
	return io.stdout.buf
}

// Printf writes to the run's standard output (Writer) and flushes it.
func (io IO) Printf(format string, args ...any) {
	w := io.Writer()
	fmt.Fprintf(w, format, args...)
	w.Flush()
}

// WriteFailed tells whether a write to the checked standard output failed.
func (io IO) WriteFailed() bool { return io.stdout != nil && io.stdout.err != nil }

// CloseStdout is util-linux's close_stdout for the run of applet name
// that ended with code: a failed write to standard output prints "NAME:
// write error: REASON" and makes the status 1, but EPIPE (a reader that
// went away while SIGPIPE is ignored) and EBADF (no standard output) are
// passed over. With stdio (the util-linux applets), an output that
// outgrew glibc's buffer failed in an fwrite instead: close_stdout then
// finds only ferror set, with errno 0, and prints "NAME: write error" for
// any error, EPIPE and EBADF included.
func (io IO) CloseStdout(name string, stdio bool, code int) int {
	s := io.stdout
	if s == nil {
		return code
	}
	s.buf.Flush()
	switch {
	case s.err == nil:
		return code
	case stdio && s.n > stdioBufferSize(s.f):
		fmt.Fprintf(io.Err, "%s: write error\n", name)
	case errors.Is(s.err, syscall.EPIPE) || errors.Is(s.err, syscall.EBADF):
		return code
	default:
		fmt.Fprintf(io.Err, "%s: write error: %s\n", name, nslib.Strerror(s.err))
	}
	return 1
}

// stdioBufferSize is the size of glibc's buffer for f (_IO_file_doallocate):
// st_blksize if below BUFSIZ, else BUFSIZ.
func stdioBufferSize(f *os.File) int64 {
	const bufsiz = 8192
	var st unix.Stat_t
	if unix.Fstat(int(f.Fd()), &st) == nil && st.Blksize > 0 && st.Blksize < bufsiz {
		return int64(st.Blksize)
	}
	return bufsiz
}

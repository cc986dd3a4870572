package netns

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"

	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// maxBatchArgs is iproute2's limit of words on one batch line.
const maxBatchArgs = 100

// batchReader splits an `ip -batch` file into command lines with
// iproute2's rules: '#' ends a line wherever it stands (quotes included),
// backslash-newline continues it, words split on blanks, and a word that
// starts with ' or " runs to the next such quote with no escapes inside.
type batchReader struct {
	r    *bufio.Reader
	line int // number of the last physical line read
	// peek and peekSrc read ahead in the buffered input (addsAhead); kept
	// and reset for every line, as a fresh 4 KiB reader per line costs a
	// page fault and a GC's worth of garbage over a long batch.
	peek    *batchReader
	peekSrc bytes.Reader
}

var (
	errMissingContinuation = errors.New("Missing continuation line")
	errUnterminated        = errors.New("Unterminated quoted string")
	errTooManyArgs         = errors.New("Too many arguments to command")
)

// next returns the words of the next non-empty command line; io.EOF at the
// end.
func (b *batchReader) next() ([]string, error) {
	for {
		line, err := b.readLine()
		if err != nil {
			return nil, err
		}
		for strings.HasSuffix(line, "\\\n") {
			more, err := b.readLine()
			if err != nil {
				return nil, errMissingContinuation
			}
			line = line[:len(line)-2] + more
		}
		words, err := splitWords(line)
		if err != nil || len(words) > 0 {
			return words, err
		}
	}
}

// readLine reads one physical line, keeping its newline, cut at '#' or at
// a NUL: iproute2 handles the line as a C string, so a NUL ends it there,
// newline and continuation included. A read error ends the input as the
// end of file does: iproute2's getline(3) loop stops either way (so a
// directory is an empty batch).
func (b *batchReader) readLine() (string, error) {
	line, err := b.r.ReadString('\n')
	if line == "" && err != nil {
		return "", io.EOF
	}
	b.line++
	if i := strings.IndexAny(line, "#\x00"); i >= 0 {
		line = line[:i]
	}
	return line, nil
}

func splitWords(line string) ([]string, error) {
	const blanks = " \t\r\n"
	var words []string
	for {
		line = strings.TrimLeft(line, blanks)
		if line == "" {
			return words, nil
		}
		if len(words) >= maxBatchArgs-1 {
			return nil, errTooManyArgs
		}
		if q := line[0]; q == '\'' || q == '"' {
			end := strings.IndexByte(line[1:], q)
			if end < 0 {
				return nil, errUnterminated
			}
			words = append(words, line[1:1+end])
			line = line[2+end:]
			continue
		}
		end := strings.IndexAny(line, blanks)
		if end < 0 {
			return append(words, line), nil
		}
		words = append(words, line[:end])
		line = line[end+1:]
	}
}

// runBatch runs every line of FILE (- is stdin) as `netns …`. A failing
// line prints "Command failed FILE:LINE" and stops the batch unless -force;
// the status is then 1. Usage errors end the batch at once with 255.
func (c *cmd) runBatch(file string) int {
	var in io.Reader = c.io.In
	done := 0
	// The fast path may have done the first lines (plain deletes) and
	// stopped at one it leaves to Go: the rest comes as it read the file.
	if fast := prestage.BatchReport(); fast.Lines > 0 && fast.File == file {
		in, done = bytes.NewReader(fast.Rest), fast.Lines
	} else if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			c.errorf("Cannot open file \"%s\" for reading: %s", file, strerrorPath(err))
			return 1
		}
		defer f.Close()
		in = f
	}
	c.inBatch = true
	// The lines run one after another. With one P, the locked goroutine of
	// each add (nslib.InThread) runs on this thread; with more, an idle P
	// wakes another thread for it every time, two thread switches per add.
	// Adds in a row have their namespaces made ahead (nslib.MakeAhead),
	// which asks for more.
	runtime.GOMAXPROCS(1)
	defer c.run.DropAhead()
	defer c.run.Hold()()
	br := &batchReader{r: bufio.NewReader(in), line: done}
	status := 0
	for {
		// Plain deletes keep the run-dir lock from one to the next (Hold),
		// but never while the batch waits for input or runs anything else
		// (an exec'd program may need the lock, --kill waits).
		if !br.lineBuffered() {
			c.run.Release()
		}
		words, err := br.next()
		if err == io.EOF {
			return status
		}
		if err != nil {
			c.errorf("%s", err.Error())
			return 1
		}
		if !plainDelete(words) {
			c.run.Release()
		}
		// Only an add looks ahead: other lines (a run of deletes) would
		// parse the next ones for nothing.
		if isAddLine(words) {
			if n := br.addsAhead(words); n > 1 {
				c.run.MakeAhead(n)
			}
		}
		err = c.batchLine(words)
		var now exitNow
		if errors.As(err, &now) || errors.Is(err, usageErr) {
			return applet.Code("netns", err, c.io.Err)
		}
		if err != nil {
			c.errorf("Command failed %s:%s", file, strconv.Itoa(br.line))
			status = 1
			if !c.force {
				return status
			}
		}
	}
}

// batchLine runs one line: its first word must name the netns object.
func (c *cmd) batchLine(words []string) error {
	if !netnsObject(words[0]) {
		return c.fail(1, "Object \"%s\" is unknown, try \"netns help\".", words[0])
	}
	return c.dispatch(words[1:])
}

func netnsObject(word string) bool {
	return applet.Matches(word, "netns") && len(word) >= 3
}

// lineBuffered reports whether a whole physical line, not continued, is in
// the buffer: reading it will not wait for input.
func (b *batchReader) lineBuffered() bool {
	buf, _ := b.r.Peek(b.r.Buffered())
	i := bytes.IndexByte(buf, '\n')
	return i == 0 || i > 0 && buf[i-1] != '\\'
}

// plainDelete reports whether a batch line is `netns delete NAME`
// without --kill or --evacuate.
func plainDelete(w []string) bool {
	return len(w) > 2 && netnsObject(w[0]) && subcommand(w[1]) == "delete" && !strings.HasPrefix(w[2], "--")
}

// isAddLine reports whether a batch line is `netns add …`.
func isAddLine(w []string) bool {
	return len(w) > 1 && netnsObject(w[0]) && subcommand(w[1]) == "add"
}

// addLookahead is how many command lines after the current one addsAhead
// looks at: namespaces for the current add and two more are made at once.
const addLookahead = 2

// addsAhead counts the `netns add` lines among words and the next
// addLookahead command lines, as far as they are in the buffer already: it
// never waits for input.
func (b *batchReader) addsAhead(words []string) int {
	n := 0
	if isAddLine(words) {
		n++
	}
	buf, _ := b.r.Peek(b.r.Buffered())
	b.peekSrc.Reset(buf[:bytes.LastIndexByte(buf, '\n')+1])
	if b.peek == nil {
		b.peek = &batchReader{r: bufio.NewReaderSize(&b.peekSrc, 256)}
	} else {
		b.peek.r.Reset(&b.peekSrc)
	}
	for i := 0; i < addLookahead; i++ {
		w, err := b.peek.next()
		if err != nil {
			break
		}
		if isAddLine(w) {
			n++
		}
	}
	return n
}

func strerrorPath(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return nslib.Strerror(err)
}

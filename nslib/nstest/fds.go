package nstest

import (
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// CloseOnExecAll sets close-on-exec on every descriptor above 2 of the
// calling process, so that the programs it starts inherit only stdin,
// stdout, stderr and what the program in between leaks. Descriptors
// inherited from outside the test (a CI runner's, say) would otherwise
// show up in every child.
func CloseOnExecAll(t testing.TB) {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			unix.CloseOnExec(fd)
		}
	}
}

// lsDirFD is the descriptor `ls -l /proc/self/fd` has open on the
// directory it lists.
var lsDirFD = regexp.MustCompile(`^/proc/[0-9]+/fd$`)

// ExtraFDs reads the output of `ls -l /proc/self/fd` and returns every
// descriptor in it but 0, 1, 2 and the one ls opened for the directory, as
// "FD -> TARGET": what the program was given beyond stdio. The error says
// the output is not such a listing (one of those four is missing).
func ExtraFDs(ls string) (extra []string, err error) {
	var stdio, dir int
	for _, l := range strings.Split(ls, "\n") {
		f := strings.Fields(l)
		if len(f) < 3 || f[len(f)-2] != "->" {
			continue // "total 0", an empty line
		}
		fd, target := f[len(f)-3], f[len(f)-1]
		switch {
		case fd == "0" || fd == "1" || fd == "2":
			stdio++
		case lsDirFD.MatchString(target) && dir == 0:
			dir++
		default:
			extra = append(extra, fd+" -> "+target)
		}
	}
	if stdio != 3 || dir != 1 {
		return extra, errors.New("not a listing of stdio and ls's own directory: " + strconv.Quote(ls))
	}
	return extra, nil
}

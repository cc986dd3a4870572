// Package applet is the contract between main.go and the applets: the
// standard streams an applet runs with, how it reports an exit code, the
// description of its command line (CLI), and the argument parsers the
// anchors' rules need (C-style integers, iproute2 prefix matching, glibc
// getopt_long).
package applet

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

// IO is the standard streams of one applet run. They are files, not
// writers, because programs exec'd by an applet inherit them.
type IO struct {
	In       *os.File
	Out, Err *os.File
	stdout   *stdout // CheckedStdout's: shared by the copies of io
}

// StdIO is the process's own streams.
func StdIO() IO { return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr} }

// Main is an applet entry point: argv[0] is the name it was called by.
type Main func(argv []string, io IO) int

// Info describes an applet for dispatch, --help and the docs generator.
type Info struct {
	Name  string
	Usage string
	Main  Main
	// CLI describes the command line (for docs and completion); the
	// applet's Main uses the same definition.
	CLI func() CLI
	// UtilLinux: the applet mirrors a util-linux tool, whose write errors
	// glibc's stdio words (CloseStdout).
	UtilLinux bool
}

// ExitCode is returned by an action to end the applet with that status,
// its message (if any) already printed.
type ExitCode int

func (e ExitCode) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// Code turns an action's error into an exit status; an error that is not an
// ExitCode is printed as "APPLET: ERROR" and gives status 1.
func Code(name string, err error, stderr *os.File) int {
	if err == nil {
		return 0
	}
	var ec ExitCode
	if errors.As(err, &ec) {
		return int(ec)
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return 1
}

// Matches is iproute2's matches(): word is a non-empty prefix of keyword.
func Matches(word, keyword string) bool {
	return word != "" && len(word) <= len(keyword) && keyword[:len(word)] == word
}

// ParseCInt parses an integer the way strtol(s, &end, base) does with the
// whole string consumed: leading blanks, a sign, and with base 0 a 0x or 0
// prefix. It reports false where C would leave characters unparsed or
// overflow the given bit size.
func ParseCInt(s string, base, bits int) (int64, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	digits := s[i:]
	if base == 0 || base == 16 {
		if len(digits) > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') && isDigit(digits[2], 16) {
			digits, base = digits[2:], 16
		}
	}
	if base == 0 {
		base = 10
		if len(digits) > 1 && digits[0] == '0' {
			base = 8
		}
	}
	if digits == "" {
		return 0, false
	}
	for j := 0; j < len(digits); j++ {
		if !isDigit(digits[j], base) {
			return 0, false
		}
	}
	u, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return 0, false
	}
	limit := uint64(1) << (bits - 1)
	if (!neg && u >= limit) || (neg && u > limit) {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

func isDigit(c byte, base int) bool {
	var v int
	switch {
	case c >= '0' && c <= '9':
		v = int(c - '0')
	case c >= 'a' && c <= 'z':
		v = int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		v = int(c-'A') + 10
	default:
		return false
	}
	return v < base
}

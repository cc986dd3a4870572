package nsenter

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// strtoimax is C's strtoimax(s, &end, 10): leading blanks and a sign, then
// digits; it returns the value, the unparsed rest and whether it overflowed.
// ok is false when no digit was read.
func strtoimax(s string) (v int64, rest string, erange, ok bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, s, false, false
	}
	u, err := strconv.ParseUint(t[:i], 10, 64)
	if err != nil || (!neg && u > 1<<63-1) || (neg && u > 1<<63) {
		erange = true
		u = 1<<63 - 1
	}
	v = int64(u)
	if neg {
		v = -v
	}
	return v, t[i:], erange, true
}

// strtou64 is util-linux's ul_strtou64 with base 10: a negative number or
// overflow is ERANGE, trailing garbage or no digits EINVAL.
func strtou64(s string) (uint64, error) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := strings.HasPrefix(t, "-")
	if neg || strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, unix.EINVAL
	}
	u, err := strconv.ParseUint(t[:i], 10, 64)
	if err != nil || (neg && u != 0) {
		return 0, unix.ERANGE
	}
	if t[i:] != "" {
		return 0, unix.EINVAL
	}
	return u, nil
}

// parsePID is util-linux's ul_parse_pid_str: PID or PID:INODE, the PID in
// 1..INT_MAX, the inode non-zero.
func parsePID(s string) (pid int, inode uint64, err error) {
	v, rest, erange, ok := strtoimax(s)
	if !ok {
		return 0, 0, unix.EINVAL
	}
	if erange || v <= 0 || v > 1<<31-1 {
		return 0, 0, unix.ERANGE
	}
	if after, found := strings.CutPrefix(rest, ":"); found {
		inode, err = strtou64(after)
		if err != nil {
			return 0, 0, err
		}
		if inode == 0 {
			return 0, 0, unix.ERANGE
		}
		rest = ""
	}
	if rest != "" {
		return 0, 0, unix.EINVAL
	}
	return int(v), inode, nil
}

package nslib

import (
	"os"
	"strconv"
	"strings"
)

// Mount is one line of a mountinfo file (proc_pid_mountinfo(5)): the fields
// lsns and the tests need, with libmount's octal escapes (\040 for a space)
// undone.
type Mount struct {
	ID, Parent           int // mount ids: a mount's parent is the mount it sits on
	Root, Target, FSType string
	Shared               bool // in a peer group (optional field "shared:N")
	PeerGroup, Master    int  // N of the optional fields "shared:N" and "master:N" (0: none)
}

// ReadMountInfo parses a mountinfo file such as /proc/self/mountinfo or
// /proc/PID/mountinfo (which shows PID's mount namespace).
func ReadMountInfo(path string) ([]Mount, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMountInfo(b), nil
}

// ParseMountInfo parses mountinfo text; malformed lines are skipped.
// The text is split in place: lsns reads every mount namespace's table and
// runs no GC, so a line buffer and fields per line would stay resident.
func ParseMountInfo(b []byte) []Mount {
	var out []Mount
	var f []string
	for rest := string(b); rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		f = appendFields(f[:0], line)
		// id parent maj:min root target opts [optional...] - fstype source superopts
		sep := -1
		for i := 6; i < len(f); i++ {
			if f[i] == "-" {
				sep = i
				break
			}
		}
		if len(f) < 7 || sep < 0 || sep+1 >= len(f) {
			continue
		}
		id, _ := strconv.Atoi(f[0])
		parent, _ := strconv.Atoi(f[1])
		m := Mount{ID: id, Parent: parent, Root: unescapeOctal(f[3]), Target: unescapeOctal(f[4]), FSType: unescapeOctal(f[sep+1])}
		for _, o := range f[6:sep] {
			if g, ok := strings.CutPrefix(o, "shared:"); ok {
				m.Shared = true
				m.PeerGroup, _ = strconv.Atoi(g)
			} else if g, ok := strings.CutPrefix(o, "master:"); ok {
				m.Master, _ = strconv.Atoi(g)
			}
		}
		out = append(out, m)
	}
	return out
}

// unescapeOctal undoes the kernel's \NNN escaping of blanks and backslashes.
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// NSFSRoot parses an nsfs mount's root field, "net:[4026532250]", into the
// namespace type name and inode.
func NSFSRoot(root string) (typ string, ino uint64, ok bool) {
	i := strings.Index(root, ":[")
	if i < 0 || !strings.HasSuffix(root, "]") {
		return "", 0, false
	}
	ino, err := strconv.ParseUint(root[i+2:len(root)-1], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return root[:i], ino, true
}

// appendFields is strings.Fields (mountinfo separates by spaces) into f.
func appendFields(f []string, s string) []string {
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return f
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			return append(f, s)
		}
		f, s = append(f, s[:end]), s[end:]
	}
}

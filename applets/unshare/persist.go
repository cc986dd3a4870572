package unshare

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/rundir"
)

// persistAll is util-linux's bind_ns_files for thread tid of process pid,
// in its table order, plus --netns: the namespaces that only affect
// children are taken from the *_for_children links. Messages name
// /proc/PID/ns/..., as util-linux's do.
func (c *cmd) persistAll(pid, tid int) error {
	src := func(name string) (path, shown string) {
		return fmt.Sprintf("/proc/%d/task/%d/ns/%s", pid, tid, name), fmt.Sprintf("/proc/%d/ns/%s", pid, name)
	}
	for _, t := range nslib.Types {
		file, ok := c.persist[t.Flag]
		if !ok {
			continue
		}
		name := t.Name
		if t.Flag == unix.CLONE_NEWPID || t.Flag == unix.CLONE_NEWTIME {
			name += "_for_children"
		}
		path, shown := src(name)
		if err := unix.Mount(path, file, "", unix.MS_BIND, ""); err != nil {
			return c.failErr("mount "+shown+" on "+file+" failed", err)
		}
	}
	if c.netnsName != "" {
		rd := rundir.DefaultRunDir()
		rd.Warn = func(msg string) { c.io.Err.WriteString(msg + "\n") }
		path, _ := src("net")
		if err := rd.BindNamed(c.netnsName, path); err != nil {
			return c.fail("%v", err)
		}
	}
	return nil
}

// sharedMountOf reports the mount point of the mount that holds file when
// that mount propagates (a "shared:N" optional field in mountinfo): a
// mount namespace bound there could be propagated into itself, so the
// kernel refuses with EINVAL. A file that does not exist is left to fail
// as it does in util-linux.
func sharedMountOf(file string) (string, bool) {
	fd, err := unix.Open(file, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", false
	}
	defer unix.Close(fd)
	info, err := os.ReadFile("/proc/thread-self/fdinfo/" + strconv.Itoa(fd))
	if err != nil {
		return "", false
	}
	var id string
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "mnt_id:"); ok {
			id = strings.TrimSpace(v)
		}
	}
	mi, err := os.ReadFile("/proc/thread-self/mountinfo")
	if err != nil || id == "" {
		return "", false
	}
	for _, line := range strings.Split(string(mi), "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[0] != id {
			continue
		}
		for _, opt := range f[6:] {
			if opt == "-" {
				break
			}
			if strings.HasPrefix(opt, "shared:") {
				return filepath.Clean(f[4]), true
			}
		}
	}
	return "", false
}

package unshare

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib/enter"
)

// idRange is one line of a uid_map or gid_map. An inner of noID is an
// "auto" block, mapped from 0 when the single map is folded in.
type idRange struct {
	inner, outer, count uint32
}

const noID = ^uint32(0)

// lookupID is util-linux's get_user/get_group: a name from the passwd or
// group file (nsbox is static: no NSS), else a number.
func (c *cmd) lookupID(arg, file, what string) (int64, error) {
	if id, ok := idByName(file, arg); ok {
		return int64(id), nil
	}
	// strtoul_or_err, then uid_t: a minus sign or too many digits is out of
	// range, as for -S; (uid_t)-1 means no id.
	v, err := strtoul(arg)
	if err == nil && v > uint64(noID) {
		err = unix.ERANGE
	}
	if err == nil && v == uint64(noID) {
		err = unix.EINVAL
	}
	if err != nil {
		return -1, c.parseFail("failed to parse "+what, arg, err)
	}
	return int64(v), nil
}

// idByName finds NAME's id (third field) in a passwd or group file.
func idByName(file, name string) (uint32, bool) {
	for _, f := range colonFile(file) {
		if len(f) >= 3 && f[0] == name {
			if v, err := strconv.ParseUint(f[2], 10, 32); err == nil {
				return uint32(v), true
			}
		}
	}
	return 0, false
}

// nameByID finds the name of uid in /etc/passwd.
func nameByID(uid uint32) (string, bool) {
	for _, f := range colonFile("/etc/passwd") {
		if len(f) >= 3 && f[2] == strconv.FormatUint(uint64(uid), 10) {
			return f[0], true
		}
	}
	return "", false
}

func colonFile(path string) [][]string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out [][]string
	for _, line := range strings.Split(string(b), "\n") {
		out = append(out, strings.Split(line, ":"))
	}
	return out
}

// addRanges is --map-users/--map-groups: auto, subids, all or a range.
// Ranges are kept newest first, as util-linux's list does.
func (c *cmd) addRanges(arg string, users bool) error {
	c.flags |= unix.CLONE_NEWUSER
	list, has := &c.groupMap, &c.hasGroupMap
	subidFile, kernelMap := "/etc/subgid", "/proc/self/gid_map"
	if users {
		list, has = &c.userMap, &c.hasUserMap
		subidFile, kernelMap = "/etc/subuid", "/proc/self/uid_map"
	}
	*has = true
	switch arg {
	case "auto", "subids":
		r, err := c.subidRange(subidFile, arg == "subids")
		if err != nil {
			return err
		}
		*list = append([]idRange{r}, *list...)
	case "all":
		f, err := os.Open(kernelMap)
		if err != nil {
			return c.failErr("could not open '"+kernelMap+"'", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) != 3 {
				continue
			}
			start, err1 := strconv.ParseUint(fs[0], 10, 32)
			count, err2 := strconv.ParseUint(fs[2], 10, 32)
			if err1 == nil && err2 == nil {
				*list = append([]idRange{{uint32(start), uint32(start), uint32(count)}}, *list...)
			}
		}
	default:
		r, ok := parseRange(arg)
		if !ok {
			return c.fail("invalid mapping '%s'", arg)
		}
		*list = append([]idRange{r}, *list...)
	}
	return nil
}

// parseRange reads INNER:OUTER:COUNT, or the older OUTER,INNER,COUNT.
func parseRange(s string) (idRange, bool) {
	sep, order := ":", [3]int{0, 1, 2}
	if !strings.Contains(s, ":") {
		sep, order = ",", [3]int{1, 0, 2}
	}
	f := strings.Split(s, sep)
	if len(f) != 3 {
		return idRange{}, false
	}
	var v [3]uint32
	for i, p := range f {
		n, err := strconv.ParseUint(strings.TrimLeft(p, " \t"), 10, 32)
		if err != nil {
			return idRange{}, false
		}
		v[order[i]] = uint32(n)
	}
	return idRange{inner: v[0], outer: v[1], count: v[2]}, true
}

// subidRange is util-linux's read_subid_range: the first line of FILE for
// the real euid, by name or number; identity maps it onto itself, else it
// is an auto block.
func (c *cmd) subidRange(file string, identity bool) (idRange, error) {
	name, ok := nameByID(c.realEUID)
	if !ok {
		return idRange{}, c.fail("you (user %d) don't exist.", c.realEUID)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return idRange{}, c.failErr("could not open '"+file+"'", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) < 3 || (f[0] != name && cStrtoul(f[0]) != uint64(c.realEUID)) {
			continue
		}
		start, err1 := strtoul(f[1])
		count, err2 := strtoul(f[2])
		if err1 != nil {
			return idRange{}, c.parseFail("failed to parse subid map", f[1], err1)
		}
		if err2 != nil {
			return idRange{}, c.parseFail("failed to parse subid map", f[2], err2)
		}
		r := idRange{inner: noID, outer: uint32(start), count: uint32(count)}
		if identity {
			r.inner = r.outer
		}
		return r, nil
	}
	return idRange{}, c.fail("no line matching user \"%s\" in %s", name, file)
}

// cStrtoul is strtoul(s, NULL, 10): the leading digits, 0 without any.
func cStrtoul(s string) uint64 {
	s = strings.TrimLeft(s, " \t")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	v, _ := strconv.ParseUint(s[:i], 10, 64)
	return v
}

// foldSingle is util-linux's add_single_map_range: the single map
// outer→inner (inner noID: none) goes first, and every range loses the
// IDs it would share with it, split into at most three pieces; an auto
// block starts at inner 0.
func foldSingle(chain []idRange, outer, inner uint32) []idRange {
	if inner == noID {
		outer = noID
	}
	var out []idRange
	prepend := func(r idRange) { out = append([]idRange{r}, out...) }
	for _, m := range chain {
		if m.inner == noID {
			m.inner = 0
		} else if inner != noID &&
			((outer >= m.outer && outer <= m.outer+m.count) || (inner >= m.inner && inner <= m.inner+m.count)) {
			m.count--
		}
		sub := func(a, b uint32) uint32 {
			if a > b {
				return a - b
			}
			return 0
		}
		outerOff := min(sub(outer, m.outer), m.count)
		innerOff := min(sub(inner, m.inner), m.count)
		lo := idRange{outer: m.outer, inner: m.inner, count: min(innerOff, outerOff)}
		mid := idRange{outer: lo.outer + lo.count, inner: lo.inner + lo.count, count: max(innerOff, outerOff) - min(innerOff, outerOff)}
		if mid.outer == outer {
			mid.outer++
		}
		if mid.inner == inner {
			mid.inner++
		}
		hi := idRange{outer: mid.outer + mid.count, inner: mid.inner + mid.count, count: m.count - lo.count - mid.count}
		if hi.outer == outer {
			hi.outer++
		}
		if hi.inner == inner {
			hi.inner++
		}
		if hi.count != 0 {
			prepend(hi)
		}
		if mid.count != 0 {
			prepend(mid)
		}
		if lo.count != 0 {
			prepend(lo)
		}
	}
	if inner != noID {
		prepend(idRange{inner: inner, outer: outer, count: 1})
	}
	return out
}

// foldMaps is util-linux's step before unshare: with range maps (or
// --owner and a single map) the single map joins the ranges, written by
// the idmap helper.
func (c *cmd) foldMaps() {
	single := func(v int64) uint32 {
		if v < 0 {
			return noID
		}
		return uint32(v)
	}
	if c.hasUserMap || (c.mapUser >= 0 && c.ownerUID >= 0) {
		c.userMap, c.hasUserMap = foldSingle(c.userMap, c.realEUID, single(c.mapUser)), true
		c.mapUser = -1
	}
	if c.hasGroupMap || (c.mapGroup >= 0 && c.ownerGID >= 0) {
		c.groupMap, c.hasGroupMap = foldSingle(c.groupMap, c.realEGID, single(c.mapGroup)), true
		c.mapGroup = -1
	}
}

// writeRangeMaps is the idmap helper's work for process pid: direct
// writes as root, else newuidmap and newgidmap.
func (c *cmd) writeRangeMaps(pid int) error {
	if os.Geteuid() == 0 {
		if c.hasUserMap {
			if err := c.writeMapFile(pid, "uid_map", c.userMap); err != nil {
				return err
			}
		}
		if c.hasGroupMap {
			return c.writeMapFile(pid, "gid_map", c.groupMap)
		}
		return nil
	}
	if c.hasUserMap {
		if err := c.runIDMapper("newuidmap", pid, c.userMap); err != nil {
			return err
		}
	}
	if c.hasGroupMap {
		return c.runIDMapper("newgidmap", pid, c.groupMap)
	}
	return nil
}

func (c *cmd) writeMapFile(pid int, name string, chain []idRange) error {
	path := fmt.Sprintf("/proc/%d/%s", pid, name)
	var b strings.Builder
	for _, r := range chain {
		fmt.Fprintf(&b, "%d %d %d\n", r.inner, r.outer, r.count)
	}
	if b.Len() > 4096 {
		return c.fail("%s too large for kernel 4k limit", path)
	}
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		return c.failErr("failed to open "+path, err)
	}
	defer unix.Close(fd)
	if _, err := unix.Write(fd, []byte(b.String())); err != nil {
		return c.failErr("failed to write "+path, err)
	}
	return nil
}

// runIDMapper runs shadow's newuidmap/newgidmap PID INNER OUTER COUNT...
// and passes its failure on as util-linux's helper does.
func (c *cmd) runIDMapper(tool string, pid int, chain []idRange) error {
	args := []string{strconv.Itoa(pid)}
	for _, r := range chain {
		args = append(args, strconv.FormatUint(uint64(r.inner), 10),
			strconv.FormatUint(uint64(r.outer), 10), strconv.FormatUint(uint64(r.count), 10))
	}
	path, err := enter.LookPath(tool)
	if err != nil {
		return c.execFailed(tool, err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.io.In, c.io.Out, c.io.Err
	err = enter.Start(cmd)
	if err == nil {
		err = cmd.Wait()
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return exitStatus(ee.ProcessState.ExitCode())
		}
		return c.execFailed(tool, err)
	}
	return nil
}

// writeSingleMaps is util-linux's step 13: a single map not folded into
// ranges is written by the process itself, the group map after setgroups
// is denied (the kernel's rule for unprivileged gid maps).
func (c *cmd) writeSingleMaps() error {
	if c.mapUser >= 0 {
		if err := c.writeProc("/proc/self/uid_map", fmt.Sprintf("%d %d 1", uint32(c.mapUser), c.realEUID)); err != nil {
			return err
		}
	}
	if c.mapGroup >= 0 {
		if err := c.setgroupsControl("deny"); err != nil {
			return err
		}
		if err := c.writeProc("/proc/self/gid_map", fmt.Sprintf("%d %d 1", uint32(c.mapGroup), c.realEGID)); err != nil {
			return err
		}
	}
	if c.setgroups != "" {
		return c.setgroupsControl(c.setgroups)
	}
	return nil
}

// setgroupsControl writes /proc/self/setgroups; a kernel without it is
// fine.
func (c *cmd) setgroupsControl(v string) error {
	const file = "/proc/self/setgroups"
	fd, err := unix.Open(file, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err == unix.ENOENT {
		return nil
	}
	if err != nil {
		return c.failErr("cannot open "+file, err)
	}
	defer unix.Close(fd)
	if _, err := unix.Write(fd, []byte(v)); err != nil {
		return c.failErr("write failed "+file, err)
	}
	return nil
}

func (c *cmd) writeProc(file, line string) error {
	fd, err := unix.Open(file, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return c.failErr("cannot open "+file, err)
	}
	defer unix.Close(fd)
	if _, err := unix.Write(fd, []byte(line)); err != nil {
		return c.failErr("write failed "+file, err)
	}
	return nil
}

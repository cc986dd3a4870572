// Package rundir is iproute2's named network namespaces: the run dir
// (/run/netns) and its recipes for add, attach, rename, delete and list,
// the `ip netns exec` recipe, and namespace arguments as `ip link set …
// netns ARG` resolves them.
package rundir

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/prestage"
)

// RunDir is where named network namespaces live (iproute2's NETNS_RUN_DIR)
// and where their per-namespace /etc files are kept (NETNS_ETC_DIR).
type RunDir struct {
	Dir    string // /run/netns
	EtcDir string // /etc/netns
	// Warn receives non-fatal messages (iproute2 prints them on stderr).
	Warn func(msg string)

	ahead []chan madeNS // see MakeAhead
	// See Hold: holding, the run dir's descriptor + 1 once a delete opened
	// it, whether it was writable then, and whether its lock is kept.
	holding        bool
	held           int
	heldRW, locked bool
}

// DefaultRunDir honours $NETNS_RUN_DIR and $NETNS_ETC_DIR, else iproute2's
// Debian defaults.
func DefaultRunDir() *RunDir {
	r := &RunDir{Dir: "/run/netns", EtcDir: "/etc/netns"}
	if d := os.Getenv("NETNS_RUN_DIR"); d != "" {
		r.Dir = d
	}
	if d := os.Getenv("NETNS_ETC_DIR"); d != "" {
		r.EtcDir = d
	}
	return r
}

func (r *RunDir) warn(msg string) {
	if r.Warn != nil {
		r.Warn(msg)
	}
}

// ValidName applies iproute2's name rule: not empty, at most NAME_MAX bytes,
// no '/', not "." or "..". Anything else (spaces, newlines, UTF-8) is a name.
func ValidName(name string) bool {
	if name == "" || len(name) > 255 || name == "." || name == ".." {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			return false
		}
	}
	return true
}

// Path is the file of a named namespace. Callers validate the name first.
func (r *RunDir) Path(name string) string {
	return r.Dir + "/" + name
}

// Names lists the run dir in readdir order (iproute2 does not sort), every
// entry but "." and "..", whatever its type.
func (r *RunDir) Names() ([]string, error) {
	names, _, err := r.entries()
	return names, err
}

// entries is Names with each entry's d_type. Raw getdents64: os.Open of a
// directory sets up the runtime's network poller first, eight system
// calls that every `netns list` would pay at start-up.
func (r *RunDir) entries() (names []string, types []byte, err error) {
	fd, err := unix.Open(r.Dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, &os.PathError{Op: "open", Path: r.Dir, Err: err}
	}
	defer unix.Close(fd)
	buf := make([]byte, 8192)
	for {
		n, err := unix.Getdents(fd, buf)
		if err != nil {
			return nil, nil, &os.PathError{Op: "readdirent", Path: r.Dir, Err: err}
		}
		if n <= 0 {
			return names, types, nil
		}
		nslib.Dirents(buf[:n], func(name []byte, typ byte) {
			if string(name) != "." && string(name) != ".." {
				names = append(names, string(name))
				types = append(types, typ)
			}
		})
	}
}

// OpenNamed opens a named namespace (it may be a stale placeholder or
// another entry that is not a namespace: check with NSFile.CheckType
// before setns).
func (r *RunDir) OpenNamed(name string) (*nslib.NSFile, error) {
	p := r.Path(name)
	var st unix.Stat_t
	fd, isNS, err := openEntry(unix.AT_FDCWD, p, unix.DT_UNKNOWN, 0, &st)
	if err != nil {
		return nil, err
	}
	if isNS {
		// Blocking again, or os.NewFile would set up the runtime's
		// poller for a file it cannot poll.
		unix.FcntlInt(uintptr(fd), unix.F_SETFL, 0)
	}
	return &nslib.NSFile{File: os.NewFile(uintptr(fd), p)}, nil
}

// openEntry opens the run-dir entry at path (relative to dirfd), following
// a symlink as iproute2 does; every run-dir entry is opened here. Only a
// namespace (nsfs) file is opened for reading (isNS). Anything else, a
// crash's placeholder, a plain file, a directory, a FIFO, a socket or a
// device, gets an O_PATH descriptor, which fstat and fstatfs take and
// which opens nothing: a FIFO's open would wait for a writer, a device's
// can act (a tape rewinds, a watchdog starts). nsfsDev is nsfs's st_dev
// (0: unknown, statfs decides); dtype is the entry's d_type where a
// readdir gave it (DT_UNKNOWN: none); st receives the entry's stat. The
// second open is O_NONBLOCK in case the entry was swapped for a FIFO in
// between.
func openEntry(dirfd int, path string, dtype byte, nsfsDev uint64, st *unix.Stat_t) (fd int, isNS bool, err error) {
	if dtype == unix.DT_REG && nsfsDev != 0 {
		// readdir says a regular file: a placeholder, with a namespace
		// bound on it or not. It is opened at once (one path walk, not
		// two; a 600-name list is 15 % faster), non-blocking in case the
		// name was swapped for a FIFO since the readdir.
		if fd, err = nslib.RawOpen(dirfd, path, unix.O_RDONLY|unix.O_NONBLOCK); err != nil {
			return -1, false, err
		}
		if err = unix.Fstat(fd, st); err != nil {
			nslib.RawClose(fd)
			return -1, false, err
		}
		return fd, uint64(st.Dev) == nsfsDev, nil
	}
	if nsfsDev != 0 {
		if err := unix.Fstatat(dirfd, path, st, 0); err != nil {
			return -1, false, err
		}
		isNS = uint64(st.Dev) == nsfsDev
	} else {
		fd, err := nslib.RawOpen(dirfd, path, unix.O_PATH)
		if err != nil {
			return -1, false, err
		}
		var sfs unix.Statfs_t
		if unix.Fstat(fd, st) != nil || unix.Fstatfs(fd, &sfs) != nil || sfs.Type != nslib.NSFSMagic {
			return fd, false, nil
		}
		nslib.RawClose(fd)
		isNS = true
	}
	if !isNS {
		fd, err = nslib.RawOpen(dirfd, path, unix.O_PATH)
		return fd, false, err
	}
	fd, err = nslib.RawOpen(dirfd, path, unix.O_RDONLY|unix.O_NONBLOCK)
	return fd, err == nil, err
}

// lock runs iproute2's run-dir preparation: mkdir 0755, flock the directory,
// and make it a shared mount point. The shared step self-binds the
// directory, then makes it private and then shared, so it gets a peer group
// of its own (iproute2 v7.0: without the private step every mount shows up
// twice on hosts whose /run is shared). The returned unlock releases the
// flock; nsbox holds it until the name is mounted, so an unmounted
// placeholder seen under the lock can only be a crash's leftover.
func (r *RunDir) lock() (unlock func(), err error) {
	r.Release()
	if err := os.Mkdir(r.Dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, nslib.OpErr(nslib.UnwrapPath(err), "mkdir %s failed", r.Dir)
	}
	fd, err := unix.Open(r.Dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nslib.OpErr(err, "Cannot open netns runtime directory \"%s\"", r.Dir)
	}
	unlock = func() { unix.Close(fd) }
	if err := unix.Flock(fd, unix.LOCK_EX); err != nil {
		r.warn("Warning: could not flock netns runtime directory \"" + r.Dir + "\": " + nslib.Strerror(err))
	}
	if err := r.makeShared(); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

func (r *RunDir) makeShared() error {
	for bound := false; ; bound = true {
		err := nslib.RawMount("", r.Dir, unix.MS_SHARED|unix.MS_REC)
		if err == nil {
			return nil
		}
		if err != unix.EINVAL || bound {
			return nslib.OpErr(err, "mount --make-shared %s failed", r.Dir)
		}
		if err := unix.Mount(r.Dir, r.Dir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return nslib.OpErr(err, "mount --bind %s %s failed", r.Dir, r.Dir)
		}
		if err := unix.Mount("", r.Dir, "none", unix.MS_PRIVATE|unix.MS_REC, ""); err != nil {
			return nslib.OpErr(err, "mount --make-private %s failed", r.Dir)
		}
	}
}

// createPlaceholder makes the mode-0 file the namespace is bound onto. A
// placeholder that exists but is not mounted is a crash's leftover (we hold
// the run-dir lock, so no add is half-way): it is taken over, not refused.
func (r *RunDir) createPlaceholder(name string) error {
	p := r.Path(name)
	fd, err := unix.Open(p, unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0)
	if err == nil {
		return unix.Close(fd)
	}
	if err == unix.EEXIST && r.IsStale(name) {
		return nil
	}
	return nslib.OpErr(err, "Cannot create namespace file \"%s\"", p)
}

// IsStale reports whether name is a placeholder with nothing mounted on it:
// an empty regular file of mode 0 that is not an nsfs file.
func (r *RunDir) IsStale(name string) bool {
	var st unix.Stat_t
	if unix.Lstat(r.Path(name), &st) != nil {
		return false
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != 0 {
		return false
	}
	var sfs unix.Statfs_t
	return unix.Statfs(r.Path(name), &sfs) == nil && sfs.Type != nslib.NSFSMagic
}

// Add creates a new network namespace and mounts it as name, the iproute2
// recipe: unshare on a locked thread, bind /proc/thread-self/ns/net onto the
// placeholder, go back to the old namespace.
func (r *RunDir) Add(name string) error {
	return r.withLock(func() error {
		return r.create(name, func(p string) error {
			if len(r.ahead) > 0 {
				return r.bindAhead(name, p)
			}
			return nslib.InThread([]int{unix.CLONE_NEWNET}, func() error {
				if err := nslib.Unshare(unix.CLONE_NEWNET); err != nil {
					return nslib.OpErr(err, "Failed to create a new network namespace \"%s\"", name)
				}
				if err := nslib.RawMount("/proc/thread-self/ns/net", p, unix.MS_BIND); err != nil {
					return nslib.OpErr(err, "Bind /proc/self/ns/net -> %s failed", p)
				}
				return nil
			})
		})
	})
}

// madeNS is a network namespace made ahead (an fd), or why it was not.
type madeNS struct {
	fd  int
	err error
}

// MakeAhead has network namespaces made for the next n adds, on threads of
// their own, counting those already made or in the making. A batch of adds
// is mostly unshare(CLONE_NEWNET), which the kernel runs in parallel: while
// one add names its namespace the next ones are being made. Each Add takes
// the oldest; DropAhead closes those no add took.
func (r *RunDir) MakeAhead(n int) {
	if len(r.ahead) < n {
		prestage.MoreProcs(2)
	}
	for len(r.ahead) < n {
		made := make(chan madeNS, 1)
		r.ahead = append(r.ahead, made)
		go func() {
			var m madeNS
			m.err = nslib.InThread([]int{unix.CLONE_NEWNET}, func() error {
				// Not raw: the maker waits in the kernel, and others
				// may run meanwhile.
				if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
					return err
				}
				m.fd, m.err = nslib.RawOpen(unix.AT_FDCWD, "/proc/thread-self/ns/net", unix.O_RDONLY)
				return m.err
			})
			made <- m
		}()
	}
}

// DropAhead closes the namespaces made for adds that did not come.
func (r *RunDir) DropAhead() {
	for _, made := range r.ahead {
		if m := <-made; m.err == nil {
			nslib.RawClose(m.fd)
		}
	}
	r.ahead = nil
}

// bindAhead is Add's bind with the oldest namespace made ahead.
func (r *RunDir) bindAhead(name, p string) error {
	m := <-r.ahead[0]
	r.ahead = r.ahead[1:]
	if m.err != nil {
		return nslib.OpErr(m.err, "Failed to create a new network namespace \"%s\"", name)
	}
	defer nslib.RawClose(m.fd)
	if err := nslib.RawMount("/proc/self/fd/"+strconv.Itoa(m.fd), p, unix.MS_BIND); err != nil {
		return nslib.OpErr(err, "Bind /proc/self/ns/net -> %s failed", p)
	}
	return nil
}

// Attach names the network namespace of process pid. The process is pinned
// with a pidfd while its namespace is opened, so a recycled PID is never
// named by mistake.
func (r *RunDir) Attach(name string, pid int) error {
	return r.withLock(func() error {
		return r.create(name, func(p string) error {
			ns, err := nslib.OpenPIDNS(pid, "net")
			if err == nil {
				err = bindFile(ns, p)
				ns.Close()
			}
			if err != nil {
				return nslib.OpErr(nslib.UnwrapPath(err), "Bind /proc/%d/ns/net -> %s failed", pid, p)
			}
			return nil
		})
	})
}

// withLock runs fn with the run dir prepared and locked (see lock).
func (r *RunDir) withLock(fn func() error) error {
	unlock, err := r.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

// create makes the placeholder of name and has bind mount a namespace onto
// it; on failure the placeholder goes again. The caller holds the lock.
func (r *RunDir) create(name string, bind func(path string) error) error {
	if err := r.createPlaceholder(name); err != nil {
		return err
	}
	if err := bind(r.Path(name)); err != nil {
		r.remove(name)
		return err
	}
	return nil
}

// bindFile bind-mounts the namespace open in f onto path.
func bindFile(f *nslib.NSFile, path string) error {
	return unix.Mount("/proc/self/fd/"+strconv.Itoa(f.FD()), path, "none", unix.MS_BIND, "")
}

// ReadLock takes the run-dir lock shared, so no add, rename or delete is
// half-way while it is held; the returned function releases it. Without a
// run dir there is nothing to wait for.
func (r *RunDir) ReadLock() (unlock func()) {
	return r.flock(unix.LOCK_SH)
}

func (r *RunDir) flock(how int) (unlock func()) {
	r.Release()
	fd, err := unix.Open(r.Dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return func() {}
	}
	unix.Flock(fd, how)
	return func() { unix.Close(fd) }
}

// Hold is for a batch, until the returned function is called: its first
// delete opens the run dir, and every delete locks it through that
// descriptor (a flock is on the directory, whichever descriptor or mount
// it comes through) and keeps the lock for the next one, until Release or
// anything else on the run dir releases it first (so this process never
// waits for its own lock).
func (r *RunDir) Hold() (done func()) {
	r.holding = true
	return func() {
		r.Release()
		if r.held > 0 {
			unix.Close(r.held - 1)
		}
		r.holding, r.held, r.heldRW = false, 0, false
	}
}

// Release drops the lock that deletes keep while the run dir is held.
func (r *RunDir) Release() {
	if r.locked {
		unix.Flock(r.held-1, unix.LOCK_UN)
		r.locked = false
	}
}

// Delete unmounts and removes a name. A symlink is only removed: nsbox never
// follows it (iproute2 unmounts the link's target). A failed unmount is
// ignored, as in iproute2, so stale placeholders and plain files go too.
func (r *RunDir) Delete(name string) error {
	if r.holding && r.held == 0 {
		if fd, err := unix.Open(r.Dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err == nil {
			r.held = fd + 1
			r.heldRW = unix.Access(r.Dir, unix.W_OK) != unix.EROFS
		}
	}
	if r.held == 0 {
		defer r.flock(unix.LOCK_EX)()
	} else if !r.locked {
		unix.Flock(r.held-1, unix.LOCK_EX)
		r.locked = true
	}
	return r.delete(name)
}

func (r *RunDir) delete(name string) error {
	p := r.Path(name)
	// A name on a read-only run dir cannot be removed: keep it mounted
	// (iproute2 unmounts first and leaves a stale placeholder). A batch
	// asks once, when its first delete opens the run dir (Hold).
	if !r.heldRW {
		if err := unix.Access(r.Dir, unix.W_OK); err == unix.EROFS {
			return nslib.OpErr(err, "Cannot remove namespace file \"%s\"", p)
		}
	}
	// iproute2's one lazy unmount, then the unlink; only a name mounted
	// more than once (EBUSY) has the rest of its stack detached. Every
	// unmount waits for an RCU grace period, so a second try that finds
	// nothing would cost a path walk for nothing.
	rawUnmount(p)
	err := unix.Unlink(p)
	if err == unix.EBUSY {
		detachAll(p)
		err = unix.Unlink(p)
	}
	if err != nil {
		return nslib.OpErr(err, "Cannot remove namespace file \"%s\"", p)
	}
	return nil
}

// remove undoes a failed add: detach whatever got mounted, drop the file.
func (r *RunDir) remove(name string) {
	p := r.Path(name)
	detachAll(p)
	unix.Unlink(p)
}

// detachAll unmounts everything stacked on p (a name bound twice, say by
// a racing iproute2 add, would otherwise make the unlink fail with EBUSY).
// It never follows a symlink.
func detachAll(p string) {
	for i := 0; i < 64 && rawUnmount(p) == nil; i++ {
	}
}

// rawUnmount lazily unmounts what is mounted on p, never following a
// symlink. Raw (see Unshare): the kernel waits for an RCU grace period in
// every unmount, and through syscall.Syscall the runtime could hand the P
// to another thread meanwhile.
func rawUnmount(p string) error {
	b, err := unix.BytePtrFromString(p)
	if err != nil {
		return err
	}
	if _, _, e := unix.RawSyscall(unix.SYS_UMOUNT2, uintptr(unsafe.Pointer(b)), unix.MNT_DETACH|unix.UMOUNT_NOFOLLOW, 0); e != 0 {
		return e
	}
	return nil
}

// Rename gives a named namespace a new name: the namespace is bound onto the
// new name first, and only then is the old name unmounted, so the namespace
// (and every process in it) never loses its last reference.
func (r *RunDir) Rename(oldName, newName string) error {
	// No OLD: fail before the run dir is made and mounted for nothing.
	if _, err := os.Lstat(r.Path(oldName)); err != nil {
		return nslib.OpErr(nslib.UnwrapPath(err), "Cannot open network namespace \"%s\"", oldName)
	}
	return r.withLock(func() error {
		ns, err := r.OpenNamed(oldName)
		if err != nil {
			return nslib.OpErr(err, "Cannot open network namespace \"%s\"", oldName)
		}
		defer ns.Close()
		if err := ns.CheckType(unix.CLONE_NEWNET); err != nil {
			return nslib.OpErr(err, "Cannot rename \"%s\"", oldName)
		}
		err = r.create(newName, func(p string) error {
			if err := bindFile(ns, p); err != nil {
				return nslib.OpErr(err, "Bind %s -> %s failed", r.Path(oldName), p)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return r.delete(oldName)
	})
}

// etcPath is the per-namespace configuration directory.
func (r *RunDir) etcPath(name string) string {
	return filepath.Join(r.EtcDir, name)
}

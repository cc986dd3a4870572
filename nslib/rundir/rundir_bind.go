package rundir

import (
	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// BindNamed names an existing network namespace, src (a /proc/PID/ns/net
// style path, read by the caller's mount namespace), with iproute2's
// `ip netns add` recipe: lock and share the run dir, create the
// placeholder, bind src onto it; on failure the placeholder goes again.
// It is `unshare --netns=NAME`'s persistence.
func (r *RunDir) BindNamed(name, src string) error {
	return r.withLock(func() error {
		return r.create(name, func(p string) error {
			if err := unix.Mount(src, p, "none", unix.MS_BIND, ""); err != nil {
				return nslib.OpErr(err, "Bind %s -> %s failed", src, p)
			}
			return nil
		})
	})
}

// NameTaken reports whether name is in use in the run dir: anything but a
// missing file or a stale placeholder, which BindNamed would take over.
func (r *RunDir) NameTaken(name string) bool {
	var st unix.Stat_t
	if unix.Lstat(r.Path(name), &st) != nil {
		return false
	}
	return !r.IsStale(name)
}

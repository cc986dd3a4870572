package prestage

import (
	"fmt"
	"os"
)

// SetIDCheck refuses a set-uid or set-gid run (real and effective ids
// differ): the applets trust their environment and arguments as root does,
// and the stage's C does nothing in such a run. A build with the
// nsbox_setuid tag runs anyway, but with an environment reduced to a fixed
// PATH, so no variable (NETNS_RUN_DIR, …) of the caller can steer it.
func SetIDCheck(stderr *os.File) bool {
	if os.Getuid() == os.Geteuid() && os.Getgid() == os.Getegid() {
		return true
	}
	if !allowSetuid {
		fmt.Fprintln(stderr, "nsbox: refusing to run set-uid or set-gid (real and effective ids differ); build with -tags nsbox_setuid to allow it")
		return false
	}
	os.Clearenv()
	os.Setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
	return true
}

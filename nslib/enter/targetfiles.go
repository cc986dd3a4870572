package enter

import (
	"bytes"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// CgroupPath reads a /proc/PID/cgroup file and returns the cgroup v2 path
// as util-linux nsenter -c takes it: the last ':' field of the first line.
func CgroupPath(f *os.File) (string, error) {
	b, err := io.ReadAll(f)
	if err != nil {
		return "", err
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	i := bytes.LastIndexByte(line, ':')
	if i < 0 {
		return "", unix.EINVAL
	}
	return string(line[i+1:]), nil
}

// LoadEnviron replaces the environment with the NUL-separated KEY=VALUE
// list in f (a /proc/PID/environ), as util-linux nsenter -e does; entries
// without '=' are skipped.
func LoadEnviron(f *os.File) error {
	b, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	os.Clearenv()
	for _, kv := range bytes.Split(b, []byte{0}) {
		if k, v, ok := strings.Cut(string(kv), "="); ok && k != "" {
			os.Setenv(k, v)
		}
	}
	return nil
}

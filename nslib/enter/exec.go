// Package enter joins namespaces and starts programs in them: nsenter's
// joins (through the pre-runtime stage for user and time namespaces),
// unshare's stage, credentials, the program look-up and exec as execvp,
// fork-and-wait with util-linux's status mirroring, and the signals and
// CPU mask a program must inherit.
package enter

import (
	"os"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
)

// ExecError is a failed execvp: `exec of "CMD" failed: ERR`.
type ExecError struct {
	Cmd string
	Err error
}

func (e *ExecError) Error() string {
	return "exec of \"" + e.Cmd + "\" failed: " + nslib.Strerror(e.Err)
}
func (e *ExecError) Unwrap() error { return e.Err }

// defaultPath is glibc execvp's search path when PATH is unset (confstr
// _CS_PATH): `env -i`, cron and initramfs scripts run without PATH.
const defaultPath = "/bin:/usr/bin"

// LookPath is glibc execvp's search, the one every applet uses: a name with
// a slash as it is, else each PATH entry (defaultPath without PATH, "." for
// an empty entry). A candidate that exists but may not be run (or a
// directory that may not be searched) makes the final error EACCES rather
// than ENOENT, as execvp(3) reports it.
func LookPath(name string) (string, error) {
	if name == "" {
		return "", unix.ENOENT // execvp(3) of "": ENOENT, no PATH search
	}
	if strings.Contains(name, "/") {
		return name, nil
	}
	path, ok := os.LookupEnv("PATH")
	if !ok {
		path = defaultPath
	}
	denied := false
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + name
		var st unix.Stat_t
		err := unix.Stat(p, &st)
		if err == nil && st.Mode&unix.S_IFMT == unix.S_IFREG &&
			unix.Faccessat(unix.AT_FDCWD, p, unix.X_OK, unix.AT_EACCESS) == nil {
			return p, nil
		}
		if err == nil || err == unix.EACCES {
			denied = true
		}
	}
	if denied {
		return "", unix.EACCES
	}
	return "", unix.ENOENT
}

// Execvp replaces the process with argv (PATH search) and returns only on
// failure. Namespaces are those of the calling thread, so call it from the
// locked thread that prepared them.
func Execvp(argv []string) error {
	p, err := LookPath(argv[0])
	if err != nil {
		return &ExecError{Cmd: argv[0], Err: err}
	}
	err = Exec(p, argv)
	err.(*ExecError).Cmd = argv[0]
	return err
}

// BShell runs executable files that are not binaries and have no #! line,
// as execvp(3) does (glibc's _PATH_BSHELL).
const BShell = "/bin/sh"

// ScriptArgv is execvp(3)'s command line for such a file: the shell, the
// file's path, then the arguments.
func ScriptArgv(path string, argv []string) []string {
	return append([]string{BShell, path}, argv[1:]...)
}

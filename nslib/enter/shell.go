package enter

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"nsbox/nslib"
)

// LoginShell is util-linux's choice of shell when no program is given:
// $SHELL, else the passwd entry of uid, else /bin/sh. argv0 is the login
// form, "-" and the base name.
func LoginShell(uid int) (path, argv0 string) {
	path = os.Getenv("SHELL")
	if path == "" {
		path = passwdShell(uid)
	}
	if path == "" {
		path = "/bin/sh"
	}
	return path, "-" + filepath.Base(path)
}

// passwdShell reads uid's shell from /etc/passwd (no NSS: nsbox is static).
func passwdShell(uid int) string {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return ""
	}
	defer f.Close()
	want := strconv.Itoa(uid)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) >= 7 && fields[2] == want {
			return fields[6]
		}
	}
	return ""
}

// Exec replaces the process with path (no PATH search), argv and the
// current environment; a file with no #! line runs through /bin/sh, as
// execvp(3) does. It returns only on failure, as an *ExecError.
func Exec(path string, argv []string) error {
	defer forExec()()
	err := syscall.Exec(path, argv, os.Environ())
	if err == syscall.ENOEXEC {
		err = syscall.Exec(BShell, ScriptArgv(path, argv), os.Environ())
	}
	return &ExecError{Cmd: path, Err: nslib.UnwrapPath(err)}
}

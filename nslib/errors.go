package nslib

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Strerror renders an error the way glibc's strerror(3) does for errnos, so
// messages match iproute2 and util-linux byte for byte ("No such file or
// directory", not Go's lower-case "no such file or directory").
func Strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}

// OpError is a failed step: the anchor's message for the step, then the
// cause in strerror form. It unwraps to the errno.
type OpError struct {
	Msg string
	Err error
}

func (e *OpError) Error() string { return e.Msg + ": " + Strerror(e.Err) }
func (e *OpError) Unwrap() error { return e.Err }

// OpErr builds an OpError; format and args describe the step.
func OpErr(err error, format string, args ...any) error {
	return &OpError{Msg: fmt.Sprintf(format, args...), Err: err}
}

// UnwrapPath strips *os.PathError so messages carry only the errno text.
func UnwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

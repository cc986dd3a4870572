package nslib

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestStrerror(t *testing.T) {
	if got := Strerror(unix.ENOENT); got != "No such file or directory" {
		t.Errorf("Strerror(ENOENT) = %q", got)
	}
	if got := (&OpError{Msg: "mkdir /x failed", Err: unix.EACCES}).Error(); got != "mkdir /x failed: Permission denied" {
		t.Errorf("OpError = %q", got)
	}
}

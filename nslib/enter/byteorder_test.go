package enter

// Checked against the compiler's layout of the same structure (see
// nslib/byteorder_test.go); `make test-byteorder` runs it on big-endian
// MIPS and 32-bit ARM under qemu-user.

import (
	"os/signal"
	"syscall"
	"testing"
)

// TestKernelAction reads the kernel's struct sigaction (its field order
// differs on MIPS) against what the runtime itself set.
func TestKernelAction(t *testing.T) {
	sig := syscall.SIGUSR2
	defer signal.Reset(sig)
	signal.Ignore(sig)
	if a := kernelAction(sig); a != 1 {
		t.Errorf("after signal.Ignore: kernel action %d, want 1 (SIG_IGN)", a)
	}
	signal.Reset(sig)
	setDefault(sig)
	if a := kernelAction(sig); a != 0 {
		t.Errorf("after setDefault: kernel action %d, want 0 (SIG_DFL)", a)
	}
}

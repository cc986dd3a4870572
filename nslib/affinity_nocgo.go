//go:build !cgo

package nslib

// startCPUs: without cgo there is no constructor to start the runtime on
// one CPU (affinity.c); it has its default Ps.
const startCPUs = 0

// Unpin and childMask have nothing to do without the constructor.
func Unpin() {}

func childMask() (done func()) { return func() {} }

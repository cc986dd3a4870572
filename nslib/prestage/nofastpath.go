//go:build cgo && nsbox_nofastpath

package prestage

// A build with the nsbox_nofastpath tag has the fast path turned off, so
// that tests can compare each command line the fast path does with the Go
// path doing the same (nstest.GoPathBinary).

// #cgo CFLAGS: -DNSBOX_NO_FASTPATH
import "C"

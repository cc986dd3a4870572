//go:build cgo && nsbox_no_nsmove

package prestage

// A build without nsmove: applets.h leaves its names out, so the stage takes
// none of its command lines (no fast path).

// #cgo CFLAGS: -DNSBOX_NO_NSMOVE
import "C"

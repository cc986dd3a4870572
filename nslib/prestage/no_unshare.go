//go:build cgo && nsbox_no_unshare

package prestage

// A build without unshare: applets.h leaves its names out, so the stage takes
// none of its command lines (no fast path).

// #cgo CFLAGS: -DNSBOX_NO_UNSHARE
import "C"

//go:build cgo && nsbox_no_nsenter

package prestage

// A build without nsenter: applets.h leaves its names out, so the stage takes
// none of its command lines (no fast path).

// #cgo CFLAGS: -DNSBOX_NO_NSENTER
import "C"

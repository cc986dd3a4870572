//go:build cgo && nsbox_no_lsns

package prestage

// A build without lsns: applets.h leaves its names out, so the stage takes
// none of its command lines (no fast path).

// #cgo CFLAGS: -DNSBOX_NO_LSNS
import "C"

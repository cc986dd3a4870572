//go:build cgo && nsbox_no_netns

package prestage

// A build without netns: applets.h leaves its names out, so the stage takes
// none of its command lines (no fast path).

// #cgo CFLAGS: -DNSBOX_NO_NETNS
import "C"

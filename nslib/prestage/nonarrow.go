//go:build cgo && nsbox_nonarrow

package prestage

// A build with the nsbox_nonarrow tag never keeps an applet run on one CPU
// (stage.c's one_cpu), so that bench/stage.sh can show what the narrowing
// buys, side by side with the release build.

// #cgo CFLAGS: -DNSBOX_NO_NARROW
import "C"

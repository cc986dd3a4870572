//go:build !cgo

package nslib

// StartIgnoredKnown: without cgo no code runs before the Go runtime, which
// has replaced an inherited SIG_IGN by its own handler (for all signals but
// SIGHUP and SIGINT) before any Go code can look. Programs started by this
// build get those signals with their default action, where util-linux and
// iproute2 pass SIG_IGN on.
const StartIgnoredKnown = false

var startIgnored uint64

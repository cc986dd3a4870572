//go:build cgo

package nslib

/*
#include <stdint.h>
extern uint64_t nsbox_start_ignored;
*/
import "C"

// StartIgnoredKnown: this build knows which signals the process started
// with ignored (sigign.c), and its programs inherit them ignored.
const StartIgnoredKnown = true

// startIgnored is the set sigign.c recorded: bit sig-1 for an ignored sig.
var startIgnored = uint64(C.nsbox_start_ignored)

package link

import (
	"slices"
	"strconv"
	"strings"
)

// RefundName is the name a hardware device gets when its namespace dies
// and the kernel sends it to the initial namespace (net/core/dev.c,
// default_device_exit_net): its own when free there; else "devIFINDEX"
// (its ifindex in the dying namespace) when that is free; else the lowest
// free "devN". taken lists the names (and altnames) in use there.
func RefundName(d *Device, taken []string) string {
	if !slices.Contains(taken, d.Name) {
		return d.Name
	}
	if fb := "dev" + strconv.FormatUint(uint64(d.Index), 10); !slices.Contains(taken, fb) {
		return fb
	}
	return LowestFree("dev%d", taken)
}

// LowestFree is dev_alloc_name's choice for a pattern with one %d: the
// lowest number that gives a name not in taken (cfg80211 moves a radio's
// interfaces with "wlan%d" when their names are taken).
func LowestFree(pattern string, taken []string) string {
	prefix, suffix, _ := strings.Cut(pattern, "%d")
	for i := 0; ; i++ {
		if n := prefix + strconv.Itoa(i) + suffix; !slices.Contains(taken, n) {
			return n
		}
	}
}

// Names are every name and altname of devs, for RefundName and LowestFree.
func Names(devs []Device) []string {
	var names []string
	for _, d := range devs {
		names = append(append(names, d.Name), d.AltNames...)
	}
	return names
}

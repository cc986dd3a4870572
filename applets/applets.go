// Package applets lists nsbox's applets, for main.go's dispatch and the
// docs generator. An applet never imports another; only this list knows
// them all. Each applet is linked in through a file of its own (netns.go…)
// that the build tag nsbox_no_NAME leaves out (make build APPLETS=…): the
// packages of applets left out are not linked in.
package applets

import (
	"maps"

	"nsbox/applets/applet"
)

// order is the order All lists the applets in.
var order = []string{"netns", "nsmove", "nsenter", "lsns", "unshare"}

var (
	built   = map[string]func() applet.Info{}
	aliases = map[string]string{}
)

// All returns every applet this binary was built with.
func All() []applet.Info {
	var all []applet.Info
	for _, name := range order {
		if info := built[name]; info != nil {
			all = append(all, info())
		}
	}
	return all
}

// Aliases are other names for an applet (iproute2 itself runs `ip netns`
// when called as ipnetns).
func Aliases() map[string]string {
	return maps.Clone(aliases)
}

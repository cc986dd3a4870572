// Package applets lists nsbox's applets, for main.go's dispatch and the
// docs generator. An applet never imports another; only this list knows
// them all.
package applets

import (
	"nsbox/applets/applet"
	"nsbox/applets/lsns"
	"nsbox/applets/netns"
	"nsbox/applets/nsenter"
	"nsbox/applets/nsmove"
	"nsbox/applets/unshare"
)

// All returns every applet.
func All() []applet.Info {
	return []applet.Info{netns.Info(), nsmove.Info(), nsenter.Info(), lsns.Info(), unshare.Info()}
}

// Aliases are other names for an applet (iproute2 itself runs `ip netns`
// when called as ipnetns).
func Aliases() map[string]string {
	return map[string]string{"ipnetns": "netns"}
}

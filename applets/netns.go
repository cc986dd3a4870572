//go:build !nsbox_no_netns

package applets

import "nsbox/applets/netns"

func init() {
	built["netns"] = netns.Info
	aliases["ipnetns"] = "netns"
}

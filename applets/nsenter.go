//go:build !nsbox_no_nsenter

package applets

import "nsbox/applets/nsenter"

func init() {
	built["nsenter"] = nsenter.Info
}

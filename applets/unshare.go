//go:build !nsbox_no_unshare

package applets

import "nsbox/applets/unshare"

func init() {
	built["unshare"] = unshare.Info
}

//go:build !nsbox_no_nsmove

package applets

import "nsbox/applets/nsmove"

func init() {
	built["nsmove"] = nsmove.Info
}

//go:build !nsbox_no_lsns

package applets

import "nsbox/applets/lsns"

func init() {
	built["lsns"] = lsns.Info
}

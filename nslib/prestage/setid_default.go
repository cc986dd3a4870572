//go:build !nsbox_setuid

package prestage

const allowSetuid = false

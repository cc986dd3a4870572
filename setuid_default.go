//go:build !nsbox_setuid

package main

const allowSetuid = false

//go:build cgo

// The cgo build carries fastpath.c, which runs the commonest nsenter and
// unshare command lines before the Go runtime starts.

package main

import "C"

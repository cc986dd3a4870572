//go:build cgo

package applet

// flavour: the cgo build links the pre-runtime C stages (fastpath.c,
// nslib's prestage), so nsenter -U/-T and unshare -U work in place.
const flavour = "cgo"

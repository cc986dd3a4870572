//go:build cgo

package applet

// flavour: the cgo build links the pre-runtime stage (nslib/prestage), so
// nsenter -U/-T and unshare -U work in place.
const flavour = "cgo"

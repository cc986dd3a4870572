//go:build !cgo

package applet

// flavour: the pure-Go build (make build-purego) has no
// pre-runtime stage.
const flavour = "purego"

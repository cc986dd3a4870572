//go:build !cgo

package applet

// flavour: the pure-Go build (make build-purego, make cross) has no
// pre-runtime stage.
const flavour = "purego"

package nslib

import "unsafe"

// uintptrOf passes a pointer to an ioctl that writes through it.
func uintptrOf(p *uint32) uintptr { return uintptr(unsafe.Pointer(p)) }

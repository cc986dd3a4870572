package applet

// Version is set at build time (-ldflags -X nsbox/applets/applet.Version=…).
var Version = "0.1.0-dev"

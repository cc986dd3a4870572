package applet

import (
	_ "embed"
	"runtime"
	"strings"
)

// versionFile is the one place the release number is kept (the Makefile
// reads it too).
//
//go:embed VERSION
var versionFile string

// Version is the release, from the VERSION file; Commit is the git commit
// built from, set by the Makefile (-ldflags -X
// nsbox/applets/applet.Commit=…), empty when unknown.
var (
	Version = strings.TrimSpace(versionFile)
	Commit  string
)

// VersionString is Version with what the binary was built from and for,
// as `nsbox --version` prints it: "0.9.0 (fc1f123, linux/amd64, cgo)".
func VersionString() string {
	build := []string{runtime.GOOS + "/" + runtime.GOARCH, flavour}
	if Commit != "" {
		build = append([]string{Commit}, build...)
	}
	return Version + " (" + strings.Join(build, ", ") + ")"
}

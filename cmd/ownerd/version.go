package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	promversion "github.com/prometheus/common/version"
)

// version is the release's name, set by the release build with
// -ldflags "-X main.version=v1.2.3"; a build from a checkout says what the
// Go toolchain recorded instead (its module version, or "devel").
var version string

// release is the version's name alone: the ldflags', else the module's,
// else "devel".
func release() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// init gives ownerd_build_info (prometheus/common's version collector)
// the same version --version prints; its revision comes from the build
// information, as ours does.
func init() {
	if promversion.Version == "" {
		promversion.Version = release()
	}
}

// versionString is what --version prints: the version, the commit it was
// built from and the Go that built it, all from the build information the
// binary carries.
func versionString() string {
	v, rev, modified := version, "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified {
			rev += ", modified"
		}
		return fmt.Sprintf("%s (commit %s, %s)", v, rev, runtime.Version())
	}
	return fmt.Sprintf("%s (%s)", v, runtime.Version())
}

//go:build !unix

package sqlite

// lock is a no-op where flock(2) does not exist: ownerd is deployed on
// Linux, and a second process there is refused.
func lock(string) (func(), error) { return func() {}, nil }

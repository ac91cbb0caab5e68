//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"

	"github.com/ownerd/ownerd/reconcile/store"
)

// lock takes an exclusive advisory lock on path, held until the returned
// function is called or the process ends (the kernel releases it on a
// crash, so a killed ownerd never leaves a stale lock behind).
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, store.ErrLocked
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}

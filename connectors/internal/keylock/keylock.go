// Package keylock serialises work on one key (a ticket, an issue) while
// work on other keys goes on: two posts to one ticket must not both find
// no comment of ours and both create one.
package keylock

import "sync"

// Map holds one lock per key. The zero value is ready to use.
type Map struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// Lock holds key's lock until the returned function is called.
func (m *Map) Lock(key string) (unlock func()) {
	m.mu.Lock()
	if m.locks == nil {
		m.locks = map[string]*sync.Mutex{}
	}
	l, ok := m.locks[key]
	if !ok {
		l = &sync.Mutex{}
		m.locks[key] = l
	}
	m.mu.Unlock()
	l.Lock()
	return l.Unlock
}

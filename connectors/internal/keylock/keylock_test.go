package keylock

import (
	"sync"
	"testing"
	"time"
)

func TestOneKeyWaitsOtherKeysDoNot(t *testing.T) {
	var m Map
	unlock := m.Lock("A-1")
	other := make(chan struct{})
	go func() { m.Lock("A-2")(); close(other) }()
	select {
	case <-other:
	case <-time.After(5 * time.Second):
		t.Fatal("a second key waited on the first")
	}
	same := make(chan struct{})
	go func() { m.Lock("A-1")(); close(same) }()
	select {
	case <-same:
		t.Fatal("the same key was held twice")
	case <-time.After(50 * time.Millisecond):
	}
	unlock()
	<-same
}

func TestManyHoldersOneAtATime(t *testing.T) {
	var m Map
	var wg sync.WaitGroup
	in := 0
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer m.Lock("k")()
			in++
			if in != 1 {
				t.Error("two holders at once")
			}
			in--
		}()
	}
	wg.Wait()
}

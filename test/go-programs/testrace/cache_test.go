package testrace

import (
	"sync"
	"testing"
)

func TestConcurrentGet(t *testing.T) {
	c := NewCache()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Get("missing")
		}()
	}
	wg.Wait()
	t.Log("misses", c.misses)
}

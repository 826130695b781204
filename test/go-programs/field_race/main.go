// A struct field written through a pointer-receiver method from two goroutines.
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	name string
	hits int
}

func (c *Counter) Inc() {
	c.hits++
}

func main() {
	c := &Counter{name: "requests"}
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
	fmt.Println(c.hits)
}

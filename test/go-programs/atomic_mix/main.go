// A counter bumped with sync/atomic by one goroutine and read plainly by main: an incomplete
// atomic conversion. The sleep only orders the accesses; it does not synchronise them.
package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

var served int64

//go:noinline
func countServed() {
	atomic.AddInt64(&served, 1)
}

//go:noinline
func report() int64 {
	return served
}

func main() {
	done := make(chan struct{})
	go func() {
		countServed()
		time.Sleep(200 * time.Millisecond)
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	fmt.Println(report())
	<-done
}

// A variable captured by a closure, written by the goroutine and by main.
package main

import (
	"fmt"
	"time"
)

func main() {
	status := "starting"
	done := make(chan bool)
	go func() {
		status = "running"
		done <- true
	}()
	status = "waiting"
	<-done
	time.Sleep(time.Millisecond)
	fmt.Println(status)
}

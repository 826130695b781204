// A map written by two goroutines without a lock.
package main

import "fmt"

func main() {
	counts := map[string]int{}
	done := make(chan bool)
	go func() {
		counts["a"]++
		done <- true
	}()
	counts["b"]++
	<-done
	fmt.Println(len(counts))
}

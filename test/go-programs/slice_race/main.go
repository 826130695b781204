// A slice element written by a goroutine while main reads it.
package main

import "fmt"

func fill(values []int, done chan<- bool) {
	values[0] = 42
	done <- true
}

func main() {
	values := make([]int, 4)
	done := make(chan bool)
	go fill(values, done)
	sum := values[0]
	<-done
	fmt.Println(sum)
}

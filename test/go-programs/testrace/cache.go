// Package testrace holds a cache with an unsynchronised field, raced inside a test.
package testrace

type Cache struct {
	entries map[string]string
	misses  int
}

func NewCache() *Cache {
	return &Cache{entries: map[string]string{}}
}

// Get counts misses without a lock: the race the test triggers.
func (c *Cache) Get(key string) string {
	value, ok := c.entries[key]
	if !ok {
		c.misses++
	}
	return value
}

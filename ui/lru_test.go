package ui

import "testing"

// The preview's caches stay bounded: the least recently used entry goes.
func TestLRUForgetsTheLeastRecentlyUsed(t *testing.T) {
	c := newLRU[int, string](2)
	c.put(1, "one")
	c.put(2, "two")
	if _, ok := c.get(1); !ok { // 1 is now more recent than 2
		t.Fatal("1 missing")
	}
	c.put(3, "three")
	if c.has(2) || !c.has(1) || !c.has(3) || len(c.items) != 2 || c.order.Len() != 2 {
		t.Fatalf("after a third put: has(1)=%v has(2)=%v has(3)=%v, %d items", c.has(1), c.has(2), c.has(3), len(c.items))
	}
	c.put(1, "uno")
	if v, _ := c.get(1); v != "uno" || len(c.items) != 2 {
		t.Fatalf("replacing a key: %q, %d items", v, len(c.items))
	}
}

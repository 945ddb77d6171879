package ui

import "container/list"

// lru is a map that keeps at most max entries, forgetting the least
// recently used: the preview's caches stay bounded however many posts are
// looked at (and prefetched) in a session.
type lru[K comparable, V any] struct {
	max   int
	order *list.List // front: most recent; values are K
	items map[K]lruItem[V]
}

type lruItem[V any] struct {
	v  V
	el *list.Element
}

func newLRU[K comparable, V any](max int) *lru[K, V] {
	return &lru[K, V]{max: max, order: list.New(), items: map[K]lruItem[V]{}}
}

func (c *lru[K, V]) get(k K) (V, bool) {
	it, ok := c.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(it.el)
	return it.v, true
}

func (c *lru[K, V]) put(k K, v V) {
	if it, ok := c.items[k]; ok {
		c.order.MoveToFront(it.el)
		c.items[k] = lruItem[V]{v: v, el: it.el}
		return
	}
	c.items[k] = lruItem[V]{v: v, el: c.order.PushFront(k)}
	for len(c.items) > c.max {
		last := c.order.Back()
		delete(c.items, last.Value.(K))
		c.order.Remove(last)
	}
}

// has reports whether k is cached, without making it recent.
func (c *lru[K, V]) has(k K) bool {
	_, ok := c.items[k]
	return ok
}

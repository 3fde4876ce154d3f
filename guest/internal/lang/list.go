package lang

// List is an immutable persistent singly linked list. The empty list has
// count 0; a nil *List is treated as empty too. Each non-empty node's rest
// is a list of count-1 elements (the empty list at the end).
type List struct {
	first Value
	rest  *List
	count int
}

var emptyList = &List{}

// EmptyList returns the shared empty list.
func EmptyList() *List { return emptyList }

// NewList returns the list of items, in order. items is not retained. The
// nodes share one allocation.
func NewList(items []Value) *List {
	n := len(items)
	if n == 0 {
		return emptyList
	}
	nodes := make([]List, n)
	next := emptyList
	for i := n - 1; i >= 0; i-- {
		nodes[i] = List{first: items[i], rest: next, count: n - i}
		next = &nodes[i]
	}
	return next
}

// Cons returns the list with x in front of l.
func (l *List) Cons(x Value) *List {
	if l == nil {
		l = emptyList
	}
	return &List{first: x, rest: l, count: l.count + 1}
}

// First returns the first element, or nil when l is empty.
func (l *List) First() Value {
	if l == nil {
		return nil
	}
	return l.first
}

// Rest returns l without its first element: the empty list when l has at
// most one element.
func (l *List) Rest() *List {
	if l == nil || l.count <= 1 {
		return emptyList
	}
	return l.rest
}

// Len returns the number of elements.
func (l *List) Len() int {
	if l == nil {
		return 0
	}
	return l.count
}

// Each calls fn for each element in order, stopping early when fn returns
// false.
func (l *List) Each(fn func(i int, x Value) bool) {
	for i := 0; l != nil && l.count > 0; i++ {
		if !fn(i, l.first) {
			return
		}
		l = l.rest
	}
}

// ToSlice returns the elements in a fresh slice.
func (l *List) ToSlice() []Value {
	out := make([]Value, 0, l.Len())
	for ; l != nil && l.count > 0; l = l.rest {
		out = append(out, l.first)
	}
	return out
}

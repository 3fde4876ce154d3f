package lang

import "sync/atomic"

// Set is an immutable persistent set with Clojure = semantics, stored as a
// map from each element to nil: up to 8 elements an array in insertion
// order, beyond that a hash trie. Use EmptySet, NewSet or a SetBuilder
// rather than a nil *Set.
type Set struct {
	m Map
	// order caches the elements in Clojure's iteration order (see
	// clojurehash.go), computed on the first ordered walk.
	order atomic.Pointer[[]Value]
}

var emptySet = &Set{}

// EmptySet returns the shared empty set.
func EmptySet() *Set { return emptySet }

// NewSet returns the set of items; of equal items the first is kept. items
// is not retained.
func NewSet(items []Value) *Set {
	if len(items) == 0 {
		return emptySet
	}
	var b SetBuilder
	if len(items) <= mapArrayMax {
		b.mb.kvs = make([]Value, 0, 2*len(items))
	}
	for _, x := range items {
		b.Add(x)
	}
	return b.Build()
}

// Len returns the number of elements.
func (s *Set) Len() int { return s.m.count }

// Contains reports whether s has an element equal to x.
func (s *Set) Contains(x Value) bool {
	_, _, ok := s.m.entry(x)
	return ok
}

// Get returns the stored element equal to x and whether there is one.
func (s *Set) Get(x Value) (Value, bool) {
	k, _, ok := s.m.entry(x)
	return k, ok
}

// Conj returns s with x added (s itself if an equal element is present).
func (s *Set) Conj(x Value) *Set {
	r, changed := mapAssoc[Set](&s.m, x, nil, false)
	if !changed {
		return s
	}
	return r
}

// Disj returns s without x (s itself if x is absent).
func (s *Set) Disj(x Value) *Set {
	r, changed := mapDissoc[Set](&s.m, x)
	switch {
	case !changed:
		return s
	case r == nil:
		return emptySet
	}
	return r
}

func (s *Set) mapPtr() *Map { return &s.m }

// Each calls fn for each element, stopping early when fn returns false,
// in the order Clojure's hash sets use (so printing, seq and first agree
// with Clojure for numbers, strings, keywords and symbols).
func (s *Set) Each(fn func(x Value) bool) {
	for _, x := range s.ordered() {
		if !fn(x) {
			return
		}
	}
}

// eachAnyOrder walks the elements in storage order, for callers to whom
// order does not matter (hashing, equality).
func (s *Set) eachAnyOrder(fn func(x Value) bool) {
	s.m.Each(func(k, _ Value) bool { return fn(k) })
}

func (s *Set) ordered() []Value {
	if p := s.order.Load(); p != nil {
		return *p
	}
	items := s.m.Keys()
	clojureOrder(items)
	s.order.Store(&items)
	return items
}

// ToSlice returns the elements in Each order, in a fresh slice.
func (s *Set) ToSlice() []Value { return append([]Value(nil), s.ordered()...) }

// SetBuilder builds a set by updating it in place. The zero SetBuilder is
// ready to use.
type SetBuilder struct {
	mb MapBuilder
}

// NewSetBuilder returns an empty builder.
func NewSetBuilder() *SetBuilder { return &SetBuilder{} }

// Add adds x unless an equal element is already present.
func (b *SetBuilder) Add(x Value) { b.mb.set(x, nil, false) }

// Len returns the number of elements so far.
func (b *SetBuilder) Len() int { return b.mb.count }

// Contains reports whether an element equal to x was added.
func (b *SetBuilder) Contains(x Value) bool {
	_, ok := b.mb.Get(x)
	return ok
}

// Build returns the set of the elements added. The builder should not be
// used afterwards (doing so is safe but copies).
func (b *SetBuilder) Build() *Set {
	if b.mb.count == 0 {
		return emptySet
	}
	return &Set{m: b.mb.build()}
}

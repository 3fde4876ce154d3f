package lang

// setLib: set construction and clojure.set.
//
// clojure.set functions take sets; nil counts as the empty set. union,
// intersection and difference also accept other collections (vectors,
// lists, strings, maps) and treat them as the set of their elements.
// Relations (select, project, rename, index, join) may be any collection of
// maps; results are sets.
func setLib() []*Builtin {
	const g = "Sets"
	bare := func(b *Builtin) *Builtin {
		b.Doc.Bare = true
		return b
	}
	return []*Builtin{
		fn(nsCore, g, "set", 1, 1, []string{"(set coll)"},
			"A set of the elements of coll (nil gives #{}; a map gives its [k v] entries; a string its characters).",
			func(t *Thread, a []Value) Value { return mpToSet(t, "set", a[0]) },
			ex("(set [1 2 2 3])", "#{1 3 2}"), ex("(set nil)", "#{}")),
		fn(nsCore, g, "hash-set", 0, -1, []string{"(hash-set & xs)"},
			"A set of the arguments.",
			func(t *Thread, a []Value) Value {
				t.checkCollection(len(a))
				t.charge(len(a))
				return NewSet(a)
			}, ex("(hash-set 1 1 2)", "#{1 2}")),
		fn(nsCore, g, "disj", 1, -1, []string{"(disj set & xs)"},
			"set without the given elements. (disj nil x) is nil.",
			func(t *Thread, a []Value) Value {
				switch s := a[0].(type) {
				case nil:
					return nil
				case *Set:
					for _, x := range a[1:] {
						s = s.Disj(x)
					}
					return s
				}
				throw(typeErr("disj", "a set", a[0]).WithHint("disj removes from sets; for a map use dissoc, for a vector use (remove #{x} v)"))
				return nil
			}, ex("(disj #{1 2 3} 2)", "#{1 3}"), ex("(disj #{1 2 3} 1 3)", "#{2}")),

		bare(fn(nsSet, g, "union", 0, -1, []string{"(union & sets)"},
			"The set of elements in any of the sets. (union) is #{}; nil counts as an empty set. As in Clojure, the elements of the smaller arguments are conj'ed into the largest one.",
			func(t *Thread, a []Value) Value {
				switch len(a) {
				case 0:
					return EmptySet()
				case 1:
					return a[0]
				}
				sets := mpBubble(t, "union", a, false)
				acc := sets[0]
				for _, s := range sets[1:] {
					eachSeq(t, "union", s, func(x Value) bool {
						acc = mpConj(t, "union", acc, x)
						return true
					})
				}
				return acc
			}, ex("(clojure.set/union #{1 2} #{2 3})", "#{1 3 2}"), ex("(union #{1} nil)", "#{1}"))),
		bare(fn(nsSet, g, "intersection", 1, -1, []string{"(intersection s1 & sets)"},
			"The set of elements in every one of the sets. As in Clojure the smallest argument is filtered, so a nil argument usually gives nil. Collections that are not sets count as the set of their elements.",
			func(t *Thread, a []Value) Value {
				if len(a) == 1 {
					return a[0]
				}
				sets := a
				if len(a) > 2 {
					sets = mpBubble(t, "intersection", a, true)
				}
				acc := sets[0]
				for _, s := range sets[1:] {
					acc = mpIntersect2(t, acc, s)
				}
				return acc
			}, ex("(clojure.set/intersection #{1 2 3} #{2 3 4})", "#{3 2}"), ex("(intersection #{1} #{2})", "#{}"))),
		bare(fn(nsSet, g, "difference", 1, -1, []string{"(difference s1 & sets)"},
			"The elements of s1 that are in none of the other sets. (difference nil ...) is nil. Collections that are not sets count as the set of their elements.",
			func(t *Thread, a []Value) Value {
				if len(a) == 1 || a[0] == nil {
					return a[0]
				}
				s := mpToSet(t, "difference", a[0])
				for _, o := range a[1:] {
					if o == nil {
						continue
					}
					os := mpToSet(t, "difference", o)
					if os.Len() > s.Len() {
						var b SetBuilder
						s.Each(func(x Value) bool {
							t.step()
							if !os.Contains(x) {
								b.Add(x)
							}
							return true
						})
						s = b.Build()
						continue
					}
					os.Each(func(x Value) bool {
						t.step()
						s = s.Disj(x)
						return true
					})
				}
				return s
			}, ex("(clojure.set/difference #{1 2 3} #{2})", "#{1 3}"), ex("(difference #{1 2} [1])", "#{2}"))),
		fn(nsSet, g, "select", 2, 2, []string{"(select pred set)"},
			"The set of the elements of set for which pred is truthy.",
			func(t *Thread, a []Value) Value {
				if a[1] == nil {
					return nil
				}
				var b SetBuilder
				eachSeq(t, "clojure.set/select", mpSetArg("clojure.set/select", a[1]), func(x Value) bool {
					if Truthy(t.call1(a[0], x)) {
						b.Add(x)
					}
					return true
				})
				return b.Build()
			}, ex("(clojure.set/select odd? #{1 2 3})", "#{1 3}")),
		fn(nsSet, g, "project", 2, 2, []string{"(project rel ks)"},
			"The set of maps of rel (a collection of maps) keeping only the keys ks.",
			func(t *Thread, a []Value) Value {
				ks := seqItemsNamed(t, "clojure.set/project", a[1])
				var b SetBuilder
				eachSeq(t, "clojure.set/project", a[0], func(x Value) bool {
					b.Add(mpSelectKeys(t, mpRelMap("clojure.set/project", x), ks))
					return true
				})
				return b.Build()
			}, ex("(clojure.set/project #{{:a 1 :b 2} {:a 3 :b 4}} [:a])", "#{{:a 1} {:a 3}}")),
		fn(nsSet, g, "rename-keys", 2, 2, []string{"(rename-keys m kmap)"},
			"m with each key that is a key of kmap renamed to its value in kmap (keys match flexibly).",
			func(t *Thread, a []Value) Value {
				if a[0] == nil {
					return nil
				}
				return mpRenameKeys(t, mpRelMap("clojure.set/rename-keys", a[0]), mpKmap("clojure.set/rename-keys", a[1]))
			}, ex("(clojure.set/rename-keys {:a 1 :b 2} {:a :x})", "{:b 2, :x 1}")),
		fn(nsSet, g, "rename", 2, 2, []string{"(rename rel kmap)"},
			"The set of the maps of rel with their keys renamed by kmap, as rename-keys does.",
			func(t *Thread, a []Value) Value {
				km := mpKmap("clojure.set/rename", a[1])
				var b SetBuilder
				eachSeq(t, "clojure.set/rename", a[0], func(x Value) bool {
					b.Add(mpRenameKeys(t, mpRelMap("clojure.set/rename", x), km))
					return true
				})
				return b.Build()
			}, ex("(clojure.set/rename #{{:a 1}} {:a :x})", "#{{:x 1}}")),
		fn(nsSet, g, "index", 2, 2, []string{"(index rel ks)"},
			"Groups the maps of rel by their values for the keys ks: a map from (select-keys m ks) to the set of maps with those values.",
			func(t *Thread, a []Value) Value {
				ks := seqItemsNamed(t, "clojure.set/index", a[1])
				return mpIndex(t, "clojure.set/index", a[0], ks, false)
			}, ex("(clojure.set/index #{{:a 1 :b 2} {:a 1 :b 3}} [:a])", "{{:a 1} #{{:a 1, :b 2} {:a 1, :b 3}}}")),
		fn(nsSet, g, "join", 2, 3, []string{"(join xrel yrel)", "(join xrel yrel kmap)"},
			"Relational join of two collections of maps: pairs whose shared keys (or the keys paired by kmap, xrel key to yrel key) have equal values are merged. Not the string join: that is clojure.string/join.",
			func(t *Thread, a []Value) Value {
				var km *Map
				if len(a) == 3 {
					km = mpKmap("clojure.set/join", a[2])
				}
				return mpJoin(t, a[0], a[1], km)
			}, ex("(clojure.set/join #{{:a 1 :b 2}} #{{:a 1 :c 3}})", "#{{:a 1, :b 2, :c 3}}"),
			ex("(clojure.set/join [{:id 1 :n \"x\"}] [{:uid 1 :age 5}] {:id :uid})", "#{{:id 1, :n \"x\", :uid 1, :age 5}}")),
		fn(nsSet, g, "map-invert", 1, 1, []string{"(map-invert m)"},
			"The map with keys and values swapped; of equal values one key is kept.",
			func(t *Thread, a []Value) Value {
				m := mpMapArg("clojure.set/map-invert", a[0])
				b := NewMapBuilder()
				if m != nil {
					m.Each(func(k, v Value) bool {
						t.step()
						b.Set(v, k)
						return true
					})
				}
				return b.Build()
			}, ex("(clojure.set/map-invert {:a 1 :b 2})", "{1 :a, 2 :b}")),
		fn(nsSet, g, "subset?", 2, 2, []string{"(subset? s1 s2)"},
			"True when every element of s1 is in s2.",
			func(t *Thread, a []Value) Value {
				return mpSubset(t, "clojure.set/subset?", a[0], a[1])
			}, ex("(clojure.set/subset? #{1} #{1 2})", "true"), ex("(clojure.set/subset? #{1 3} #{1 2})", "false")),
		fn(nsSet, g, "superset?", 2, 2, []string{"(superset? s1 s2)"},
			"True when every element of s2 is in s1.",
			func(t *Thread, a []Value) Value {
				return mpSubset(t, "clojure.set/superset?", a[1], a[0])
			}, ex("(clojure.set/superset? #{1 2} #{1})", "true")),
	}
}

// mpToSet converts any seqable to a set (sets pass through).
func mpToSet(t *Thread, fname string, coll Value) *Set {
	switch c := coll.(type) {
	case *Set:
		return c
	case nil:
		return EmptySet()
	}
	if !isSeqable(coll) {
		throw(notSeqable(fname, coll))
	}
	t.checkCollection(seqCount(fname, coll))
	var b SetBuilder
	eachSeq(t, fname, coll, func(x Value) bool {
		b.Add(x)
		return true
	})
	return b.Build()
}

// mpSetArg accepts a set (nil is handled by callers).
func mpSetArg(fname string, v Value) *Set {
	if s, ok := v.(*Set); ok {
		return s
	}
	throw(typeErr(fname, "a set", v).WithHint("convert a collection with (set coll)"))
	return nil
}

func mpSubset(t *Thread, fname string, a, b Value) Value {
	var sa, sb *Set
	if a == nil {
		sa = EmptySet()
	} else {
		sa = mpSetArg(fname, a)
	}
	if b == nil {
		sb = EmptySet()
	} else {
		sb = mpSetArg(fname, b)
	}
	if sa.Len() > sb.Len() {
		return false
	}
	ok := true
	sa.Each(func(x Value) bool {
		t.step()
		if !sb.Contains(x) {
			ok = false
		}
		return ok
	})
	return ok
}

// mpRelMap accepts one element of a relation: a map (nil is {}).
func mpRelMap(fname string, v Value) *Map {
	switch m := v.(type) {
	case nil:
		return EmptyMap()
	case *Map:
		return m
	}
	throw(typeErr(fname, "a collection of maps, but an element is", v))
	return nil
}

func mpKmap(fname string, v Value) *Map {
	switch m := v.(type) {
	case nil:
		return EmptyMap()
	case *Map:
		return m
	}
	throw(typeErr(fname, "a map of old key to new key", v))
	return nil
}

// mpSelectKeys is select-keys on a map (flexible keys, stored keys kept).
func mpSelectKeys(t *Thread, m *Map, ks []Value) *Map {
	b := NewMapBuilder()
	for _, k := range ks {
		t.step()
		if sk, v, ok := mpFlexEntry(m, k); ok {
			b.Set(sk, v)
		}
	}
	return b.Build()
}

// mpRenameKeys renames the keys of m found (flexibly) in kmap.
func mpRenameKeys(t *Thread, m *Map, km *Map) *Map {
	type found struct{ sk, nk, v Value }
	var fs []found
	km.Each(func(old, nk Value) bool {
		t.step()
		if sk, v, ok := mpFlexEntry(m, old); ok {
			fs = append(fs, found{sk, nk, v})
		}
		return true
	})
	out := m
	for _, f := range fs {
		out = out.Dissoc(f.sk)
	}
	for _, f := range fs {
		out = out.Assoc(f.nk, f.v)
	}
	return out
}

// mpIndex groups the maps of rel by their ks values.
// exact selects keys exactly (join) rather than flexibly (index).
func mpIndex(t *Thread, fname string, rel Value, ks []Value, exact bool) *Map {
	groups := NewMapBuilder()
	eachSeq(t, fname, rel, func(x Value) bool {
		m := mpRelMap(fname, x)
		var k *Map
		if exact {
			k = mpExactSelect(t, m, ks)
		} else {
			k = mpSelectKeys(t, m, ks)
		}
		var s *Set
		if g, ok := groups.Get(k); ok {
			s = g.(*Set)
		} else {
			s = EmptySet()
		}
		groups.Set(k, s.Conj(m))
		return true
	})
	return groups.Build()
}

// mpJoin is clojure.set/join: natural join when km is nil.
func mpJoin(t *Thread, xrel, yrel Value, km *Map) Value {
	xs := seqItemsNamed(t, "clojure.set/join", xrel)
	ys := seqItemsNamed(t, "clojure.set/join", yrel)
	for _, x := range xs {
		mpRelMap("clojure.set/join", x)
	}
	for _, y := range ys {
		mpRelMap("clojure.set/join", y)
	}
	var b SetBuilder
	if km == nil {
		if len(xs) == 0 || len(ys) == 0 {
			return EmptySet()
		}
		// Shared keys of the first maps (exact keys).
		x0, y0 := mpRelMap("", xs[0]), mpRelMap("", ys[0])
		var ks []Value
		x0.Each(func(k, _ Value) bool {
			if _, ok := y0.Get(k); ok {
				ks = append(ks, k)
			}
			return true
		})
		r, s := xs, ys
		if len(xs) > len(ys) {
			r, s = ys, xs
		}
		idx := mpIndex(t, "clojure.set/join", NewVector(r), ks, true)
		for _, x := range s {
			xm := mpRelMap("", x)
			if found, ok := idx.Get(mpExactSelect(t, xm, ks)); ok {
				found.(*Set).Each(func(f Value) bool {
					mpJoinAdd(t, &b, f.(*Map), xm)
					return true
				})
			}
		}
		return b.Build()
	}
	// Key-mapped join: km maps xrel keys to yrel keys.
	r, s, k := xs, ys, km
	if len(xs) <= len(ys) {
		// index xrel by its keys (the keys of km), probe with yrel renamed back.
		inv := NewMapBuilder()
		km.Each(func(xk, yk Value) bool {
			inv.Set(yk, xk)
			return true
		})
		k = inv.Build() // yrel key -> xrel key
	} else {
		r, s = ys, xs
	}
	// k maps keys of s to keys of r.
	idx := mpIndex(t, "clojure.set/join", NewVector(r), k.Vals(), true)
	for _, x := range s {
		xm := mpRelMap("", x)
		probe := mpRenameKeys(t, mpExactSelect(t, xm, k.Keys()), k)
		if found, ok := idx.Get(probe); ok {
			found.(*Set).Each(func(f Value) bool {
				mpJoinAdd(t, &b, f.(*Map), xm)
				return true
			})
		}
	}
	return b.Build()
}

// mpExactSelect is select-keys with exact keys, for join's index probes.
func mpExactSelect(t *Thread, m *Map, ks []Value) *Map {
	b := NewMapBuilder()
	for _, k := range ks {
		t.step()
		if v, ok := m.Get(k); ok {
			b.Set(k, v)
		}
	}
	return b.Build()
}

func mpJoinAdd(t *Thread, b *SetBuilder, f, x *Map) {
	t.step()
	mb := NewMapBuilderFrom(f)
	x.Each(func(k, v Value) bool {
		mb.Set(k, v)
		return true
	})
	b.Add(mb.Build())
	t.checkCollection(b.Len())
}

// mpSetCount is count for the arguments of the set operations.
func mpSetCount(fname string, v Value) int {
	if !isSeqable(v) {
		throw(notSeqable(fname, v))
	}
	return seqCount(fname, v)
}

// mpBubble orders the arguments of union (largest first) or intersection
// (smallest first, when smallest is set) as Clojure does: the chosen one
// (the last of equals) goes first, the others keep their order.
func mpBubble(t *Thread, fname string, a []Value, smallest bool) []Value {
	best, bestN := -1, 0
	for i, s := range a {
		n := mpSetCount(fname, s)
		if smallest {
			n = -n
		}
		if best < 0 || n >= bestN {
			best, bestN = i, n
		}
	}
	out := make([]Value, 0, len(a))
	out = append(out, a[best])
	out = append(out, a[:best]...)
	out = append(out, a[best+1:]...)
	if !smallest {
		// Clojure's two-argument union conj's into the second argument
		// only when it is strictly larger; with equal counts the first wins.
		if len(a) == 2 && mpSetCount(fname, a[0]) >= mpSetCount(fname, a[1]) {
			return a
		}
	}
	return out
}

// mpIntersect2 is the two-argument intersection: the smaller argument (the
// first when equal) is filtered by membership in the other.
func mpIntersect2(t *Thread, s1, s2 Value) Value {
	if mpSetCount("intersection", s2) < mpSetCount("intersection", s1) {
		s1, s2 = s2, s1
	}
	if s1 == nil {
		return nil
	}
	base := mpToSet(t, "intersection", s1)
	probe := mpToSet(t, "intersection", s2)
	var b SetBuilder
	changed := false
	base.Each(func(x Value) bool {
		t.step()
		if probe.Contains(x) {
			b.Add(x)
		} else {
			changed = true
		}
		return true
	})
	if !changed {
		return base
	}
	return b.Build()
}

// mpConj adds x to coll as conj does, for the collections union can build.
func mpConj(t *Thread, fname string, coll Value, x Value) Value {
	switch c := coll.(type) {
	case *Set:
		r := c.Conj(x)
		if r != c {
			t.checkCollection(r.Len())
		}
		return r
	case *Vector:
		t.checkCollection(c.Len() + 1)
		return c.Conj(x)
	case *List:
		t.checkCollection(c.Len() + 1)
		return c.Cons(x)
	case nil:
		return NewList([]Value{x})
	case *Map:
		switch e := x.(type) {
		case nil:
			return c
		case *Vector:
			if e.Len() == 2 {
				t.checkCollection(c.Len() + 1)
				return c.Assoc(e.Nth(0), e.Nth(1))
			}
		case *Map:
			e.Each(func(k, v Value) bool {
				c = c.Assoc(k, v)
				return true
			})
			t.checkCollection(c.Len())
			return c
		}
		throw(Errorf(TypeError, "%s: cannot add %s to a map (it needs [key value] pairs)", fname, describeForError(x)).
			WithHint("set operations work on sets; convert with (set coll)"))
	}
	throw(typeErr(fname, "sets", coll).WithHint("convert with (set coll)"))
	return nil
}

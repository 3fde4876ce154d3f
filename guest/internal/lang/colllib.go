package lang

// collLib: building and inspecting collections (conj, into, count, vec,
// peek, subvec, zipmap ...).
func collLib() []*Builtin {
	const g = "Collections"
	return []*Builtin{
		fn(nsCore, g, "conj", 0, -1, []string{"(conj)", "(conj coll)", "(conj coll x & xs)"},
			"Adds elements the way the collection grows: vectors at the end, lists (and nil) at the front, sets as members, maps from [k v] vectors or other maps. (conj) is [].",
			func(t *Thread, a []Value) Value {
				if len(a) == 0 {
					return EmptyVector()
				}
				return sqConj(t, "conj", a[0], a[1:])
			}, ex("(conj [1 2] 3)", "[1 2 3]"), ex("(conj '(1 2) 0)", "(0 1 2)"), ex("(conj {:a 1} [:b 2])", "{:a 1, :b 2}")),
		fn(nsCore, g, "into", 0, 3, []string{"(into)", "(into to)", "(into to from)"},
			"Adds every element of from to the collection to, as conj does: (into [] xs), (into #{} xs), (into {} pairs). Transducers are not supported.",
			func(t *Thread, a []Value) Value {
				switch len(a) {
				case 0:
					return EmptyVector()
				case 1:
					return a[0]
				case 3:
					throw(Errorf(ArityError, "into with a transducer (into to xform from) is not supported").
						WithHint("apply the transformation first: (into to (map f from)) or (into to (filter pred from))"))
				}
				return sqInto(t, a[0], a[1])
			}, ex("(into [] #{1})", "[1]"), ex("(into {} [[:a 1] [:b 2]])", "{:a 1, :b 2}"), ex("(into [1] '(2 3))", "[1 2 3]")),
		fn(nsCore, g, "cons", 2, 2, []string{"(cons x coll)"}, "A list of x followed by the elements of coll.",
			func(t *Thread, a []Value) Value {
				switch c := a[1].(type) {
				case *List:
					return c.Cons(a[0])
				case nil:
					return emptyList.Cons(a[0])
				}
				items := seqItemsNamed(t, "cons", a[1])
				t.checkCollection(len(items) + 1)
				return NewList(append([]Value{a[0]}, items...))
			}, ex("(cons 1 [2 3])", "(1 2 3)"), ex("(cons 1 nil)", "(1)")),
		fn(nsCore, g, "count", 1, 1, []string{"(count coll)"}, "The number of elements (characters of a string, entries of a map); 0 for nil.",
			func(t *Thread, a []Value) Value { return boxInt(int64(seqCount("count", a[0]))) },
			ex("(count [1 2 3])", "3"), ex(`(count "héllo")`, "5"), ex("(count nil)", "0")),
		fn(nsCore, g, "empty", 1, 1, []string{"(empty coll)"}, "An empty collection of the same kind as coll; nil for nil and for anything that is not a collection.",
			func(t *Thread, a []Value) Value {
				switch a[0].(type) {
				case *Vector:
					return EmptyVector()
				case *List:
					return EmptyList()
				case *Map:
					return EmptyMap()
				case *Set:
					return EmptySet()
				}
				return nil
			}, ex("(empty [1 2])", "[]"), ex("(empty {:a 1})", "{}"), ex("(empty nil)", "nil")),
		fn(nsCore, g, "empty?", 1, 1, []string{"(empty? coll)"}, "true when coll has no elements (nil and \"\" included).",
			func(t *Thread, a []Value) Value { return sqEmpty("empty?", a[0]) },
			ex("(empty? [])", "true"), ex("(empty? nil)", "true"), ex(`(empty? "a")`, "false")),
		fn(nsCore, g, "not-empty", 1, 1, []string{"(not-empty coll)"}, "coll itself when it has elements, otherwise nil.",
			func(t *Thread, a []Value) Value {
				if sqEmpty("not-empty", a[0]) {
					return nil
				}
				return a[0]
			}, ex("(not-empty [1])", "[1]"), ex("(not-empty [])", "nil")),
		fn(nsCore, g, "vec", 1, 1, []string{"(vec coll)"}, "A vector of the elements of coll; [] for nil.",
			func(t *Thread, a []Value) Value {
				if v, ok := a[0].(*Vector); ok {
					return v
				}
				return NewVector(seqItemsNamed(t, "vec", a[0]))
			}, ex("(vec '(1 2))", "[1 2]"), ex(`(vec "ab")`, `["a" "b"]`), ex("(vec nil)", "[]")),
		fn(nsCore, g, "vector", 0, -1, []string{"(vector & xs)"}, "A vector of the arguments.",
			func(t *Thread, a []Value) Value { return NewVector(append([]Value(nil), a...)) },
			ex("(vector 1 2 3)", "[1 2 3]"), ex("(vector)", "[]")),
		fn(nsCore, g, "list", 0, -1, []string{"(list & xs)"}, "A list of the arguments.",
			func(t *Thread, a []Value) Value { return NewList(a) },
			ex("(list 1 2 3)", "(1 2 3)"), ex("(list)", "()")),
		fn(nsCore, g, "list*", 1, -1, []string{"(list* coll)", "(list* x & xs-then-coll)"},
			"A list of the leading arguments followed by the elements of the last one, a collection; nil when that is empty.",
			func(t *Thread, a []Value) Value {
				last := a[len(a)-1]
				if !isSeqable(last) {
					throw(notSeqable("list*", last))
				}
				items := append([]Value(nil), a[:len(a)-1]...)
				items = append(items, seqItemsNamed(t, "list*", last)...)
				if len(items) == 0 {
					return nil
				}
				t.checkCollection(len(items))
				return NewList(items)
			}, ex("(list* 1 2 [3 4])", "(1 2 3 4)"), ex("(list* [])", "nil")),
		fn(nsCore, g, "peek", 1, 1, []string{"(peek coll)"}, "The element conj would have added last: the last of a vector, the first of a list; nil when empty.",
			func(t *Thread, a []Value) Value {
				switch c := a[0].(type) {
				case nil:
					return nil
				case *Vector:
					return c.Peek()
				case *List:
					return c.First()
				}
				throw(sqStackErr("peek", a[0]))
				return nil
			}, ex("(peek [1 2 3])", "3"), ex("(peek '(1 2 3))", "1"), ex("(peek [])", "nil")),
		fn(nsCore, g, "pop", 1, 1, []string{"(pop coll)"}, "A vector without its last element, or a list without its first. Popping an empty one is an error; nil gives nil.",
			func(t *Thread, a []Value) Value {
				switch c := a[0].(type) {
				case nil:
					return nil
				case *Vector:
					if c.Len() == 0 {
						throw(Errorf(ValueError, "pop: can't pop an empty vector").WithHint("check (empty? v) before popping"))
					}
					return c.Pop()
				case *List:
					if c.Len() == 0 {
						throw(Errorf(ValueError, "pop: can't pop an empty list").WithHint("check (empty? l) before popping"))
					}
					return c.Rest()
				}
				throw(sqStackErr("pop", a[0]))
				return nil
			}, ex("(pop [1 2 3])", "[1 2]"), ex("(pop '(1 2 3))", "(2 3)"), ex("(pop [])", "error: value_error")),
		fn(nsCore, g, "subvec", 2, 3, []string{"(subvec v start)", "(subvec v start end)"},
			"The elements of vector v from index start up to but not including end (default: the end). Indexes outside 0 <= start <= end <= (count v) are an index_error.",
			func(t *Thread, a []Value) Value {
				v, ok := a[0].(*Vector)
				if !ok {
					e := typeErr("subvec", "a vector", a[0])
					if isSeqable(a[0]) && a[0] != nil {
						e.Hint = "convert first: (subvec (vec coll) start end), or use take and drop"
					}
					throw(e)
				}
				start := sqIndex("subvec", a[1])
				end := int64(v.Len())
				if len(a) == 3 {
					end = sqIndex("subvec", a[2])
				}
				if start < 0 || end < start || end > int64(v.Len()) {
					throw(Errorf(IndexError, "subvec: range [%d, %d) out of bounds for vector of %d", start, end, v.Len()).
						WithHint("keep 0 <= start <= end <= (count v), e.g. (subvec v start (min end (count v)))"))
				}
				t.charge(int(end - start))
				return v.Slice(int(start), int(end))
			}, ex("(subvec [0 1 2 3 4] 1 3)", "[1 2]"), ex("(subvec [0 1 2] 1)", "[1 2]"), ex("(subvec [0 1 2] 1 9)", "error: index_error")),
		fn(nsCore, "Maps", "reduce-kv", 3, 3, []string{"(reduce-kv f init coll)"},
			"Reduces a map with (f acc k v) for each entry, or a vector with (f acc index x). nil gives init.",
			func(t *Thread, a []Value) Value {
				f, acc := a[0], a[1]
				call3 := func(x, y, z Value) Value {
					args := t.alloc(3)
					args[0], args[1], args[2] = x, y, z
					v := t.Call(f, args)
					t.release(args)
					return v
				}
				switch c := a[2].(type) {
				case nil:
				case *Map:
					c.Each(func(k, v Value) bool {
						t.step()
						acc = call3(acc, k, v)
						return true
					})
				case *Vector:
					c.Each(func(i int, x Value) bool {
						t.step()
						acc = call3(acc, boxInt(int64(i)), x)
						return true
					})
				default:
					throw(typeErr("reduce-kv", "a map or vector", a[2]).WithHint("use reduce for other collections"))
				}
				return acc
			}, ex("(reduce-kv (fn [acc k v] (+ acc v)) 0 {:a 1 :b 2})", "3"), ex("(reduce-kv (fn [m i x] (assoc m x i)) {} [:a :b])", "{:a 0, :b 1}")),
		fn(nsCore, g, "zipmap", 2, 2, []string{"(zipmap keys vals)"}, "A map pairing each key with the value at the same position; extra keys or values are ignored.",
			func(t *Thread, a []Value) Value {
				ks := seqItemsNamed(t, "zipmap", a[0])
				vs := seqItemsNamed(t, "zipmap", a[1])
				var b MapBuilder
				for i := 0; i < len(ks) && i < len(vs); i++ {
					b.Set(ks[i], vs[i])
				}
				return b.Build()
			}, ex("(zipmap [:a :b] [1 2])", "{:a 1, :b 2}"), ex("(zipmap [:a :b :c] [1])", "{:a 1}")),
	}
}

// sqEmpty is empty?: for any seqable without walking it.
func sqEmpty(fname string, v Value) bool {
	switch c := v.(type) {
	case nil:
		return true
	case string:
		return c == ""
	}
	return seqCount(fname, v) == 0
}

func sqStackErr(fname string, v Value) *Error {
	e := Errorf(TypeError, "%s expects a vector or list, got %s", fname, describeForError(v))
	switch v.(type) {
	case *Map, *Set, string:
		e.Hint = "convert first with (vec coll), or use first / last / butlast"
	}
	return e
}

// sqConj adds xs to coll as conj does.
func sqConj(t *Thread, fname string, coll Value, xs []Value) Value {
	switch c := coll.(type) {
	case nil:
		if len(xs) == 0 {
			return nil
		}
		l := emptyList
		for _, x := range xs {
			l = l.Cons(x)
		}
		return l
	case *Vector:
		t.checkCollection(c.Len() + len(xs))
		for _, x := range xs {
			c = c.Conj(x)
		}
		return c
	case *List:
		t.checkCollection(c.Len() + len(xs))
		for _, x := range xs {
			c = c.Cons(x)
		}
		return c
	case *Map:
		if len(xs) == 0 {
			return c
		}
		b := NewMapBuilderFrom(c)
		for _, x := range xs {
			sqMapAdd(t, fname, b, x)
		}
		t.checkCollection(b.Len())
		return b.Build()
	case *Set:
		t.checkCollection(c.Len() + len(xs))
		for _, x := range xs {
			c = c.Conj(x)
		}
		return c
	}
	e := Errorf(TypeError, "%s expects a collection (vector, list, map, set or nil) to add to, got %s", fname, describeForError(coll))
	switch coll.(type) {
	case string:
		e.Hint = "to extend a string use (str s x)"
	case *Fn, *Builtin, Keyword:
		e.Hint = "the collection comes first: (" + fname + " coll x)"
	}
	throw(e)
	return nil
}

// sqMapAdd adds one conj element to a map builder: a [k v] vector, a map
// (all its entries) or nil (nothing).
func sqMapAdd(t *Thread, fname string, b *MapBuilder, x Value) {
	switch e := x.(type) {
	case nil:
	case *Vector:
		if e.Len() != 2 {
			throw(Errorf(ValueError, "%s: a vector added to a map must be a [key value] pair, got %s", fname, describeForError(x)).
				WithHint("use [k v] pairs, e.g. (into {} [[:a 1] [:b 2]])"))
		}
		b.Set(e.Nth(0), e.Nth(1))
	case *Map:
		t.charge(e.Len())
		e.Each(func(k, v Value) bool { b.Set(k, v); return true })
	default:
		throw(Errorf(TypeError, "%s: can only add [key value] vectors or maps to a map, got %s", fname, describeForError(x)).
			WithHint("use [k v] pairs, e.g. (into {} (map (fn [x] [(:id x) x]) xs))"))
	}
}

// sqInto is (into to from).
func sqInto(t *Thread, to, from Value) Value {
	if !isSeqable(from) {
		throw(notSeqable("into", from))
	}
	n := seqCount("into", from)
	if n == 0 {
		return to // as Clojure: nothing to add, whatever to is
	}
	switch c := to.(type) {
	case *Vector:
		t.checkCollection(c.Len() + n)
		if c.Len() > n {
			eachSeq(t, "into", from, func(x Value) bool { c = c.Conj(x); return true })
			return c
		}
		b := NewVectorBuilder(c.Len() + n)
		c.Each(func(_ int, x Value) bool { b.Add(x); return true })
		t.charge(c.Len())
		eachSeq(t, "into", from, func(x Value) bool { b.Add(x); return true })
		return b.Build()
	case *Map:
		b := NewMapBuilderFrom(c)
		eachSeq(t, "into", from, func(x Value) bool { sqMapAdd(t, "into", b, x); return true })
		t.checkCollection(b.Len())
		return b.Build()
	case *Set:
		t.checkCollection(c.Len() + n)
		b := SetBuilder{mb: *NewMapBuilderFrom(&c.m)}
		eachSeq(t, "into", from, func(x Value) bool { b.Add(x); return true })
		return b.Build()
	case nil, *List:
		t.checkCollection(seqCount("into", to) + n)
		l := emptyList
		if c != nil {
			l = c.(*List)
		}
		eachSeq(t, "into", from, func(x Value) bool { l = l.Cons(x); return true })
		return l
	}
	return sqConj(t, "into", to, nil)
}

package lang

import "strings"

// mapLib: map access and update (get, assoc, update-in, merge, ...).
//
// Key matching. Reads (get, get-in, contains?, find, select-keys) use PTC's
// flexible keys (see flexGet). Writes that target an existing entry
// (assoc, assoc-in, update, update-in, dissoc) also match flexibly: when the
// exact key is absent but an entry matches it flexibly, that entry is
// replaced (or removed) under its stored key, so string-keyed tool data never
// ends up with both "a" and :a. A key with no match at all is added as given.
// merge and merge-with combine maps by exact key, as in Clojure.
func mapLib() []*Builtin {
	const g = "Maps"
	return []*Builtin{
		fn(nsCore, g, "get", 2, 3, []string{"(get coll k)", "(get coll k default)"},
			"Value at key k of a map (flexible keys: :k also finds \"k\"), index k of a vector or string, or the element k of a set; default (nil) when absent or when coll is not a collection.",
			func(t *Thread, a []Value) Value {
				var def Value
				if len(a) == 3 {
					def = a[2]
				}
				switch a[0].(type) {
				case Keyword, string:
					if _, ok := a[1].(*Map); ok {
						// Always nil in Clojure, and always a bug: the
						// arguments are the wrong way round.
						throw(Errorf(TypeError, "get called with a key first and a map second").
							WithHint("arguments appear swapped: write (get m k), or (k m) with a keyword"))
					}
				}
				return getValue(a[0], a[1], def)
			}, ex("(get {:a 1} :a)", "1"), ex("(get :a {:a 1})", "error: type_error"), ex(`(get {"name" "Ann"} :name)`, `"Ann"`), ex("(get [10 20] 5 :none)", ":none")),
		fn(nsCore, g, "get-in", 2, 3, []string{"(get-in coll path)", "(get-in coll path default)"},
			"Follows the keys in path through nested maps and vectors. Returns default (nil) when a key is missing at any level; a present nil value is returned as nil.",
			func(t *Thread, a []Value) Value {
				var def Value
				if len(a) == 3 {
					def = a[2]
				}
				cur := a[0]
				missing := false
				eachSeq(t, "get-in", a[1], func(k Value) bool {
					v, ok := getFound(cur, k)
					if !ok {
						missing = true
						return false
					}
					cur = v
					return true
				})
				if missing {
					return def
				}
				return cur
			}, ex("(get-in {:a {:b [5 6]}} [:a :b 1])", "6"), ex("(get-in {:a nil} [:a] :none)", "nil"), ex("(get-in {:a 1} [:x :y] :none)", ":none")),
		fn(nsCore, g, "assoc", 3, -1, []string{"(assoc m k v & kvs)"},
			"Returns m with each key set to its value. On a vector the key is an index from 0 to its count (count appends). nil acts as an empty map.",
			func(t *Thread, a []Value) Value {
				if len(a)%2 == 0 {
					throw(Errorf(ArityError, "assoc expects a collection followed by an even number of arguments (key value pairs), got %d after the collection", len(a)-1).
						WithHint("every key needs a value: (assoc m :k1 v1 :k2 v2)"))
				}
				coll := a[0]
				for i := 1; i < len(a); i += 2 {
					coll = mpAssocAt(t, "assoc", coll, a[i], a[i+1])
				}
				return coll
			}, ex("(assoc {:a 1} :b 2)", "{:a 1, :b 2}"), ex("(assoc [1 2 3] 1 :x)", "[1 :x 3]"), ex("(assoc nil :a 1)", "{:a 1}")),
		fn(nsCore, g, "assoc-in", 3, 3, []string{"(assoc-in m path v)"},
			"Sets the value at path in nested maps/vectors, creating maps for missing levels.",
			func(t *Thread, a []Value) Value {
				return mpUpdateIn(t, "assoc-in", a[0], a[1], func(Value) Value { return a[2] })
			}, ex("(assoc-in {} [:user :name] \"Bo\")", `{:user {:name "Bo"}}`), ex("(assoc-in {:a [1 2]} [:a 0] 9)", "{:a [9 2]}")),
		fn(nsCore, g, "dissoc", 1, -1, []string{"(dissoc m & ks)"},
			"Returns map m without the given keys (exact keys, as in Clojure). (dissoc nil k) is nil.",
			func(t *Thread, a []Value) Value {
				switch m := a[0].(type) {
				case nil:
					return nil
				case *Map:
					for _, k := range a[1:] {
						m = m.Dissoc(k)
					}
					return m
				}
				throw(typeErr("dissoc", "a map", a[0]).WithHint("to remove from a vector use (filterv ...) or (into (subvec v 0 i) (subvec v (inc i)))"))
				return nil
			}, ex("(dissoc {:a 1 :b 2} :a)", "{:b 2}"), ex("(dissoc {:a 1} :z)", "{:a 1}")),
		fn(nsCore, g, "update", 3, -1, []string{"(update m k f & args)"},
			"Returns m with the value at k replaced by (f old-value args...). A missing key gives f nil; a vector index may equal the count (append).",
			func(t *Thread, a []Value) Value {
				extra := a[3:]
				f := a[2]
				coll := a[0]
				sk, old := mpLookupForWrite(t, "update", coll, a[1])
				nv := mpApply(t, f, old, extra)
				return mpAssocAt(t, "update", coll, sk, nv)
			}, ex("(update {:n 1} :n inc)", "{:n 2}"), ex("(update {:n 1} :n + 10)", "{:n 11}"), ex("(update [1 2 3] 0 - 5)", "[-4 2 3]")),
		fn(nsCore, g, "update-in", 3, -1, []string{"(update-in m path f & args)"},
			"Like update on a nested path: the value at path becomes (f old-value args...). Missing levels become maps.",
			func(t *Thread, a []Value) Value {
				extra := a[3:]
				f := a[2]
				return mpUpdateIn(t, "update-in", a[0], a[1], func(old Value) Value { return mpApply(t, f, old, extra) })
			}, ex("(update-in {:a {:b 1}} [:a :b] inc)", "{:a {:b 2}}"), ex("(update-in {} [:a :count] (fnil inc 0))", "{:a {:count 1}}")),
		fn(nsCore, g, "merge", 0, -1, []string{"(merge & maps)"},
			"Combines maps left to right; on equal keys the later value wins. nil arguments are skipped; with only nils the result is nil.",
			func(t *Thread, a []Value) Value { return mpMerge(t, "merge", nil, a) },
			ex("(merge {:a 1 :b 2} {:b 3} nil)", "{:a 1, :b 3}"), ex("(merge nil nil)", "nil")),
		fn(nsCore, g, "merge-with", 1, -1, []string{"(merge-with f & maps)"},
			"Like merge, but when a key is in both maps the value becomes (f earlier later).",
			func(t *Thread, a []Value) Value { return mpMerge(t, "merge-with", a[0], a[1:]) },
			ex("(merge-with + {:a 1 :b 2} {:a 10})", "{:a 11, :b 2}"), ex("(merge-with into {:a [1]} {:a [2]})", "{:a [1 2]}")),
		fn(nsCore, g, "select-keys", 2, 2, []string{"(select-keys m keyseq)"},
			"The map of only those entries of m whose keys are in keyseq. Keys match flexibly and the result keeps m's own keys; keys absent from m are left out.",
			func(t *Thread, a []Value) Value {
				switch a[0].(type) {
				case nil, *Map, *Vector:
				default:
					throw(typeErr("select-keys", "a map", a[0]).WithHint("it is (select-keys m keys); to pick keys from each map of a vector use (mapv #(select-keys %% ks) v)"))
				}
				b := NewMapBuilder()
				eachSeq(t, "select-keys", a[1], func(k Value) bool {
					switch m := a[0].(type) {
					case *Map:
						if sk, v, ok := mpFlexEntry(m, k); ok {
							b.Set(sk, v)
						}
					case *Vector:
						if v, ok := getFound(m, k); ok {
							b.Set(k, v)
						}
					}
					return true
				})
				return b.Build()
			}, ex("(select-keys {:a 1 :b 2 :c 3} [:a :c :z])", "{:a 1, :c 3}"), ex(`(select-keys {"id" 7 "x" 1} [:id])`, `{"id" 7}`)),
		fn(nsCore, g, "keys", 1, 1, []string{"(keys m)"},
			"A vector of the keys of map m, in the map's order; nil for an empty map or nil.",
			func(t *Thread, a []Value) Value {
				m := mpMapArg("keys", a[0])
				if m == nil || m.Len() == 0 {
					return nil
				}
				t.charge(m.Len())
				return NewVector(m.Keys())
			}, ex("(keys {:a 1 :b 2})", "[:a :b]"), ex("(keys {})", "nil")),
		fn(nsCore, g, "vals", 1, 1, []string{"(vals m)"},
			"A vector of the values of map m, in the map's order; nil for an empty map or nil.",
			func(t *Thread, a []Value) Value {
				m := mpMapArg("vals", a[0])
				if m == nil || m.Len() == 0 {
					return nil
				}
				t.charge(m.Len())
				return NewVector(m.Vals())
			}, ex("(vals {:a 1 :b 2})", "[1 2]"), ex("(vals nil)", "nil")),
		fn(nsCore, g, "entries", 1, 1, []string{"(entries m)"},
			"A vector of the [key value] pairs of map m, in the map's order; [] for nil.",
			func(t *Thread, a []Value) Value {
				m := mpMapArg("entries", a[0])
				if m == nil {
					return EmptyVector()
				}
				t.charge(m.Len())
				b := NewVectorBuilder(m.Len())
				m.Each(func(k, v Value) bool {
					b.Add(NewVector([]Value{k, v}))
					return true
				})
				return b.Build()
			}, ex("(entries {:a 1 :b 2})", "[[:a 1] [:b 2]]"), ex("(entries {})", "[]")),
		fn(nsCore, g, "key", 1, 1, []string{"(key entry)"},
			"The key of a map entry, i.e. the first element of a [k v] pair.",
			func(t *Thread, a []Value) Value { return mpEntry("key", a[0]).Nth(0) },
			ex("(key [:a 1])", ":a"), ex("(map key {:a 1 :b 2})", "[:a :b]")),
		fn(nsCore, g, "val", 1, 1, []string{"(val entry)"},
			"The value of a map entry, i.e. the second element of a [k v] pair.",
			func(t *Thread, a []Value) Value { return mpEntry("val", a[0]).Nth(1) },
			ex("(val [:a 1])", "1")),
		fn(nsCore, g, "find", 2, 2, []string{"(find coll k)"},
			"The [key value] entry for k in a map (flexible keys; the stored key is returned) or [index value] for a vector index; nil when absent.",
			func(t *Thread, a []Value) Value {
				switch c := a[0].(type) {
				case nil:
					return nil
				case *Map:
					if sk, v, ok := mpFlexEntry(c, a[1]); ok {
						return NewVector([]Value{sk, v})
					}
					return nil
				case *Vector:
					if i, ok := a[1].(int64); ok && i >= 0 && i < int64(c.Len()) {
						return NewVector([]Value{a[1], c.Nth(int(i))})
					}
					return nil
				}
				throw(typeErr("find", "a map or vector", a[0]).WithHint("find is key lookup, not search; to search use (some #(when (pred %%) %%) coll) or (first (filter pred coll))"))
				return nil
			}, ex("(find {:a nil} :a)", "[:a nil]"), ex("(find {:a 1} :b)", "nil"), ex("(find [10 20] 1)", "[1 20]")),
		fn(nsCore, g, "contains?", 2, 2, []string{"(contains? coll k)"},
			"True when coll has key k: a map key (flexible), a set element, or a valid index of a vector or string. It does not search vector values: use (some #{x} v) for that.",
			func(t *Thread, a []Value) Value {
				switch c := a[0].(type) {
				case nil:
					return false
				case *Map, *Vector, string:
					_, ok := getFound(c, a[1])
					return ok
				case *Set:
					return c.Contains(a[1])
				}
				throw(typeErr("contains?", "a map, set, vector or string", a[0]).WithHint("to test membership in a list use (some #{x} coll)"))
				return nil
			}, ex("(contains? {:a nil} :a)", "true"), ex("(contains? #{1 2} 3)", "false"), ex("(contains? [10 20] 1)", "true")),
		fn(nsCore, g, "hash-map", 0, -1, []string{"(hash-map & kvs)"},
			"A map of the key value pairs; a repeated key keeps its last value.",
			func(t *Thread, a []Value) Value { return mpPairsMap(t, "hash-map", a) },
			ex("(hash-map :a 1 :b 2)", "{:a 1, :b 2}"), ex("(hash-map)", "{}")),
		fn(nsCore, g, "array-map", 0, -1, []string{"(array-map & kvs)"},
			"Same as hash-map (maps keep insertion order while small in any case).",
			func(t *Thread, a []Value) Value { return mpPairsMap(t, "array-map", a) },
			ex("(array-map :b 1 :a 2)", "{:b 1, :a 2}")),
		fn(nsCore, g, "update-keys", 2, 2, []string{"(update-keys m f)"},
			"A map with (f k) in place of each key k of m. When two new keys are equal, one of the values is kept.",
			func(t *Thread, a []Value) Value {
				m, f := a[0], a[1]
				mpCheckMapFn(t, "update-keys", m, f)
				b := NewMapBuilder()
				mpEachKV(t, "update-keys", m, func(k, v Value) {
					b.Set(t.call1(f, k), v)
				})
				return b.Build()
			}, ex("(update-keys {:a 1 :b 2} name)", `{"a" 1, "b" 2}`), ex("(update-keys nil name)", "{}")),
		fn(nsCore, g, "update-vals", 2, 2, []string{"(update-vals m f)"},
			"A map with (f v) in place of each value v of m.",
			func(t *Thread, a []Value) Value {
				m, f := a[0], a[1]
				mpCheckMapFn(t, "update-vals", m, f)
				if v, ok := m.(*Vector); ok {
					b := NewVectorBuilder(v.Len())
					eachSeq(t, "update-vals", v, func(x Value) bool {
						b.Add(t.call1(f, x))
						return true
					})
					return b.Build()
				}
				b := NewMapBuilder()
				mpEachKV(t, "update-vals", m, func(k, v Value) {
					b.Set(k, t.call1(f, v))
				})
				return b.Build()
			}, ex("(update-vals {:a 1 :b 2} inc)", "{:a 2, :b 3}"), ex("(update-vals (group-by odd? [1 2 3]) count)", "{true 2, false 1}")),
	}
}

// mpFlexEntry is flexGet that also returns the stored key.
func mpFlexEntry(m *Map, k Value) (Value, Value, bool) {
	if sk, v, ok := m.entry(k); ok {
		return sk, v, true
	}
	var name string
	switch x := k.(type) {
	case Keyword:
		name = string(x)
		if sk, v, ok := m.entry(name); ok {
			return sk, v, true
		}
	case string:
		name = x
		if sk, v, ok := m.entry(Keyword(x)); ok {
			return sk, v, true
		}
	default:
		return nil, nil, false
	}
	if strings.IndexByte(name, '-') < 0 {
		return nil, nil, false
	}
	alt := strings.ReplaceAll(name, "-", "_")
	if sk, v, ok := m.entry(Keyword(alt)); ok {
		return sk, v, true
	}
	if sk, v, ok := m.entry(alt); ok {
		return sk, v, true
	}
	return nil, nil, false
}

// mpLookupForWrite finds where key k of coll is to be written: the key to
// store under (the flexibly matched stored key of a map, else k) and the
// current value (nil when absent). It raises the errors assoc would, so
// that no function is called for an impossible update.
func mpLookupForWrite(t *Thread, fname string, coll Value, k Value) (Value, Value) {
	switch c := coll.(type) {
	case nil:
		return k, nil
	case *Map:
		if sk, v, ok := mpFlexEntry(c, k); ok {
			return sk, v
		}
		return k, nil
	case *Vector:
		i := mpVecIndex(fname, c, k)
		if i < c.Len() {
			return k, c.Nth(i)
		}
		return k, nil
	}
	throw(mpNotAssoc(fname, coll))
	return nil, nil
}

// mpAssocAt is assoc of one key: maps replace a flexibly matched entry under
// its stored key, vectors take an index up to their count, nil is {}.
func mpAssocAt(t *Thread, fname string, coll Value, k, v Value) Value {
	switch c := coll.(type) {
	case nil:
		return EmptyMap().Assoc(k, v)
	case *Map:
		// assoc itself is exact, as in Clojure; update, assoc-in and
		// update-in write back under the key their flexible read found.
		if fname != "assoc" {
			if sk, _, ok := mpFlexEntry(c, k); ok {
				return c.Assoc(sk, v)
			}
		}
		t.checkCollection(c.Len() + 1)
		return c.Assoc(k, v)
	case *Vector:
		i := mpVecIndex(fname, c, k)
		if i == c.Len() {
			t.checkCollection(i + 1)
			return c.Conj(v)
		}
		return c.Assoc(i, v)
	}
	throw(mpNotAssoc(fname, coll))
	return nil
}

func mpNotAssoc(fname string, coll Value) *Error {
	e := typeErr(fname, "a map, vector or nil", coll)
	switch coll.(type) {
	case *List:
		e.Hint = "lists are not associative; convert with (vec l)"
	case *Set:
		e.Hint = "sets have no keys; use conj or disj"
	case string:
		e.Hint = "strings are immutable; build a new one with str or subs"
	default:
		e.Hint = "check the path: a value along it is not a collection"
	}
	return e
}

// mpVecIndex checks an index for assoc on v: 0 to count inclusive.
func mpVecIndex(fname string, v *Vector, k Value) int {
	i, ok := k.(int64)
	if !ok {
		throw(Errorf(TypeError, "%s on a vector expects an integer index, got %s", fname, describeForError(k)).
			WithHint("vectors are indexed by position; use a map for named keys"))
	}
	if i < 0 || i > int64(v.Len()) {
		throw(Errorf(IndexError, "%s: index %d out of bounds for vector of %d", fname, i, v.Len()).
			WithHint("an index must be between 0 and the count (count appends); use conj to add at the end"))
	}
	return int(i)
}

// mpApply calls f with x followed by extra.
func mpApply(t *Thread, f Value, x Value, extra []Value) Value {
	if len(extra) == 0 {
		return t.call1(f, x)
	}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok && e.Kind == ArityError && e.Hint == "" {
				e.Hint = "the extra arguments of update go to f after the old value: (update m k f a b) calls (f old a b); for a default value use (fnil f default)"
			}
			panic(r)
		}
	}()
	args := make([]Value, 0, len(extra)+1)
	args = append(args, x)
	args = append(args, extra...)
	return t.Call(f, args)
}

// mpUpdateIn replaces the value at path with f(old). An empty path acts on
// the key nil, as in Clojure. It works iteratively: one level per path key.
func mpUpdateIn(t *Thread, fname string, coll Value, path Value, f func(old Value) Value) Value {
	ks := seqItemsNamed(t, fname, path)
	if len(ks) == 0 {
		ks = []Value{nil}
	}
	colls := make([]Value, len(ks))
	cur := coll
	for i, k := range ks {
		colls[i] = cur
		sk, old := mpLookupForWrite(t, fname, cur, k)
		ks[i] = sk
		cur = old
	}
	v := f(cur)
	for i := len(ks) - 1; i >= 0; i-- {
		v = mpAssocAt(t, fname, colls[i], ks[i], v)
	}
	return v
}

// mpMerge is merge (f nil) and merge-with (f set).
func mpMerge(t *Thread, fname string, f Value, args []Value) Value {
	some := false
	for _, x := range args {
		if x != nil {
			some = true
			break
		}
	}
	if !some {
		return nil
	}
	if len(args) == 1 {
		return args[0]
	}
	acc := args[0]
	for i, x := range args[1:] {
		if x == nil {
			continue
		}
		switch r := acc.(type) {
		case nil:
			if m, ok := x.(*Map); ok && f == nil {
				acc = m
				continue
			}
			acc = mpMergeInto(t, fname, f, EmptyMap(), x, i+2)
		case *Map:
			acc = mpMergeInto(t, fname, f, r, x, i+2)
		default:
			if _, ok := r.(*Vector); ok && f != nil { // merge-with assocs by index, as Clojure does
				acc = mpMergeInto(t, fname, f, r, x, i+2)
				continue
			}
			throw(Errorf(TypeError, "%s expects maps, got %s as argument %d", fname, describeForError(acc), 1+mpFirstArgOffset(f)).
				WithHint("merge combines maps; to join sequences use concat or into"))
		}
	}
	return acc
}

func mpFirstArgOffset(f Value) int {
	if f != nil {
		return 1
	}
	return 0
}

// mpMergeInto merges x (a map, or a [k v] pair for merge) into acc.
func mpMergeInto(t *Thread, fname string, f Value, acc Value, x Value, argn int) Value {
	if f != nil {
		argn++
	}
	put := func(k, v Value) {
		if f != nil {
			if old, ok := mpExactGet(acc, k); ok {
				v = t.call2(f, old, v)
			}
		}
		acc = mpExactAssoc(t, fname, acc, k, v)
	}
	switch m := x.(type) {
	case *Map:
		if am, ok := acc.(*Map); ok && f == nil {
			if am.Len() == 0 {
				return m
			}
			t.charge(m.Len())
			t.checkCollection(am.Len() + m.Len())
			b := NewMapBuilderFrom(am)
			m.Each(func(k, v Value) bool {
				b.Set(k, v)
				return true
			})
			return b.Build()
		}
		m.Each(func(k, v Value) bool {
			t.step()
			put(k, v)
			return true
		})
		return acc
	case *Vector:
		if f == nil {
			if _, ok := acc.(*Map); ok && m.Len() == 2 {
				put(m.Nth(0), m.Nth(1))
				return acc
			}
		}
	}
	throw(Errorf(TypeError, "%s expects maps, got %s as argument %d", fname, describeForError(x), argn).
		WithHint("every argument must be a map or nil"))
	return nil
}

// mpExactGet is Clojure's get with exact keys, on a map or vector.
func mpExactGet(coll Value, k Value) (Value, bool) {
	switch c := coll.(type) {
	case *Map:
		return c.Get(k)
	case *Vector:
		return getFound(c, k)
	}
	return nil, false
}

// mpExactAssoc is assoc with exact keys on a map or vector.
func mpExactAssoc(t *Thread, fname string, coll Value, k, v Value) Value {
	if m, ok := coll.(*Map); ok {
		t.checkCollection(m.Len() + 1)
		return m.Assoc(k, v)
	}
	return mpAssocAt(t, fname, coll, k, v)
}

// mpMapArg accepts a map or nil.
func mpMapArg(fname string, v Value) *Map {
	switch m := v.(type) {
	case nil:
		return nil
	case *Map:
		return m
	}
	e := typeErr(fname, "a map", v)
	if _, ok := v.(*Vector); ok && fname != "entries" {
		e.Hint = "for a vector of maps use (mapcat " + fname + " v), or (" + fname + " (first v)) for one map"
	}
	throw(e)
	return nil
}

// mpEntry accepts a [k v] pair.
func mpEntry(fname string, v Value) *Vector {
	if e, ok := v.(*Vector); ok && e.Len() == 2 {
		return e
	}
	throw(typeErr(fname, "a map entry (a [key value] vector)", v).WithHint("map entries come from (seq m), (entries m) or (first m)"))
	return nil
}

// mpPairsMap builds a map from alternating keys and values.
func mpPairsMap(t *Thread, fname string, a []Value) Value {
	if len(a)%2 != 0 {
		throw(Errorf(ArityError, "%s expects an even number of arguments (key value pairs), got %d", fname, len(a)).
			WithHint("every key needs a value"))
	}
	t.checkCollection(len(a) / 2)
	t.charge(len(a) / 2)
	return NewMapFromPairs(append([]Value(nil), a...))
}

// mpCheckMapFn checks the (m f) arguments of update-keys/update-vals.
func mpCheckMapFn(t *Thread, fname string, m, f Value) {
	switch m.(type) {
	case nil, *Map, *Vector:
		return
	case *Fn, *Builtin:
		if _, ok := f.(*Map); ok {
			throw(typeErr(fname, "(map, function) arguments", m).
				WithHint("the arguments are swapped: it is (%s m f); with ->> the map goes last, use -> instead", fname))
		}
	}
	throw(typeErr(fname, "a map", m))
}

// mpEachKV walks the entries of a map, or the index/value pairs of a vector.
func mpEachKV(t *Thread, fname string, m Value, fn func(k, v Value)) {
	switch c := m.(type) {
	case *Map:
		c.Each(func(k, v Value) bool {
			t.step()
			fn(k, v)
			return true
		})
	case *Vector:
		c.Each(func(i int, v Value) bool {
			t.step()
			fn(boxInt(int64(i)), v)
			return true
		})
	}
}

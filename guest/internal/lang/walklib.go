package lang

// walkLib: clojure.walk. Walking recurses over nested data; every level
// counts against MaxDepth (so a very deep or self-growing structure ends
// with depth_limit, never a Go stack overflow) and every node costs a step.
func walkLib() []*Builtin {
	const g = "Walk"
	bare := func(b *Builtin) *Builtin {
		b.Doc.Bare = true
		return b
	}
	return []*Builtin{
		bare(fn(nsWalk, g, "walk", 3, 3, []string{"(walk inner outer form)"},
			"Applies inner to each element of the collection form (map entries as [k v] vectors), rebuilds a collection of the same kind, and returns (outer rebuilt). A non-collection form gives (outer form).",
			func(t *Thread, a []Value) Value {
				inner, outer := a[0], a[1]
				return mpWalk(t, a[2], func(x Value) Value { return t.call1(inner, x) }, func(x Value) Value { return t.call1(outer, x) })
			}, ex("(walk inc #(apply + %) [1 2 3])", "9"), ex("(clojure.walk/walk first identity [[1 2] [3 4]])", "[1 3]"))),
		bare(fn(nsWalk, g, "prewalk", 2, 2, []string{"(prewalk f form)"},
			"Replaces every node of form, top-down: f is applied to a node first, then the walk descends into what f returned.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				return mpPrewalk(t, a[1], func(x Value) Value { return t.call1(f, x) })
			}, ex("(prewalk #(if (number? %) (inc %) %) [1 [2 {:a 3}]])", "[2 [3 {:a 4}]]"))),
		bare(fn(nsWalk, g, "postwalk", 2, 2, []string{"(postwalk f form)"},
			"Replaces every node of form, bottom-up: children are walked first, then f is applied to the rebuilt node.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				return mpPostwalk(t, a[1], func(x Value) Value { return t.call1(f, x) })
			}, ex("(postwalk #(if (number? %) (* 2 %) %) {:a [1 2]})", "{:a [2 4]}"), ex("(postwalk #(if (vector? %) (apply + %) %) [[1 2] [3 4]])", "10"))),
		fn(nsWalk, g, "keywordize-keys", 1, 1, []string{"(keywordize-keys form)"},
			"Turns every string key of every map nested in form into a keyword.",
			func(t *Thread, a []Value) Value {
				return mpPostwalk(t, a[0], func(x Value) Value {
					return mpMapKeys(t, x, func(k Value) Value {
						if s, ok := k.(string); ok {
							return Keyword(s)
						}
						return k
					})
				})
			}, ex(`(clojure.walk/keywordize-keys {"a" 1 "b" [{"c" 2}]})`, "{:a 1, :b [{:c 2}]}")),
		fn(nsWalk, g, "stringify-keys", 1, 1, []string{"(stringify-keys form)"},
			"Turns every keyword key of every map nested in form into a string (its name, without namespace).",
			func(t *Thread, a []Value) Value {
				return mpPostwalk(t, a[0], func(x Value) Value {
					return mpMapKeys(t, x, func(k Value) Value {
						if kw, ok := k.(Keyword); ok {
							return mpName(string(kw))
						}
						return k
					})
				})
			}, ex("(clojure.walk/stringify-keys {:a 1 :b {:c 2}})", `{"a" 1, "b" {"c" 2}}`)),
		fn(nsWalk, g, "prewalk-replace", 2, 2, []string{"(prewalk-replace smap form)"},
			"Replaces every node of form equal to a key of the map smap with its value, top-down.",
			func(t *Thread, a []Value) Value {
				sm := mpReplaceMap("clojure.walk/prewalk-replace", a[0])
				return mpPrewalk(t, a[1], func(x Value) Value {
					if v, ok := sm.Get(x); ok {
						return v
					}
					return x
				})
			}, ex("(clojure.walk/prewalk-replace {:a :x} [:a [:b :a]])", "[:x [:b :x]]")),
		fn(nsWalk, g, "postwalk-replace", 2, 2, []string{"(postwalk-replace smap form)"},
			"Replaces every node of form equal to a key of the map smap with its value, bottom-up.",
			func(t *Thread, a []Value) Value {
				sm := mpReplaceMap("clojure.walk/postwalk-replace", a[0])
				return mpPostwalk(t, a[1], func(x Value) Value {
					if v, ok := sm.Get(x); ok {
						return v
					}
					return x
				})
			}, ex("(clojure.walk/postwalk-replace {1 :one} [1 [2 1]])", "[:one [2 :one]]")),
	}
}

func mpReplaceMap(fname string, v Value) *Map {
	switch m := v.(type) {
	case nil:
		return EmptyMap()
	case *Map:
		return m
	}
	throw(typeErr(fname, "a map of replacements", v))
	return nil
}

// mpWalk is clojure.walk/walk with Go functions for inner and outer.
func mpWalk(t *Thread, form Value, inner, outer func(Value) Value) Value {
	t.step()
	switch c := form.(type) {
	case *Vector:
		t.depth++
		if t.depth > t.limits.MaxDepth {
			t.depthErr()
		}
		b := NewVectorBuilder(c.Len())
		c.Each(func(_ int, x Value) bool {
			b.Add(inner(x))
			return true
		})
		t.depth--
		return outer(b.Build())
	case *List:
		t.depth++
		if t.depth > t.limits.MaxDepth {
			t.depthErr()
		}
		items := c.ToSlice()
		for i, x := range items {
			items[i] = inner(x)
		}
		t.depth--
		return outer(NewList(items))
	case *Set:
		t.depth++
		if t.depth > t.limits.MaxDepth {
			t.depthErr()
		}
		var b SetBuilder
		c.Each(func(x Value) bool {
			b.Add(inner(x))
			return true
		})
		t.depth--
		return outer(b.Build())
	case *Map:
		t.depth++
		if t.depth > t.limits.MaxDepth {
			t.depthErr()
		}
		b := NewMapBuilder()
		c.Each(func(k, v Value) bool {
			switch e := inner(NewVector([]Value{k, v})).(type) {
			case nil:
			case *Vector:
				if e.Len() != 2 {
					throw(Errorf(TypeError, "walk: a map entry must stay a [key value] pair, got %s", describeForError(e)).
						WithHint("when walking maps, return entries unchanged or as 2-element vectors; test with (map? x) or (vector? x) first"))
				}
				b.Set(e.Nth(0), e.Nth(1))
			case *Map:
				e.Each(func(k, v Value) bool {
					b.Set(k, v)
					return true
				})
			default:
				throw(Errorf(TypeError, "walk: a map entry must stay a [key value] pair, got %s", describeForError(e)).
					WithHint("when walking maps, return entries unchanged or as 2-element vectors; test with (map? x) or (vector? x) first"))
			}
			return true
		})
		t.depth--
		return outer(b.Build())
	}
	return outer(form)
}

func mpPrewalk(t *Thread, form Value, f func(Value) Value) Value {
	var pre func(Value) Value
	pre = func(x Value) Value {
		return mpWalk(t, f(x), pre, mpIdentity)
	}
	return pre(form)
}

func mpPostwalk(t *Thread, form Value, f func(Value) Value) Value {
	var post func(Value) Value
	post = func(x Value) Value {
		return mpWalk(t, x, post, f)
	}
	return post(form)
}

func mpIdentity(x Value) Value { return x }

// mpMapKeys rebuilds map x with its keys passed through f; other values
// are returned unchanged.
func mpMapKeys(t *Thread, x Value, f func(Value) Value) Value {
	m, ok := x.(*Map)
	if !ok {
		return x
	}
	b := NewMapBuilder()
	m.Each(func(k, v Value) bool {
		b.Set(f(k), v)
		return true
	})
	return b.Build()
}

package lang

import (
	"math"
	"math/bits"
	"unicode/utf8"
)

// seqLib: the sequence functions (map, filter, reduce, sort, partition ...)
// and the function combinators (comp, partial, juxt ...). Every sequence
// function is eager and returns a vector; rest, next and cons give lists.
// nil is an empty sequence; strings are sequences of one-character strings
// and maps sequences of [k v] vectors.
func seqLib() []*Builtin {
	bs := seqLibBuiltins()
	notes := map[string]string{
		"sort":     "PTC extension: :asc and :desc may be given as the comparator.",
		"sort-by":  "PTC extensions: :asc and :desc comparators; a string keyfn looks up that key with flexible matching (keyword or string keys, - or _); a vector keyfn is a get-in path.",
		"group-by": "PTC extension: a string f looks up that key with flexible matching.",
		"pmap":     "PTC: the interpreter stays single-threaded; elements take turns, and when each of up to MaxParallel elements waits on a tool call the host gets those calls as one batch it may run in parallel. Inside pmap, a nested pmap runs in order.",
		"pcalls":   "PTC: like pmap, the functions take turns and their tool calls are given to the host in batches it may run in parallel.",
		"range":    "No lazy sequences: (range) with no end is an error, and a zero step is an error unless start equals end.",
		"repeat":   "No lazy sequences: (repeat x) without a count is an error.",
	}
	for _, b := range bs {
		b.Doc.Note = notes[b.Doc.Name]
	}
	return bs
}

func seqLibBuiltins() []*Builtin {
	const g = "Sequences"
	const gf = "Functions"
	return []*Builtin{
		// ---- mapping and filtering ----
		fn(nsCore, g, "map", 1, -1, []string{"(map f coll)", "(map f c1 c2 & colls)"},
			"Applies f to each element and returns a vector of the results. With several collections f receives one element of each, and the result stops at the shortest.",
			func(t *Thread, a []Value) Value { sqNoXform("map", a); return sqMap(t, "map", a[0], a[1:]) },
			ex("(map inc [1 2 3])", "[2 3 4]"), ex("(map + [1 2 3] [10 20])", "[11 22]"), ex(`(map :name [{:name "a"} {:name "b"}])`, `["a" "b"]`)),
		fn(nsCore, g, "mapv", 1, -1, []string{"(mapv f coll)", "(mapv f c1 c2 & colls)"},
			"Same as map: results are vectors already.",
			func(t *Thread, a []Value) Value { sqNoXform("mapv", a); return sqMap(t, "mapv", a[0], a[1:]) },
			ex("(mapv inc [1 2 3])", "[2 3 4]")),
		fn(nsCore, g, "pmap", 1, -1, []string{"(pmap f coll)", "(pmap f c1 c2 & colls)"},
			"Like map, for independent work such as tool calls: the tool calls of different elements are made together, possibly in parallel, so f should not depend on the order of side effects. Results keep the order of the elements.",
			func(t *Thread, a []Value) Value { sqNoXform("pmap", a); return t.plMap("pmap", a[0], a[1:]) }, // parallel.go
			ex("(pmap inc [1 2 3])", "[2 3 4]")),
		fn(nsCore, g, "pcalls", 0, -1, []string{"(pcalls & fs)"},
			"Calls each function with no arguments and returns a vector of the results, in order; as with pmap their tool calls are made together, possibly in parallel.",
			func(t *Thread, a []Value) Value {
				return t.plCalls(append([]Value(nil), a...)) // parallel.go
			}, ex("(pcalls (fn [] 1) (fn [] (+ 1 1)))", "[1 2]")),
		fn(nsCore, g, "map-indexed", 2, 2, []string{"(map-indexed f coll)"},
			"Calls (f index element) for each element, indexes counting from 0, and returns the results.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				b := NewVectorBuilder(sqSizeHint(a[1]))
				i := int64(0)
				eachSeq(t, "map-indexed", a[1], func(x Value) bool {
					b.Add(t.call2(f, boxInt(i), x))
					i++
					return true
				})
				return b.Build()
			}, ex("(map-indexed vector [:a :b])", "[[0 :a] [1 :b]]")),
		fn(nsCore, g, "filter", 1, 2, []string{"(filter pred coll)"},
			"The elements for which (pred x) is truthy, in order.",
			func(t *Thread, a []Value) Value {
				sqNoXform("filter", a)
				return sqFilter(t, "filter", a[0], a[1], true)
			},
			ex("(filter even? [1 2 3 4])", "[2 4]"), ex("(filter :active [{:active true} {:active false}])", "[{:active true}]")),
		fn(nsCore, g, "filterv", 1, 2, []string{"(filterv pred coll)"},
			"Same as filter: results are vectors already.",
			func(t *Thread, a []Value) Value {
				sqNoXform("filterv", a)
				return sqFilter(t, "filterv", a[0], a[1], true)
			},
			ex("(filterv odd? [1 2 3])", "[1 3]")),
		fn(nsCore, g, "remove", 1, 2, []string{"(remove pred coll)"},
			"The elements for which (pred x) is falsy: the opposite of filter.",
			func(t *Thread, a []Value) Value {
				sqNoXform("remove", a)
				return sqFilter(t, "remove", a[0], a[1], false)
			},
			ex("(remove even? [1 2 3 4])", "[1 3]")),
		fn(nsCore, g, "keep", 1, 2, []string{"(keep f coll)"},
			"The non-nil results of (f x), in order. false is kept.",
			func(t *Thread, a []Value) Value {
				sqNoXform("keep", a)
				f := a[0]
				var b VectorBuilder
				eachSeq(t, "keep", a[1], func(x Value) bool {
					if r := t.call1(f, x); r != nil {
						b.Add(r)
					}
					return true
				})
				return b.Build()
			}, ex("(keep :a [{:a 1} {:b 2} {:a 3}])", "[1 3]"), ex("(keep odd? [1 2])", "[true false]")),
		fn(nsCore, g, "keep-indexed", 2, 2, []string{"(keep-indexed f coll)"},
			"The non-nil results of (f index x), in order.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				var b VectorBuilder
				i := int64(0)
				eachSeq(t, "keep-indexed", a[1], func(x Value) bool {
					if r := t.call2(f, boxInt(i), x); r != nil {
						b.Add(r)
					}
					i++
					return true
				})
				return b.Build()
			}, ex("(keep-indexed (fn [i x] (when (odd? i) x)) [:a :b :c :d])", "[:b :d]")),
		fn(nsCore, g, "mapcat", 1, -1, []string{"(mapcat f coll)", "(mapcat f c1 c2 & colls)"},
			"Maps f over the collections (as map does) and concatenates the resulting collections.",
			func(t *Thread, a []Value) Value {
				sqNoXform("mapcat", a)
				pos := t.pos
				parts := sqMap(t, "mapcat", a[0], a[1:])
				t.pos = pos
				var b VectorBuilder
				parts.Each(func(_ int, p Value) bool {
					sqAppendAll(t, "mapcat", &b, p)
					return true
				})
				return b.Build()
			}, ex("(mapcat reverse [[1 2] [3 4]])", "[2 1 4 3]"), ex("(mapcat (fn [x] [x x]) [1 2])", "[1 1 2 2]")),

		// ---- folding ----
		fn(nsCore, g, "reduce", 2, 3, []string{"(reduce f coll)", "(reduce f init coll)"},
			"Folds coll with f: (f (f init x1) x2) .... Without init the first element is the start; an empty coll then gives (f) and a one-element coll gives that element.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				coll := a[len(a)-1]
				if v, ok := coll.(*Vector); ok {
					n := v.Len()
					i := 0
					var acc Value
					if len(a) == 3 {
						acc = a[1]
					} else if n == 0 {
						return t.Call(f, nil)
					} else {
						acc, i = v.Nth(0), 1
					}
					for i < n {
						chunk := v.chunkFor(i)[i&vecMask:]
						t.charge(len(chunk))
						for _, x := range chunk {
							acc = t.call2(f, acc, x)
						}
						i += len(chunk)
					}
					return acc
				}
				if len(a) == 3 {
					acc := a[1]
					eachSeq(t, "reduce", a[2], func(x Value) bool {
						acc = t.call2(f, acc, x)
						return true
					})
					return acc
				}
				var acc Value
				started := false
				eachSeq(t, "reduce", a[1], func(x Value) bool {
					if !started {
						acc, started = x, true
						return true
					}
					acc = t.call2(f, acc, x)
					return true
				})
				if !started {
					return t.Call(f, nil)
				}
				return acc
			}, ex("(reduce + [1 2 3])", "6"), ex("(reduce + 10 [1 2 3])", "16"), ex("(reduce + [])", "0")),
		fn(nsCore, g, "reductions", 2, 3, []string{"(reductions f coll)", "(reductions f init coll)"},
			"The intermediate values of (reduce f init coll), starting with init (or the first element).",
			func(t *Thread, a []Value) Value {
				f := a[0]
				var b VectorBuilder
				var acc Value
				started := false
				coll := a[1]
				if len(a) == 3 {
					acc, started, coll = a[1], true, a[2]
					b.Add(acc)
				}
				eachSeq(t, "reductions", coll, func(x Value) bool {
					if !started {
						acc, started = x, true
					} else {
						acc = t.call2(f, acc, x)
					}
					b.Add(acc)
					return true
				})
				if !started {
					b.Add(t.Call(f, nil))
				}
				return b.Build()
			}, ex("(reductions + [1 2 3])", "[1 3 6]"), ex("(reductions + 10 [1 2])", "[10 11 13]")),

		// ---- access ----
		fn(nsCore, g, "first", 1, 1, []string{"(first coll)"}, "The first element, or nil when coll is empty or nil.",
			func(t *Thread, a []Value) Value { v, _ := sqNthSeq(t, "first", a[0], 0); return v },
			ex("(first [1 2 3])", "1"), ex("(first nil)", "nil"), ex(`(first "abc")`, `"a"`)),
		fn(nsCore, g, "second", 1, 1, []string{"(second coll)"}, "The second element, or nil.",
			func(t *Thread, a []Value) Value { v, _ := sqNthSeq(t, "second", a[0], 1); return v },
			ex("(second [1 2 3])", "2"), ex("(second [1])", "nil")),
		fn(nsCore, g, "last", 1, 1, []string{"(last coll)"}, "The last element, or nil.",
			func(t *Thread, a []Value) Value { return sqLast(t, "last", a[0]) },
			ex("(last [1 2 3])", "3"), ex("(last [])", "nil")),
		fn(nsCore, g, "ffirst", 1, 1, []string{"(ffirst coll)"}, "(first (first coll)).",
			func(t *Thread, a []Value) Value {
				v, _ := sqNthSeq(t, "ffirst", a[0], 0)
				v, _ = sqNthSeq(t, "ffirst", v, 0)
				return v
			}, ex("(ffirst [[1 2] [3]])", "1")),
		fn(nsCore, g, "fnext", 1, 1, []string{"(fnext coll)"}, "(first (next coll)): the second element.",
			func(t *Thread, a []Value) Value { v, _ := sqNthSeq(t, "fnext", a[0], 1); return v },
			ex("(fnext [1 2 3])", "2")),
		fn(nsCore, g, "nfirst", 1, 1, []string{"(nfirst coll)"}, "(next (first coll)).",
			func(t *Thread, a []Value) Value {
				v, _ := sqNthSeq(t, "nfirst", a[0], 0)
				return sqNext(t, "nfirst", v)
			}, ex("(nfirst [[1 2] [3]])", "(2)")),
		fn(nsCore, g, "nnext", 1, 1, []string{"(nnext coll)"}, "(next (next coll)).",
			func(t *Thread, a []Value) Value { return sqNilIfEmpty(sqDropList(t, "nnext", a[0], 2)) },
			ex("(nnext [1 2 3 4])", "(3 4)"), ex("(nnext [1 2])", "nil")),
		fn(nsCore, g, "rest", 1, 1, []string{"(rest coll)"}, "A list of all but the first element; the empty list when there are none.",
			func(t *Thread, a []Value) Value { return sqDropList(t, "rest", a[0], 1) },
			ex("(rest [1 2 3])", "(2 3)"), ex("(rest [1])", "()"), ex("(rest nil)", "()")),
		fn(nsCore, g, "next", 1, 1, []string{"(next coll)"}, "A list of all but the first element, or nil when there are none.",
			func(t *Thread, a []Value) Value { return sqNext(t, "next", a[0]) },
			ex("(next [1 2 3])", "(2 3)"), ex("(next [1])", "nil")),
		fn(nsCore, g, "nth", 2, 3, []string{"(nth coll index)", "(nth coll index not-found)"},
			"The element at index (from 0) of a vector, list or string. Out of range is an index_error unless not-found is given. nil gives nil (or not-found).",
			func(t *Thread, a []Value) Value {
				i := sqIndex("nth", a[1])
				v, ok := sqNth(t, a[0], i)
				if ok {
					return v
				}
				if len(a) == 3 {
					return a[2]
				}
				if a[0] == nil {
					return nil
				}
				throw(Errorf(IndexError, "nth: index %d out of bounds for %s of %d", i, TypeName(a[0]), seqCount("nth", a[0])).
					WithHint("use (get coll i) or (nth coll i default) to get a default instead of an error"))
				return nil
			}, ex("(nth [10 20 30] 1)", "20"), ex("(nth [10 20] 5 :none)", ":none"), ex("(nth [10 20] 5)", "error: index_error")),
		fn(nsCore, g, "nthnext", 2, 2, []string{"(nthnext coll n)"}, "The elements after the first n as a vector, or nil when none are left.",
			func(t *Thread, a []Value) Value {
				v := sqDrop(t, "nthnext", sqCount("nthnext", a[1]), a[0])
				if v.Len() == 0 {
					return nil
				}
				return v
			}, ex("(nthnext [1 2 3 4] 2)", "[3 4]"), ex("(nthnext [1] 3)", "nil")),
		fn(nsCore, g, "nthrest", 2, 2, []string{"(nthrest coll n)"}, "The elements after the first n as a vector (possibly empty).",
			func(t *Thread, a []Value) Value { return sqDrop(t, "nthrest", sqCount("nthrest", a[1]), a[0]) },
			ex("(nthrest [1 2 3 4] 2)", "[3 4]"), ex("(nthrest [1] 3)", "[]")),
		fn(nsCore, g, "seq", 1, 1, []string{"(seq coll)"},
			"nil when coll is empty or nil, otherwise its elements: vectors and lists as they are, strings as a vector of one-character strings, maps as a vector of [k v] vectors, sets as a vector.",
			func(t *Thread, a []Value) Value {
				switch c := a[0].(type) {
				case *Vector:
					if c.Len() == 0 {
						return nil
					}
					return c
				case *List:
					if c.Len() == 0 {
						return nil
					}
					return c
				}
				items := seqItemsNamed(t, "seq", a[0])
				if len(items) == 0 {
					return nil
				}
				return NewVector(items)
			}, ex("(seq [])", "nil"), ex(`(seq "ab")`, `["a" "b"]`), ex("(seq {:a 1})", "[[:a 1]]")),

		// ---- taking and dropping ----
		fn(nsCore, g, "take", 2, 2, []string{"(take n coll)"}, "The first n elements (all of them when there are fewer).",
			func(t *Thread, a []Value) Value { return sqTake(t, "take", sqCount("take", a[0]), a[1]) },
			ex("(take 2 [1 2 3])", "[1 2]"), ex("(take 5 [1 2])", "[1 2]"), ex(`(take 2 "hello")`, `["h" "e"]`)),
		fn(nsCore, g, "drop", 2, 2, []string{"(drop n coll)"}, "All but the first n elements.",
			func(t *Thread, a []Value) Value { return sqDrop(t, "drop", sqCount("drop", a[0]), a[1]) },
			ex("(drop 2 [1 2 3])", "[3]"), ex("(drop 5 [1 2])", "[]")),
		fn(nsCore, g, "take-while", 2, 2, []string{"(take-while pred coll)"}, "The leading elements for which pred is truthy.",
			func(t *Thread, a []Value) Value {
				pred := a[0]
				var b VectorBuilder
				eachSeq(t, "take-while", a[1], func(x Value) bool {
					if !Truthy(t.call1(pred, x)) {
						return false
					}
					b.Add(x)
					return true
				})
				return b.Build()
			}, ex("(take-while odd? [1 3 4 5])", "[1 3]")),
		fn(nsCore, g, "drop-while", 2, 2, []string{"(drop-while pred coll)"}, "The elements from the first one for which pred is falsy on.",
			func(t *Thread, a []Value) Value {
				pred := a[0]
				var b VectorBuilder
				dropping := true
				eachSeq(t, "drop-while", a[1], func(x Value) bool {
					if dropping && Truthy(t.call1(pred, x)) {
						return true
					}
					dropping = false
					b.Add(x)
					return true
				})
				return b.Build()
			}, ex("(drop-while odd? [1 3 4 5])", "[4 5]")),
		fn(nsCore, g, "take-last", 2, 2, []string{"(take-last n coll)"}, "The last n elements, or nil when that is none (as in Clojure).",
			func(t *Thread, a []Value) Value {
				n := sqCount("take-last", a[0])
				items := sqItemsOf(t, "take-last", a[1])
				if n <= 0 || len(items) == 0 {
					return nil
				}
				if n < len(items) {
					items = items[len(items)-n:]
				}
				return NewVector(items)
			}, ex("(take-last 2 [1 2 3])", "[2 3]"), ex("(take-last 2 [])", "nil")),
		fn(nsCore, g, "drop-last", 1, 2, []string{"(drop-last coll)", "(drop-last n coll)"}, "All but the last n elements (default 1).",
			func(t *Thread, a []Value) Value {
				n, coll := 1, a[0]
				if len(a) == 2 {
					n, coll = sqCount("drop-last", a[0]), a[1]
				}
				items := sqItemsOf(t, "drop-last", coll)
				if n < 0 {
					n = 0
				}
				if n > len(items) {
					n = len(items)
				}
				return NewVector(items[:len(items)-n])
			}, ex("(drop-last [1 2 3])", "[1 2]"), ex("(drop-last 2 [1 2 3])", "[1]")),
		fn(nsCore, g, "butlast", 1, 1, []string{"(butlast coll)"}, "All but the last element, or nil when that leaves nothing.",
			func(t *Thread, a []Value) Value {
				items := sqItemsOf(t, "butlast", a[0])
				if len(items) <= 1 {
					return nil
				}
				return NewVector(items[:len(items)-1])
			}, ex("(butlast [1 2 3])", "[1 2]"), ex("(butlast [1])", "nil")),
		fn(nsCore, g, "take-nth", 2, 2, []string{"(take-nth n coll)"}, "Every nth element, starting with the first.",
			func(t *Thread, a []Value) Value {
				n := sqCount("take-nth", a[0])
				items := sqItemsOf(t, "take-nth", a[1])
				if len(items) == 0 {
					return EmptyVector()
				}
				if n <= 0 {
					throw(sqInfinite("take-nth", "a step of n <= 0 repeats the first element forever").WithHint("use a positive n, e.g. (take-nth 2 coll)"))
				}
				b := NewVectorBuilder(len(items)/n + 1)
				for i := 0; i < len(items); i += n {
					b.Add(items[i])
				}
				return b.Build()
			}, ex("(take-nth 2 [1 2 3 4 5])", "[1 3 5]")),
		fn(nsCore, g, "split-at", 2, 2, []string{"(split-at n coll)"}, "[(take n coll) (drop n coll)].",
			func(t *Thread, a []Value) Value {
				n := sqCount("split-at", a[0])
				items := sqItemsOf(t, "split-at", a[1])
				n = max(0, min(n, len(items)))
				head := append([]Value(nil), items[:n]...)
				return NewVector([]Value{NewVector(head), NewVector(items[n:])})
			}, ex("(split-at 2 [1 2 3 4 5])", "[[1 2] [3 4 5]]")),
		fn(nsCore, g, "split-with", 2, 2, []string{"(split-with pred coll)"}, "[(take-while pred coll) (drop-while pred coll)].",
			func(t *Thread, a []Value) Value {
				pred := a[0]
				items := sqItemsOf(t, "split-with", a[1])
				n := 0
				for n < len(items) && Truthy(t.call1(pred, items[n])) {
					n++
				}
				head := append([]Value(nil), items[:n]...)
				return NewVector([]Value{NewVector(head), NewVector(items[n:])})
			}, ex("(split-with odd? [1 3 4 5])", "[[1 3] [4 5]]")),

		// ---- reordering ----
		fn(nsCore, g, "reverse", 1, 1, []string{"(reverse coll)"}, "The elements in reverse order.",
			func(t *Thread, a []Value) Value {
				items := sqItemsOf(t, "reverse", a[0])
				for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
					items[i], items[j] = items[j], items[i]
				}
				return NewVector(items)
			}, ex("(reverse [1 2 3])", "[3 2 1]"), ex(`(reverse "ab")`, `["b" "a"]`)),
		fn(nsCore, g, "sort", 1, 2, []string{"(sort coll)", "(sort comparator coll)"},
			"The elements in ascending order (nil first; numbers, strings, keywords, booleans and vectors among their own kind). comparator is a function returning a number (negative: a before b) or a boolean (true: a before b), or :asc / :desc. The sort is stable. Maps sort as [k v] entries.",
			func(t *Thread, a []Value) Value {
				var cmp Value
				coll := a[0]
				if len(a) == 2 {
					cmp, coll = a[0], a[1]
					sqCheckSwapped(t, "sort", "(sort comparator coll)", cmp, coll)
				}
				items := sqItemsOf(t, "sort", coll)
				less := sqLess(t, "sort", cmp)
				sqSort(t, items, less)
				return NewVector(items)
			}, ex("(sort [3 1 2])", "[1 2 3]"), ex("(sort > [3 1 2])", "[3 2 1]"), ex("(sort :desc [\"a\" \"c\" \"b\"])", `["c" "b" "a"]`)),
		fn(nsCore, g, "sort-by", 2, 3, []string{"(sort-by keyfn coll)", "(sort-by keyfn comparator coll)"},
			"The elements ordered by (keyfn x), compared as sort does; the key of each element is computed once. keyfn may be a keyword or a string naming a map key (found with flexible keys). comparator as for sort, including :asc / :desc.",
			func(t *Thread, a []Value) Value {
				kf := a[0]
				var cmp Value
				coll := a[1]
				if len(a) == 3 {
					cmp, coll = a[1], a[2]
					sqCheckSwapped(t, "sort-by", "(sort-by keyfn comparator coll)", cmp, coll)
				}
				items := sqItemsOf(t, "sort-by", coll)
				pairs := make([]sqKV, len(items))
				pos := t.pos
				for i, x := range items {
					pairs[i] = sqKV{sqKey(t, kf, x), x}
				}
				t.pos = pos
				less := sqLess(t, "sort-by", cmp)
				sqSort(t, pairs, func(x, y sqKV) bool { return less(x.k, y.k) })
				for i, p := range pairs {
					items[i] = p.v
				}
				return NewVector(items)
			}, ex("(sort-by count [\"ccc\" \"a\" \"bb\"])", `["a" "bb" "ccc"]`), ex("(sort-by :age > [{:age 30} {:age 40}])", "[{:age 40} {:age 30}]"),
			ex("(sort-by :n :desc [{:n 1} {:n 2}])", "[{:n 2} {:n 1}]")),
		fn(nsCore, g, "distinct", 1, 1, []string{"(distinct coll)"}, "The elements without repeats, first occurrences kept in order.",
			func(t *Thread, a []Value) Value {
				if _, ok := a[0].(*Map); ok {
					throw(Errorf(TypeError, "distinct does not take a map: its entries are already distinct").
						WithHint("use (keys m), (vals m) or (distinct (vals m))"))
				}
				var seen SetBuilder
				var b VectorBuilder
				eachSeq(t, "distinct", a[0], func(x Value) bool {
					if !seen.Contains(x) {
						seen.Add(x)
						b.Add(x)
					}
					return true
				})
				return b.Build()
			}, ex("(distinct [1 2 1 3 2])", "[1 2 3]")),
		fn(nsCore, g, "dedupe", 1, 1, []string{"(dedupe coll)"}, "The elements with consecutive repeats collapsed to one.",
			func(t *Thread, a []Value) Value {
				var b VectorBuilder
				var prev Value
				first := true
				eachSeq(t, "dedupe", a[0], func(x Value) bool {
					if first || !Equal(prev, x) {
						b.Add(x)
					}
					prev, first = x, false
					return true
				})
				return b.Build()
			}, ex("(dedupe [1 1 2 1 1])", "[1 2 1]")),
		fn(nsCore, g, "group-by", 2, 2, []string{"(group-by f coll)"},
			"A map from each value of (f x) to the vector of elements that gave it, in order. f may be a keyword or a string naming a map key (found with flexible keys).",
			func(t *Thread, a []Value) Value {
				kf := a[0]
				var index MapBuilder
				var keys []Value
				var groups []*VectorBuilder
				eachSeq(t, "group-by", a[1], func(x Value) bool {
					k := sqKey(t, kf, x)
					if i, ok := index.Get(k); ok {
						groups[i.(int64)].Add(x)
						return true
					}
					index.Set(k, int64(len(groups)))
					keys = append(keys, k)
					vb := &VectorBuilder{}
					vb.Add(x)
					groups = append(groups, vb)
					return true
				})
				var out MapBuilder
				for i, k := range keys {
					out.Set(k, groups[i].Build())
				}
				return out.Build()
			}, ex("(group-by odd? [1 2 3])", "{true [1 3], false [2]}"), ex("(group-by :t [{:t :a :v 1} {:t :b :v 2}])", "{:a [{:t :a, :v 1}], :b [{:t :b, :v 2}]}")),
		fn(nsCore, g, "frequencies", 1, 1, []string{"(frequencies coll)"}, "A map from each distinct element to the number of times it occurs.",
			func(t *Thread, a []Value) Value {
				var m MapBuilder
				eachSeq(t, "frequencies", a[0], func(x Value) bool {
					n, _ := m.Get(x)
					c, _ := n.(int64)
					m.Set(x, boxInt(c+1))
					return true
				})
				return m.Build()
			}, ex("(frequencies [:a :b :a])", "{:a 2, :b 1}"), ex(`(frequencies "aba")`, `{"a" 2, "b" 1}`)),

		// ---- partitioning ----
		fn(nsCore, g, "partition", 2, 4, []string{"(partition n coll)", "(partition n step coll)", "(partition n step pad coll)"},
			"Vectors of n elements, each starting step elements after the previous (default n). An incomplete last group is dropped, unless pad is given: then it is filled from pad (and may stay short).",
			func(t *Thread, a []Value) Value {
				var step, pad, coll Value
				switch len(a) {
				case 2:
					step, coll = a[0], a[1]
				case 3:
					step, coll = a[1], a[2]
				default:
					step, pad, coll = a[1], a[2], a[3]
				}
				return sqPartition(t, a[0], step, pad, len(a) == 4, coll)
			}, ex("(partition 2 [1 2 3 4 5])", "[[1 2] [3 4]]"), ex("(partition 2 1 [1 2 3])", "[[1 2] [2 3]]"), ex("(partition 2 2 [0] [1 2 3])", "[[1 2] [3 0]]")),
		fn(nsCore, g, "partition-all", 2, 3, []string{"(partition-all n coll)", "(partition-all n step coll)"},
			"Like partition, but the short groups at the end are kept.",
			func(t *Thread, a []Value) Value {
				step, coll := a[0], a[1]
				if len(a) == 3 {
					step, coll = a[1], a[2]
				}
				n := sqCount("partition-all", a[0])
				s := sqCount("partition-all", step)
				items := sqItemsOf(t, "partition-all", coll)
				if len(items) == 0 {
					return EmptyVector()
				}
				if n <= 0 || s <= 0 {
					throw(sqInfinite("partition-all", "a size or step <= 0 never advances").WithHint("use positive sizes, e.g. (partition-all 2 coll)"))
				}
				var b VectorBuilder
				for i := 0; i < len(items); i += s {
					end := min(i+n, len(items))
					t.charge(end - i)
					b.Add(NewVector(append([]Value(nil), items[i:end]...)))
				}
				return b.Build()
			}, ex("(partition-all 2 [1 2 3])", "[[1 2] [3]]")),
		fn(nsCore, g, "partition-by", 2, 2, []string{"(partition-by f coll)"}, "Splits coll into vectors of consecutive elements for which (f x) gives equal values.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				var out VectorBuilder
				var cur *VectorBuilder
				var prev Value
				eachSeq(t, "partition-by", a[1], func(x Value) bool {
					k := t.call1(f, x)
					if cur == nil || !Equal(k, prev) {
						if cur != nil {
							out.Add(cur.Build())
						}
						cur = &VectorBuilder{}
					}
					cur.Add(x)
					prev = k
					return true
				})
				if cur != nil {
					out.Add(cur.Build())
				}
				return out.Build()
			}, ex("(partition-by odd? [1 3 2 4 5])", "[[1 3] [2 4] [5]]")),

		// ---- combining ----
		fn(nsCore, g, "concat", 0, -1, []string{"(concat & colls)"}, "The elements of all the collections, one after another, as a vector.",
			func(t *Thread, a []Value) Value {
				colls := append([]Value(nil), a...)
				total := 0
				for _, c := range colls {
					if !isSeqable(c) {
						throw(notSeqable("concat", c))
					}
					total += seqCount("concat", c)
				}
				t.checkCollection(total)
				b := NewVectorBuilder(total)
				for _, c := range colls {
					eachSeq(t, "concat", c, func(x Value) bool { b.Add(x); return true })
				}
				return b.Build()
			}, ex("(concat [1 2] [3] nil)", "[1 2 3]"), ex(`(concat [1] "ab")`, `[1 "a" "b"]`)),
		fn(nsCore, g, "interleave", 0, -1, []string{"(interleave & colls)"}, "The first element of each collection, then the second of each, and so on, stopping when the shortest runs out.",
			func(t *Thread, a []Value) Value {
				if len(a) == 0 {
					return EmptyVector()
				}
				lists := make([][]Value, len(a))
				n := math.MaxInt
				for i, c := range a {
					lists[i] = sqItemsOf(t, "interleave", c)
					n = min(n, len(lists[i]))
				}
				t.checkCollection(n * len(lists))
				t.charge(n * len(lists))
				b := NewVectorBuilder(n * len(lists))
				for j := 0; j < n; j++ {
					for _, l := range lists {
						b.Add(l[j])
					}
				}
				return b.Build()
			}, ex("(interleave [1 2 3] [:a :b])", "[1 :a 2 :b]")),
		fn(nsCore, g, "interpose", 2, 2, []string{"(interpose sep coll)"}, "The elements with sep between each two.",
			func(t *Thread, a []Value) Value {
				sep := a[0]
				items := sqItemsOf(t, "interpose", a[1])
				if len(items) == 0 {
					return EmptyVector()
				}
				t.checkCollection(2*len(items) - 1)
				b := NewVectorBuilder(2*len(items) - 1)
				for i, x := range items {
					if i > 0 {
						b.Add(sep)
					}
					b.Add(x)
				}
				return b.Build()
			}, ex(`(interpose ", " ["a" "b" "c"])`, `["a" ", " "b" ", " "c"]`)),
		fn(nsCore, g, "flatten", 1, 1, []string{"(flatten x)"}, "The non-sequential values inside nested vectors and lists, in order. Maps, sets and strings are kept whole; a non-sequential x gives [].",
			func(t *Thread, a []Value) Value { return sqFlatten(t, a[0]) },
			ex("(flatten [1 [2 [3 4]] 5])", "[1 2 3 4 5]"), ex("(flatten [[1 {:a 2}]])", "[1 {:a 2}]"), ex("(flatten 5)", "[]")),
		fn(nsCore, g, "tree-seq", 3, 3, []string{"(tree-seq branch? children root)"},
			"The nodes of a tree in depth-first order, root first. (branch? node) says whether a node has children, and (children node) returns them.",
			func(t *Thread, a []Value) Value { return sqTreeSeq(t, a[0], a[1], a[2]) },
			ex("(tree-seq vector? identity [1 [2]])", "[[1 [2]] 1 [2] 2]"), ex("(map :id (tree-seq :kids :kids {:id 1 :kids [{:id 2}]}))", "[1 2]")),

		// ---- predicates over elements ----
		fn(nsCore, g, "some", 2, 2, []string{"(some pred coll)"}, "The first truthy value of (pred x), or nil. A set works as pred: (some #{:a} xs).",
			func(t *Thread, a []Value) Value {
				pred := a[0]
				var out Value
				eachSeq(t, "some", a[1], func(x Value) bool {
					if r := t.call1(pred, x); Truthy(r) {
						out = r
						return false
					}
					return true
				})
				return out
			}, ex("(some even? [1 2 3])", "true"), ex("(some #{3} [1 2 3])", "3"), ex("(some :a [{:b 1}])", "nil")),
		fn(nsCore, g, "every?", 2, 2, []string{"(every? pred coll)"}, "true when (pred x) is truthy for every element (so true for an empty coll).",
			func(t *Thread, a []Value) Value { return sqAll(t, "every?", a[0], a[1]) },
			ex("(every? even? [2 4])", "true"), ex("(every? even? [])", "true")),
		fn(nsCore, g, "not-every?", 2, 2, []string{"(not-every? pred coll)"}, "true when (pred x) is falsy for some element.",
			func(t *Thread, a []Value) Value { return !sqAll(t, "not-every?", a[0], a[1]) },
			ex("(not-every? even? [2 3])", "true")),
		fn(nsCore, g, "not-any?", 2, 2, []string{"(not-any? pred coll)"}, "true when (pred x) is falsy for every element.",
			func(t *Thread, a []Value) Value {
				pred := a[0]
				ok := true
				eachSeq(t, "not-any?", a[1], func(x Value) bool {
					if Truthy(t.call1(pred, x)) {
						ok = false
					}
					return ok
				})
				return ok
			}, ex("(not-any? even? [1 3])", "true")),

		// ---- generators ----
		fn(nsCore, g, "range", 0, 3, []string{"(range end)", "(range start end)", "(range start end step)"},
			"Numbers from start (default 0) up to but not including end, by step (default 1; negative steps count down). Floats are allowed. There is no infinite (range).",
			sqRange, ex("(range 5)", "[0 1 2 3 4]"), ex("(range 1 10 3)", "[1 4 7]"), ex("(range 5 0 -2)", "[5 3 1]")),
		fn(nsCore, g, "repeat", 1, 2, []string{"(repeat n x)"}, "A vector of n copies of x. There is no infinite (repeat x).",
			func(t *Thread, a []Value) Value {
				if len(a) == 1 {
					throw(Errorf(ArityError, "repeat needs a count: infinite lazy sequences are not supported").
						WithHint("lazy sequences are not supported, use (repeat n x)"))
				}
				n := sqIndex("repeat", a[0])
				if n <= 0 {
					return EmptyVector()
				}
				t.checkCollection(int(min(n, math.MaxInt32)))
				t.charge(int(n))
				items := make([]Value, n)
				for i := range items {
					items[i] = a[1]
				}
				return NewVector(items)
			}, ex("(repeat 3 :x)", "[:x :x :x]")),

		// ---- side effects ----
		fn(nsCore, g, "doall", 1, 2, []string{"(doall coll)", "(doall n coll)"}, "Returns coll. Sequences are already eager, so there is nothing to force.",
			func(t *Thread, a []Value) Value { return a[len(a)-1] }, ex("(doall [1 2])", "[1 2]")),
		fn(nsCore, g, "dorun", 1, 2, []string{"(dorun coll)", "(dorun n coll)"}, "Returns nil. Sequences are already eager, so there is nothing to force.",
			func(t *Thread, a []Value) Value { return nil }, ex("(dorun (map inc [1 2]))", "nil")),
		fn(nsCore, g, "run!", 2, 2, []string{"(run! f coll)"}, "Calls f on each element for its side effects; returns nil.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				eachSeq(t, "run!", a[1], func(x Value) bool { t.call1(f, x); return true })
				return nil
			}, ex("(run! println [1 2])", "nil")),
		fn(nsCore, g, "max-key", 2, -1, []string{"(max-key k x & more)"}, "The argument for which (k x) is the largest number; the last one wins ties.",
			func(t *Thread, a []Value) Value { return sqExtremeKey(t, "max-key", 1, a) },
			ex("(max-key count \"a\" \"abc\" \"ab\")", `"abc"`), ex("(apply max-key :n [{:n 1} {:n 3}])", "{:n 3}")),
		fn(nsCore, g, "min-key", 2, -1, []string{"(min-key k x & more)"}, "The argument for which (k x) is the smallest number; the last one wins ties.",
			func(t *Thread, a []Value) Value { return sqExtremeKey(t, "min-key", -1, a) },
			ex("(min-key count \"abc\" \"a\" \"ab\")", `"a"`)),

		// ---- functions ----
		fn(nsCore, gf, "apply", 2, -1, []string{"(apply f coll)", "(apply f x & args-then-coll)"},
			"Calls f with the given arguments followed by the elements of the last argument, a collection.",
			func(t *Thread, a []Value) Value {
				last := a[len(a)-1]
				if !isSeqable(last) {
					throw(Errorf(TypeError, "apply expects a collection as its last argument, got %s", describeForError(last)).
						WithHint("wrap single values: (apply f x [y]) or call f directly"))
				}
				args := append([]Value(nil), a[1:len(a)-1]...)
				args = append(args, seqItemsNamed(t, "apply", last)...)
				t.checkCollection(len(args))
				return t.Call(a[0], args)
			}, ex("(apply + [1 2 3])", "6"), ex("(apply + 1 2 [3 4])", "10"), ex("(apply str nil)", `""`)),
		fn(nsCore, gf, "comp", 0, -1, []string{"(comp)", "(comp f)", "(comp f g & fs)"},
			"Composes functions right to left: ((comp f g) x) is (f (g x)). The rightmost may take any number of arguments. (comp) is identity.",
			func(t *Thread, a []Value) Value {
				fs := append([]Value(nil), a...)
				if len(fs) == 1 {
					return fs[0]
				}
				return sqClosure("comp", 0, func(t *Thread, args []Value) Value {
					if len(fs) == 0 {
						if len(args) != 1 {
							throw(Errorf(ArityError, "(comp) called with %d arguments, but it takes 1", len(args)))
						}
						return args[0]
					}
					v := t.Call(fs[len(fs)-1], args)
					for i := len(fs) - 2; i >= 0; i-- {
						v = t.call1(fs[i], v)
					}
					return v
				})
			}, ex("((comp str inc) 5)", `"6"`), ex("((comp) 3)", "3")),
		fn(nsCore, gf, "partial", 1, -1, []string{"(partial f & args)"}, "A function that calls f with args followed by its own arguments.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				fixed := append([]Value(nil), a[1:]...)
				if len(fixed) == 0 {
					return f
				}
				return sqClosure("partial", 0, func(t *Thread, args []Value) Value {
					all := make([]Value, 0, len(fixed)+len(args))
					all = append(append(all, fixed...), args...)
					return t.Call(f, all)
				})
			}, ex("((partial + 10) 5)", "15"), ex("(map (partial * 2) [1 2])", "[2 4]")),
		fn(nsCore, gf, "juxt", 1, -1, []string{"(juxt f & fs)"}, "A function returning the vector of each function's result on its arguments.",
			func(t *Thread, a []Value) Value {
				fs := append([]Value(nil), a...)
				return sqClosure("juxt", 0, func(t *Thread, args []Value) Value {
					b := NewVectorBuilder(len(fs))
					for _, f := range fs {
						b.Add(t.Call(f, args))
					}
					return b.Build()
				})
			}, ex("((juxt :a :b) {:a 1 :b 2})", "[1 2]"), ex("((juxt inc dec) 5)", "[6 4]")),
		fn(nsCore, gf, "complement", 1, 1, []string{"(complement f)"}, "A function returning true where f returns a falsy value, and false otherwise.",
			func(t *Thread, a []Value) Value {
				f := a[0]
				return sqClosure("complement", 0, func(t *Thread, args []Value) Value { return !Truthy(t.Call(f, args)) })
			}, ex("((complement even?) 3)", "true")),
		fn(nsCore, gf, "constantly", 1, 1, []string{"(constantly x)"}, "A function that ignores its arguments and returns x.",
			func(t *Thread, a []Value) Value {
				x := a[0]
				return sqClosure("constantly", 0, func(t *Thread, args []Value) Value { return x })
			}, ex("((constantly 7) 1 2)", "7")),
		fn(nsCore, gf, "fnil", 2, 4, []string{"(fnil f x)", "(fnil f x y)", "(fnil f x y z)"},
			"A function like f, except that a nil first (second, third) argument is replaced by x (y, z).",
			func(t *Thread, a []Value) Value {
				f := a[0]
				defs := append([]Value(nil), a[1:]...)
				return sqClosure("fnil", 0, func(t *Thread, args []Value) Value {
					all := append([]Value(nil), args...)
					for i := 0; i < len(defs) && i < len(all); i++ {
						if all[i] == nil {
							all[i] = defs[i]
						}
					}
					return t.Call(f, all)
				})
			}, ex("((fnil inc 0) nil)", "1"), ex("(update {} :n (fnil inc 0))", "{:n 1}")),
		fn(nsCore, gf, "every-pred", 1, -1, []string{"(every-pred p & ps)"}, "A predicate that is true when every p is truthy for every argument.",
			func(t *Thread, a []Value) Value {
				ps := append([]Value(nil), a...)
				return sqClosure("every-pred", 0, func(t *Thread, args []Value) Value {
					for _, p := range ps {
						for _, x := range args {
							if !Truthy(t.call1(p, x)) {
								return false
							}
						}
					}
					return true
				})
			}, ex("((every-pred even? pos?) 4)", "true"), ex("((every-pred even? pos?) -4)", "false")),
		fn(nsCore, gf, "some-fn", 1, -1, []string{"(some-fn p & ps)"}, "A function returning the first truthy (p x) over its predicates and arguments, or the last falsy result.",
			func(t *Thread, a []Value) Value {
				ps := append([]Value(nil), a...)
				return sqClosure("some-fn", 0, func(t *Thread, args []Value) Value {
					var last Value
					for _, p := range ps {
						for _, x := range args {
							r := t.call1(p, x)
							if Truthy(r) {
								return r
							}
							last = r
						}
					}
					return last
				})
			}, ex("((some-fn :a :b) {:b 2})", "2"), ex("((some-fn even?) 3)", "false")),
	}
}

// ---- helpers ----

// sqNoXform rejects the one-argument (transducer) forms of map, filter &
// co.
func sqNoXform(fname string, a []Value) {
	if len(a) == 1 {
		throw(Errorf(ArityError, "%s called with 1 argument: transducers are not supported, pass the collection too", fname).
			WithHint("use (%s f coll); with into write (into to (%s f from))", fname, fname))
	}
}

// sqClosure makes a function value built by a combinator.
func sqClosure(name string, min int, f func(t *Thread, args []Value) Value) *Builtin {
	return &Builtin{Name: name, MinArgs: min, MaxArgs: -1, Fn: f}
}

// sqSizeHint is the element count of coll when it is cheap to know.
func sqSizeHint(coll Value) int {
	switch c := coll.(type) {
	case *Vector:
		return c.Len()
	case *List:
		return c.Len()
	case *Map:
		return c.Len()
	case *Set:
		return c.Len()
	case string:
		return len(c)
	}
	return 0
}

// sqItemsOf returns the elements of a seqable in a fresh slice the caller
// owns; it charges a step per element.
func sqItemsOf(t *Thread, fname string, coll Value) []Value {
	return seqItemsNamed(t, fname, coll)
}

// sqIndex reads an index argument: an integer, or a float truncated
// toward zero (as Clojure does).
func sqIndex(fname string, v Value) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		switch {
		case x != x:
			return 0
		case x >= math.MaxInt64:
			return math.MaxInt64
		case x <= math.MinInt64:
			return math.MinInt64
		}
		return int64(x)
	}
	e := Errorf(TypeError, "%s expects an integer, got %s", fname, describeForError(v))
	if v == nil {
		e.Hint = "the count or index is nil: check where it came from"
	} else if isSeqable(v) {
		e.Hint = "arguments may be swapped: the number comes before the collection, e.g. (" + fname + " 2 coll)"
	}
	throw(e)
	return 0
}

// sqCount reads a count argument (take, drop ...). A float counts as its
// ceiling, as Clojure's counting-down loops do. The result fits an int.
func sqCount(fname string, v Value) int {
	var n int64
	if f, ok := v.(float64); ok && f == f {
		n = sqIndex(fname, math.Ceil(f))
	} else {
		n = sqIndex(fname, v)
	}
	const lim = math.MaxInt32
	return int(max(-lim, min(n, lim)))
}

// sqNthSeq returns element i (>= 0) of any seqable, walking what it must.
func sqNthSeq(t *Thread, fname string, coll Value, i int) (Value, bool) {
	switch c := coll.(type) {
	case nil:
		return nil, false
	case *Vector:
		if i < c.Len() {
			return c.Nth(i), true
		}
		return nil, false
	case *List:
		l := c
		for ; i > 0 && l.Len() > 0; i-- {
			l = l.rest
		}
		if l.Len() == 0 {
			return nil, false
		}
		return l.first, true
	case string:
		if s, ok := runeAt(c, i); ok {
			return s, true
		}
		return nil, false
	}
	var out Value
	found := false
	eachSeq(t, fname, coll, func(x Value) bool {
		if i == 0 {
			out, found = x, true
			return false
		}
		i--
		return true
	})
	return out, found
}

// sqNth is nth without the error: vectors, lists, strings and nil.
func sqNth(t *Thread, coll Value, i int64) (Value, bool) {
	switch c := coll.(type) {
	case nil:
		return nil, false
	case *Vector, *List, string:
		if i < 0 || i > math.MaxInt32 {
			return nil, false
		}
		if l, ok := c.(*List); ok {
			t.charge(int(min(i, int64(l.Len()))))
		}
		return sqNthSeq(t, "nth", c, int(i))
	case *Map, *Set:
		throw(Errorf(TypeError, "nth does not work on a %s (it has no index order)", TypeName(coll)).
			WithHint("turn it into a vector first: (nth (vec coll) i), or use first"))
	}
	throw(Errorf(TypeError, "nth expects a vector, list or string, got %s", describeForError(coll)))
	return nil, false
}

func sqLast(t *Thread, fname string, coll Value) Value {
	switch c := coll.(type) {
	case nil:
		return nil
	case *Vector:
		return c.Peek()
	case string:
		if c == "" {
			return nil
		}
		_, size := utf8.DecodeLastRuneInString(c)
		return c[len(c)-size:]
	}
	var out Value
	eachSeq(t, fname, coll, func(x Value) bool { out = x; return true })
	return out
}

// sqDropList is (rest ...) applied n times: a list, possibly empty.
func sqDropList(t *Thread, fname string, coll Value, n int) *List {
	switch c := coll.(type) {
	case nil:
		return emptyList
	case *List:
		for ; n > 0 && c.Len() > 0; n-- {
			c = c.rest
		}
		if c == nil {
			return emptyList
		}
		return c
	case *Vector:
		if n >= c.Len() {
			return emptyList
		}
		t.charge(c.Len() - n)
		items := make([]Value, c.Len()-n)
		c.copyTo(items, n)
		return NewList(items)
	}
	items := seqItemsNamed(t, fname, coll)
	if n >= len(items) {
		return emptyList
	}
	return NewList(items[n:])
}

func sqNext(t *Thread, fname string, coll Value) Value {
	return sqNilIfEmpty(sqDropList(t, fname, coll, 1))
}

func sqNilIfEmpty(l *List) Value {
	if l.Len() == 0 {
		return nil
	}
	return l
}

// sqTake is (take n coll) as a vector.
func sqTake(t *Thread, fname string, n int, coll Value) *Vector {
	if v, ok := coll.(*Vector); ok {
		n = max(0, min(n, v.Len()))
		t.charge(n)
		return v.Slice(0, n)
	}
	if n <= 0 {
		if !isSeqable(coll) {
			throw(notSeqable(fname, coll))
		}
		return EmptyVector()
	}
	b := NewVectorBuilder(min(n, sqSizeHint(coll)))
	eachSeq(t, fname, coll, func(x Value) bool {
		b.Add(x)
		return b.Len() < n
	})
	return b.Build()
}

// sqDrop is (drop n coll) as a vector.
func sqDrop(t *Thread, fname string, n int, coll Value) *Vector {
	if v, ok := coll.(*Vector); ok {
		n = max(0, min(n, v.Len()))
		t.charge(v.Len() - n)
		return v.Slice(n, v.Len())
	}
	var b VectorBuilder
	i := 0
	eachSeq(t, fname, coll, func(x Value) bool {
		if i >= n {
			b.Add(x)
		}
		i++
		return true
	})
	return b.Build()
}

func sqMap(t *Thread, fname string, f Value, colls []Value) *Vector {
	if len(colls) == 1 {
		if v, ok := colls[0].(*Vector); ok {
			n := v.Len()
			b := NewVectorBuilder(n)
			for i := 0; i < n; {
				chunk := v.chunkFor(i)
				t.charge(len(chunk))
				for _, x := range chunk {
					b.Add(t.call1(f, x))
				}
				i += len(chunk)
			}
			return b.Build()
		}
		b := NewVectorBuilder(sqSizeHint(colls[0]))
		eachSeq(t, fname, colls[0], func(x Value) bool {
			b.Add(t.call1(f, x))
			return true
		})
		return b.Build()
	}
	lists := make([][]Value, len(colls))
	n := math.MaxInt
	for i, c := range colls {
		lists[i] = seqItemsNamed(t, fname, c)
		n = min(n, len(lists[i]))
	}
	b := NewVectorBuilder(n)
	if len(lists) == 2 {
		x, y := lists[0], lists[1]
		for i := 0; i < n; i++ {
			b.Add(t.call2(f, x[i], y[i]))
		}
		return b.Build()
	}
	for i := 0; i < n; i++ {
		args := make([]Value, len(lists))
		for j, l := range lists {
			args[j] = l[i]
		}
		b.Add(t.Call(f, args))
	}
	return b.Build()
}

func sqFilter(t *Thread, fname string, pred, coll Value, keep bool) *Vector {
	var b VectorBuilder
	if v, ok := coll.(*Vector); ok {
		n := v.Len()
		for i := 0; i < n; {
			chunk := v.chunkFor(i)
			t.charge(len(chunk))
			for _, x := range chunk {
				if Truthy(t.call1(pred, x)) == keep {
					b.Add(x)
				}
			}
			i += len(chunk)
		}
		return b.Build()
	}
	eachSeq(t, fname, coll, func(x Value) bool {
		if Truthy(t.call1(pred, x)) == keep {
			b.Add(x)
		}
		return true
	})
	return b.Build()
}

func sqAll(t *Thread, fname string, pred, coll Value) bool {
	ok := true
	eachSeq(t, fname, coll, func(x Value) bool {
		if !Truthy(t.call1(pred, x)) {
			ok = false
		}
		return ok
	})
	return ok
}

// sqAppendAll adds the elements of a seqable to b, enforcing the
// collection size limit.
func sqAppendAll(t *Thread, fname string, b *VectorBuilder, coll Value) {
	if !isSeqable(coll) {
		throw(notSeqable(fname, coll))
	}
	t.checkCollection(b.Len() + sqSizeHint(coll))
	eachSeq(t, fname, coll, func(x Value) bool { b.Add(x); return true })
}

func sqInfinite(fname, why string) *Error {
	return Errorf(ValueError, "%s would produce an infinite sequence: %s (lazy sequences are not supported)", fname, why)
}

// sqKey computes a sort or group key: a string key function looks the
// string up as a map key (PTC flexible keys); anything else is called.
// A vector called on an integer indexes it, as in Clojure; on anything
// else (where Clojure fails) it is a get-in path (PTC extension), so
// (sort-by [:user :age] people) works.
func sqKey(t *Thread, kf Value, x Value) Value {
	switch k := kf.(type) {
	case string:
		return getValue(x, k, nil)
	case *Vector:
		if _, isInt := x.(int64); isInt {
			break
		}
		v := x
		k.Each(func(_ int, key Value) bool {
			v = getValue(v, key, nil)
			return v != nil
		})
		return v
	}
	return t.call1(kf, x)
}

type sqKV struct{ k, v Value }

// sqCheckSwapped reports a comparator and collection given in the wrong
// order, e.g. (sort [3 1 2] >).
func sqCheckSwapped(t *Thread, fname, usage string, cmp, coll Value) {
	switch cmp.(type) {
	case *Vector, *List, *Set:
		switch coll.(type) {
		case *Fn, *Builtin, Keyword:
			throw(Errorf(TypeError, "%s expects the comparator before the collection, got %s last", fname, describeForError(coll)).
				WithHint("usage: %s", usage))
		}
	}
}

// sqLess turns a sort comparator into a less function. nil means the
// natural order (compare); :asc and :desc are PTC shorthands; a function
// may return a number (negative: a first) or a boolean (true: a first).
func sqLess(t *Thread, fname string, cmp Value) func(a, b Value) bool {
	natural := sqNaturalLess
	switch c := cmp.(type) {
	case nil:
		return natural
	case Keyword:
		switch c {
		case "asc":
			return natural
		case "desc":
			return func(a, b Value) bool { return sqNaturalLess(b, a) }
		}
		throw(Errorf(ValueError, "%s: unknown comparator keyword %s", fname, PrStr(c)).
			WithHint("use :asc, :desc or a function such as compare or >"))
	case string, int64, float64, bool:
		throw(Errorf(TypeError, "%s expects a comparator function, got %s", fname, describeForError(c)).
			WithHint("use :asc, :desc or a function such as compare or >"))
	}
	pos := t.pos
	return func(a, b Value) bool {
		switch r := t.call2(cmp, a, b).(type) {
		case bool:
			return r
		case int64:
			return r < 0
		case float64:
			return int64(r) < 0
		default:
			e := Errorf(TypeError, "%s: the comparator must return a number or a boolean, got %s", fname, describeForError(r)).
				WithHint("use compare for natural order, or a boolean test such as > or <")
			e.Pos = pos
			throw(e)
		}
		return false
	}
}

// sqNaturalLess is (neg? (compare a b)) with fast paths for the common
// kinds.
func sqNaturalLess(a, b Value) bool {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return x < y
		}
	case string:
		if y, ok := b.(string); ok {
			return compareStrings(x, y) < 0 // UTF-16 order, as compare
		}
	}
	return Compare(a, b) < 0
}

// sqSort is a stable merge sort that uses only less(a, b). It charges the
// comparisons up front (a function comparator charges its own calls too).
func sqSort[T any](t *Thread, xs []T, less func(a, b T) bool) {
	if len(xs) < 2 {
		return
	}
	t.charge(len(xs) * bits.Len(uint(len(xs))))
	buf := make([]T, len(xs))
	sqMergeSort(xs, buf, less)
}

func sqMergeSort[T any](xs, buf []T, less func(a, b T) bool) {
	n := len(xs)
	if n <= 12 {
		for i := 1; i < n; i++ {
			for j := i; j > 0 && less(xs[j], xs[j-1]); j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		return
	}
	m := n / 2
	sqMergeSort(xs[:m], buf[:m], less)
	sqMergeSort(xs[m:], buf[m:], less)
	if !less(xs[m], xs[m-1]) {
		return
	}
	copy(buf, xs)
	i, j, k := 0, m, 0
	for i < m && j < n {
		if less(buf[j], buf[i]) {
			xs[k] = buf[j]
			j++
		} else {
			xs[k] = buf[i]
			i++
		}
		k++
	}
	copy(xs[k:], buf[i:m])
	var zero T
	for i := range buf {
		buf[i] = zero
	}
}

// sqPartition implements partition with Clojure's rules: a group is
// complete when it holds exactly n elements (a float n never does).
func sqPartition(t *Thread, nv, stepv, pad Value, hasPad bool, coll Value) *Vector {
	n := sqCount("partition", nv)
	_, nFloat := nv.(float64)
	step := sqCount("partition", stepv)
	items := sqItemsOf(t, "partition", coll)
	var padItems []Value
	if hasPad {
		padItems = sqItemsOf(t, "partition", pad)
	}
	var b VectorBuilder
	for i := 0; i < len(items); {
		end := i + max(0, min(n, len(items)-i))
		group := items[i:end]
		if !nFloat && len(group) == n {
			if n <= 0 || step <= 0 {
				throw(sqInfinite("partition", "a size or step <= 0 never advances").WithHint("use positive sizes, e.g. (partition 2 coll)"))
			}
			t.charge(n)
			b.Add(NewVector(append([]Value(nil), group...)))
			i += step
			continue
		}
		if hasPad {
			g := append([]Value(nil), group...)
			for _, p := range padItems {
				if len(g) >= n {
					break
				}
				g = append(g, p)
			}
			b.Add(NewVector(g))
		}
		break
	}
	return b.Build()
}

func sqFlatten(t *Thread, x Value) *Vector {
	switch x.(type) {
	case *Vector, *List:
	default:
		return EmptyVector()
	}
	var b VectorBuilder
	stack := [][]Value{seqItemsNamed(t, "flatten", x)}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		if len(top) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		e := top[0]
		stack[len(stack)-1] = top[1:]
		switch e.(type) {
		case *Vector, *List:
			stack = append(stack, seqItemsNamed(t, "flatten", e))
		default:
			b.Add(e)
			if b.Len()&1023 == 0 {
				t.checkCollection(b.Len())
			}
		}
	}
	return b.Build()
}

func sqTreeSeq(t *Thread, branch, children, root Value) *Vector {
	pos := t.pos
	var b VectorBuilder
	stack := [][]Value{{root}}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		if len(top) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		node := top[0]
		stack[len(stack)-1] = top[1:]
		t.step()
		b.Add(node)
		t.checkCollection(b.Len())
		if Truthy(t.call1(branch, node)) {
			kids := t.call1(children, node)
			if !isSeqable(kids) {
				t.pos = pos
				throw(Errorf(TypeError, "tree-seq: children returned %s, not a collection", describeForError(kids)))
			}
			if items := seqItemsNamed(t, "tree-seq", kids); len(items) > 0 {
				stack = append(stack, items)
			}
		}
	}
	return b.Build()
}

// sqExtremeKey is max-key (dir 1) and min-key (dir -1). As in Clojure,
// of two arguments the first wins only when strictly better, and after
// that a later argument wins ties.
func sqExtremeKey(t *Thread, fname string, dir int, a []Value) Value {
	k := a[0]
	xs := append([]Value(nil), a[1:]...)
	best := xs[0]
	if len(xs) == 1 {
		return best
	}
	pos := t.pos
	bk := t.call1(k, best)
	x1 := xs[1]
	k1 := t.call1(k, x1)
	t.pos = pos
	if numCmp(fname, bk, k1) != dir {
		best, bk = x1, k1
	}
	for _, w := range xs[2:] {
		kw := t.call1(k, w)
		t.pos = pos
		if c := numCmp(fname, kw, bk); c == dir || c == 0 {
			best, bk = w, kw
		}
	}
	return best
}

func sqRange(t *Thread, a []Value) Value {
	if len(a) == 0 {
		throw(Errorf(ArityError, "range needs an end: infinite lazy sequences are not supported").
			WithHint("lazy sequences are not supported, use (range n)"))
	}
	var start, end, step Value = int64(0), nil, int64(1)
	switch len(a) {
	case 1:
		end = a[0]
	case 2:
		start, end = a[0], a[1]
	default:
		start, end, step = a[0], a[1], a[2]
	}
	for _, v := range []Value{start, end, step} {
		switch v.(type) {
		case int64, float64:
		default:
			throw(Errorf(TypeError, "range expects numbers, got %s", describeForError(v)).
				WithHint("convert strings with parse-long, and check for nil bounds"))
		}
	}
	s, sok := start.(int64)
	e, eok := end.(int64)
	st, stok := step.(int64)
	if sok && eok && stok {
		var n uint64
		switch {
		case st > 0 && e > s:
			d := uint64(e) - uint64(s)
			n = d / uint64(st)
			if d%uint64(st) != 0 {
				n++
			}
		case st < 0 && e < s:
			d := uint64(s) - uint64(e)
			u := uint64(-(st + 1)) + 1
			n = d / u
			if d%u != 0 {
				n++
			}
		case st == 0 && e != s:
			throw(sqInfinite("range", "a step of 0 repeats start forever").WithHint("use a non-zero step, or (repeat n x) for copies of one value"))
		}
		if n == 0 {
			return EmptyVector()
		}
		if n > uint64(t.limits.MaxCollection) {
			t.checkCollection(int(min(n, math.MaxInt32)))
		}
		t.charge(int(n))
		items := make([]Value, n)
		x := s
		for i := range items {
			items[i] = boxInt(x)
			x += st
		}
		return NewVector(items)
	}
	// Float range: each element is the previous plus step, as in Clojure.
	fs, fe, fst := toFloat("range", start), toFloat("range", end), toFloat("range", step)
	if fst == 0 {
		if fs == fe {
			return EmptyVector()
		}
		throw(sqInfinite("range", "a step of 0 repeats start forever").WithHint("use a non-zero step"))
	}
	est := math.Ceil((fe - fs) / fst)
	if est != est || est <= 0 {
		return EmptyVector()
	}
	if est > float64(t.limits.MaxCollection) {
		t.checkCollection(int(min(est, math.MaxInt32)))
	}
	t.charge(int(est))
	b := NewVectorBuilder(int(est))
	x := start
	for {
		c := numCmp("range", x, end)
		if (fst > 0 && c != -1) || (fst < 0 && c != 1) {
			break
		}
		b.Add(x)
		if b.Len() > t.limits.MaxCollection {
			t.checkCollection(b.Len())
		}
		x = arith2('+', x, step)
	}
	return b.Build()
}

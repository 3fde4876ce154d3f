package lang

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ptcLib: PTC's data helpers with no clojure.core equivalent: sum and
// avg, the -by aggregators, combinations, zip and describe.
//
// A "key" argument of the -by helpers may be a keyword or string (looked
// up with PTC's flexible keys), a vector (a get-in path) or anything
// callable.
func ptcLib() []*Builtin {
	const g = "PTC helpers"
	p := func(b *Builtin) *Builtin { b.Doc.PTC = true; return b }
	return []*Builtin{
		p(fn(nsCore, g, "sum", 1, 1, []string{"(sum coll)"}, "Sum of the numbers in coll; nil elements are skipped and an empty collection gives 0. A non-number is an arithmetic_error.",
			func(t *Thread, a []Value) Value {
				s, _ := mxAggregate(t, "sum", a[0], nil)
				return s
			}, ex("(sum [1 2 3 4 5])", "15"), ex("(sum [])", "0"), ex("(sum [1 nil 2.5])", "3.5"))),
		p(fn(nsCore, g, "avg", 1, 1, []string{"(avg coll)"}, "Average of the numbers in coll as a float; nil elements are skipped (and not counted); nil when there are no numbers.",
			func(t *Thread, a []Value) Value { return mxAverage(mxAggregate(t, "avg", a[0], nil)) },
			ex("(avg [1 2 3 4 5])", "3.0"), ex("(avg [10 20])", "15.0"), ex("(avg [])", "nil"))),
		p(fn(nsCore, g, "sum-by", 2, 2, []string{"(sum-by key coll)"}, "Sum of (key item) over coll, skipping nil and missing values. key is a keyword or string (flexible lookup), a vector path, or a function.",
			func(t *Thread, a []Value) Value {
				s, _ := mxAggregate(t, "sum-by", a[1], mxKeyFn(t, "sum-by", a[0]))
				return s
			}, ex("(sum-by :amount [{:amount 10} {:amount nil} {:other 5}])", "10"),
			ex(`(sum-by "amount" [{:amount 1} {"amount" 2}])`, "3"), ex("(sum-by :x [])", "0"))),
		p(fn(nsCore, g, "avg-by", 2, 2, []string{"(avg-by key coll)"}, "Average of (key item) over coll as a float, skipping nil and missing values; nil when there are none.",
			func(t *Thread, a []Value) Value {
				return mxAverage(mxAggregate(t, "avg-by", a[1], mxKeyFn(t, "avg-by", a[0])))
			}, ex("(avg-by :amount [{:amount 10} {:amount nil} {:amount 20}])", "15.0"), ex("(avg-by :x [])", "nil"))),
		p(fn(nsCore, g, "min-by", 2, -1, []string{"(min-by key coll)", "(min-by key x y & more)"}, "The item whose (key item) is least, in natural order (numbers, strings, dates ...); items whose key is nil are skipped; nil when none is left. On ties the first wins.",
			func(t *Thread, a []Value) Value { return mxExtremeBy(t, "min-by", a, -1) },
			ex("(min-by :price [{:price nil} {:price 10} {:price 5}])", "{:price 5}"), ex(`(min-by first [["b" 2] ["a" 1]])`, `["a" 1]`), ex("(min-by :x [])", "nil"))),
		p(fn(nsCore, g, "max-by", 2, -1, []string{"(max-by key coll)", "(max-by key x y & more)"}, "The item whose (key item) is greatest, in natural order; items whose key is nil are skipped; nil when none is left. On ties the first wins.",
			func(t *Thread, a []Value) Value { return mxExtremeBy(t, "max-by", a, 1) },
			ex("(max-by :years [{:years 3} {:years 7}])", "{:years 7}"), ex("(max-by second {:a 1 :b 3 :c 2})", "[:b 3]"))),
		p(fn(nsCore, g, "distinct-by", 2, 2, []string{"(distinct-by key coll)"}, "The items of coll whose (key item) was not seen before: the first item for each key value, in order.",
			func(t *Thread, a []Value) Value {
				key := mxKeyFn(t, "distinct-by", a[0])
				seen := NewSetBuilder()
				out := NewVectorBuilder(0)
				eachSeq(t, "distinct-by", a[1], func(x Value) bool {
					k := key(x)
					if !seen.Contains(k) {
						seen.Add(k)
						out.Add(x)
					}
					return true
				})
				return out.Build()
			}, ex(`(distinct-by first [["a" 1] ["a" 2] ["b" 3]])`, `[["a" 1] ["b" 3]]`), ex("(distinct-by :x nil)", "[]"))),
		p(fn(nsCore, g, "combinations", 2, 2, []string{"(combinations coll n)"}, "All ways to choose n items of coll, keeping their order, as a vector of vectors. n = 0 gives [[]]; n larger than the collection gives [].",
			mxCombinations, ex("(combinations [1 2 3] 2)", "[[1 2] [1 3] [2 3]]"), ex("(combinations [1 2 3] 0)", "[[]]"), ex("(combinations [1 2] 3)", "[]"))),
		p(fn(nsCore, g, "zip", 2, 2, []string{"(zip c1 c2)"}, "Pairs up the items of two collections: a vector of [a b] vectors, as long as the shorter one.",
			func(t *Thread, a []Value) Value {
				xs := seqItemsNamed(t, "zip", a[0])
				ys := seqItemsNamed(t, "zip", a[1])
				n := len(xs)
				if len(ys) < n {
					n = len(ys)
				}
				t.checkCollection(n)
				out := NewVectorBuilder(n)
				for i := 0; i < n; i++ {
					out.Add(NewVector([]Value{xs[i], ys[i]}))
				}
				return out.Build()
			}, ex("(zip [1 2 3] [:a :b :c])", "[[1 :a] [2 :b] [3 :c]]"), ex("(zip [1 2] [:a])", "[[1 :a]]"))),
		p(fn(nsCore, g, "describe", 1, 2, []string{"(describe x)", "(describe x opts)"}, "A bounded summary of a value's shape for exploring unknown data: type, count, type histograms, per-key coverage (:present, :pct), examples, numeric :range and :distinct_count. opts: {:depth 1-5 :paths true :sample 1-3}; with :paths it also summarizes nested key paths (\"a.b\"). Large inputs are sampled and marked :truncated with :caps_hit.",
			mxDescribe, ex("(:count (describe [{:a 1} {:a 2 :b 3}]))", "2"),
			ex(`(get-in (describe [{"event" "turn"} {"event" "done" "ok" true}]) [:keys "ok" :pct])`, "50.0"))),
	}
}

// mxKeyFn turns a key argument into a lookup function.
func mxKeyFn(t *Thread, fname string, key Value) func(Value) Value {
	switch k := key.(type) {
	case Keyword:
		return func(x Value) Value { return keywordGet(key, x, nil) }
	case string, int64:
		return func(x Value) Value { return getValue(x, k, nil) }
	case *Vector:
		path := k.ToSlice()
		return func(x Value) Value {
			for _, p := range path {
				if x == nil {
					return nil
				}
				x = getValue(x, p, nil)
			}
			return x
		}
	case *Fn, *Builtin, *Map, *Set, Symbol:
		return func(x Value) Value { return t.call1(key, x) }
	}
	throw(Errorf(TypeError, "%s expects a key (keyword, string, vector path) or a function, got %s", fname, describeForError(key)).
		WithHint("arguments may be swapped: the key comes first, e.g. (%s :amount items)", fname))
	return nil
}

// mxAggregate sums the non-nil numbers of coll (through key when given)
// and counts them. Integers are added exactly; on integer overflow the
// sum continues in floating point only for avg (sum reports the overflow).
func mxAggregate(t *Thread, fname string, coll Value, key func(Value) Value) (Value, int) {
	var acc Value = int64(0)
	n := 0
	eachSeq(t, fname, coll, func(x Value) bool {
		if key != nil {
			x = key(x)
		}
		switch v := x.(type) {
		case nil:
			return true
		case int64:
			if a, ok := acc.(int64); ok {
				c := a + v
				if (c > a) != (v > 0) {
					if fname == "avg" || fname == "avg-by" {
						acc = float64(a) + float64(v)
						n++
						return true
					}
					overflow(fname)
				}
				acc = boxInt(c)
			} else {
				acc = acc.(float64) + float64(v)
			}
		case float64:
			acc = toFloat(fname, acc) + v
		default:
			e := Errorf(ArithmeticError, "%s: cannot add %s, numbers expected", fname, describeForError(x))
			if _, ok := x.(string); ok {
				e.Hint = "the values are strings: convert them first, e.g. (sum (map #(parse-double (:amount %)) items))"
			} else {
				e.Hint = "only numbers (and nil, which is skipped) can be summed"
			}
			throw(e)
		}
		n++
		return true
	})
	return acc, n
}

func mxAverage(sum Value, n int) Value {
	if n == 0 {
		return nil
	}
	return toFloat("avg", sum) / float64(n)
}

// mxExtremeBy is min-by (dir -1) and max-by (dir 1).
func mxExtremeBy(t *Thread, fname string, a []Value, dir int) Value {
	key := mxKeyFn(t, fname, a[0])
	var best, bestKey Value
	found := false
	visit := func(x Value) bool {
		k := key(x)
		if k == nil {
			return true
		}
		if !found || Compare(k, bestKey) == dir {
			best, bestKey, found = x, k, true
		}
		return true
	}
	if len(a) == 2 {
		switch a[1].(type) {
		case nil, *Vector, *List, *Map, *Set:
			eachSeq(t, fname, a[1], visit)
			return best
		}
	}
	for _, x := range a[1:] {
		t.step()
		visit(x)
	}
	return best
}

func mxCombinations(t *Thread, a []Value) Value {
	n, ok := a[1].(int64)
	if !ok {
		throw(Errorf(TypeError, "combinations expects an integer size, got %s", describeForError(a[1])).
			WithHint("usage: (combinations coll n)"))
	}
	items := seqItemsNamed(t, "combinations", a[0])
	k := len(items)
	if n < 0 || n > int64(k) {
		return EmptyVector()
	}
	// Check the result size before building anything.
	total := 1.0
	for i := int64(0); i < n; i++ {
		total = total * float64(int64(k)-i) / float64(i+1)
	}
	if total > float64(math.MaxInt32) {
		total = float64(math.MaxInt32)
	}
	t.checkCollection(int(math.Round(total)))
	t.charge(int(math.Round(total)) * int(n+1))
	out := NewVectorBuilder(int(math.Round(total)))
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for {
		c := make([]Value, n)
		for i, j := range idx {
			c[i] = items[j]
		}
		out.Add(NewVector(c))
		// Advance to the next index combination in lexicographic order.
		i := int(n) - 1
		for i >= 0 && idx[i] == k-int(n)+i {
			i--
		}
		if i < 0 {
			break
		}
		idx[i]++
		for j := i + 1; j < int(n); j++ {
			idx[j] = idx[j-1] + 1
		}
	}
	return out.Build()
}

// ---- describe ----

const (
	mxDescMaxItems      = 1000
	mxDescMaxKeys       = 100
	mxDescMaxPaths      = 300
	mxDescMaxPathValues = 10000
	mxDescMaxExampleLen = 120
	mxDescDistinctCap   = 50
	mxDescMaxListDepth  = 5
)

type mxDescriber struct {
	t      *Thread
	depth  int
	paths  bool
	sample int
	caps   map[string]bool
}

func mxDescribe(t *Thread, a []Value) Value {
	d := &mxDescriber{t: t, depth: 1, sample: 3, caps: map[string]bool{}}
	if len(a) > 1 {
		if m, ok := a[1].(*Map); ok {
			if v, ok := flexGet(m, Keyword("depth")); ok {
				if n, ok := v.(int64); ok {
					d.depth = int(min(max(n, 1), 5))
				}
			}
			if v, ok := flexGet(m, Keyword("sample")); ok {
				if n, ok := v.(int64); ok {
					d.sample = int(min(max(n, 1), 3))
				}
			}
			if v, ok := flexGet(m, Keyword("paths")); ok {
				d.paths = Truthy(v)
			}
		}
	}
	x := a[0]
	out := d.root(x)
	if d.paths {
		out.Set(Keyword("paths"), d.pathSummary(x))
	}
	if len(d.caps) > 0 {
		var cs []string
		for c := range d.caps {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		vs := make([]Value, len(cs))
		for i, c := range cs {
			vs[i] = c
		}
		out.Set(Keyword("truncated"), true)
		out.Set(Keyword("caps_hit"), NewVector(vs))
	}
	return out.Build()
}

// mxDescItems is the first mxDescMaxItems elements of a sequential value
// and whether there were more.
func (d *mxDescriber) items(x Value) ([]Value, bool) {
	var out []Value
	more := false
	eachSeq(d.t, "describe", x, func(e Value) bool {
		if len(out) == mxDescMaxItems {
			more = true
			return false
		}
		out = append(out, e)
		return true
	})
	return out, more
}

type mxEntry struct {
	key, val Value
	rk       string
}

// entries is a map's entries sorted by rendered key, at most
// mxDescMaxKeys of them.
func (d *mxDescriber) entries(m *Map) []mxEntry {
	es := make([]mxEntry, 0, m.Len())
	m.Each(func(k, v Value) bool {
		es = append(es, mxEntry{k, v, mxDescKey(k)})
		return true
	})
	d.t.charge(len(es))
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].rk != es[j].rk {
			return es[i].rk < es[j].rk
		}
		return TypeName(es[i].key) < TypeName(es[j].key)
	})
	if len(es) > mxDescMaxKeys {
		es = es[:mxDescMaxKeys]
		d.caps["max_keys"] = true
	}
	return es
}

func (d *mxDescriber) root(x Value) *MapBuilder {
	out := NewMapBuilder()
	switch c := x.(type) {
	case *Map:
		es := d.entries(c)
		out.Set(Keyword("type"), "map")
		out.Set(Keyword("count"), boxInt(int64(c.Len())))
		keys := make([]Value, len(es))
		for i, e := range es {
			keys[i] = e.key
		}
		out.Set(Keyword("key_types"), mxHistogram(keys))
		ks := NewMapBuilder()
		for _, e := range mxDisambiguate(es) {
			ks.Set(e.rk, d.field([]Value{e.val}).Build())
		}
		out.Set(Keyword("keys"), ks.Build())
	case *Vector, *List:
		items, more := d.items(x)
		out.Set(Keyword("type"), "vector")
		out.Set(Keyword("count"), boxInt(int64(len(items))))
		out.Set(Keyword("scanned"), boxInt(int64(len(items))))
		out.Set(Keyword("item_types"), mxHistogram(items))
		if more {
			out.Set(Keyword("count_capped"), true)
			d.caps["max_items"] = true
		}
		d.collectionKeys(out, items)
	case *Set:
		items, more := d.items(x)
		out.Set(Keyword("type"), "set")
		out.Set(Keyword("count"), boxInt(int64(c.Len())))
		out.Set(Keyword("scanned"), boxInt(int64(len(items))))
		out.Set(Keyword("item_types"), mxHistogram(items))
		if more {
			d.caps["max_items"] = true
		}
	default:
		out = d.field([]Value{x})
		out.Set(Keyword("type"), mxDescType(x))
		out.Set(Keyword("sample"), mxDescExample(x))
	}
	return out
}

// collectionKeys adds :key_types and :keys for the maps among items.
func (d *mxDescriber) collectionKeys(out *MapBuilder, items []Value) {
	type slot struct {
		key     Value
		rk      string
		values  []Value
		present int
	}
	var order []*slot
	byKey := NewMapBuilder() // key -> index into order
	var allKeys []Value
	anyMap := false
	for _, it := range items {
		m, ok := it.(*Map)
		if !ok {
			continue
		}
		anyMap = true
		for _, e := range d.entries(m) {
			allKeys = append(allKeys, e.key)
			var s *slot
			if i, ok := byKey.Get(e.key); ok {
				s = order[i.(int64)]
			} else {
				if len(order) >= mxDescMaxKeys {
					d.caps["max_keys"] = true
					continue
				}
				s = &slot{key: e.key, rk: e.rk}
				byKey.Set(e.key, int64(len(order)))
				order = append(order, s)
			}
			s.values = append(s.values, e.val)
			s.present++
		}
	}
	if !anyMap {
		return
	}
	out.Set(Keyword("key_types"), mxHistogram(allKeys))
	es := make([]mxEntry, len(order))
	for i, s := range order {
		es[i] = mxEntry{key: s.key, rk: s.rk, val: int64(i)}
	}
	es = mxDisambiguate(es)
	sort.SliceStable(es, func(i, j int) bool { return es[i].rk < es[j].rk })
	ks := NewMapBuilder()
	for _, e := range es {
		s := order[e.val.(int64)]
		f := d.field(s.values)
		f.Set(Keyword("present"), boxInt(int64(s.present)))
		f.Set(Keyword("pct"), mxPct(s.present, len(items)))
		ks.Set(e.rk, f.Build())
	}
	out.Set(Keyword("keys"), ks.Build())
}

func mxPct(n, of int) Value {
	if of == 0 {
		return 0.0
	}
	return math.Round(float64(n)/float64(of)*1000) / 10
}

// field summarizes the values seen at one key or path.
func (d *mxDescriber) field(values []Value) *MapBuilder {
	d.t.charge(len(values))
	out := NewMapBuilder()
	out.Set(Keyword("types"), mxHistogram(values))
	var examples []Value
	seen := map[string]bool{}
	countable, nonEmpty := false, 0
	var lo, hi Value
	distinct := map[string]bool{}
	distinctCapped, anyScalar := false, false
	for _, v := range values {
		if len(examples) < d.sample {
			if k := mxDescPreview(v); !seen[k] {
				seen[k] = true
				examples = append(examples, mxDescExample(v))
			}
		}
		switch c := v.(type) {
		case string:
			countable = true
			if c != "" {
				nonEmpty++
			}
		case *Vector, *List, *Map, *Set:
			countable = true
			if seqCount("describe", c) > 0 {
				nonEmpty++
			}
		}
		if num, ok := mxDescNumber(v); ok {
			if lo == nil || Compare(num, lo) < 0 {
				lo = num
			}
			if hi == nil || Compare(num, hi) > 0 {
				hi = num
			}
		}
		switch v.(type) {
		case nil, bool, int64, float64, string, Keyword:
			anyScalar = true
			if !distinctCapped {
				k := mxDescPreview(v)
				if !distinct[k] {
					if len(distinct) >= mxDescDistinctCap {
						distinctCapped = true
					} else {
						distinct[k] = true
					}
				}
			}
		}
	}
	if examples == nil {
		examples = []Value{}
	}
	out.Set(Keyword("examples"), NewVector(examples))
	if countable {
		out.Set(Keyword("non_empty"), boxInt(int64(nonEmpty)))
	}
	if lo != nil {
		out.Set(Keyword("range"), NewMapFromPairs([]Value{Keyword("min"), lo, Keyword("max"), hi}))
	}
	if anyScalar {
		out.Set(Keyword("distinct_count"), boxInt(int64(len(distinct))))
		if distinctCapped {
			out.Set(Keyword("distinct_capped"), true)
		}
	}
	return out
}

// mxDescNumber is the numeric measure of a value for :range: numbers,
// and strings that are entirely a decimal number.
func mxDescNumber(v Value) (Value, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return x, x == x
	case string:
		if len(x) == 0 || len(x) > 64 {
			return nil, false
		}
		c := x[0]
		if c == '-' || c == '+' {
			if len(x) < 2 {
				return nil, false
			}
			c = x[1]
		}
		if c < '0' || c > '9' || strings.ContainsAny(x, "xX_pP") {
			return nil, false
		}
		f, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, false
		}
		return f, true
	}
	return nil, false
}

// pathSummary summarizes nested map key paths ("a.b") down to the depth
// option.
func (d *mxDescriber) pathSummary(x Value) Value {
	type pathVal struct {
		root int
		v    Value
	}
	byPath := map[string][]pathVal{}
	nvalues := 0
	var walk func(v Value, prefix string, depth, root, listDepth int)
	walk = func(v Value, prefix string, depth, root, listDepth int) {
		if depth >= d.depth {
			return
		}
		switch c := v.(type) {
		case *Map:
			for _, e := range mxDisambiguate(d.entries(c)) {
				part := strings.ReplaceAll(strings.ReplaceAll(e.rk, `\`, `\\`), ".", `\.`)
				path := part
				if prefix != "" {
					path = prefix + "." + part
				}
				if _, ok := byPath[path]; !ok && len(byPath) >= mxDescMaxPaths {
					d.caps["max_paths"] = true
					continue
				}
				if nvalues >= mxDescMaxPathValues {
					d.caps["max_path_values"] = true
					return
				}
				nvalues++
				byPath[path] = append(byPath[path], pathVal{root, e.val})
				walk(e.val, path, depth+1, root, listDepth)
			}
		case *Vector, *List:
			if prefix == "" {
				return
			}
			if listDepth >= mxDescMaxListDepth {
				if seqCount("describe", c) > 0 {
					d.caps["max_depth"] = true
				}
				return
			}
			items, more := d.items(c)
			if more {
				d.caps["max_items"] = true
			}
			for _, it := range items {
				walk(it, prefix, depth, root, listDepth+1)
			}
		}
	}
	denominator := 1
	switch x.(type) {
	case *Vector, *List:
		items, more := d.items(x)
		if more {
			d.caps["max_items"] = true
		}
		denominator = len(items)
		for i, it := range items {
			walk(it, "", 0, i, 0)
		}
	default:
		walk(x, "", 0, 0, 0)
	}
	names := make([]string, 0, len(byPath))
	for p := range byPath {
		names = append(names, p)
	}
	sort.Strings(names)
	out := NewMapBuilder()
	for _, p := range names {
		pvs := byPath[p]
		vals := make([]Value, len(pvs))
		roots := map[int]bool{}
		for i, pv := range pvs {
			vals[i] = pv.v
			roots[pv.root] = true
		}
		f := d.field(vals)
		f.Set(Keyword("present"), boxInt(int64(len(roots))))
		f.Set(Keyword("pct"), mxPct(len(roots), denominator))
		if len(vals) > len(roots) {
			f.Set(Keyword("value_count"), boxInt(int64(len(vals))))
		}
		out.Set(p, f.Build())
	}
	return out.Build()
}

// mxDisambiguate renames keys whose rendered forms collide (e.g. a
// string key that reads like another key's printed form) as
// "type:rendered".
func mxDisambiguate(es []mxEntry) []mxEntry {
	count := map[string]int{}
	for _, e := range es {
		count[e.rk]++
	}
	out := make([]mxEntry, len(es))
	copy(out, es)
	for i, e := range out {
		if count[e.rk] > 1 {
			out[i].rk = TypeName(e.key) + ":" + e.rk
		}
	}
	return out
}

func mxDescType(v Value) string { return TypeName(v) }

// mxHistogram counts values by type name.
func mxHistogram(vs []Value) *Map {
	counts := map[string]int64{}
	for _, v := range vs {
		counts[mxDescType(v)]++
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	kv := make([]Value, 0, 2*len(names))
	for _, n := range names {
		kv = append(kv, n, boxInt(counts[n]))
	}
	return NewMapFromPairs(kv)
}

// mxDescKey renders a map key: strings and keywords by name (so that
// (get-in summary [:keys :status]) finds it with flexible lookup), other
// keys in printed form.
func mxDescKey(k Value) string {
	switch x := k.(type) {
	case string:
		return mxDescTruncate(x)
	case Keyword:
		return mxDescTruncate(string(x))
	}
	return mxDescPreview(k)
}

// mxDescExample is the value shown as an example: scalars as they are
// (long strings shortened), anything else as bounded printed text.
func mxDescExample(v Value) Value {
	switch x := v.(type) {
	case string:
		return mxDescTruncate(x)
	case nil, bool, int64, float64, Keyword:
		return v
	}
	return mxDescPreview(v)
}

func mxDescTruncate(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= mxDescMaxExampleLen {
		return s
	}
	i := 0
	for j := range s {
		if i == mxDescMaxExampleLen {
			return s[:j] + "...(" + strconv.Itoa(n) + " chars)"
		}
		i++
	}
	return s
}

// mxDescPreview is a bounded printed form of v.
func mxDescPreview(v Value) string {
	if s, ok := v.(string); ok {
		return mxDescTruncate(s)
	}
	s := mxBoundedPrint(v, 4*mxDescMaxExampleLen)
	if utf8.RuneCountInString(s) > mxDescMaxExampleLen {
		s = mxDescTruncate(s)
	}
	return s
}

// mxBoundedPrint prints v readably, stopping once about limit bytes are
// written, so huge collections cost little.
func mxBoundedPrint(v Value, limit int) string {
	var b strings.Builder
	mxPrBounded(&b, v, limit)
	s := b.String()
	if len(s) > limit {
		for limit > 0 && !utf8.RuneStart(s[limit]) {
			limit--
		}
		s = s[:limit]
	}
	return s
}

func mxPrBounded(b *strings.Builder, v Value, limit int) {
	seq := func(open, close string, each func(func(Value) bool)) {
		b.WriteString(open)
		first := true
		each(func(x Value) bool {
			if b.Len() > limit {
				return false
			}
			if !first {
				b.WriteByte(' ')
			}
			first = false
			mxPrBounded(b, x, limit)
			return true
		})
		b.WriteString(close)
	}
	switch c := v.(type) {
	case *Vector:
		seq("[", "]", func(f func(Value) bool) { c.Each(func(_ int, x Value) bool { return f(x) }) })
	case *List:
		seq("(", ")", func(f func(Value) bool) {
			for l := c; l != nil && l.count > 0; l = l.rest {
				if !f(l.first) {
					return
				}
			}
		})
	case *Set:
		seq("#{", "}", func(f func(Value) bool) { c.Each(f) })
	case *Map:
		b.WriteByte('{')
		first := true
		c.Each(func(k, x Value) bool {
			if b.Len() > limit {
				return false
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			mxPrBounded(b, k, limit)
			b.WriteByte(' ')
			mxPrBounded(b, x, limit)
			return true
		})
		b.WriteByte('}')
	case string:
		if len(c) > limit {
			c = c[:limit]
		}
		writeValue(b, c, true)
	default:
		writeValue(b, v, true)
	}
}

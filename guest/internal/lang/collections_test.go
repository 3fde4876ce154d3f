package lang

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"sync"
	"testing"
	"unsafe"
)

// collKey is a test key with a chosen hash, to force partial and full hash
// collisions in the trie. Equal and Hash find its methods.
type collKey struct {
	id int
	h  uint64
}

func (c collKey) Hash() uint64 { return c.h }

func (c collKey) Equal(o Value) bool {
	d, ok := o.(collKey)
	return ok && d.id == c.id
}

// collSame reports whether a and b are the same stored value: Equal, of the
// same Go type and, for floats, the same bits (0.0 vs -0.0).
func collSame(a, b Value) bool {
	if fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
		return false
	}
	if x, ok := a.(float64); ok {
		return math.Float64bits(x) == math.Float64bits(b.(float64))
	}
	return Equal(a, b)
}

func collInts(n int) []Value {
	out := make([]Value, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// ---- lists ----

func TestListBasics(t *testing.T) {
	e := EmptyList()
	if e.Len() != 0 || e.First() != nil || e.Rest() != e || len(e.ToSlice()) != 0 {
		t.Fatal("empty list")
	}
	var nilList *List
	if nilList.Len() != 0 || nilList.First() != nil || nilList.Rest().Len() != 0 {
		t.Fatal("nil list is not empty")
	}
	if l := nilList.Cons(int64(1)); l.Len() != 1 || l.Rest().Len() != 0 {
		t.Fatal("cons onto nil list")
	}
	l := NewList(collInts(100))
	if l.Len() != 100 || l.First() != int64(0) {
		t.Fatalf("NewList: len %d first %v", l.Len(), l.First())
	}
	r := l
	for i := 0; i < 100; i++ {
		if r.Len() != 100-i || r.First() != int64(i) {
			t.Fatalf("rest %d: len %d first %v", i, r.Len(), r.First())
		}
		r = r.Rest()
	}
	if r.Len() != 0 || r.Rest().Len() != 0 {
		t.Fatal("end of list")
	}
	c := l.Cons(Keyword("x"))
	if c.Len() != 101 || c.First() != Keyword("x") || c.Rest() != l {
		t.Fatal("cons shares the rest")
	}
	s := c.ToSlice()
	if len(s) != 101 || s[0] != Keyword("x") || s[100] != int64(99) {
		t.Fatalf("ToSlice %v", s)
	}
	var seen []Value
	c.Each(func(i int, x Value) bool {
		if i != len(seen) {
			t.Fatalf("index %d", i)
		}
		seen = append(seen, x)
		return i < 9
	})
	if len(seen) != 10 || seen[1] != int64(0) {
		t.Fatalf("Each stop: %v", seen)
	}
	var built *List = EmptyList()
	for i := 4; i >= 0; i-- {
		built = built.Cons(int64(i))
	}
	if !Equal(built, NewList(collInts(5))) {
		t.Fatal("consed list != NewList")
	}
}

// ---- vectors ----

// collCheckVector verifies v's structural invariants and that it holds want.
func collCheckVector(t *testing.T, v *Vector, want []Value) {
	t.Helper()
	if v.Len() != len(want) {
		t.Fatalf("len %d, want %d", v.Len(), len(want))
	}
	to := v.tailOff()
	if v.cnt > 0 {
		if to != (v.Len()-1)&^31 {
			t.Fatalf("cnt %d: tail len %d", v.cnt, len(v.tailVals()))
		}
		if n := len(v.tailVals()); n < 1 || n > 32 || cap(v.tailVals()) > 32 {
			t.Fatalf("cnt %d: tail len %d cap %d", v.cnt, n, cap(v.tailVals()))
		}
	} else if len(v.tailVals()) != 0 {
		t.Fatalf("empty vector with tail len %d", len(v.tailVals()))
	}
	if v.claim != nil {
		if used := int(v.claim.Load()); used < len(v.tailVals()) || used > cap(v.tailVals()) {
			t.Fatalf("cnt %d: tail len %d cap %d used %d", v.cnt, len(v.tailVals()), cap(v.tailVals()), used)
		}
	}
	if to == 0 {
		if v.root != nil {
			t.Fatalf("cnt %d: root should be nil", v.cnt)
		}
	} else {
		leaves := to >> 5
		if v.root == nil || v.shift%5 != 0 || v.shift < 5 || leaves > 1<<v.shift ||
			(v.shift > 5 && leaves <= 1<<(v.shift-5)) {
			t.Fatalf("cnt %d: shift %d for %d leaves", v.cnt, v.shift, leaves)
		}
	}
	i := 0
	v.Each(func(j int, x Value) bool {
		if j != i || !Equal(x, want[j]) {
			t.Fatalf("Each %d (expected index %d): got %v want %v", j, i, x, want[j])
		}
		i++
		return true
	})
	if i != len(want) {
		t.Fatalf("Each visited %d of %d", i, len(want))
	}
	step := 1
	if len(want) > 4096 {
		step = 97
	}
	for j := 0; j < len(want); j += step {
		if !Equal(v.Nth(j), want[j]) {
			t.Fatalf("Nth(%d) = %v want %v", j, v.Nth(j), want[j])
		}
	}
	if len(want) > 0 {
		if !Equal(v.Nth(len(want)-1), want[len(want)-1]) || !Equal(v.Peek(), want[len(want)-1]) {
			t.Fatal("last / Peek")
		}
	} else if v.Peek() != nil {
		t.Fatal("Peek of empty")
	}
	s := v.ToSlice()
	if len(s) != len(want) {
		t.Fatalf("ToSlice len %d", len(s))
	}
	for j := range s {
		if !Equal(s[j], want[j]) {
			t.Fatalf("ToSlice[%d]", j)
		}
	}
}

var collVectorSizes = []int{0, 1, 2, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025, 1056, 1057,
	32767, 32768, 32769, 32800, 32801, 33824, 33825, 1 << 20, 1<<20 + 33}

func TestVectorSizes(t *testing.T) {
	for _, n := range collVectorSizes {
		want := collInts(n)
		v := EmptyVector()
		for i := 0; i < n; i++ {
			v = v.Conj(int64(i))
		}
		collCheckVector(t, v, want)
		collCheckVector(t, NewVector(collInts(n)), want)
		b := NewVectorBuilder(0)
		for i := 0; i < n; i++ {
			b.Add(int64(i))
		}
		if b.Len() != n {
			t.Fatalf("builder len %d", b.Len())
		}
		collCheckVector(t, b.Build(), want)
		b = NewVectorBuilder(n)
		for i := 0; i < n; i++ {
			b.Add(int64(i))
		}
		collCheckVector(t, b.Build(), want)
		if !Equal(v, NewVector(collInts(n))) || Hash(v) != Hash(NewVector(collInts(n))) {
			t.Fatalf("n=%d: Conj-built and NewVector differ", n)
		}
	}
}

func TestVectorPopAcrossLevels(t *testing.T) {
	const n = 32768 + 1024 + 40
	want := collInts(n)
	v := NewVector(collInts(n))
	versions := map[int]*Vector{}
	for len(want) > 0 {
		l := len(want)
		if l%1024 <= 1 || l%1024 >= 1022 || l < 70 {
			collCheckVector(t, v, want)
			versions[l] = v
		} else if v.Len() != l || v.Peek() != int64(l-1) || v.Nth(l/2) != int64(l/2) {
			t.Fatalf("len %d: Peek %v", l, v.Peek())
		}
		v = v.Pop()
		want = want[:l-1]
	}
	if v != EmptyVector() {
		t.Fatal("popped to a non-shared empty vector")
	}
	for l, old := range versions {
		collCheckVector(t, old, collInts(l)) // popping left old versions alone
	}
	// Pop then Conj must not disturb the version popped from.
	a := NewVector(collInts(40))
	b := a.Pop().Conj(Keyword("x"))
	c := a.Pop().Conj(Keyword("y"))
	collCheckVector(t, a, collInts(40))
	if b.Nth(39) != Keyword("x") || c.Nth(39) != Keyword("y") {
		t.Fatal("pop/conj branches")
	}
}

func TestVectorAssocAcrossLevels(t *testing.T) {
	const n = 32768 + 1024 + 40
	base := NewVector(collInts(n))
	want := collInts(n)
	v := base
	rng := rand.New(rand.NewSource(1))
	idx := []int{0, 31, 32, 1023, 1024, 32767, 32768, n - 41, n - 40, n - 1}
	for i := 0; i < 500; i++ {
		idx = append(idx, rng.Intn(n))
	}
	for _, i := range idx {
		v = v.Assoc(i, Keyword(fmt.Sprint("k", i)))
		want[i] = Keyword(fmt.Sprint("k", i))
	}
	collCheckVector(t, v, want)
	collCheckVector(t, base, collInts(n))
	// Assoc at Len appends.
	w := v.Assoc(n, "end")
	if w.Len() != n+1 || w.Nth(n) != "end" || v.Len() != n {
		t.Fatal("Assoc at Len")
	}
	collMustPanic(t, "Assoc past Len", func() { v.Assoc(n+1, nil) })
	collMustPanic(t, "Nth past Len", func() { v.Nth(n) })
	collMustPanic(t, "Nth negative", func() { v.Nth(-1) })
	collMustPanic(t, "Pop empty", func() { EmptyVector().Pop() })
}

func collMustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatalf("%s: no panic", what)
		}
	}()
	f()
}

func TestVectorTailBranches(t *testing.T) {
	// Several versions conj onto one shared tail: each must see its own.
	for _, n := range []int{0, 5, 31, 32, 33, 1024} {
		base := NewVector(collInts(n))
		a := base.Conj("a")
		b := base.Conj("b")
		a2 := a.Conj("a2")
		b2 := b.Conj("b2")
		a3 := a.Conj("a3")
		collCheckVector(t, base, collInts(n))
		collCheckVector(t, a, append(collInts(n), "a"))
		collCheckVector(t, b, append(collInts(n), "b"))
		collCheckVector(t, a2, append(collInts(n), "a", "a2"))
		collCheckVector(t, b2, append(collInts(n), "b", "b2"))
		collCheckVector(t, a3, append(collInts(n), "a", "a3"))
	}
}

func TestVectorConcurrentConj(t *testing.T) {
	base := NewVector(collInts(40))
	const workers, per = 8, 200
	results := make([]*Vector, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := base
			for i := 0; i < per; i++ {
				v = v.Conj(int64(w*1000 + i))
			}
			results[w] = v
		}()
	}
	wg.Wait()
	for w, v := range results {
		want := collInts(40)
		for i := 0; i < per; i++ {
			want = append(want, int64(w*1000+i))
		}
		collCheckVector(t, v, want)
	}
	collCheckVector(t, base, collInts(40))
}

func TestVectorSliceAndBuilderReuse(t *testing.T) {
	v := NewVector(collInts(3000))
	for _, r := range [][2]int{{0, 0}, {0, 3000}, {0, 1}, {5, 37}, {31, 33}, {1000, 2100}, {2990, 3000}, {3000, 3000}} {
		s := v.Slice(r[0], r[1])
		collCheckVector(t, s, collInts(3000)[r[0]:r[1]])
	}
	if v.Slice(0, 3000) != v {
		t.Fatal("full slice should be v")
	}
	collMustPanic(t, "bad slice", func() { v.Slice(2, 1) })
	collMustPanic(t, "bad slice end", func() { v.Slice(0, 3001) })

	// Using a builder after Build must not change the built vector.
	for _, n := range []int{1, 31, 32, 33, 64, 100} {
		b := NewVectorBuilder(n)
		for i := 0; i < n; i++ {
			b.Add(int64(i))
		}
		first := b.Build()
		b.Add("more")
		second := b.Build()
		firstConj := first.Conj("other")
		collCheckVector(t, first, collInts(n))
		collCheckVector(t, second, append(collInts(n), "more"))
		collCheckVector(t, firstConj, append(collInts(n), "other"))
	}
	var zero Vector // the zero Vector is usable
	zv := &zero
	for i := 0; i < 100; i++ {
		zv = zv.Conj(int64(i))
	}
	collCheckVector(t, zv, collInts(100))
	var zb VectorBuilder
	zb.Add(int64(0))
	collCheckVector(t, zb.Build(), collInts(1))
	if NewVectorBuilder(10).Build() != EmptyVector() || NewVector(nil) != EmptyVector() {
		t.Fatal("empty builds")
	}
}

// TestVectorModel runs random operations on random versions of a vector
// against a slice model, then checks every version kept.
func TestVectorModel(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	type version struct {
		v    *Vector
		want []Value
	}
	versions := []version{{EmptyVector(), nil}}
	cur := versions[0]
	maxLen := 0
	for op := 0; op < 20000; op++ {
		if rng.Intn(50) == 0 {
			cur = versions[rng.Intn(len(versions))]
		}
		v, want := cur.v, cur.want
		var nv *Vector
		var nw []Value
		switch r := rng.Intn(100); {
		case r < 55:
			x := int64(rng.Intn(1000000))
			nv, nw = v.Conj(x), append(want[:len(want):len(want)], x)
		case r < 70:
			if len(want) == 0 {
				continue
			}
			nv, nw = v.Pop(), want[:len(want)-1]
		case r < 90:
			i := rng.Intn(len(want) + 1)
			x := Keyword(fmt.Sprint(op))
			nv = v.Assoc(i, x)
			nw = append([]Value(nil), want...)
			if i == len(nw) {
				nw = append(nw, x)
			} else {
				nw[i] = x
			}
		case r < 91:
			i := rng.Intn(len(want) + 1)
			j := i + rng.Intn(len(want)-i+1)
			nv, nw = v.Slice(i, j), want[i:j:j]
		case r < 93:
			// A run of appends, to reach deeper tries.
			nv, nw = v, want[:len(want):len(want)]
			for n := rng.Intn(300); n > 0; n-- {
				nv, nw = nv.Conj(int64(n)), append(nw, int64(n))
			}
		case r < 95:
			nv, nw = NewVector(v.ToSlice()), want
		default:
			b := NewVectorBuilder(rng.Intn(100))
			v.Each(func(_ int, x Value) bool { b.Add(x); return true })
			nv, nw = b.Build(), want
		}
		if op%97 == 0 {
			collCheckVector(t, nv, nw)
		} else if nv.Len() != len(nw) || (len(nw) > 0 && !Equal(nv.Peek(), nw[len(nw)-1])) {
			t.Fatalf("op %d: len %d want %d", op, nv.Len(), len(nw))
		}
		cur = version{nv, nw}
		maxLen = max(maxLen, len(nw))
		if op%40 == 0 {
			versions = append(versions, cur)
		}
	}
	for _, ver := range versions {
		collCheckVector(t, ver.v, ver.want)
	}
	t.Logf("max length %d", maxLen)
	if maxLen < 1100 {
		t.Fatalf("the model only reached %d elements", maxLen)
	}
}

// TestVectorTailGrowth conjs from empty to 100 elements, branching off every
// version twice, so that each tail size (and each in-place append or copy)
// is shared by siblings that must not see each other's elements.
func TestVectorTailGrowth(t *testing.T) {
	v := EmptyVector()
	var want []Value
	type kept struct {
		v    *Vector
		want []Value
	}
	var all []kept
	for i := 0; i < 100; i++ {
		// Two siblings conj onto v before the main line does, and one
		// after: the first wins the in-place slot (if any), the rest copy.
		a := v.Conj(Keyword(fmt.Sprint("a", i)))
		b := v.Conj(Keyword(fmt.Sprint("b", i)))
		w := want[:len(want):len(want)]
		all = append(all,
			kept{a, append(w, Keyword(fmt.Sprint("a", i)))},
			kept{b, append(w, Keyword(fmt.Sprint("b", i)))})
		a2 := a.Conj("a2")
		all = append(all, kept{a2, append(w, Keyword(fmt.Sprint("a", i)), "a2")})
		v = v.Conj(int64(i))
		want = append(w, int64(i))
		c := v.Pop().Conj("c") // popped versions copy rather than overwrite
		all = append(all, kept{v, want}, kept{c, append(want[:i:i], "c")})
		if n := len(v.tailVals()); cap(v.tailVals()) > 32 || (v.root == nil && cap(v.tailVals()) > max(4, 2*n)) {
			t.Fatalf("len %d: tail len %d cap %d", v.Len(), n, cap(v.tailVals()))
		}
	}
	for _, k := range all {
		collCheckVector(t, k.v, k.want)
	}
	// Tails grow geometrically while the vector is small.
	v = EmptyVector()
	var caps []int
	for i := 0; i < 40; i++ {
		v = v.Conj(int64(i))
		if len(caps) == 0 || caps[len(caps)-1] != cap(v.tailVals()) {
			caps = append(caps, cap(v.tailVals()))
		}
	}
	if fmt.Sprint(caps) != "[4 8 16 32]" {
		t.Fatalf("tail capacities %v", caps)
	}
}

// TestVectorSmallConcurrentConj has goroutines race to conj onto one small
// vector whose tail has spare room; exactly the winners append in place.
func TestVectorSmallConcurrentConj(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 5, 15, 17, 31, 33} {
		base := EmptyVector()
		for i := 0; i < n; i++ {
			base = base.Conj(int64(i))
		}
		const workers, per = 8, 40
		results := make([][]*Vector, workers)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				v := base
				for i := 0; i < per; i++ {
					v = v.Conj(int64(w*1000 + i))
					results[w] = append(results[w], v)
				}
			}()
		}
		close(start)
		wg.Wait()
		for w, vs := range results {
			want := collInts(n)
			for i, v := range vs {
				want = append(want, int64(w*1000+i))
				collCheckVector(t, v, want)
			}
		}
		collCheckVector(t, base, collInts(n))
	}
}

// TestVectorSmallOps checks Assoc, Pop, Slice and Conj on small vectors made
// every way (NewVector, builder, Conj), leaving the originals alone.
func TestVectorSmallOps(t *testing.T) {
	for n := 1; n <= 34; n++ {
		makers := map[string]func() *Vector{
			"new": func() *Vector { return NewVector(collInts(n)) },
			"conj": func() *Vector {
				v := EmptyVector()
				for i := 0; i < n; i++ {
					v = v.Conj(int64(i))
				}
				return v
			},
			"builder": func() *Vector {
				var b VectorBuilder
				for i := 0; i < n; i++ {
					b.Add(int64(i))
				}
				return b.Build()
			},
			"hinted": func() *Vector {
				b := NewVectorBuilder(n)
				for i := 0; i < n; i++ {
					b.Add(int64(i))
				}
				return b.Build()
			},
		}
		for name, mk := range makers {
			v := mk()
			orig := collInts(n)
			for i := 0; i < n; i++ {
				w := append([]Value(nil), orig...)
				w[i] = "x"
				a := v.Assoc(i, "x")
				collCheckVector(t, a, w)
				collCheckVector(t, a.Conj("y"), append(w, "y"))
			}
			p := v
			for l := n - 1; l >= 0; l-- {
				p = p.Pop()
				collCheckVector(t, p, orig[:l])
				collCheckVector(t, p.Conj("z"), append(orig[:l:l], "z"))
			}
			for i := 0; i <= n; i++ {
				for j := i; j <= n; j++ {
					s := v.Slice(i, j)
					collCheckVector(t, s, orig[i:j])
					collCheckVector(t, s.Conj("s"), append(orig[i:j:j], "s"))
				}
			}
			collCheckVector(t, v, orig)
			if t.Failed() {
				t.Fatalf("%s n=%d", name, n)
			}
		}
	}
}

// TestVectorSmallSizes checks that small vectors do not carry a 32-slot tail.
func TestVectorSmallSizes(t *testing.T) {
	items := collInts(2)
	v := NewVector(items)
	if &v.tailVals()[0] != &items[0] || cap(v.tailVals()) != 2 {
		t.Fatal("NewVector should use its items as the tail")
	}
	big := make([]Value, 2, 100)
	if v := NewVector(big); cap(v.tailVals()) != 2 {
		t.Fatalf("NewVector of a short slice of a big array: tail cap %d", cap(v.tailVals()))
	}
	// A NewVector tail can be shared by other slices of the same array:
	// Conj must not write past its end.
	all := collInts(4)
	lo, hi := NewVector(all[:2]), NewVector(all[2:])
	collCheckVector(t, lo.Conj("x"), []Value{int64(0), int64(1), "x"})
	collCheckVector(t, hi, []Value{int64(2), int64(3)})
	for _, c := range []struct{ hint, n, maxCap int }{
		{0, 1, 8}, {0, 8, 8}, {0, 9, 16}, {0, 17, 32}, {5, 5, 5}, {5, 6, 10}, {3, 2, 3}, {100, 5, 5},
	} {
		b := NewVectorBuilder(c.hint)
		for i := 0; i < c.n; i++ {
			b.Add(int64(i))
		}
		v := b.Build()
		collCheckVector(t, v, collInts(c.n))
		if cap(v.tailVals()) > c.maxCap {
			t.Errorf("builder hint %d, %d elements: tail cap %d > %d", c.hint, c.n, cap(v.tailVals()), c.maxCap)
		}
	}
	if sz := unsafe.Sizeof(Vector{}); sz != 32 && unsafe.Sizeof(uintptr(0)) == 8 {
		t.Errorf("Vector header is %d bytes, want 32", sz)
	}
	allocs := testing.AllocsPerRun(100, func() {
		collVecSink = NewVector(items)
	})
	if allocs > 1 {
		t.Errorf("NewVector of 2 items: %v allocations", allocs)
	}
}

func TestVectorEachStops(t *testing.T) {
	v := NewVector(collInts(100))
	n := 0
	v.Each(func(i int, _ Value) bool { n++; return i < 40 })
	if n != 42-1 {
		t.Fatalf("Each visited %d", n)
	}
}

func TestSeqEqualHash(t *testing.T) {
	for _, n := range []int{0, 1, 32, 33, 1025} {
		v := NewVector(collInts(n))
		l := NewList(collInts(n))
		if !Equal(v, l) || !Equal(l, v) || Hash(v) != Hash(l) {
			t.Fatalf("n=%d: vector and list differ", n)
		}
		if n > 0 {
			w := v.Assoc(n-1, "x")
			if Equal(v, w) || Equal(w, l) {
				t.Fatalf("n=%d: changed vector still equal", n)
			}
		}
	}
	if Equal(NewVector(collInts(3)), NewVector(collInts(4))) {
		t.Fatal("different lengths equal")
	}
	// 1 and 1.0 differ; 0.0 and -0.0 do not.
	if Equal(NewVector([]Value{int64(1)}), NewVector([]Value{1.0})) {
		t.Fatal("[1] = [1.0]")
	}
	a, b := NewVector([]Value{0.0}), NewList([]Value{math.Copysign(0, -1)})
	if !Equal(a, b) || Hash(a) != Hash(b) {
		t.Fatal("[0.0] vs '(-0.0)")
	}
}

// ---- maps ----

// collModel is a reference map: pairs in insertion order, found by Equal.
type collModel struct{ ks, vs []Value }

func (p *collModel) find(k Value) int {
	for i, x := range p.ks {
		if Equal(k, x) {
			return i
		}
	}
	return -1
}

func (p *collModel) set(k, v Value) {
	if i := p.find(k); i >= 0 {
		p.vs[i] = v
		return
	}
	p.ks = append(p.ks, k)
	p.vs = append(p.vs, v)
}

func (p *collModel) del(k Value) {
	if i := p.find(k); i >= 0 {
		p.ks = append(p.ks[:i:i], p.ks[i+1:]...)
		p.vs = append(p.vs[:i:i], p.vs[i+1:]...)
	}
}

func (p *collModel) clone() *collModel {
	return &collModel{append([]Value(nil), p.ks...), append([]Value(nil), p.vs...)}
}

// collCheckHam verifies the trie below n (at shift) and returns its entry count.
func collCheckHam(t *testing.T, n *hamNode, shift uint, root bool) int {
	t.Helper()
	if n.coll {
		if shift != hamMaxShift || len(n.arr) < 4 || len(n.arr)%2 != 0 {
			t.Fatalf("collision node at shift %d with %d slots", shift, len(n.arr))
		}
		h := Hash(n.arr[0])
		for i := 0; i < len(n.arr); i += 2 {
			if Hash(n.arr[i]) != h {
				t.Fatal("collision node with different hashes")
			}
		}
		return len(n.arr) / 2
	}
	if shift >= hamMaxShift {
		t.Fatalf("bitmap node at shift %d", shift)
	}
	if n.datamap&n.nodemap != 0 {
		t.Fatal("slot both data and node")
	}
	de := 2 * bits.OnesCount32(n.datamap)
	if len(n.arr) != de+bits.OnesCount32(n.nodemap) {
		t.Fatalf("arr len %d for bitmaps %b/%b", len(n.arr), n.datamap, n.nodemap)
	}
	count := de / 2
	for i := 0; i < de; i += 2 {
		if n.dataIndex(hamBit(Hash(n.arr[i]), shift)) != i || n.datamap&hamBit(Hash(n.arr[i]), shift) == 0 {
			t.Fatalf("key %v in the wrong slot", n.arr[i])
		}
	}
	for _, c := range n.arr[de:] {
		count += collCheckHam(t, c.(*hamNode), shift+hamBits, false)
	}
	if !root && count < 2 {
		t.Fatalf("non-root node with %d entries", count)
	}
	return count
}

// collCheckMap verifies m's invariants and that it holds exactly model's
// entries (with the stored keys model has).
func collCheckMap(t *testing.T, m *Map, model *collModel) {
	t.Helper()
	if m.Len() != len(model.ks) {
		t.Fatalf("len %d, want %d", m.Len(), len(model.ks))
	}
	if m.root == nil {
		if len(m.kvs) != 2*m.count || m.count > mapArrayMax {
			t.Fatalf("array map: %d slots for %d entries", len(m.kvs), m.count)
		}
		for i := range model.ks { // insertion order
			if !collSame(m.kvs[2*i], model.ks[i]) || !Equal(m.kvs[2*i+1], model.vs[i]) {
				t.Fatalf("array map entry %d: %v=%v want %v=%v", i, m.kvs[2*i], m.kvs[2*i+1], model.ks[i], model.vs[i])
			}
		}
	} else if c := collCheckHam(t, m.root, 0, true); c != m.count {
		t.Fatalf("trie has %d entries, count %d", c, m.count)
	}
	for i, k := range model.ks {
		v, ok := m.Get(k)
		if !ok || !Equal(v, model.vs[i]) {
			t.Fatalf("Get(%v) = %v, %v; want %v", k, v, ok, model.vs[i])
		}
		sk, _, _ := m.entry(k)
		if !collSame(sk, k) {
			t.Fatalf("stored key %v (%T), want %v (%T)", sk, sk, k, k)
		}
	}
	n := 0
	m.Each(func(k, v Value) bool {
		i := model.find(k)
		if i < 0 || !Equal(v, model.vs[i]) {
			t.Fatalf("Each: unexpected %v=%v", k, v)
		}
		n++
		return true
	})
	if n != m.count || len(m.Keys()) != m.count || len(m.Vals()) != m.count {
		t.Fatalf("Each visited %d of %d", n, m.count)
	}
}

// collKeyPool returns keys of many kinds, including Equal-but-different ones
// (0.0/-0.0, vectors/lists) and forced hash collisions.
func collKeyPool(n int) []Value {
	var ks []Value
	for i := 0; len(ks) < n; i++ {
		switch i % 9 {
		case 0:
			ks = append(ks, int64(i))
		case 1:
			ks = append(ks, Keyword(fmt.Sprint("k", i)))
		case 2:
			ks = append(ks, fmt.Sprint("s", i))
		case 3:
			ks = append(ks, float64(i)+0.5)
		case 4:
			ks = append(ks, collKey{i, 0xdeadbeef}) // full collisions
		case 5:
			ks = append(ks, collKey{i, 0x12345 | uint64(i)<<50}) // share 50 low bits
		case 6:
			if i%2 == 0 {
				ks = append(ks, NewVector([]Value{int64(i), "v"}))
			} else {
				ks = append(ks, NewList([]Value{int64(i), "v"}))
			}
		case 7:
			ks = append(ks, float64(i)) // distinct from int64(i)
		case 8:
			ks = append(ks, int64(i/9)) // small collInts
		}
	}
	ks = append(ks, 0.0, math.Copysign(0, -1), nil, true, false, Symbol("sym"))
	return ks
}

// collEquiv returns a key Equal to k but of another representation when
// there is one (a list for a vector, -0.0 for 0.0), else k.
func collEquiv(k Value) Value {
	switch x := k.(type) {
	case *Vector:
		return NewList(x.ToSlice())
	case *List:
		return NewVector(x.ToSlice())
	case float64:
		if x == 0 {
			return -x
		}
	}
	return k
}

func TestMapModel(t *testing.T) {
	for _, poolSize := range []int{12, 40, 400} {
		t.Run(fmt.Sprint(poolSize), func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(poolSize)))
			pool := collKeyPool(poolSize)
			type version struct {
				m     *Map
				model *collModel
			}
			versions := []version{{EmptyMap(), &collModel{}}}
			cur := versions[0]
			for op := 0; op < 6000; op++ {
				if rng.Intn(100) == 0 {
					cur = versions[rng.Intn(len(versions))]
				}
				k := pool[rng.Intn(len(pool))]
				if rng.Intn(4) == 0 {
					k = collEquiv(k)
				}
				model := cur.model.clone()
				var m *Map
				switch r := rng.Intn(100); {
				case r < 60:
					v := int64(op)
					m = cur.m.Assoc(k, v)
					model.set(k, v)
				case r < 95:
					m = cur.m.Dissoc(k)
					if model.find(k) < 0 && m != cur.m {
						t.Fatal("Dissoc of an absent key made a new map")
					}
					model.del(k)
				default:
					// Rebuild through the builder from the model.
					b := NewMapBuilder()
					for i := range model.ks {
						b.Set(model.ks[i], model.vs[i])
					}
					m = b.Build()
				}
				if op%10 == 0 || model.find(k) >= 0 && len(model.ks) < 20 {
					collCheckMap(t, m, model)
				} else if m.Len() != len(model.ks) {
					t.Fatalf("op %d: len %d want %d", op, m.Len(), len(model.ks))
				}
				if len(model.ks) == 0 && m != EmptyMap() {
					t.Fatal("empty map not shared")
				}
				cur = version{m, model}
				if op%30 == 0 {
					versions = append(versions, cur)
				}
			}
			for _, v := range versions {
				collCheckMap(t, v.m, v.model)
			}
		})
	}
}

func TestMapCollisions(t *testing.T) {
	// Keys with one hash go to a collision node; keys sharing only low bits
	// make deep chains.
	for _, mk := range []func(i int) collKey{
		func(i int) collKey { return collKey{i, 7} },
		func(i int) collKey { return collKey{i, 7 | uint64(i%3)<<62} },
		func(i int) collKey { return collKey{i, uint64(i % 2)} },
	} {
		m := EmptyMap()
		model := &collModel{}
		for i := 0; i < 50; i++ {
			m = m.Assoc(mk(i), int64(i))
			model.set(mk(i), int64(i))
			collCheckMap(t, m, model)
		}
		old := m
		for i := 0; i < 50; i += 2 {
			m = m.Assoc(mk(i), "new")
			model.set(mk(i), "new")
		}
		collCheckMap(t, m, model)
		if v, _ := old.Get(mk(0)); v != int64(0) {
			t.Fatal("old version changed")
		}
		if _, ok := m.Get(collKey{1000, 7}); ok {
			t.Fatal("found an absent colliding key")
		}
		if m.Dissoc(collKey{1000, 7}) != m {
			t.Fatal("dissoc of absent colliding key")
		}
		for i := 49; i >= 0; i-- {
			m = m.Dissoc(mk(i))
			model.del(mk(i))
			collCheckMap(t, m, model)
		}
		if m != EmptyMap() {
			t.Fatal("not empty")
		}
	}
}

func TestMapKeySemantics(t *testing.T) {
	negZero := math.Copysign(0, -1)
	m := EmptyMap().Assoc(0.0, "a").Assoc(negZero, "b")
	if m.Len() != 1 {
		t.Fatal("0.0 and -0.0 are one key")
	}
	if v, _ := m.Get(negZero); v != "b" {
		t.Fatal("-0.0 lookup")
	}
	m = m.Assoc(int64(1), "int").Assoc(1.0, "float")
	if m.Len() != 3 {
		t.Fatal("1 and 1.0 are different keys")
	}
	if v, _ := m.Get(int64(1)); v != "int" {
		t.Fatal("int key")
	}
	if _, ok := m.Get(int64(0)); ok {
		t.Fatal("0 found for 0.0")
	}
	m = m.Assoc(nil, "nil").Assoc(Keyword("a"), 1).Assoc("a", 2).Assoc(Symbol("a"), 3)
	if m.Len() != 7 {
		t.Fatalf("len %d", m.Len())
	}
	// A vector key is found by an equal list; the stored key stays.
	vk := NewVector([]Value{int64(1), int64(2)})
	m2 := m.Assoc(vk, "vec").Assoc(NewList([]Value{int64(1), int64(2)}), "list")
	if v, _ := m2.Get(NewList([]Value{int64(1), int64(2)})); v != "list" {
		t.Fatal("list lookup of vector key")
	}
	if k, _, _ := m2.entry(NewList([]Value{int64(1), int64(2)})); k != vk {
		t.Fatal("stored key replaced")
	}
	// The same in a large map.
	big := NewMapBuilder()
	for i := 0; i < 100; i++ {
		big.Set(int64(i), int64(i))
	}
	big.Set(vk, "vec")
	big.Set(0.0, "z")
	bm := big.Build().Assoc(NewList([]Value{int64(1), int64(2)}), "list").Assoc(negZero, "nz")
	if v, _ := bm.Get(vk); v != "list" || bm.Len() != 102 {
		t.Fatal("large map collEquiv key")
	}
	if v, _ := bm.Get(0.0); v != "nz" {
		t.Fatal("large map -0.0")
	}
	if _, ok := bm.Get(1.0); ok {
		t.Fatal("1.0 found for 1")
	}
}

func TestMapArrayOrder(t *testing.T) {
	m := EmptyMap()
	for _, k := range []string{"d", "b", "a", "c"} {
		m = m.Assoc(Keyword(k), k)
	}
	m2 := m.Assoc(Keyword("b"), "B")
	if fmt.Sprint(m2.Keys()) != "[d b a c]" || fmt.Sprint(m2.Vals()) != "[d B a c]" {
		t.Fatalf("order %v %v", m2.Keys(), m2.Vals())
	}
	if fmt.Sprint(m.Vals()) != "[d b a c]" {
		t.Fatal("old version changed")
	}
	m3 := m2.Dissoc(Keyword("b"))
	if fmt.Sprint(m3.Keys()) != "[d a c]" || m2.Len() != 4 {
		t.Fatalf("dissoc order %v", m3.Keys())
	}
	n := 0
	m2.Each(func(_, _ Value) bool { n++; return n < 2 })
	if n != 2 {
		t.Fatal("Each did not stop")
	}
	// NewMapFromPairs: later duplicates win, first position kept.
	p := NewMapFromPairs([]Value{Keyword("a"), int64(1), Keyword("b"), int64(2), Keyword("a"), int64(3)})
	if p.Len() != 2 || fmt.Sprint(p.Keys(), p.Vals()) != "[a b] [3 2]" {
		t.Fatalf("pairs %v %v", p.Keys(), p.Vals())
	}
	var kvs []Value
	for i := 0; i < 30; i++ {
		kvs = append(kvs, int64(i%20), int64(i))
	}
	p = NewMapFromPairs(kvs)
	if p.Len() != 20 {
		t.Fatalf("len %d", p.Len())
	}
	for i := 0; i < 20; i++ {
		want := int64(i)
		if i < 10 {
			want += 20
		}
		if v, _ := p.Get(int64(i)); v != want {
			t.Fatalf("key %d = %v", i, v)
		}
	}
	if NewMapFromPairs(nil) != EmptyMap() {
		t.Fatal("empty pairs")
	}
	collMustPanic(t, "odd pairs", func() { NewMapFromPairs([]Value{int64(1)}) })
	// Growing past 8 entries turns into a trie; all entries survive.
	g := EmptyMap()
	for i := 0; i < 9; i++ {
		g = g.Assoc(Keyword(fmt.Sprint(i)), int64(i))
	}
	if g.root == nil || g.Len() != 9 {
		t.Fatal("9 entries should be a trie")
	}
}

func TestMapOrderIndependence(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, n := range []int{3, 8, 9, 50, 2000} {
		pool := collKeyPool(n)
		build := func(perm []int) *Map {
			m := EmptyMap()
			for _, i := range perm {
				m = m.Assoc(pool[i], int64(Hash(pool[i])>>1)) // equal keys, equal values
			}
			return m
		}
		perm := rng.Perm(len(pool))
		a := build(perm)
		b := build(rng.Perm(len(pool)))
		// c gets extra keys, then loses them.
		c := a
		for i := 0; i < 100; i++ {
			c = c.Assoc(collKey{10000 + i, uint64(i % 7)}, "x")
		}
		for i := 0; i < 100; i++ {
			c = c.Dissoc(collKey{10000 + i, uint64(i % 7)})
		}
		if !Equal(a, b) || !Equal(b, a) || Hash(a) != Hash(b) || !Equal(a, c) || Hash(a) != Hash(c) {
			t.Fatalf("n=%d: maps with the same entries differ", n)
		}
		if a.root != nil && b.root != nil {
			// Canonical tries iterate alike, except within collision nodes.
			ka, kb := a.Keys(), b.Keys()
			for i := range ka {
				if !Equal(ka[i], kb[i]) && Hash(ka[i]) != Hash(kb[i]) {
					t.Fatalf("n=%d: trie order depends on insertion order", n)
				}
			}
		}
		d := a.Assoc(pool[0], "changed")
		if Equal(a, d) || Equal(a, a.Dissoc(pool[1])) {
			t.Fatal("different maps equal")
		}
	}
	// Nested maps as values and keys.
	x := NewMapFromPairs([]Value{Keyword("a"), NewVector(collInts(3)), Keyword("b"), EmptyMap()})
	y := NewMapFromPairs([]Value{Keyword("b"), EmptyMap(), Keyword("a"), NewList(collInts(3))})
	if !Equal(x, y) || Hash(x) != Hash(y) {
		t.Fatal("nested maps")
	}
	outer := EmptyMap().Assoc(x, 1)
	if v, ok := outer.Get(y); !ok || v != 1 {
		t.Fatal("map as key")
	}
}

func TestMapBuilder(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	pool := collKeyPool(3000)
	b := NewMapBuilder()
	model := &collModel{}
	var snaps []*Map
	var snapModels []*collModel
	for op := 0; op < 5000; op++ {
		k := pool[rng.Intn(len(pool))]
		if rng.Intn(3) == 0 {
			// group-by style update in place.
			old, _ := b.Get(k)
			n, _ := old.(int64)
			b.Set(k, n+1)
			model.set(k, n+1)
		} else {
			b.Set(collEquiv(k), int64(op))
			model.set(collEquiv(k), int64(op))
		}
		if b.Len() != len(model.ks) {
			t.Fatalf("builder len %d want %d", b.Len(), len(model.ks))
		}
		if op == 3 || op == 7 || op == 8 || op == 200 || op == 4000 {
			// Build mid-way; the builder keeps going without touching it.
			snaps = append(snaps, b.Build())
			snapModels = append(snapModels, model.clone())
		}
	}
	m := b.Build()
	collCheckMap(t, m, model)
	for i, s := range snaps {
		collCheckMap(t, s, snapModels[i])
	}
	// A builder started from a map leaves that map alone.
	fb := NewMapBuilderFrom(m)
	fb.Set(Keyword("brand-new"), 1)
	fb.Set(model.ks[0], "replaced")
	collCheckMap(t, m, model)
	m2 := fb.Build()
	model.set(Keyword("brand-new"), 1)
	model.set(model.ks[0], "replaced")
	collCheckMap(t, m2, model)
	small := NewMapFromPairs([]Value{Keyword("a"), int64(1)})
	sb := NewMapBuilderFrom(small)
	sb.Set(Keyword("a"), int64(2))
	sb.Set(Keyword("b"), int64(3))
	if v, _ := small.Get(Keyword("a")); v != int64(1) || small.Len() != 1 {
		t.Fatal("builder from small map changed it")
	}
	if sm := sb.Build(); sm.Len() != 2 {
		t.Fatal("builder from small map")
	}
	if NewMapBuilder().Build() != EmptyMap() {
		t.Fatal("empty build")
	}
}

// ---- sets ----

func collCheckSet(t *testing.T, s *Set, model *collModel) {
	t.Helper()
	collCheckMap(t, &s.m, model)
	for _, k := range model.ks {
		if !s.Contains(k) || !s.Contains(collEquiv(k)) {
			t.Fatalf("Contains(%v)", k)
		}
		if g, ok := s.Get(collEquiv(k)); !ok || !collSame(g, k) {
			t.Fatalf("Get(%v) = %v", k, g)
		}
	}
	sl := s.ToSlice()
	if len(sl) != len(model.ks) {
		t.Fatal("ToSlice")
	}
	if s.m.root == nil {
		// Sets iterate in Clojure's hash order (clojurehash.go), which is
		// insertion order sorted stably by the hash chunks.
		want := append([]Value(nil), model.ks...)
		clojureOrder(want)
		for i := range sl {
			if !collSame(sl[i], want[i]) {
				t.Fatal("small set order")
			}
		}
	}
}

func TestSetModel(t *testing.T) {
	for _, poolSize := range []int{10, 300} {
		rng := rand.New(rand.NewSource(int64(poolSize)))
		pool := collKeyPool(poolSize)
		s := EmptySet()
		model := &collModel{}
		var old []*Set
		var oldModels []*collModel
		for op := 0; op < 4000; op++ {
			k := pool[rng.Intn(len(pool))]
			if rng.Intn(4) == 0 {
				k = collEquiv(k)
			}
			prev := s
			if rng.Intn(3) > 0 {
				s = s.Conj(k)
				if model.find(k) >= 0 {
					if s != prev {
						t.Fatal("Conj of a present element made a new set")
					}
				} else {
					model.set(k, nil)
				}
			} else {
				s = s.Disj(k)
				if model.find(k) < 0 && s != prev {
					t.Fatal("Disj of an absent element made a new set")
				}
				model.del(k)
			}
			if op%20 == 0 {
				collCheckSet(t, s, model)
				old = append(old, s)
				oldModels = append(oldModels, model.clone())
			}
		}
		for i := range old {
			collCheckSet(t, old[i], oldModels[i])
		}
		// The same elements through NewSet and SetBuilder.
		items := append(model.clone().ks, model.ks...)
		ns := NewSet(items)
		if !Equal(ns, s) || Hash(ns) != Hash(s) || ns.Len() != len(model.ks) {
			t.Fatal("NewSet differs")
		}
		sb := NewSetBuilder()
		for i := len(model.ks) - 1; i >= 0; i-- {
			sb.Add(model.ks[i])
			if !sb.Contains(model.ks[i]) {
				t.Fatal("builder Contains")
			}
		}
		bs := sb.Build()
		if !Equal(bs, s) || Hash(bs) != Hash(s) || bs.Len() != sb.Len() {
			t.Fatal("SetBuilder differs")
		}
	}
	// First of equal elements is kept; Disj to empty returns the shared set.
	s := NewSet([]Value{NewVector(collInts(2)), NewList(collInts(2)), int64(1), 1.0})
	if s.Len() != 3 {
		t.Fatalf("len %d", s.Len())
	}
	if g, _ := s.Get(NewList(collInts(2))); TypeName(g) != "vector" {
		t.Fatal("stored element")
	}
	if sl := s.ToSlice(); len(sl) != 3 || !s.Contains(int64(1)) || !s.Contains(1.0) {
		t.Fatalf("elements %v", sl)
	}
	e := s.Disj(NewList(collInts(2))).Disj(int64(1)).Disj(1.0)
	if e != EmptySet() || NewSet(nil) != EmptySet() || NewSetBuilder().Build() != EmptySet() {
		t.Fatal("empty set")
	}
	n := 0
	NewSet(collInts(100)).Each(func(Value) bool { n++; return n < 5 })
	if n != 5 {
		t.Fatal("Each did not stop")
	}
	if Equal(NewSet(collInts(3)), NewSet(collInts(4))) || !Equal(NewSet(collInts(20)), NewSet(collInts(20))) {
		t.Fatal("set equality")
	}
}

// ---- benchmarks ----

// The benchmarks box their values beforehand so that only the
// collections' own allocations are counted.

func BenchmarkVectorConj(b *testing.B) {
	vals := collInts(100000)
	b.ReportAllocs()
	for b.Loop() {
		v := EmptyVector()
		for _, x := range vals {
			v = v.Conj(x)
		}
		if v.Len() != 100000 {
			b.Fatal(v.Len())
		}
	}
}

func BenchmarkVectorBuilder(b *testing.B) {
	vals := collInts(100000)
	b.ReportAllocs()
	for b.Loop() {
		vb := NewVectorBuilder(0)
		for _, x := range vals {
			vb.Add(x)
		}
		if vb.Build().Len() != 100000 {
			b.Fatal()
		}
	}
}

func BenchmarkVectorNth(b *testing.B) {
	v := NewVector(collInts(100000))
	b.ResetTimer()
	var sink Value
	for b.Loop() {
		for i := 0; i < 100000; i++ {
			sink = v.Nth(i)
		}
	}
	_ = sink
}

func BenchmarkVectorEach(b *testing.B) {
	v := NewVector(collInts(100000))
	var sum int64
	for b.Loop() {
		v.Each(func(_ int, x Value) bool { sum += x.(int64); return true })
	}
}

var collVecSink *Vector

// BenchmarkVectorSmallNew makes a 2-element vector, like a map entry; the
// items slice is made inside the loop since NewVector takes it over.
func BenchmarkVectorSmallNew(b *testing.B) {
	vals := collInts(2)
	b.ReportAllocs()
	for b.Loop() {
		collVecSink = NewVector([]Value{vals[0], vals[1]})
	}
}

// BenchmarkVectorSmallConj conjs 8 elements one by one onto the empty
// vector.
func BenchmarkVectorSmallConj(b *testing.B) {
	vals := collInts(8)
	b.ReportAllocs()
	for b.Loop() {
		v := EmptyVector()
		for _, x := range vals {
			v = v.Conj(x)
		}
		collVecSink = v
	}
}

// BenchmarkVectorBuilderSmall builds a 5-element vector without and with a
// size hint.
func BenchmarkVectorBuilderSmall(b *testing.B) {
	vals := collInts(5)
	for _, hint := range []int{0, 5} {
		b.Run(fmt.Sprint("hint=", hint), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				vb := NewVectorBuilder(hint)
				for _, x := range vals {
					vb.Add(x)
				}
				collVecSink = vb.Build()
			}
		})
	}
}

func BenchmarkMapAssocSmall(b *testing.B) {
	b.ReportAllocs()
	ks := []Value{Keyword("id"), Keyword("name"), Keyword("age"), Keyword("email")}
	for b.Loop() {
		m := EmptyMap()
		for i, k := range ks {
			m = m.Assoc(k, int64(i))
		}
		for _, k := range ks {
			if _, ok := m.Get(k); !ok {
				b.Fatal()
			}
		}
	}
}

func BenchmarkMapFromPairsSmall(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m := NewMapFromPairs([]Value{Keyword("id"), int64(1), Keyword("name"), "x", Keyword("age"), int64(3), Keyword("email"), "e"})
		if _, ok := m.Get(Keyword("email")); !ok {
			b.Fatal()
		}
	}
}

func BenchmarkMapBuilder10k(b *testing.B) {
	vals := collInts(10000)
	b.ReportAllocs()
	for b.Loop() {
		mb := NewMapBuilder()
		for _, x := range vals {
			mb.Set(x, x)
		}
		if mb.Build().Len() != 10000 {
			b.Fatal()
		}
	}
}

func BenchmarkMapAssoc10k(b *testing.B) {
	vals := collInts(10000)
	b.ReportAllocs()
	for b.Loop() {
		m := EmptyMap()
		for _, x := range vals {
			m = m.Assoc(x, x)
		}
	}
}

func BenchmarkMapGet(b *testing.B) {
	small := EmptyMap()
	for _, k := range []string{"id", "name", "age", "email", "city", "zip"} {
		small = small.Assoc(Keyword(k), k)
	}
	b.Run("small-keyword", func(b *testing.B) {
		var k Value = Keyword("city")
		for b.Loop() {
			if _, ok := small.Get(k); !ok {
				b.Fatal()
			}
		}
	})
	mb := NewMapBuilder()
	kws := make([]Value, 10000)
	for i := range kws {
		kws[i] = Keyword(fmt.Sprint("key-", i))
		mb.Set(kws[i], int64(i))
		mb.Set(int64(i), int64(i))
	}
	big := mb.Build()
	vals := collInts(10000)
	b.Run("20k-int", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, ok := big.Get(vals[i]); !ok {
				b.Fatal()
			}
			i = (i + 7919) % 10000
		}
	})
	b.Run("20k-keyword", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, ok := big.Get(kws[i]); !ok {
				b.Fatal()
			}
			i = (i + 7919) % 10000
		}
	})
}

func BenchmarkSetBuild10k(b *testing.B) {
	vals := collInts(10000)
	b.ReportAllocs()
	for b.Loop() {
		sb := NewSetBuilder()
		for _, x := range vals {
			sb.Add(x)
		}
		if sb.Build().Len() != 10000 {
			b.Fatal()
		}
	}
}

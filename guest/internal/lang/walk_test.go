package lang

import (
	"strconv"
	"testing"
)

// TestWalkBoundaryMapsBothShapes: the walk keeps an unchanged map, array
// map or trie, as it is, and rebuilds a changed one with every entry
// converted, wherever the first change is.
func TestWalkBoundaryMapsBothShapes(t *testing.T) {
	for _, n := range []int{1, 3, 8, 9, 20, 70} {
		kvs := make([]Value, 0, 2*n)
		for i := range n {
			kvs = append(kvs, "k"+strconv.Itoa(i), NewVector([]Value{"v" + strconv.Itoa(i)}))
		}
		plain := NewMapFromPairs(append([]Value(nil), kvs...))
		if got := boundaryValue(plain); got != Value(plain) {
			t.Errorf("%d entries: an unchanged map was copied", n)
		}
		for _, at := range []int{0, n / 2, n - 1} {
			changed := append([]Value(nil), kvs...)
			changed[2*at] = Keyword("k" + strconv.Itoa(at))
			changed[2*at+1] = NewVector([]Value{Keyword("kw")})
			m := NewMapFromPairs(changed)
			got, ok := boundaryValue(m).(*Map)
			if !ok || got == m || got.Len() != n {
				t.Fatalf("%d entries, change at %d: got %v", n, at, got)
			}
			for i := range n {
				v, ok := got.Get("k" + strconv.Itoa(i))
				want := `["v` + strconv.Itoa(i) + `"]`
				if i == at {
					want = `["kw"]`
				}
				if !ok || PrStr(v) != want {
					t.Errorf("%d entries, change at %d: k%d = %s, want %s", n, at, i, PrStr(v), want)
				}
				if orig, _ := plain.Get("k" + strconv.Itoa(i)); i != at && v != orig {
					t.Errorf("%d entries, change at %d: the unchanged value of k%d was copied", n, at, i)
				}
			}
		}
	}
}

// TestWalkBoundaryKeysThatMeet: keys that become one string at the
// boundary (:a and "a") make one entry with the later value, in an array
// map and in a trie.
func TestWalkBoundaryKeysThatMeet(t *testing.T) {
	for _, n := range []int{0, 3, 12} {
		kvs := []Value{Keyword("a"), int64(1), "b", int64(2), "a", int64(3)}
		for i := range n {
			kvs = append(kvs, "x"+strconv.Itoa(i), int64(i))
		}
		got, ok := boundaryValue(NewMapFromPairs(kvs)).(*Map)
		if !ok || got.Len() != 2+n {
			t.Fatalf("%d more entries: got %v", n, got)
		}
		if v, _ := got.Get("a"); v != Value(int64(3)) {
			t.Errorf("%d more entries: \"a\" is %s, want 3", n, PrStr(v))
		}
		if _, ok := got.Get(Keyword("a")); ok {
			t.Errorf("%d more entries: :a is still a key", n)
		}
	}
}

// TestIdenticalKeepsHostData: a tool's arguments that hold host data as
// it came (strings, numbers, nested maps) cross back as the same values,
// and identical still tells equal scalars in new boxes from different ones.
func TestIdenticalKeepsHostData(t *testing.T) {
	payload, _ := DecodeJSON(boundaryPayload())
	m := toolArgs("echo", []Value{NewMapFromPairs([]Value{Keyword("p"), payload})})
	if p, _ := m.Get("p"); p != payload {
		t.Error("host data passed to a tool was copied")
	}
	s1, s2 := "same text", string([]byte("same text"))
	for _, c := range []struct {
		a, b Value
		want bool
	}{
		{s1, s1, true}, {s1, s2, true}, {s1, "other", false}, {s1, Keyword(s1), false},
		{int64(1 << 40), int64(1 << 40), true}, {int64(1), 1.0, false}, {nil, nil, true}, {nil, false, false},
		{payload, payload, true}, {payload, EmptyVector(), false},
	} {
		if got := identical(c.a, c.b); got != c.want {
			t.Errorf("identical(%s, %s) = %v", PrStr(c.a), PrStr(c.b), got)
		}
	}
}

package lang

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestExportJSONMatchesExportThenEncode checks the one-pass encoder against
// the two-step one it replaces at the Wasm boundary.
func TestExportJSONMatchesExportThenEncode(t *testing.T) {
	fixed := []Value{
		nil, true, false, int64(-7), 1.5, 2.0, math.NaN(), math.Inf(-1), "a\"b\n", Keyword("k"), Symbol("s"),
		NewVector([]Value{int64(1), Keyword("x"), NewList([]Value{"l"})}),
		NewSet([]Value{int64(3), int64(1), int64(2)}),
		NewMapFromPairs([]Value{Keyword("a"), int64(1), Keyword("b"), NewMapFromPairs([]Value{"c", nil})}),
		NewMapFromPairs([]Value{Keyword("a"), int64(1), "a", int64(2)}), // colliding keys merge
		NewMapFromPairs([]Value{int64(1), "one", 2.5, "two"}),           // non-string keys print
		NewMapFromPairs([]Value{Keyword("f"), &Builtin{Name: "inc"}}),   // functions print
		NewVector(nil), EmptyMap(),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		fixed = append(fixed, randomExportValue(r, 3))
	}
	for _, v := range fixed {
		want, err := EncodeJSON(ExportValue(v))
		if err != nil {
			t.Fatalf("%s: EncodeJSON(ExportValue): %v", PrStr(v), err)
		}
		got := ExportJSON(v)
		if got == want {
			continue
		}
		// Large maps may list their members in another order.
		gv, ok1 := DecodeJSON(got)
		wv, ok2 := DecodeJSON(want)
		if !ok1 || !ok2 || !Equal(gv, wv) {
			t.Errorf("ExportJSON(%s)\n got %s\nwant %s", PrStr(v), got, want)
		}
	}
}

func randomExportValue(r *rand.Rand, depth int) Value {
	n := r.IntN(12)
	if depth == 0 {
		n = r.IntN(6)
	}
	switch n {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return int64(r.IntN(2000) - 1000)
	case 3:
		return float64(r.IntN(100)) / 4
	case 4:
		return "s" + strconv.Itoa(r.IntN(50))
	case 5:
		return Keyword("k" + strconv.Itoa(r.IntN(50)))
	case 6, 7:
		items := make([]Value, r.IntN(12))
		for i := range items {
			items[i] = randomExportValue(r, depth-1)
		}
		if n == 7 {
			return NewSet(items)
		}
		return NewVector(items)
	default:
		kvs := make([]Value, 0, 40)
		m := r.IntN(20)
		for i := 0; i < m; i++ {
			var k Value
			switch r.IntN(4) {
			case 0:
				k = "k" + strconv.Itoa(r.IntN(30))
			case 1:
				k = int64(r.IntN(30))
			default:
				k = Keyword("k" + strconv.Itoa(r.IntN(30)))
			}
			if n == 8 { // uniform keyword keys
				k = Keyword("k" + strconv.Itoa(r.IntN(30)))
			}
			kvs = append(kvs, k, randomExportValue(r, depth-1))
		}
		return NewMapFromPairs(kvs)
	}
}

// TestWalkBoundaryCopiesOnlyWhatChanges: data that needs no conversion
// crosses as is; a change deep inside rebuilds only the path to it.
func TestWalkBoundaryCopiesOnlyWhatChanges(t *testing.T) {
	inner := NewVector([]Value{"x", int64(1), NewMapFromPairs([]Value{"k", 2.5})})
	plain := NewMapFromPairs([]Value{"a", inner, "b", nil})
	if got := ExportValue(plain); got != Value(plain) {
		t.Errorf("ExportValue copied a map that needs no conversion: %s", PrStr(got))
	}
	mixed := NewMapFromPairs([]Value{"keep", inner, Keyword("k"), Keyword("v"), "z", NewList([]Value{int64(1)})})
	got, ok := ExportValue(mixed).(*Map)
	if !ok {
		t.Fatalf("ExportValue(%s) is not a map", PrStr(mixed))
	}
	if want := `{"keep" ["x" 1 {"k" 2.5}], "k" "v", "z" [1]}`; PrStr(got) != want {
		t.Errorf("ExportValue = %s, want %s", PrStr(got), want)
	}
	if kept, _ := got.Get("keep"); kept != Value(inner) {
		t.Error("an unchanged vector inside a changed map was copied")
	}
	// Keys that collide after conversion merge, the later value winning.
	collide := NewMapFromPairs([]Value{"a", int64(1), Keyword("a"), int64(2)})
	if got := PrStr(ExportValue(collide)); got != `{"a" 2}` {
		t.Errorf("colliding keys: %s", got)
	}
	v := NewVector([]Value{"s", int64(3), Keyword("kw")})
	if got := PrStr(ExportValue(v)); got != `["s" 3 "kw"]` {
		t.Errorf("vector with a keyword at the end: %s", got)
	}
}

package lang

import "testing"

// Hashes and orders below were printed by Clojure 1.11.1.
func TestClojureHash(t *testing.T) {
	cases := []struct {
		v    Value
		want int32
	}{
		{int64(0), 0}, {int64(1), 1392991556}, {int64(2), -971005196}, {int64(3), -1556392013},
		{int64(-1), 1651860712}, {int64(42), 1871679806}, {int64(1000000), 1669527334},
		{int64(-5000000000), 176601653}, {"a", 1455541201}, {"abc", 74834163}, {"", 0},
		{"héllo", 162369042}, {Keyword("a"), -2123407586}, {Keyword("b"), 1482224470},
		{Keyword("ns/k"), -2146281460}, {Symbol("sym"), 195671222}, {1.0, 1072693248},
		{1.5, 1073217536}, {0.0, 0}, {nil, 0}, {true, 1231}, {false, 1237},
		{NewVector([]Value{int64(1), int64(2)}), 156247261},
		{NewMapFromPairs([]Value{Keyword("a"), int64(1)}), 1772842048},
		{NewSet([]Value{int64(1)}), 1038464948},
	}
	for _, c := range cases {
		if got := int32(clojureHash(c.v)); got != c.want {
			t.Errorf("clojureHash(%s) = %d, want %d", PrStr(c.v), got, c.want)
		}
	}
}

func TestClojureSetOrder(t *testing.T) {
	cases := []struct{ src, want string }{
		{"(vec (set (range 40)))", "[0 7 20 27 1 24 39 4 15 21 31 32 33 13 22 36 29 6 28 25 34 17 3 12 2 23 35 19 11 9 5 14 26 16 38 30 10 18 37 8]"},
		{`(vec #{"a" "b" "c" "d"})`, `["d" "a" "b" "c"]`},
		{"(vec #{:x :y :z :w})", "[:y :w :z :x]"},
		{"(vec (set (range 0 200 7)))", "[0 70 7 154 175 77 119 21 182 91 56 168 196 28 189 35 112 14 140 133 126 98 105 147 161 42 63 49 84]"},
		{"(pr-str #{2 3})", `"#{3 2}"`},
		{"(clojure.set/union [1 2] #{2 3})", "[1 2 3 2]"},
		{"(clojure.set/index #{{:a 1 :b 2} {:a 1 :b 3}} [:a])", "{{:a 1} #{{:a 1, :b 2} {:a 1, :b 3}}}"},
		{"(hash-set [1 2] [3] [] '(4 5) {:a 1} #{1})", "#{{:a 1} [] [3] #{1} (4 5) [1 2]}"},
	}
	for _, c := range cases {
		r := NewSession().Eval(c.src, Options{})
		if r.Error != nil || PrStr(r.Value) != c.want {
			t.Errorf("%s = %s (%v), want %s", c.src, PrStr(r.Value), r.Error, c.want)
		}
	}
}

// sort's string fast path must order like compare (UTF-16 code units, as
// Java): a character above U+FFFF sorts before U+FFFF.
func TestSortMatchesCompareForStrings(t *testing.T) {
	r := NewSession().Eval("(= (sort [\"\uffff\" \"\U00010000\" \"a\"]) (sort compare [\"\uffff\" \"\U00010000\" \"a\"]))", Options{})
	if r.Error != nil || r.Value != true {
		t.Fatalf("sort and compare disagree: %v %v", PrStr(r.Value), r.Error)
	}
}

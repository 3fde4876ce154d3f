package lang

import (
	"strings"
	"testing"
)

// sqEval evaluates src in a fresh session and returns the pr-str of the
// value, or "error: kind" when it fails.
func sqEval(t *testing.T, src string, lim Limits) string {
	t.Helper()
	r := NewSession().Eval(src, Options{Limits: lim})
	if r.Error != nil {
		if r.Error.Kind == InternalError {
			t.Errorf("%s: internal error: %v", src, r.Error)
		}
		return "error: " + string(r.Error.Kind)
	}
	return PrStr(r.Value)
}

type sqCase struct{ src, want string }

func sqRun(t *testing.T, cases []sqCase) {
	t.Helper()
	for _, c := range cases {
		if got := sqEval(t, c.src, Limits{}); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
		}
	}
}

// TestSeqLibExamples evaluates the doc examples of this file group.
func TestSeqLibExamples(t *testing.T) {
	for _, lib := range []func() []*Builtin{seqLib, collLib} {
		for _, b := range lib() {
			if b.Doc == nil || b.Doc.Doc == "" || len(b.Doc.Arities) == 0 || b.Doc.Group == "" {
				t.Errorf("%s: incomplete doc", b.Name)
				continue
			}
			if len(b.Doc.Examples) == 0 {
				t.Errorf("%s: no examples", b.Name)
			}
			for _, e := range b.Doc.Examples {
				if got := sqEval(t, e.Code, Limits{}); got != e.Result {
					t.Errorf("%s example %s\n got: %s\nwant: %s", b.Name, e.Code, got, e.Result)
				}
			}
		}
	}
}

func TestSeqLibMapFilterReduce(t *testing.T) {
	sqRun(t, []sqCase{
		{"(map inc [1 2 3])", "[2 3 4]"},
		{"(map inc nil)", "[]"},
		{"(map inc '(1 2))", "[2 3]"},
		{`(map identity "abc")`, `["a" "b" "c"]`},
		{`(map identity "héé")`, `["h" "é" "é"]`},
		{"(map first {:a 1 :b 2})", "[:a :b]"},
		{"(map + [1 2 3] [10 20 30] [100 200])", "[111 222]"},
		{"(map + [1 2] nil)", "[]"},
		{`(map str "ab" "cd")`, `["ac" "bd"]`},
		{"(map vector {:a 1} [9])", "[[[:a 1] 9]]"},
		{"(map {:a 1 :b 2} [:a :c :b])", "[1 nil 2]"},
		{"(map [10 20] [0 1])", "[10 20]"},
		{"(map inc 5)", "error: type_error"},
		{"(map [1 2] inc)", "error: type_error"},
		{"(map inc)", "error: arity_error"},
		{"(mapv (fn [a b c d] (+ a b c d)) [1] [2] [3] [4])", "[10]"},
		{"(pmap inc [1 2])", "[2 3]"},
		{"(pcalls)", "[]"},
		{"(apply pcalls [(fn [] 1) (fn [] 2)])", "[1 2]"},
		{"(filter even? nil)", "[]"},
		{"(filter #{:a :b} [:a :c :b])", "[:a :b]"},
		{"(filter (fn [[k v]] (> v 1)) {:a 1 :b 2})", "[[:b 2]]"},
		{`(filter #(= "a" %) "banana")`, `["a" "a" "a"]`},
		{"(remove nil? [1 nil 2])", "[1 2]"},
		{"(filterv :x [{:x 1} {}])", "[{:x 1}]"},
		{"(keep identity [false nil 1])", "[false 1]"},
		{"(keep {:a 1 :b nil :c false} [:a :b :c :d])", "[1 false]"},
		{"(keep-indexed (fn [i x] (when (pos? x) i)) [-1 2 3])", "[1 2]"},
		{"(map-indexed + [10 20])", "[10 21]"},
		{"(mapcat identity [[1 2] nil [3]])", "[1 2 3]"},
		{"(mapcat vector [1 2] [:a :b])", "[1 :a 2 :b]"},
		{"(mapcat identity [1 2])", "error: type_error"},
		{"(reduce + nil)", "0"},
		{"(reduce + [5])", "5"},
		{"(reduce vector [])", "[]"},
		{"(reduce - 10 [1 2 3])", "4"},
		{"(reduce (fn [acc [k v]] (+ acc v)) 0 {:a 1 :b 2})", "3"},
		{`(reduce str "" "abc")`, `"abc"`},
		{"(reduce conj #{} [1 1 2])", "#{1 2}"},
		{"(reduce {:a 1 :b 2} [:a])", ":a"},
		{"(reduce + 1 2)", "error: type_error"},
		{"(reduce (fn [a] a) [1 2])", "error: arity_error"},
		{"(reductions + [])", "[0]"},
		{"(reductions + 5 [])", "[5]"},
		{"(reductions conj [] [1 2])", "[[] [1] [1 2]]"},
	})
}

func TestSeqLibAccess(t *testing.T) {
	sqRun(t, []sqCase{
		{"(first [])", "nil"},
		{"(first '(1 2))", "1"},
		{"(first {:a 1})", "[:a 1]"},
		{"(first #{7})", "7"},
		{`(first "")`, "nil"},
		{`(first "é!")`, `"é"`},
		{"(first 5)", "error: type_error"},
		{"(second nil)", "nil"},
		{`(second "ab")`, `"b"`},
		{"(second '(1 2 3))", "2"},
		{"(last nil)", "nil"},
		{"(last '(1 2 3))", "3"},
		{`(last "abé")`, `"é"`},
		{"(last {:a 1 :b 2})", "[:b 2]"},
		{"(ffirst nil)", "nil"},
		{"(nfirst [[] [1]])", "nil"},
		{"(nnext nil)", "nil"},
		{"(fnext [1])", "nil"},
		{"(rest nil)", "()"},
		{"(rest [])", "()"},
		{"(rest '(1 2))", "(2)"},
		{`(rest "abc")`, `("b" "c")`},
		{"(rest {:a 1 :b 2})", "([:b 2])"},
		{"(rest 1)", "error: type_error"},
		{"(next nil)", "nil"},
		{"(next '(1))", "nil"},
		{"(next #{1})", "nil"},
		{"(list? (rest [1 2]))", "true"},
		{"(nth [1 2 3] 0)", "1"},
		{"(nth [1 2 3] 1.7)", "2"},
		{"(nth '(1 2 3) 2)", "3"},
		{`(nth "abc" 1)`, `"b"`},
		{`(nth "a" 1 :missing)`, ":missing"},
		{"(nth nil 0)", "nil"},
		{"(nth nil 5 :x)", ":x"},
		{"(nth [1 2] -1)", "error: index_error"},
		{"(nth [1 2] -1 :x)", ":x"},
		{"(nth '(1 2) 5)", "error: index_error"},
		{`(nth "ab" 2)`, "error: index_error"},
		{"(nth {:a 1} 0)", "error: type_error"},
		{"(nth [1 2] :a)", "error: type_error"},
		{"(nth [1 2] nil)", "error: type_error"},
		{"(nthnext nil 0)", "nil"},
		{"(nthnext [1 2 3] 1.5)", "[3]"},
		{"(nthrest nil 0)", "[]"},
		{"(nthrest [1 2 3] 0)", "[1 2 3]"},
		{"(seq nil)", "nil"},
		{"(seq '())", "nil"},
		{"(seq '(1))", "(1)"},
		{`(seq "")`, "nil"},
		{"(seq #{})", "nil"},
		{"(seq {})", "nil"},
		{"(seq [1 2])", "[1 2]"},
		{"(seq 1)", "error: type_error"},
	})
}

func TestSeqLibTakeDrop(t *testing.T) {
	sqRun(t, []sqCase{
		{"(take 0 [1 2])", "[]"},
		{"(take -1 [1 2])", "[]"},
		{"(take 2 nil)", "[]"},
		{"(take 1.0 [10 20])", "[10]"},
		{"(take 1.5 [1 2 3])", "[1 2]"},
		{"(take 2 '(1 2 3))", "[1 2]"},
		{"(take 2 #{1})", "[1]"},
		{"(take 1 {:a 1 :b 2})", "[[:a 1]]"},
		{"(take :n [1 2])", "error: type_error"},
		{"(take [1 2] 2)", "error: type_error"},
		{"(take 0 5)", "error: type_error"},
		{"(drop 2 nil)", "[]"},
		{"(drop -1 [1 2])", "[1 2]"},
		{"(drop 1.0 [10 20])", "[20]"},
		{`(drop 3 "hello")`, `["l" "o"]`},
		{"(drop 1 '(1 2 3))", "[2 3]"},
		{"(take-while pos? nil)", "[]"},
		{"(take-while {:a true :b false} [:a :b :c])", "[:a]"},
		{"(drop-while [true false] [0 1])", "[1]"},
		{"(drop-while pos? [1 2])", "[]"},
		{"(take-last 0 [1 2 3])", "nil"},
		{"(take-last -1 [1 2])", "nil"},
		{"(take-last 2 nil)", "nil"},
		{"(take-last 5 [1 2])", "[1 2]"},
		{`(take-last 2 "hello")`, `["l" "o"]`},
		{"(drop-last nil)", "[]"},
		{"(drop-last 5 [1 2])", "[]"},
		{"(drop-last -1 [1 2])", "[1 2]"},
		{`(drop-last "hello")`, `["h" "e" "l" "l"]`},
		{"(butlast nil)", "nil"},
		{`(butlast "a")`, "nil"},
		{`(butlast "ab")`, `["a"]`},
		{"(take-nth 2 nil)", "[]"},
		{"(take-nth 0 [])", "[]"},
		{"(take-nth 0 [1])", "error: value_error"},
		{`(take-nth 2 "abcde")`, `["a" "c" "e"]`},
		{"(split-at 0 [1 2 3])", "[[] [1 2 3]]"},
		{"(split-at -1 [1 2 3])", "[[] [1 2 3]]"},
		{"(split-at 2 nil)", "[[] []]"},
		{`(split-at 2 "hello")`, `[["h" "e"] ["l" "l" "o"]]`},
		{"(split-with pos? [-1 2])", "[[] [-1 2]]"},
		{"(split-with {:a true :b false} [:a :b :c])", "[[:a] [:b :c]]"},
	})
}

func TestSeqLibSort(t *testing.T) {
	sqRun(t, []sqCase{
		{"(sort nil)", "[]"},
		{"(sort [])", "[]"},
		{"(sort [3 1.5 2])", "[1.5 2 3]"},
		{"(sort [1 nil 0])", "[nil 0 1]"},
		{"(sort [true false nil])", "[nil false true]"},
		{"(sort [:b :a/b :a])", "[:a :b :a/b]"},
		{"(sort [[1 2] [1] [0 5]])", "[[1] [0 5] [1 2]]"},
		{`(sort "dcba")`, `["a" "b" "c" "d"]`},
		{"(sort {:b 2 :a 1})", "[[:a 1] [:b 2]]"},
		{"(sort #{3 1 2})", "[1 2 3]"},
		{"(sort [1 \"a\"])", "error: type_error"},
		{"(sort [{:a 1} {:a 2}])", "error: type_error"},
		{"(sort [##NaN 1])", "[##NaN 1]"},
		{"(sort nil [2 1])", "[1 2]"},
		{"(sort compare [2 1])", "[1 2]"},
		{"(sort (fn [a b] (- b a)) [1 3 2])", "[3 2 1]"},
		{"(sort (fn [a b] (- b a 0.5)) [1 3 2])", "[3 2 1]"},
		{"(sort < [3 1 2 1])", "[1 1 2 3]"},
		{"(sort (fn [a b] false) [3 1 2])", "[3 1 2]"},
		{"(sort (fn [a b] nil) [2 1])", "error: type_error"},
		{"(sort :asc [3 1 2])", "[1 2 3]"},
		{"(sort :desc [3 1 2])", "[3 2 1]"},
		{"(sort :up [3 1 2])", "error: value_error"},
		{"(sort [3 1 2] >)", "error: type_error"},
		{"(sort 5)", "error: type_error"},
		// stability: equal keys keep their order
		{"(sort-by :a [{:a 2 :i 1} {:a 1} {:a 2 :i 2}])", "[{:a 1} {:a 2, :i 1} {:a 2, :i 2}]"},
		{"(sort-by first > [[1 :a] [2 :b] [1 :c] [2 :d]])", "[[2 :b] [2 :d] [1 :a] [1 :c]]"},
		{"(map :i (sort-by :k (map (fn [i] {:k (mod i 3) :i i}) (range 40))))",
			"[0 3 6 9 12 15 18 21 24 27 30 33 36 39 1 4 7 10 13 16 19 22 25 28 31 34 37 2 5 8 11 14 17 20 23 26 29 32 35 38]"},
		{"(sort-by identity (fn [a b] false) [2 1])", "[2 1]"},
		{"(sort-by :a [{:a nil} {:a 1}])", "[{:a nil} {:a 1}]"},
		{"(sort-by second > {:food 100 :travel 500 :office 200})", "[[:travel 500] [:office 200] [:food 100]]"},
		{"(sort-by first {:z 1 :a 2})", "[[:a 2] [:z 1]]"},
		{`(sort-by "price" [{"price" 3} {"price" 1}])`, `[{"price" 1} {"price" 3}]`},
		{`(sort-by "price" [{:price 3} {:price 1}])`, `[{:price 1} {:price 3}]`},
		{`(sort-by :price [{"price" 3} {"price" 1}])`, `[{"price" 1} {"price" 3}]`},
		{`(sort-by :unit-price [{"unit_price" 3} {"unit_price" 1}])`, `[{"unit_price" 1} {"unit_price" 3}]`},
		{"(sort-by [2 1] [0 1])", "[1 0]"},
		{"(sort-by (juxt :p :n) [{:p 2 :n \"a\"} {:p 1 :n \"b\"} {:p 1 :n \"a\"}])", `[{:p 1, :n "a"} {:p 1, :n "b"} {:p 2, :n "a"}]`},
		{"(sort-by :n :desc [{:n 1} {:n 3} {:n 2}])", "[{:n 3} {:n 2} {:n 1}]"},
		{"(sort-by count [\"bb\" \"a\"] >)", "error: type_error"},
		{"(sort-by :k [1 2] >)", "error: type_error"},
		{"(sort-by :a [{:a 1} {:a \"x\"}])", "error: type_error"},
		{"(sort-by identity [\"b\" \"a\"])", `["a" "b"]`},
		{"(reverse nil)", "[]"},
		{"(reverse '(1 2))", "[2 1]"},
		{"(reverse {:a 1 :b 2})", "[[:b 2] [:a 1]]"},
	})
}

func TestSeqLibGrouping(t *testing.T) {
	sqRun(t, []sqCase{
		{"(group-by odd? nil)", "{}"},
		{"(group-by count [\"a\" \"bb\" \"c\"])", `{1 ["a" "c"], 2 ["bb"]}`},
		{"(group-by first {:a 1 :b 2})", "{:a [[:a 1]], :b [[:b 2]]}"},
		{"(group-by identity \"aba\")", `{"a" ["a" "a"], "b" ["b"]}`},
		{`(group-by "k" [{"k" 1} {:k 1} {"k" 2}])`, `{1 [{"k" 1} {:k 1}], 2 [{"k" 2}]}`},
		{"(group-by {:a 1 :b 2} [:a :b :c])", "{1 [:a], 2 [:b], nil [:c]}"},
		{"(count (group-by identity (range 100)))", "100"},
		{"(get (group-by #(mod % 10) (range 100)) 3)", "[3 13 23 33 43 53 63 73 83 93]"},
		{"(frequencies nil)", "{}"},
		{"(frequencies {:a 1})", "{[:a 1] 1}"},
		{"(frequencies [1 1.0 1])", "{1 2, 1.0 1}"},
		{"(get (frequencies (map #(mod % 7) (range 700))) 6)", "100"},
		{"(distinct nil)", "[]"},
		{"(distinct [1 1.0 2 1])", "[1 1.0 2]"},
		{`(distinct "aabbca")`, `["a" "b" "c"]`},
		{"(distinct [[1] '(1) [2]])", "[[1] [2]]"},
		{"(distinct {:a 1})", "error: type_error"},
		{"(count (distinct (map #(mod % 50) (range 1000))))", "50"},
		{"(dedupe nil)", "[]"},
		{"(dedupe [1 1 2 2 1])", "[1 2 1]"},
		{"(partition 2 nil)", "[]"},
		{"(partition 10 [1 2 3])", "[]"},
		{"(partition -1 [1 2 3])", "[]"},
		{"(partition 2.0 [1 2 3])", "[]"},
		{"(partition 2 1.0 [1 2 3])", "[[1 2] [2 3]]"},
		{"(partition 2 1.0 [:x] [1 2 3])", "[[1 2] [2 3] [3 :x]]"},
		{"(partition 3 3 [0] [1 2 3 4 5])", "[[1 2 3] [4 5 0]]"},
		{"(partition 3 3 [] [1 2 3 4])", "[[1 2 3] [4]]"},
		{"(partition 2 3 [1 2 3 4 5 6 7])", "[[1 2] [4 5]]"},
		{"(partition 0 [1 2])", "error: value_error"},
		{"(partition 2 0 [1 2])", "error: value_error"},
		{`(partition 2 "abcde")`, `[["a" "b"] ["c" "d"]]`},
		{"(partition-all 2 nil)", "[]"},
		{"(partition-all 2 3 [1 2 3 4 5 6 7])", "[[1 2] [4 5] [7]]"},
		{"(partition-all 2.0 [1 2 3])", "[[1 2] [3]]"},
		{"(partition-all 0 [1])", "error: value_error"},
		{"(partition-all 0 [])", "[]"},
		{"(partition-by odd? nil)", "[]"},
		{"(partition-by identity [1 1 2 3 3])", "[[1 1] [2] [3 3]]"},
		{`(partition-by #(= % " ") "a b")`, `[["a"] [" "] ["b"]]`},
	})
}

func TestSeqLibCombine(t *testing.T) {
	sqRun(t, []sqCase{
		{"(concat)", "[]"},
		{"(concat nil nil)", "[]"},
		{"(concat nil [1] \"ab\" {:a 1} #{2})", `[1 "a" "b" [:a 1] 2]`},
		{"(concat '(1) [2])", "[1 2]"},
		{"(concat [1] 2)", "error: type_error"},
		{"(interleave)", "[]"},
		{"(interleave [1 2])", "[1 2]"},
		{"(interleave nil [1])", "[]"},
		{"(interleave {:a 1} [:x])", "[[:a 1] :x]"},
		{`(interleave "ab" [1 2])`, `["a" 1 "b" 2]`},
		{"(interpose 0 nil)", "[]"},
		{"(interpose 0 [1])", "[1]"},
		{`(interpose "," "ab")`, `["a" "," "b"]`},
		{"(flatten nil)", "[]"},
		{"(flatten {:a [1 2]})", "[]"},
		{`(flatten "abc")`, "[]"},
		{"(flatten [1 \"ab\" {:a 1} #{2} '(3 [4]) [[[[5]]]]])", `[1 "ab" {:a 1} #{2} 3 4 5]`},
		{"(flatten [[] [nil]])", "[nil]"},
		{"(count (flatten (reduce (fn [acc _] [acc]) 1 (range 10000))))", "1"},
		{"(tree-seq nil? nil 1)", "[1]"},
		{"(count (tree-seq vector? seq [[1 2] [3 [4 5]]]))", "9"},
		{"(filter number? (tree-seq vector? seq [[1 2] [3 [4]]]))", "[1 2 3 4]"},
		{"(map :id (tree-seq :children :children {:id 1 :children [{:id 2 :children [{:id 4}]} {:id 3}]}))", "[1 2 4 3]"},
		{"(tree-seq :kids :kids {:kids 5})", "error: type_error"},
	})
}

func TestSeqLibPredicates(t *testing.T) {
	sqRun(t, []sqCase{
		{"(some even? nil)", "nil"},
		{"(some even? [1 3 4])", "true"},
		{`(some #{"x"} ["a" "x"])`, `"x"`},
		{"(some #{[:a 1]} {:a 1 :b 2})", "[:a 1]"},
		{"(some + [0 1 nil])", "0"},
		{"(some :a [{:a false} {:a 42}])", "42"},
		{"(every? even? nil)", "true"},
		{"(every? :a {:a 1 :b 2})", "false"},
		{"(every? #{1 2 3} #{1 2})", "true"},
		{"(every? [true true] [0 1])", "true"},
		{"(not-every? even? [])", "false"},
		{"(not-any? even? nil)", "true"},
		{"(not-any? #(= % \"z\") \"hello\")", "true"},
		{"(every? even? 5)", "error: type_error"},
	})
}

func TestSeqLibRangeRepeat(t *testing.T) {
	sqRun(t, []sqCase{
		{"(range 0)", "[]"},
		{"(range -3)", "[]"},
		{"(range 5 5)", "[]"},
		{"(range 5 10)", "[5 6 7 8 9]"},
		{"(range 10 0 -1)", "[10 9 8 7 6 5 4 3 2 1]"},
		{"(range 0 10 -1)", "[]"},
		{"(range 10 0 1)", "[]"},
		{"(range 10 0 -3)", "[10 7 4 1]"},
		{"(range 1.5)", "[0 1]"},
		{"(range 0.5 3)", "[0.5 1.5 2.5]"},
		{"(range 0 1 0.25)", "[0 0.25 0.5 0.75]"},
		{"(range 1 2 0.3)", "[1 1.3 1.6 1.9000000000000001]"},
		{"(range 3 0 -0.5)", "[3 2.5 2.0 1.5 1.0 0.5]"},
		{"(range 5 5 0)", "[]"},
		{"(range 1 5 0)", "error: value_error"},
		{"(range 1.0 5 0)", "error: value_error"},
		{"(range 0 ##NaN)", "[]"},
		{"(range 0 ##Inf)", "error: size_limit"},
		{"(range)", "error: arity_error"},
		{"(range nil)", "error: type_error"},
		{"(range 1 nil)", "error: type_error"},
		{"(range \"1\" 3)", "error: type_error"},
		{"(range 1 5 nil)", "error: type_error"},
		{"(range 1e12)", "error: size_limit"},
		{"(range 9223372036854775806 9223372036854775807)", "[9223372036854775806]"},
		{"(range -9223372036854775808 9223372036854775807 9223372036854775807)", "[-9223372036854775808 -1 9223372036854775806]"},
		{"(count (range 100000))", "100000"},
		{"(reduce + (range 100001))", "5000050000"},
		{"(repeat 3 nil)", "[nil nil nil]"},
		{"(repeat -1 :x)", "[]"},
		{"(repeat 2.5 :x)", "[:x :x]"},
		{"(repeat :x)", "error: arity_error"},
		{"(repeat 100000000 :x)", "error: size_limit"},
		{"(repeat :x 3)", "error: type_error"},
	})
}

func TestSeqLibFunctions(t *testing.T) {
	sqRun(t, []sqCase{
		{"(apply + [])", "0"},
		{"(apply vector nil)", "[]"},
		{"(apply str \"a\" \"bc\")", `"abc"`},
		{"(apply (fn [x & xs] xs) 1 2 [3 4])", "(2 3 4)"},
		{"(apply vector {:a 1})", "[[:a 1]]"},
		{"(apply #{1 2 3} [2])", "2"},
		{"(apply [10 20] [1])", "20"},
		{"(apply max-key val (seq {:a 3 :b 7 :c 2}))", "[:b 7]"},
		{"(apply + 1)", "error: type_error"},
		{"(apply +)", "error: arity_error"},
		{"((comp) 42)", "42"},
		{"((comp str +) 1 2 3)", `"6"`},
		{"((comp inc {:a 1}) :a)", "2"},
		{"(map (comp inc inc) [1 2])", "[3 4]"},
		{"((comp inc) 5)", "6"},
		{"((partial + 1) 2 3 4)", "10"},
		{"((partial {:a 1}) :a)", "1"},
		{"(map (partial map inc) [[1 2] [3]])", "[[2 3] [4]]"},
		{"((juxt + vector) 1 2 3)", "[6 [1 2 3]]"},
		{"(juxt)", "error: arity_error"},
		{"((juxt inc))", "error: arity_error"},
		{"((complement nil?) nil)", "false"},
		{"((complement <) 3 2)", "true"},
		{"((complement #{:a}) :b)", "true"},
		{"((constantly nil) :a :b)", "nil"},
		{"((constantly 5))", "5"},
		{"((fnil + 0) nil 2)", "2"},
		{"((fnil vector 1 2 3) nil nil nil)", "[1 2 3]"},
		{"((fnil vector 1 2) nil)", "[1]"},
		{"((fnil [10 20] 0) nil)", "10"},
		{"(fnil + 0 0 0 0)", "error: arity_error"},
		{"((every-pred even? pos?) 4 6 8)", "true"},
		{"((every-pred even?))", "true"},
		{"((every-pred number? pos?) 5 -1)", "false"},
		{"((some-fn :a :b) {:a 1})", "1"},
		{"((some-fn even?))", "nil"},
		{"((some-fn even? pos?) -3)", "false"},
		{"((some-fn [nil :x]) 1)", ":x"},
		{"(some-fn)", "error: arity_error"},
		{"(fn? (partial + 1))", "true"},
		{"(max-key count \"a\")", `"a"`},
		{"(max-key count \"aa\" \"bb\" \"c\")", `"bb"`},
		{"(max-key count \"a\" \"b\" \"c\")", `"c"`},
		{"(min-key count \"a\" \"bb\" \"c\")", `"c"`},
		{"(max-key {:a 1 :b 2} :a :b)", ":b"},
		{"(min-key [1 2] 0 1)", "0"},
		{"(max-key :a {:a 1 :id 1} {:a 1 :id 2})", "{:a 1, :id 2}"},
		{"(min-key :a {:a 1 :id 1} {:a 1 :id 2})", "{:a 1, :id 2}"},
		{"(max-key :a {:a nil} {:a 1})", "error: type_error"},
		{"(max-key count)", "error: arity_error"},
		{"(doall (map inc [1]))", "[2]"},
		{"(doall 1 [1])", "[1]"},
		{"(dorun [1])", "nil"},
		{"(run! inc nil)", "nil"},
	})
}

func TestSeqLibCollections(t *testing.T) {
	sqRun(t, []sqCase{
		{"(conj)", "[]"},
		{"(conj nil)", "nil"},
		{"(conj [1])", "[1]"},
		{"(conj nil :a :b)", "(:b :a)"},
		{"(conj nil 1)", "(1)"},
		{"(conj [1] nil)", "[1 nil]"},
		{"(conj '(1 2) 3 4)", "(4 3 1 2)"},
		{"(conj #{} 1 1)", "#{1}"},
		{"(conj {:a 1} {:b 2 :c 3})", "{:a 1, :b 2, :c 3}"},
		{"(conj {:a 1} nil)", "{:a 1}"},
		{"(conj {:a 1} [:a 2])", "{:a 2}"},
		{"(conj {:a 1} [:b])", "error: value_error"},
		{"(conj {:a 1} '(:b 2))", "error: type_error"},
		{"(conj \"a\" 1)", "error: type_error"},
		{"(conj 1 2)", "error: type_error"},
		{"(into)", "[]"},
		{"(into [1])", "[1]"},
		{"(into nil nil)", "nil"},
		{"(into nil [1 2])", "(2 1)"},
		{"(into [] nil)", "[]"},
		{"(into [] \"ab\")", `["a" "b"]`},
		{"(into [] {:a 1 :b 2})", "[[:a 1] [:b 2]]"},
		{"(into [1 2 3] [4])", "[1 2 3 4]"},
		{"(into '(1) [2 3])", "(3 2 1)"},
		{"(into #{} [1 2 2 3])", "#{1 3 2}"},
		{"(into #{1} [1 2])", "#{1 2}"},
		{"(into {} [{:a 1} {:b 2}])", "{:a 1, :b 2}"},
		{"(into {:a 1} {:b 2})", "{:a 1, :b 2}"},
		{"(into {} [[:a 1 2]])", "error: value_error"},
		{"(into {} [1])", "error: type_error"},
		{"(into \"ab\" [1])", "error: type_error"},
		{"(into [] (map inc) [1])", "error: arity_error"},
		{"(into [] 5)", "error: type_error"},
		{"(count (into [] (range 1000)))", "1000"},
		{"(count (into (vec (range 2000)) (range 10)))", "2010"},
		{"(count (into #{} (range 100)))", "100"},
		{"(count (into {} (map (fn [i] [i i]) (range 100))))", "100"},
		{"(cons 1 {:a 1})", "(1 [:a 1])"},
		{"(cons 1 '(2))", "(1 2)"},
		{`(cons "x" "ab")`, `("x" "a" "b")`},
		{"(cons 1 1)", "error: type_error"},
		{"(count \"\")", "0"},
		{"(count {:a 1})", "1"},
		{"(count '(1 2))", "2"},
		{"(count 1)", "error: type_error"},
		{"(empty '(1))", "()"},
		{"(empty #{1})", "#{}"},
		{"(empty \"abc\")", "nil"},
		{"(empty 1)", "nil"},
		{"(empty? \"\")", "true"},
		{"(empty? \" \")", "false"},
		{"(empty? {})", "true"},
		{"(empty? #{})", "true"},
		{"(empty? '())", "true"},
		{"(empty? 1)", "error: type_error"},
		{"(not-empty nil)", "nil"},
		{`(not-empty "")`, "nil"},
		{`(not-empty "abc")`, `"abc"`},
		{"(not-empty {:a 1})", "{:a 1}"},
		{"(vec {:a 1})", "[[:a 1]]"},
		{"(vec #{})", "[]"},
		{"(vec 1)", "error: type_error"},
		{"(list* nil)", "nil"},
		{"(list* 1 nil)", "(1)"},
		{"(list* 1 2)", "error: type_error"},
		{"(list)", "()"},
		{"(peek nil)", "nil"},
		{"(peek '())", "nil"},
		{"(peek #{1})", "error: type_error"},
		{"(pop nil)", "nil"},
		{"(pop [1])", "[]"},
		{"(pop '())", "error: value_error"},
		{"(pop {:a 1})", "error: type_error"},
		{"(subvec [1 2 3] 1.0)", "[2 3]"},
		{"(subvec [1 2 3] 1.0 2.0)", "[2]"},
		{"(subvec [1 2 3] 0.9 2.9)", "[1 2]"},
		{"(subvec [1 2 3] -1)", "error: index_error"},
		{"(subvec [1 2 3] 2 1)", "error: index_error"},
		{"(subvec [1 2 3] 3)", "[]"},
		{"(subvec '(1 2) 0)", "error: type_error"},
		{"(subvec nil 0)", "error: type_error"},
		{"(zipmap nil nil)", "{}"},
		{"(zipmap [:a :a] [1 2])", "{:a 2}"},
		{`(zipmap "ab" [1 2])`, `{"a" 1, "b" 2}`},
		{"(zipmap [:a] 5)", "error: type_error"},
	})
}

// TestSeqLibLimits checks that huge results are refused before they are
// built and that the step budget covers work done inside builtins.
func TestSeqLibLimits(t *testing.T) {
	small := Limits{MaxCollection: 1000, MaxSteps: 100_000}
	for _, c := range []sqCase{
		{"(count (range 1001))", "error: size_limit"},
		{"(count (range 1000))", "1000"},
		{"(count (repeat 1001 1))", "error: size_limit"},
		{"(count (concat (range 600) (range 600)))", "error: size_limit"},
		{"(count (into (vec (range 600)) (range 600)))", "error: size_limit"},
		{"(count (interleave (range 600) (range 600)))", "error: size_limit"},
		{"(count (interpose 0 (range 600)))", "error: size_limit"},
		{"(count (mapcat (fn [_] (range 600)) [1 2]))", "error: size_limit"},
		{"(count (apply concat (repeat 10 (range 200))))", "error: size_limit"},
		{"(count (flatten (repeat 10 (range 200))))", "error: size_limit"},
		{"(count (conj (vec (range 1000)) 1))", "error: size_limit"},
		{"(count (tree-seq (constantly true) vector 1))", "error: size_limit"},
		{"(reduce + (map inc (range 1000)))", "500500"},
		{"(loop [i 0] (if (< i 200) (do (sort (range 1000)) (recur (inc i))) i))", "error: step_limit"},
		{"(loop [i 0] (if (< i 200) (do (reverse (range 1000)) (recur (inc i))) i))", "error: step_limit"},
		{"(loop [i 0] (if (< i 200) (do (count (range 1000)) (recur (inc i))) i))", "error: step_limit"},
		{"(loop [i 0] (if (< i 200) (do (repeat 1000 1) (recur (inc i))) i))", "error: step_limit"},
	} {
		if got := sqEval(t, c.src, small); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
		}
	}
}

// TestSeqLibErrorsHaveHints checks a few of the messages meant to steer a
// model to the fix.
func TestSeqLibErrorsHaveHints(t *testing.T) {
	for _, c := range []struct{ src, hint string }{
		{"(range)", "use (range n)"},
		{"(repeat :x)", "(repeat n x)"},
		{"(sort [1 \"a\"])", "sort"},
		{"(sort [3 1 2] >)", "(sort comparator coll)"},
		{"(nth [1] 3)", "default"},
		{"(into [] (map inc) [1])", "(into to (map f from))"},
		{"(map [1 2] inc)", ""},
		{"(take [1 2] 2)", "swapped"},
		{"(distinct {:a 1})", "(keys m)"},
	} {
		r := NewSession().Eval(c.src, Options{})
		if r.Error == nil {
			t.Errorf("%s: no error", c.src)
			continue
		}
		if !strings.Contains(r.Error.Hint, c.hint) {
			t.Errorf("%s: hint %q does not mention %q (message %q)", c.src, r.Error.Hint, c.hint, r.Error.Message)
		}
	}
}

func TestSeqLibErrorPositions(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
		col  int
	}{
		{"(sort-by #(get % :a)\n [{:a 1} {:a \"x\"}])", 1, 1},
		{"(max-key #(get % :a)\n {:a 1} {:a nil})", 1, 1},
		{"(mapcat #(get % :a)\n [{:a 1}])", 1, 1},
		{"(sort (fn [a b] (str a b))\n [1 2])", 1, 1},
	} {
		r := NewSession().Eval(c.src, Options{})
		if r.Error == nil || r.Error.Pos.Line != c.line || r.Error.Pos.Col != c.col {
			t.Errorf("%s: error %v, want position %d:%d", c.src, r.Error, c.line, c.col)
		}
	}
}

func TestSeqLibPersistence(t *testing.T) {
	sqRun(t, []sqCase{
		{"(let [s #{1 2}] [(into s [3]) s])", "[#{1 3 2} #{1 2}]"},
		{"(let [s (set (range 20))] [(count (into s [30 31])) (count s)])", "[22 20]"},
		{"(let [m {:a 1}] [(into m {:b 2}) (conj m [:c 3]) m])", "[{:a 1, :b 2} {:a 1, :c 3} {:a 1}]"},
		{"(let [m (zipmap (range 20) (range 20))] [(count (into m [[30 1]])) (count m)])", "[21 20]"},
		{"(let [v [1 2 3]] [(into v [4]) (conj v 5) v (pop v)])", "[[1 2 3 4] [1 2 3 5] [1 2 3] [1 2]]"},
		{"(let [v (vec (range 40))] [(count (into v (range 100))) (count v) (count (into v [1]))])", "[140 40 41]"},
		{"(let [l '(1 2)] [(cons 0 l) (conj l 0) (rest l) l])", "[(0 1 2) (0 1 2) (2) (1 2)]"},
		{"(let [v [3 1 2]] [(sort v) (reverse v) v])", "[[1 2 3] [2 1 3] [3 1 2]]"},
	})
}

// TestSeqLibArgsNotRetained checks that closures made by combinators do
// not keep the caller's argument slice (which lives on the value stack).
func TestSeqLibArgsNotRetained(t *testing.T) {
	sqRun(t, []sqCase{
		{"(let [f (partial vector 1 2) g (juxt inc dec) h (fnil + 0 0)] [(f 3) (g 5) (h nil 1) (f 4) (g 6) (h 2 nil)])",
			"[[1 2 3] [6 4] 1 [1 2 4] [7 5] 2]"},
		{"(let [fs (map (fn [i] (partial + i)) (range 3))] (map (fn [f] (f 10)) fs))", "[10 11 12]"},
		{"(let [c (comp (partial * 2) inc)] (map c [1 2 3]))", "[4 6 8]"},
	})
}

func BenchmarkSeqLibMapFilterReduce(b *testing.B) {
	s := NewSession()
	r := s.Eval("(def xs (vec (range 100000)))", Options{})
	if r.Error != nil {
		b.Fatal(r.Error)
	}
	for _, src := range []string{
		"(count (map inc xs))",
		"(count (filter even? xs))",
		"(reduce + xs)",
		"(reduce + 0 (map (fn [x] (* x 2)) (filter odd? xs)))",
		"(count (sort-by - xs))",
	} {
		b.Run(src, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if r := s.Eval(src, Options{}); r.Error != nil {
					b.Fatal(r.Error)
				}
			}
		})
	}
}

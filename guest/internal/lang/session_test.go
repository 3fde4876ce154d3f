package lang

import (
	"fmt"
	"strings"
	"testing"
)

// sessionReuseCases are self-contained programs (each leaves the session
// as it found it: its defs fail or are rolled back) that end in every
// way an evaluation can end, so a session that runs them one after the
// other must give the results a fresh session gives.
var sessionReuseCases = []struct {
	src    string
	limits Limits
}{
	{src: `1`},
	{src: `(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))`},
	{src: `(println "a" 1) (print "b") [1 2 {:a "x\"y"}]`},
	{src: `(defn f [x] (* x 2)) (def y (f 3)) (/ y 0)`},                             // fails after defs: rolled back
	{src: `(let [x 1] (f x))`},                                                      // f must not exist
	{src: `(def z 1) (loop [i 0] (recur (inc i)))`, limits: Limits{MaxSteps: 5000}}, // step limit
	{src: `(vec (range 100))`, limits: Limits{MaxCollection: 10}},                   // size limit
	{src: `(defn d [n] (if (zero? n) 0 (inc (d (dec n))))) (d 100)`, limits: Limits{MaxDepth: 20}},
	{src: `(pmap #(* % %) [1 2 3 4 5 6 7 8 9 10])`},
	{src: `(pcalls (fn [] (tool/echo {:a 1})) (fn [] (tool/users {})))`},
	{src: `(def w 2) (pmap (fn [x] (if (= x 3) (/ x 0) x)) [1 2 3 4])`},
	{src: `(tool/broken {})`},
	{src: `(do (println "before") (return {:r 1}) (println "after"))`},
	{src: `(fail "no")`},
	{src: `(apply str (repeat 100 "abcdefghij"))`, limits: Limits{MaxResultBytes: 50}},
	{src: `(dotimes [i 20] (println (apply str (repeat 10 "x")))) :printed`, limits: Limits{MaxPrintBytes: 64}},
	{src: `(map inc [1 2`},    // parse error
	{src: `(undefined-fn 1)`}, // analysis error
	{src: `(def v 1) (tool/nope {})`},
	{src: `[w z y v]`}, // none of the failed defs above exists
}

// showResult is everything a host sees of a result, on one line.
func showResult(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s value=%s steps=%d prints=%q truncated=%v defined=%q",
		r.Outcome, PrStr(r.Value), r.Steps, r.Prints, r.PrintsTruncated, r.Defined)
	if e := r.Error; e != nil {
		fmt.Fprintf(&b, " error=%s %q at %d:%d hint=%q limit=%q", e.Kind, e.Message, e.Pos.Line, e.Pos.Col, e.Hint, e.Limit)
	}
	for _, c := range r.ToolCalls {
		fmt.Fprintf(&b, " call=%s(%s)->%s/%q/%d", c.Name, PrStr(c.Args), PrStr(c.Result), c.Error, c.Batch)
	}
	return b.String()
}

// TestSessionManyEvals runs every case three times over in one session,
// between and after evaluations that failed mid-way, hit limits, ran
// pmap workers or were interrupted, and compares each result with a
// fresh session's: per-evaluation state must not leak from one
// evaluation into the next.
func TestSessionManyEvals(t *testing.T) {
	s := NewSession()
	var old *Thread // the Thread of an earlier, interrupted evaluation
	for round := 0; round < 3; round++ {
		for i, c := range sessionReuseCases {
			opts := Options{Limits: c.limits, Tools: newTcFakeTools()}
			want := showResult(NewSession().Eval(c.src, opts))
			got := showResult(s.Eval(c.src, Options{Limits: c.limits, Tools: newTcFakeTools()}))
			if got != want {
				t.Errorf("round %d, case %d %s:\n got  %s\n want %s", round, i, c.src, got, want)
			}
			// The next run takes the spare stack as it is: it must be
			// clean, also after a run that panicked with frames open.
			for j, v := range s.spareStack {
				if v != nil {
					t.Fatalf("case %d %s left %s in slot %d of the spare stack", i, c.src, PrStr(v), j)
				}
			}
			// An interrupted evaluation ...
			r := s.Eval(`(def q 1) (loop [] (recur))`, Options{OnStart: func(t *Thread) {
				old = t
				t.Interrupt(Cancelled)
			}})
			if r.Outcome != OutcomeError || r.Error.Kind != Cancelled {
				t.Fatalf("interrupted evaluation: %s", showResult(r))
			}
			// ... whose Thread, interrupted again while the next one
			// runs, stops only itself.
			r = s.Eval(`(reduce + (range 10000))`, Options{OnStart: func(*Thread) { old.Interrupt(Timeout) }})
			if r.Outcome != OutcomeValue || PrStr(r.Value) != "49995000" {
				t.Fatalf("evaluation after an interrupted one: %s", showResult(r))
			}
		}
	}
	if got := s.Vars(); len(got) != 0 {
		t.Errorf("failed evaluations left vars behind: %v", got)
	}
}

// TestSessionKeepsFnForms checks that the reader memory Eval reuses never
// holds a form a closure kept: functions defined, alone or among other
// forms, and even in an evaluation that then failed, must snapshot and
// run the same after many evaluations that reuse that memory.
func TestSessionKeepsFnForms(t *testing.T) {
	s := NewSession()
	for _, src := range []string{
		`(defn f [x] (+ x 1))`,
		`[1 2 3] (def g #(* % 10)) {:a 1}`,
		`(def h (let [k 3] (fn [y] (- y k))))`,
		`(def keep (map (fn [x] (str "<" x ">")) ["a" "b"]))`,
		`(def adders (mapv (fn [n] (fn [x] (+ x n))) [1 2]))`,
		`(def gone (fn [] 1)) (/ 1 0)`, // fails: gone is not defined
	} {
		s.Eval(src, Options{})
	}
	want := s.SnapshotVars(s.Vars()) // Snapshot would also show the history
	for i := 0; i < 50; i++ {
		src := []string{`1`, `[1 2 3 4 5 6 7 8 9 10]`, `(->> [1 2 3] (map inc) (reduce +))`, `{:x "y" :z [true nil 2.5]}`, `(str "a" "b")`}[i%5]
		if r := s.Eval(src+strings.Repeat(" 0", i), Options{}); r.Error != nil {
			t.Fatalf("%s: %v", src, r.Error)
		}
	}
	if got := s.SnapshotVars(s.Vars()); got != want {
		t.Errorf("snapshot changed after other evaluations:\n got %s\nwant %s", got, want)
	}
	r := s.Eval(`[(f 1) (g 2) (h 3) ((first adders) 1) ((second adders) 1) keep]`, Options{})
	if r.Error != nil || PrStr(r.Value) != `[2 20 0 2 3 ["<a>" "<b>"]]` {
		t.Errorf("calling the functions: %s", showResult(r))
	}
}

// TestPrintedSize: MaxResultBytes checks an estimate of the result's
// printed size, which counts the values it does not print (integers,
// keywords, nil, booleans) at their printed length exactly, and each
// element of a collection at that plus one for its separator.
func TestPrintedSize(t *testing.T) {
	ints := []int64{0, 1, -1, 9, 10, -10, 99, 100, 12345, -987654321, 1 << 53, -1 << 63, 1<<63 - 1}
	for _, x := range ints {
		if got, want := intPrintedLen(x), len(fmt.Sprint(x)); got != want {
			t.Errorf("intPrintedLen(%d) = %d, want %d", x, got, want)
		}
	}
	items := []Value{nil, true, false, Keyword("a"), Keyword("long-name"), Symbol("s"), "str", 2.5}
	for _, x := range ints {
		items = append(items, x)
	}
	want := 2
	for _, x := range items {
		if got, want := printedSizeAtMost(x, 1<<20), len(PrStr(x)); got != want {
			t.Errorf("printedSizeAtMost(%s) = %d, want %d", PrStr(x), got, want)
		}
		want += 1 + len(PrStr(x))
	}
	if got := printedSizeAtMost(NewVector(items), 1<<20); got != want {
		t.Errorf("printedSizeAtMost of the vector = %d, want %d", got, want)
	}
}

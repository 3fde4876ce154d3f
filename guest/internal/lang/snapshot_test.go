package lang

import (
	"strings"
	"testing"
)

// snapSession runs the setup programs in a fresh session, with a tool
// that counts its calls.
func snapSession(t *testing.T, calls *int, progs ...string) *Session {
	t.Helper()
	tools := &tcFakeTools{fn: map[string]func(args *Map) (Value, error){
		"orders": func(*Map) (Value, error) {
			*calls++
			return DecodeMust(`[{"id":1,"amount":50},{"id":2,"amount":150}]`), nil
		},
	}}
	s := NewSession()
	for _, p := range progs {
		r := s.Eval(p, Options{Tools: tools})
		if r.Outcome != OutcomeValue {
			t.Fatalf("setup %q: %v %v", p, r.Outcome, r.Error)
		}
	}
	return s
}

// DecodeMust decodes JSON for tests.
func DecodeMust(s string) Value {
	v, ok := DecodeJSON(s)
	if !ok {
		panic("bad JSON in test: " + s)
	}
	return v
}

func evalPr(t *testing.T, s *Session, src string) string {
	t.Helper()
	r := s.Eval(src, Options{})
	if r.Error != nil {
		return "error: " + string(r.Error.Kind) + " " + r.Error.Message
	}
	return PrStr(r.Value)
}

func TestSnapshotRoundTrip(t *testing.T) {
	calls := 0
	s := snapSession(t, &calls,
		`(def orders (tool/orders {}))`,
		`(defn big? "An order over 100." [o] (> (:amount o) 100))`,
		`(def total (reduce + (map :amount orders)))`,
		`(defn add-n [n] (fn [x] (+ x n)))
		 (def add5 (add-n 5))
		 (def adders (mapv add-n [1 2]))
		 (def table {:inc inc :upper clojure.string/upper-case :add5 add5})`,
		`(defn fact [n] (if (< n 2) 1 (* n (fact (dec n)))))`,
		`(defn area ([w] (area w w)) ([w h] (* w h)) ([w h & more] (apply * w h more)))`,
		`(def sq #(* % %))`,
		`(def inc2 (comp inc inc))`,
		`(def nest (let [a 1 f (fn [] a)] (fn [y] [(f) y])))`,
		`(def shapes #{:circle :square})`,
		`(def q '(1 (2 3) sym "s" \c 2.5 ##NaN))`,
		`(def re #"\d+")`,
		`(defn n-items [xs] (count xs))`,
		`(def count 7)`,
		`(def uses-count (fn [] (+ count 1)))`,
		`(def r (var total))`,
		`(defn later-user [] (later 1)) (defn later [x] (* x 10))`,
		`[:last :value]`,
	)
	if calls != 1 {
		t.Fatalf("setup made %d tool calls", calls)
	}
	snap := s.Snapshot()
	if !strings.HasPrefix(snap, "(ptc/snapshot 1)\n") {
		t.Fatalf("snapshot header:\n%s", snap)
	}
	if !strings.Contains(snap, `(ptc/builtins [count] (fn n-items [xs] (count xs)))`) {
		t.Errorf("n-items's count must stay the library's count:\n%s", snap)
	}
	if !strings.Contains(snap, `(ptc/source "inc2" nil "(def inc2 (comp inc inc))")`) {
		t.Errorf("comp's result should fall back to its def's source:\n%s", snap)
	}

	r := NewSession()
	rep, err := r.Restore(snap, Limits{})
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, snap)
	}
	if len(rep.Lost) != 0 {
		t.Fatalf("lost %v\n%s", rep.Lost, snap)
	}
	if got, want := strings.Join(rep.Restored, " "), strings.Join(s.Vars(), " "); got != want {
		t.Fatalf("restored %s, defined %s", got, want)
	}
	for _, c := range []struct{ src, want string }{
		{`*1`, `[:last :value]`},
		{`(filter big? orders)`, `[{"id" 2, "amount" 150}]`},
		{`total`, `200`},
		{`(add5 1)`, `6`},
		{`((second adders) 10)`, `12`},
		{`[((:inc table) 1) ((:upper table) "a") ((:add5 table) 0)]`, `[2 "A" 5]`},
		{`(fact 10)`, `3628800`},
		{`[(area 3) (area 2 3) (area 1 2 3 4)]`, `[9 6 24]`},
		{`(sq 7)`, `49`},
		{`(inc2 1)`, `3`},
		{`(nest 2)`, `[1 2]`},
		{`(vec (sort shapes))`, `[:circle :square]`},
		{`q`, `(1 (2 3) sym "s" "c" 2.5 ##NaN)`},
		{`(re-find re "ab12")`, `"12"`},
		{`(uses-count)`, `8`},
		{`(n-items [1 2 3])`, `3`},
		{`r`, `#'user/total`},
		{`(later-user)`, `10`},
	} {
		if got := evalPr(t, r, c.src); got != c.want {
			t.Errorf("after restore %s = %s, want %s", c.src, got, c.want)
		}
	}
	if v := r.vars["big?"]; v.value.(*Fn).doc != "An order over 100." || !strings.HasPrefix(v.src, "(defn big?") {
		t.Errorf("big? restored with doc %q and source %q", v.value.(*Fn).doc, v.src)
	}
	if calls != 1 {
		t.Errorf("restoring called the tool again (%d calls)", calls)
	}
	// A second snapshot of the restored session says the same thing
	// (history aside, which the checks above advanced).
	r2 := NewSession()
	if _, err := r2.Restore(snap, Limits{}); err != nil {
		t.Fatal(err)
	}
	if again := r2.Snapshot(); again != snap {
		t.Errorf("snapshot is not stable across restore:\nfirst:\n%s\nsecond:\n%s", snap, again)
	}
}

func TestSnapshotVarsAndLost(t *testing.T) {
	calls := 0
	s := snapSession(t, &calls, `(def a 1) (def b [a 2])`)
	if got := s.SnapshotVars([]string{"b", "nope"}); got != `(ptc/var "b" nil "(def b [a 2])" '[1 2])`+"\n" {
		t.Errorf("SnapshotVars = %q", got)
	}
	rep, err := NewSession().Restore("(ptc/snapshot 1)\n(ptc/lost \"x\" \"why\")\n(ptc/var \"y\" nil nil (tool/orders {}))\n(ptc/source \"z\" nil \"(def z (tool/orders {}))\")", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lost["x"] != "why" || rep.Lost["y"] == "" || !strings.Contains(rep.Lost["z"], "re-evaluating") || len(rep.Restored) != 0 {
		t.Errorf("report = %+v", rep)
	}
	if calls != 0 {
		t.Errorf("a tool ran during restore")
	}
}

func TestRestoreRejectsBadText(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{``, "must start with (ptc/snapshot 1)"},
		{`(def x 1)`, "must start with (ptc/snapshot 1)"},
		{`(ptc/snapshot 2)`, "format 2 is not one this version reads"},
		{"(ptc/snapshot 1)\n(def x 1)", "unexpected form (def x 1)"},
		{"(ptc/snapshot 1)\n(ptc/var \"x\"", "parse"},
	} {
		_, err := NewSession().Restore(c.text, Limits{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Restore(%q) error = %v, want %q", c.text, err, c.want)
		}
	}
}

// A restored value obeys the interpreter's limits.
func TestRestoreIsBounded(t *testing.T) {
	rep, err := NewSession().Restore("(ptc/snapshot 1)\n(ptc/var \"x\" nil nil (vec (range 100000)))", Limits{MaxCollection: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.Lost["x"], "MaxCollection") {
		t.Errorf("report = %+v", rep)
	}
}

// Every value the conformance corpus produces survives a snapshot: the
// restored session holds a value that prints the same, and snapshotting
// it again gives the same text.
func TestSnapshotCorpusValues(t *testing.T) {
	path, _ := tcCorpusPath(t, "PTC_CONFORMANCE_CASES", "cases.jsonl")
	cases := tcReadJSONL[tcClojureCase](t, path)
	tried, lost := 0, 0
	for _, c := range cases {
		s := NewSession()
		r := s.Eval(c.Expr, Options{Limits: tcCaseLimits()})
		if r.Outcome != OutcomeValue {
			continue
		}
		s.Define("probe", r.Value)
		tried++
		snap := s.Snapshot()
		r2 := NewSession()
		rep, err := r2.Restore(snap, tcCaseLimits())
		if err != nil {
			t.Errorf("%s %s: restore: %v\n%s", c.ID, c.Expr, err, snap)
			continue
		}
		if len(rep.Lost) > 0 {
			lost++
			if !strings.Contains(snap, "(ptc/lost") && !strings.Contains(snap, "(ptc/source") {
				t.Errorf("%s %s: lost %v though every value was written\n%s", c.ID, c.Expr, rep.Lost, snap)
			}
			continue
		}
		got, _ := r2.Lookup("probe")
		if PrStr(got) != PrStr(r.Value) {
			t.Errorf("%s %s: restored %s, want %s", c.ID, c.Expr, PrStr(got), PrStr(r.Value))
		}
		if again := r2.Snapshot(); again != snap {
			t.Errorf("%s %s: snapshot not stable:\n%s\n%s", c.ID, c.Expr, snap, again)
		}
	}
	t.Logf("snapshot round trip: %d values, %d could not be saved", tried, lost)
	if tried < 500 {
		t.Errorf("only %d corpus values tried", tried)
	}
}

package lang

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tcFuzzKinds are the documented error kinds an evaluation may end with.
// internal_error is deliberately missing: it is always a bug.
var tcFuzzKinds = map[ErrorKind]bool{
	ParseError: true, AnalysisError: true, UnboundSymbol: true, ArityError: true,
	TypeError: true, ArithmeticError: true, IndexError: true, ValueError: true,
	NotCallable: true, UnknownTool: true, ToolError: true, StepLimit: true,
	DepthLimit: true, SizeLimit: true, Timeout: true, Cancelled: true, Fail: true,
}

// tcFuzzLimits are small so that every input finishes quickly.
var tcFuzzLimits = Limits{MaxSteps: 100_000, MaxCollection: 100_000, MaxStringBytes: 1 << 20, MaxDepth: 200}

// tcFuzzDeadline interrupts an evaluation that runs this long despite the
// step budget; reaching it is a failure (work that is not charged).
const tcFuzzDeadline = 5 * time.Second

// FuzzEval checks that any source evaluates to a result (never a crash or
// a hang), that errors have a documented kind and never internal_error,
// and that the result prints.
//
//	go test ./guest/internal/lang -run XXX -fuzz FuzzEval -fuzztime 5m
//
// Crashers are kept in testdata/fuzz/FuzzEval and rerun by plain go test.
func FuzzEval(f *testing.F) {
	for _, c := range tcLoadChunks(f) {
		f.Add(c.src)
	}
	for _, name := range []string{"cases.jsonl", "ptc_cases.jsonl"} {
		for _, p := range tcFuzzCorpusPrograms(filepath.Join("..", "..", "..", "..", "shared", "conformance", name)) {
			f.Add(p)
		}
	}
	for _, s := range []string{
		"", "(", ")", "#", "(((((((((())))))))))", "(loop [] (recur))",
		"(defn f [n] (f n)) (f 1)", `(apply str (repeat 1000000 "x"))`,
		"(tool/x {})", "data/x", "(return 1)", "(fail 2)", "*1 *2 *3",
		"(let [[a b & {:keys [c] :or {c 1}} :as all] [1 2 :c 3]] [a b c all])",
		"(reduce (fn [m x] (assoc m x (str x))) {} (range 1000))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s := NewSession()
		timer := (*time.Timer)(nil)
		opts := Options{Limits: tcFuzzLimits, OnStart: func(th *Thread) {
			timer = time.AfterFunc(tcFuzzDeadline, func() { th.Interrupt(Timeout) })
		}}
		r := s.Eval(src, opts)
		if timer != nil {
			timer.Stop()
		}
		tcFuzzCheck(t, src, r)
		// the session stays usable
		r2 := s.Eval("(+ 1 2)", Options{Limits: tcFuzzLimits})
		if r2.Outcome != OutcomeValue || r2.Value != int64(3) {
			t.Fatalf("session broken after %q: (+ 1 2) gave %s", src, tcShowResult(r2))
		}
	})
}

func tcFuzzCheck(t *testing.T, src string, r *Result) {
	t.Helper()
	if r == nil {
		t.Fatalf("Eval(%q) returned nil", src)
	}
	switch r.Outcome {
	case OutcomeValue, OutcomeReturn:
		if r.Error != nil {
			t.Fatalf("Eval(%q): outcome %s with error %v", src, r.Outcome, r.Error)
		}
		_ = PrStr(r.Value)
		_ = Str(r.Value)
	case OutcomeFail:
		if r.Error == nil || r.Error.Kind != Fail {
			t.Fatalf("Eval(%q): outcome fail with error %v", src, r.Error)
		}
		_ = PrStr(r.Value)
	case OutcomeError:
		if r.Error == nil {
			t.Fatalf("Eval(%q): outcome error without an error", src)
		}
		if r.Error.Kind == Timeout {
			t.Fatalf("Eval(%q): ran past %v despite MaxSteps=%d (uncharged work?): %v", src, tcFuzzDeadline, tcFuzzLimits.MaxSteps, r.Error)
		}
		if !tcFuzzKinds[r.Error.Kind] {
			t.Fatalf("Eval(%q): error kind %q: %v", src, r.Error.Kind, r.Error)
		}
		if r.Error.Message == "" {
			t.Fatalf("Eval(%q): error without message: %#v", src, r.Error)
		}
	default:
		t.Fatalf("Eval(%q): unknown outcome %q", src, r.Outcome)
	}
	if r.Prints == nil || r.ToolCalls == nil {
		t.Fatalf("Eval(%q): nil Prints or ToolCalls", src)
	}
}

// tcFuzzCorpusPrograms returns the programs of a conformance file, or
// nothing when it is absent.
func tcFuzzCorpusPrograms(path string) []string {
	var out []string
	if strings.HasSuffix(path, "ptc_cases.jsonl") {
		cases, _ := tcReadJSONLFile[tcPtcCase](path)
		for _, c := range cases {
			for _, tu := range c.Turns {
				out = append(out, tu.Program)
			}
		}
		return out
	}
	cases, _ := tcReadJSONLFile[tcClojureCase](path)
	for _, c := range cases {
		out = append(out, c.Expr)
	}
	return out
}

// ---------------------------------------------------------------------------
// Builtin sweep: every library function, method and constructor called with
// awkward arguments must end with a value or a documented error, never an
// internal_error (a Go panic), a hang, or uncharged work.

// tcArgPool holds argument expressions: edge-case scalars, collections of
// every kind, functions and interop values.
var tcArgPool = []string{
	"nil", "true", "false", "0", "1", "-1", "3", "100000", "9223372036854775807", "-9223372036854775808",
	"1.5", "-0.0", "##NaN", "##Inf", "##-Inf", `""`, `"abc"`, `"a,b,,c"`, `"日本語"`, `"  x  "`, `"2024-01-15"`,
	`"{\"a\": [1, 2.5, null]}"`, `\a`, ":k", ":ns/k", "'sym", "[]", "[1 2 3]", "[[1 2] [3 4]]", `[nil "x" :k 1.0]`,
	"'(1 2)", "()", "{}", `{:a 1 "b" 2}`, "{:a {:b [1 {:c 2}]}}", "#{}", "#{1 2}", `#"a+"`, `#"(\d)(\w)?"`,
	"inc", "+", "identity", "(fn [& xs] xs)", "str", "vector", "(range 5)", "[{:a 1} {:a 2 :b 3}]",
	"(LocalDate/parse \"2024-02-29\")", "(Instant/parse \"2024-01-15T10:00:00Z\")", "(Duration/ofMinutes 90)",
	"(java.util.Date. 0)",
}

// tcCallables lists a call prefix for every catalogue entry that can be
// called: "(name", "(ns/name", "(.method" or "(Ctor.".
func tcCallables() []string {
	var out []string
	for _, d := range Catalogue() {
		switch d.Kind {
		case "function", "":
			if d.NS == "" || d.NS == nsCore {
				out = append(out, "("+d.Name)
			} else {
				out = append(out, "("+d.NS+"/"+d.Name)
			}
		case "method", "constructor":
			out = append(out, "("+d.Name)
		}
	}
	return out
}

// tcSweepOne evaluates one call and returns "" or the problem.
func tcSweepOne(src string) string {
	s := NewSession()
	var timer *time.Timer
	r := s.Eval(src, Options{Limits: tcFuzzLimits, OnStart: func(th *Thread) {
		timer = time.AfterFunc(tcFuzzDeadline, func() { th.Interrupt(Timeout) })
	}})
	if timer != nil {
		timer.Stop()
	}
	switch {
	case r.Outcome == OutcomeError && r.Error.Kind == InternalError:
		return r.Error.Error()
	case r.Outcome == OutcomeError && r.Error.Kind == Timeout:
		return "ran past the deadline despite MaxSteps (uncharged work)"
	case r.Outcome == OutcomeError && !tcFuzzKinds[r.Error.Kind]:
		return "undocumented error kind " + string(r.Error.Kind)
	}
	_ = PrStr(r.Value)
	return ""
}

// TestBuiltinSweep calls every builtin with no argument, each single
// argument of the pool, and a fixed pseudo-random sample of 2 and 3
// argument combinations.
func TestBuiltinSweep(t *testing.T) {
	calls := tcCallables()
	rng := uint64(0x9e3779b97f4a7c15)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	pairs, triples := 300, 150
	if testing.Short() {
		pairs, triples = 20, 10
	}
	var bad []string
	n := 0
	try := func(src string) {
		n++
		if msg := tcSweepOne(src); msg != "" {
			bad = append(bad, src+"  →  "+msg)
		}
	}
	for _, c := range calls {
		try(c + ")")
		for _, a := range tcArgPool {
			try(c + " " + a + ")")
		}
		for i := 0; i < pairs; i++ {
			try(c + " " + tcArgPool[next(len(tcArgPool))] + " " + tcArgPool[next(len(tcArgPool))] + ")")
		}
		for i := 0; i < triples; i++ {
			try(c + " " + tcArgPool[next(len(tcArgPool))] + " " + tcArgPool[next(len(tcArgPool))] + " " + tcArgPool[next(len(tcArgPool))] + ")")
		}
	}
	t.Logf("%d calls of %d builtins, %d problems", n, len(calls), len(bad))
	if len(bad) > 0 {
		if len(bad) > 200 {
			bad = append(bad[:200], "...")
		}
		t.Errorf("builtins crashed or misbehaved:\n  %s", strings.Join(bad, "\n  "))
	}
}

// FuzzBuiltins explores calls of builtins with arguments from the pool:
// the input picks the function and up to four arguments.
//
//	go test ./guest/internal/lang -run XXX -fuzz FuzzBuiltins -fuzztime 5m
func FuzzBuiltins(f *testing.F) {
	f.Add(uint16(0), []byte{})
	f.Add(uint16(1), []byte{1, 2})
	f.Add(uint16(7), []byte{30, 40, 5})
	calls := tcCallables()
	f.Fuzz(func(t *testing.T, fn uint16, args []byte) {
		if len(args) > 4 {
			args = args[:4]
		}
		src := calls[int(fn)%len(calls)]
		for _, a := range args {
			src += " " + tcArgPool[int(a)%len(tcArgPool)]
		}
		src += ")"
		if msg := tcSweepOne(src); msg != "" {
			t.Fatalf("%s  →  %s", src, msg)
		}
	})
}

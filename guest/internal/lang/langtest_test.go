package lang

// Language tests written in PTC-Lisp (testdata/*.ptc) and Go tests of
// sessions and the runtime (defs, history, outcomes, prints, tools, data,
// interrupts, limits).
//
// # The .ptc format
//
// A file is a sequence of chunks separated by a line "---". Each chunk is
// one program, run in a fresh session. Expectations are comment lines in
// the chunk:
//
//	;; => <value>                   outcome value; compared as data with the value
//	;; error: <kind>                outcome error with that kind
//	;; error: <kind> <substring>    ... and the message or hint contains substring
//	;; fail: <value>                outcome fail with that value
//	;; return: <value>              outcome return with that value
//	;; prints: <line>               one printed line; repeat in order. When present,
//	                                the printed lines must be exactly these
//	;; no prints                    nothing may be printed
//	;; limits: max_steps=1000 ...   Limits for this chunk (snake_case field names)
//
// Values are written as pr-str prints them and compared as data (maps and
// sets unordered, vectors equal lists, 1 differs from 1.0, ##NaN equals
// ##NaN). Other comment lines are ignored; a chunk without code is skipped.

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// tcChunk is one program of a .ptc file and its expectations.
type tcChunk struct {
	file     string
	line     int // first line of the chunk
	src      string
	outcome  Outcome // expected outcome
	want     string  // expected value (pr-str text), for value/fail/return
	kind     ErrorKind
	substr   string
	prints   []string
	noPrints bool
	limits   Limits
	problem  string // a malformed chunk
}

func (c *tcChunk) where() string { return c.file + ":" + strconv.Itoa(c.line) }

// tcParseChunks splits a .ptc file into chunks.
func tcParseChunks(file, text string) []*tcChunk {
	var out []*tcChunk
	lines := strings.Split(text, "\n")
	start := 0
	flush := func(end int) {
		c := tcParseChunk(file, start+1, lines[start:end])
		if c != nil {
			out = append(out, c)
		}
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "---" {
			flush(i)
			start = i + 1
		}
	}
	flush(len(lines))
	return out
}

func tcParseChunk(file string, first int, lines []string) *tcChunk {
	c := &tcChunk{file: file, line: first, src: strings.Join(lines, "\n")}
	hasCode, hasMarker := false, false
	setOutcome := func(o Outcome) {
		if c.outcome != "" {
			c.problem = "more than one outcome marker"
		}
		c.outcome = o
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, ";") {
			if t != "" {
				hasCode = true
			}
			continue
		}
		body := strings.TrimLeft(t, ";")
		body = strings.TrimPrefix(body, " ")
		switch {
		case strings.HasPrefix(body, "=>"):
			hasMarker = true
			setOutcome(OutcomeValue)
			c.want = strings.TrimSpace(body[2:])
		case strings.HasPrefix(body, "return:"):
			hasMarker = true
			setOutcome(OutcomeReturn)
			c.want = strings.TrimSpace(body[len("return:"):])
		case strings.HasPrefix(body, "fail:"):
			hasMarker = true
			setOutcome(OutcomeFail)
			c.want = strings.TrimSpace(body[len("fail:"):])
		case strings.HasPrefix(body, "error:"):
			hasMarker = true
			setOutcome(OutcomeError)
			rest := strings.TrimSpace(body[len("error:"):])
			kind, sub, _ := strings.Cut(rest, " ")
			c.kind, c.substr = ErrorKind(kind), strings.TrimSpace(sub)
			if kind == "" {
				c.problem = "error marker without a kind"
			}
		case strings.HasPrefix(body, "prints:"):
			hasMarker = true
			p := body[len("prints:"):]
			c.prints = append(c.prints, strings.TrimPrefix(p, " "))
		case body == "no prints":
			hasMarker = true
			c.noPrints = true
		case strings.HasPrefix(body, "limits:"):
			hasMarker = true
			for _, kv := range strings.Fields(body[len("limits:"):]) {
				if msg := tcSetLimit(&c.limits, kv); msg != "" {
					c.problem = msg
				}
			}
		}
	}
	if !hasCode {
		if hasMarker {
			c.problem = "expectations without a program"
			return c
		}
		return nil
	}
	if c.outcome == "" {
		if len(c.prints) > 0 || c.noPrints {
			c.outcome = OutcomeValue // must succeed; value unchecked
		} else if c.problem == "" {
			c.problem = "no expectation (add ;; => value, ;; error: kind, ...)"
		}
	}
	return c
}

// tcSetLimit applies one "name=value" of a limits marker.
func tcSetLimit(l *Limits, kv string) string {
	name, val, ok := strings.Cut(kv, "=")
	n, okN := tcParseInt(val)
	if !ok || !okN {
		return "bad limit " + kv
	}
	if !l.SetByName(name, n) {
		return "unknown limit " + name
	}
	return ""
}

// tcChunkLimits fills the limits a chunk did not set with test defaults:
// small enough that a runaway program stops quickly.
func tcChunkLimits(l Limits) Limits {
	if l.MaxSteps == 0 {
		l.MaxSteps = 1_000_000
	}
	if l.MaxCollection == 0 {
		l.MaxCollection = 1_000_000
	}
	return l
}

// tcRunChunk evaluates a chunk and returns "" or what went wrong.
func tcRunChunk(c *tcChunk) string {
	if c.problem != "" {
		return "malformed chunk: " + c.problem
	}
	r, hung := tcEval(NewSession(), c.src, Options{Limits: tcChunkLimits(c.limits)}, 0)
	got := tcShowResult(r)
	if hung {
		return "evaluation hung: " + got
	}
	if r.Outcome == OutcomeError && r.Error != nil && r.Error.Kind == InternalError && c.kind != InternalError {
		return "internal error: " + got
	}
	if r.Outcome != c.outcome {
		return "outcome " + string(r.Outcome) + ", want " + string(c.outcome) + "\n    got: " + got
	}
	switch c.outcome {
	case OutcomeError:
		if r.Error.Kind != c.kind {
			return "error kind " + string(r.Error.Kind) + ", want " + string(c.kind) + "\n    got: " + got
		}
		if c.substr != "" && !strings.Contains(r.Error.Message+" "+r.Error.Hint, c.substr) {
			return "error message does not contain " + `"` + c.substr + `"` + "\n    got: " + got
		}
	default:
		if c.want != "" {
			w, err := tcReadValue(c.want)
			if err != nil {
				return "cannot read expected value " + c.want + ": " + err.Error()
			}
			if !tcCompare(w, r.Value, tcModeData) {
				return "value " + tcShow(r.Value) + ", want " + c.want
			}
		}
	}
	if c.prints != nil && !tcSameStrings(c.prints, r.Prints) {
		return "prints " + tcQuote(r.Prints) + ", want " + tcQuote(c.prints)
	}
	if c.noPrints && len(r.Prints) > 0 {
		return "prints " + tcQuote(r.Prints) + ", want none"
	}
	return ""
}

func tcSameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func tcQuote(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = PrStr(s)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// tcLoadChunks reads every testdata/*.ptc file.
func tcLoadChunks(t testing.TB) []*tcChunk {
	files, err := filepath.Glob(filepath.Join("testdata", "*.ptc"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var out []*tcChunk
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tcParseChunks(filepath.Base(f), string(b))...)
	}
	return out
}

func TestLangPtcFiles(t *testing.T) {
	chunks := tcLoadChunks(t)
	if len(chunks) == 0 {
		t.Fatal("no chunks in testdata/*.ptc")
	}
	byFile := map[string][]*tcChunk{}
	var files []string
	for _, c := range chunks {
		if byFile[c.file] == nil {
			files = append(files, c.file)
		}
		byFile[c.file] = append(byFile[c.file], c)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(f, ".ptc"), func(t *testing.T) {
			failed := 0
			for _, c := range byFile[f] {
				if msg := tcRunChunk(c); msg != "" {
					failed++
					t.Errorf("%s: %s\n    program: %s", c.where(), msg, tcOneLine(tcCodeOnly(c.src), 300))
				}
			}
			t.Logf("%s: %d/%d chunks pass", f, len(byFile[f])-failed, len(byFile[f]))
		})
	}
}

// tcCodeOnly drops comment lines from a chunk, for messages.
func tcCodeOnly(src string) string {
	var keep []string
	for _, l := range strings.Split(src, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, ";") {
			keep = append(keep, t)
		}
	}
	return strings.Join(keep, " ")
}

func TestLangChunkFormat(t *testing.T) {
	cs := tcParseChunks("x.ptc", ";; header\n---\n(+ 1 2)\n;; => 3\n---\n;; limits: max_steps=10\n(f)\n;; error: step_limit MaxSteps\n;; prints: a\n;; prints: \n---\n(x)\n")
	if len(cs) != 3 {
		t.Fatalf("got %d chunks, want 3", len(cs))
	}
	if c := cs[0]; c.line != 3 || c.outcome != OutcomeValue || c.want != "3" || c.problem != "" {
		t.Errorf("chunk 1: %+v", c)
	}
	if c := cs[1]; c.line != 6 || c.kind != StepLimit || c.substr != "MaxSteps" || c.limits.MaxSteps != 10 || len(c.prints) != 2 || c.prints[1] != "" {
		t.Errorf("chunk 2: %+v", c)
	}
	if c := cs[2]; c.problem == "" {
		t.Errorf("chunk 3 has no expectation but no problem was reported")
	}
}

// ---------------------------------------------------------------------------
// Sessions and the runtime

// tcEvalOK evaluates src and fails the test unless it ends with a value.
func tcEvalOK(t *testing.T, s *Session, src string) Value {
	t.Helper()
	r, _ := tcEval(s, src, Options{Limits: tcChunkLimits(Limits{})}, 0)
	if r.Outcome != OutcomeValue {
		t.Fatalf("%s: %s", src, tcShowResult(r))
	}
	return r.Value
}

// tcWantKind evaluates src and fails the test unless it errs with kind.
func tcWantKind(t *testing.T, s *Session, src string, opts Options, kind ErrorKind) *Result {
	t.Helper()
	r, hung := tcEval(s, src, opts, 0)
	if hung || r.Outcome != OutcomeError || r.Error == nil || r.Error.Kind != kind {
		t.Fatalf("%s: got %s, want error %s", tcOneLine(src, 80), tcShowResult(r), kind)
	}
	return r
}

func tcWantValue(t *testing.T, s *Session, src, want string) {
	t.Helper()
	v := tcEvalOK(t, s, src)
	if w := tcMustRead(t, want); !tcCompare(w, v, tcModeData) {
		t.Errorf("%s = %s, want %s", src, tcShow(v), want)
	}
}

func TestSessionDefPersistence(t *testing.T) {
	s := NewSession()
	tcWantValue(t, s, "(def x 10)", "#'user/x")
	tcWantValue(t, s, "(defn twice [n] (* 2 n))", "#'user/twice")
	tcWantValue(t, s, "(twice x)", "20")
	tcWantValue(t, s, "(def x (inc x)) x", "11")
	tcWantValue(t, s, "(twice x)", "22")
	if got := strings.Join(s.Vars(), " "); got != "twice x" {
		t.Errorf("Vars() = %q, want \"twice x\"", got)
	}
	if v, ok := s.Lookup("x"); !ok || v != int64(11) {
		t.Errorf("Lookup(x) = %v %v", v, ok)
	}
	if _, ok := s.Lookup("nope"); ok {
		t.Error("Lookup(nope) found a value")
	}
	// Host-supplied memory is visible to programs.
	s.Define("limit", int64(3))
	tcWantValue(t, s, "(+ limit x)", "14")
	// A function sees the current value of a redefined var.
	tcWantValue(t, s, "(defn get-x [] x) (def x 100) (get-x)", "100")
	// Sessions are independent.
	tcWantKind(t, NewSession(), "x", Options{}, UnboundSymbol)
	r, _ := tcEval(s, "(def y 1) (def x 5) (defn z [] 0) :ok", Options{}, 0)
	if strings.Join(r.Defined, " ") != "x y z" {
		t.Errorf("Defined = %v, want [x y z]", r.Defined)
	}
}

func TestSessionFailedEvalRollsBack(t *testing.T) {
	s := NewSession()
	tcEvalOK(t, s, "(def x 1) (defn f [] :old)")
	// An error after new defs and redefinitions publishes none of them.
	r := tcWantKind(t, s, "(def x 2) (def fresh 3) (defn f [] :new) (/ 1 0)", Options{}, ArithmeticError)
	if len(r.Defined) != 0 {
		t.Errorf("failed eval reports Defined = %v", r.Defined)
	}
	tcWantValue(t, s, "x", "1")
	tcWantValue(t, s, "(f)", ":old")
	tcWantKind(t, s, "fresh", Options{}, UnboundSymbol)
	if got := strings.Join(s.Vars(), " "); got != "f x" {
		t.Errorf("Vars() after failed eval = %q, want \"f x\"", got)
	}
	// A def inside a function body that ran before the error is rolled back too.
	tcWantKind(t, s, "(defn setx [] (def x 99)) (setx) (inc nil)", Options{}, TypeError)
	tcWantValue(t, s, "x", "1")
	// (fail v) publishes no defs either.
	r, _ = tcEval(s, "(def x 50) (def other 1) (fail :nope)", Options{}, 0)
	if r.Outcome != OutcomeFail {
		t.Fatalf("fail: %s", tcShowResult(r))
	}
	tcWantValue(t, s, "x", "1")
	tcWantKind(t, s, "other", Options{}, UnboundSymbol)
	// An analysis error (before anything runs) leaves the session alone.
	tcWantKind(t, s, "(def x 7) (undefined-fn)", Options{}, UnboundSymbol)
	tcWantValue(t, s, "x", "1")
	// A limit error rolls back as well.
	tcWantKind(t, s, "(def x 8) (loop [] (recur))", Options{Limits: Limits{MaxSteps: 10_000}}, StepLimit)
	tcWantValue(t, s, "x", "1")
}

func TestSessionDefonce(t *testing.T) {
	s := NewSession()
	tcWantValue(t, s, "(defonce n 1) n", "1")
	tcWantValue(t, s, "(defonce n 2) n", "1")
	r, _ := tcEval(s, "(defonce n (println \"evaluated\")) n", Options{}, 0)
	if len(r.Prints) != 0 {
		t.Errorf("defonce of a bound name evaluated its value: prints %q", r.Prints)
	}
	tcWantValue(t, s, "(def n 3) (defonce n 4) n", "3")
	// defonce in a failed evaluation does not stick.
	tcWantKind(t, s, "(defonce m 1) (/ 1 0)", Options{}, ArithmeticError)
	tcWantValue(t, s, "(defonce m 2) m", "2")
}

func TestSessionHistory(t *testing.T) {
	s := NewSession()
	tcWantValue(t, s, "[*1 *2 *3]", "[nil nil nil]")
	tcEvalOK(t, s, "1")
	tcEvalOK(t, s, "2")
	tcEvalOK(t, s, "3")
	tcWantValue(t, s, "[*1 *2 *3]", "[3 2 1]")
	// the previous evaluation's value was [3 2 1]
	tcWantValue(t, s, "*1", "[3 2 1]")
	tcEvalOK(t, s, ":a")
	tcWantKind(t, s, "(inc nil)", Options{}, TypeError)
	tcWantValue(t, s, "*1", ":a")
	r, _ := tcEval(s, "(fail :x)", Options{}, 0)
	if r.Outcome != OutcomeFail {
		t.Fatal(tcShowResult(r))
	}
	tcWantValue(t, s, "*1", ":a")
	h := s.History()
	if h[0] != Keyword("a") {
		t.Errorf("History()[0] = %v, want :a", h[0])
	}
	s.SetHistory([3]Value{int64(7), int64(8), int64(9)})
	tcWantValue(t, s, "(+ *1 *2 *3)", "24")
	tcWantValue(t, s, "*1", "24")
}

func TestSessionReturnAndFail(t *testing.T) {
	s := NewSession()
	r, _ := tcEval(s, "(def kept 1) (println \"a\") (return {:ok true}) (println \"b\") (def later 2)", Options{}, 0)
	if r.Outcome != OutcomeReturn || !tcCompare(tcMustRead(t, "{:ok true}"), r.Value, tcModeData) || r.Error != nil {
		t.Fatalf("return: %s", tcShowResult(r))
	}
	if !tcSameStrings(r.Prints, []string{"a"}) {
		t.Errorf("return prints %q, want [a]", r.Prints)
	}
	tcWantValue(t, s, "kept", "1")
	tcWantKind(t, s, "later", Options{}, UnboundSymbol)

	r, _ = tcEval(s, "(defn check [x] (if (neg? x) (fail {:bad x}) x)) (println \"start\") (check -2) (println \"unreached\")", Options{}, 0)
	if r.Outcome != OutcomeFail || !tcCompare(tcMustRead(t, "{:bad -2}"), r.Value, tcModeData) {
		t.Fatalf("fail: %s", tcShowResult(r))
	}
	if r.Error == nil || r.Error.Kind != Fail {
		t.Errorf("fail outcome carries error %v, want kind fail", r.Error)
	}
	if !tcSameStrings(r.Prints, []string{"start"}) {
		t.Errorf("fail prints %q, want [start]", r.Prints)
	}
	tcWantKind(t, s, "check", Options{}, UnboundSymbol)
	// return from inside nested calls and loops
	r, _ = tcEval(s, "(defn find-first [xs] (doseq [x xs] (when (> x 2) (return x))) :none) (find-first [1 5 7])", Options{}, 0)
	if r.Outcome != OutcomeReturn || r.Value != int64(5) {
		t.Errorf("nested return: %s", tcShowResult(r))
	}
}

func TestSessionPrints(t *testing.T) {
	s := NewSession()
	r, _ := tcEval(s, "(println \"hello\" 1) (prn \"q\") (dotimes [i 2] (println i)) :done", Options{}, 0)
	if r.Outcome != OutcomeValue || !tcSameStrings(r.Prints, []string{"hello 1", `"q"`, "0", "1"}) || r.PrintsTruncated {
		t.Fatalf("prints: %s truncated=%v", tcShowResult(r), r.PrintsTruncated)
	}
	// Output past MaxPrintBytes is dropped, flagged, and the program goes on.
	r, _ = tcEval(s, "(dotimes [i 1000] (println \"line\" i)) :finished", Options{Limits: Limits{MaxPrintBytes: 100}}, 0)
	if r.Outcome != OutcomeValue || r.Value != Keyword("finished") {
		t.Fatalf("truncated prints: %s", tcShowResult(r))
	}
	if !r.PrintsTruncated {
		t.Error("PrintsTruncated not set")
	}
	total := 0
	for _, p := range r.Prints[:len(r.Prints)-1] {
		total += len(p)
	}
	if total > 100 {
		t.Errorf("kept %d bytes of output, limit 100", total)
	}
	if last := r.Prints[len(r.Prints)-1]; !strings.Contains(last, "truncated") {
		t.Errorf("last print line %q does not say the output was truncated", last)
	}
	// Prints of a failed evaluation are still reported.
	r, _ = tcEval(s, "(println \"before\") (/ 1 0)", Options{}, 0)
	if r.Outcome != OutcomeError || !tcSameStrings(r.Prints, []string{"before"}) {
		t.Errorf("prints of failed eval: %s", tcShowResult(r))
	}
	// Results always carry non-nil slices (they are JSON arrays).
	r, _ = tcEval(s, "1", Options{}, 0)
	if r.Prints == nil || r.ToolCalls == nil {
		t.Error("Prints or ToolCalls is nil")
	}
	r, _ = tcEval(s, "(", Options{}, 0)
	if r.Prints == nil || r.ToolCalls == nil {
		t.Error("Prints or ToolCalls is nil after a parse error")
	}
}

// tcFakeTools is a scripted ToolHost.
type tcFakeTools struct {
	calls []string
	fn    map[string]func(args *Map) (Value, error)
}

func (h *tcFakeTools) HasTool(name string) bool { _, ok := h.fn[name]; return ok }

func (h *tcFakeTools) ToolNames() []string {
	var out []string
	for n := range h.fn {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (h *tcFakeTools) CallTool(name string, args *Map) (Value, error) {
	h.calls = append(h.calls, name+" "+PrStr(args))
	return h.fn[name](args)
}

func newTcFakeTools() *tcFakeTools {
	return &tcFakeTools{fn: map[string]func(*Map) (Value, error){
		"echo": func(args *Map) (Value, error) { return args, nil },
		"users": func(args *Map) (Value, error) {
			return tcMustReadValue(`[{"name" "Ann" "age" 41} {"name" "Bob" "age" 17}]`), nil
		},
		"broken": func(args *Map) (Value, error) { return nil, &tcToolErr{msg: "backend unavailable"} },
	}}
}

func tcMustReadValue(src string) Value {
	v, err := tcReadValue(src)
	if err != nil {
		panic(err)
	}
	return v
}

func TestSessionTools(t *testing.T) {
	s := NewSession()
	h := newTcFakeTools()
	opts := Options{Tools: h}

	// Keyword keys and keyword values arrive as strings.
	r, _ := tcEval(s, `(tool/echo {:id 7 :mode :fast :tags [:a "b"] :nested {:k :v}})`, opts, 0)
	if r.Outcome != OutcomeValue {
		t.Fatal(tcShowResult(r))
	}
	want := tcMustRead(t, `{"id" 7 "mode" "fast" "tags" ["a" "b"] "nested" {"k" "v"}}`)
	if !tcCompare(want, r.Value, tcModeData) {
		t.Errorf("echo args = %s, want %s", tcShow(r.Value), tcShow(want))
	}
	if len(r.ToolCalls) != 1 || r.ToolCalls[0].Name != "echo" || !tcCompare(want, r.ToolCalls[0].Args, tcModeData) ||
		!tcCompare(want, r.ToolCalls[0].Result, tcModeData) || r.ToolCalls[0].Error != "" {
		t.Errorf("ledger = %+v", r.ToolCalls)
	}
	// Keyword-argument call form, and no-argument form.
	r, _ = tcEval(s, `[(tool/echo :q "x" :limit 10) (tool/echo)]`, opts, 0)
	if r.Outcome != OutcomeValue || !tcCompare(tcMustRead(t, `[{"q" "x" "limit" 10} {}]`), r.Value, tcModeData) {
		t.Errorf("keyword args: %s", tcShowResult(r))
	}
	// Results are ordinary data; flexible keys find string keys.
	r, _ = tcEval(s, `(->> (tool/users {}) (filter #(> (:age %) 18)) (mapv :name))`, opts, 0)
	if r.Outcome != OutcomeValue || !tcCompare(tcMustRead(t, `["Ann"]`), r.Value, tcModeData) {
		t.Errorf("tool result: %s", tcShowResult(r))
	}
	// An unknown tool is reported before any tool runs.
	h.calls = nil
	r = tcWantKind(t, s, `(tool/echo {:a 1}) (tool/nope {})`, opts, UnknownTool)
	if len(h.calls) != 0 || len(r.ToolCalls) != 0 {
		t.Errorf("tools ran before the unknown-tool error: %v", h.calls)
	}
	if !strings.Contains(r.Error.Hint, "tool/echo") {
		t.Errorf("unknown-tool hint %q does not list the available tools", r.Error.Hint)
	}
	tcWantKind(t, s, `(tool/echo {})`, Options{}, UnknownTool)
	// A failing tool ends the program with tool_error and is in the ledger.
	r = tcWantKind(t, s, `(println "x") (tool/broken {:id 1}) (println "after")`, opts, ToolError)
	if len(r.ToolCalls) != 1 || r.ToolCalls[0].Name != "broken" || !strings.Contains(r.ToolCalls[0].Error, "backend unavailable") {
		t.Errorf("ledger after tool error = %+v", r.ToolCalls)
	}
	if !strings.Contains(r.Error.Message, "backend unavailable") {
		t.Errorf("tool_error message %q does not carry the tool's error", r.Error.Message)
	}
	if !tcSameStrings(r.Prints, []string{"x"}) {
		t.Errorf("prints = %q", r.Prints)
	}
	// MaxToolCalls.
	h.calls = nil
	o := opts
	o.Limits.MaxToolCalls = 3
	r = tcWantKind(t, s, `(dotimes [i 10] (tool/echo {:i i}))`, o, SizeLimit)
	if len(h.calls) != 3 || len(r.ToolCalls) != 3 || r.Error.Limit != "MaxToolCalls" {
		t.Errorf("MaxToolCalls=3: host saw %d calls, ledger %d, limit %q", len(h.calls), len(r.ToolCalls), r.Error.Limit)
	}
	// tool/name as a value.
	r, _ = tcEval(s, `(mapv tool/echo [{:n 1} {:n 2}])`, opts, 0)
	if r.Outcome != OutcomeValue || !tcCompare(tcMustRead(t, `[{"n" 1} {"n" 2}]`), r.Value, tcModeData) {
		t.Errorf("tool as value: %s", tcShowResult(r))
	}
	// Bad argument shapes are type errors, and no call is made.
	h.calls = nil
	tcWantKind(t, s, `(tool/echo 42)`, opts, TypeError)
	tcWantKind(t, s, `(tool/echo :a 1 :b)`, opts, TypeError)
	if len(h.calls) != 0 {
		t.Errorf("bad tool arguments reached the host: %v", h.calls)
	}
}

func TestSessionData(t *testing.T) {
	s := NewSession()
	opts := Options{Data: map[string]Value{
		"orders": tcMustRead(t, `[{"id" 1 "total" 10.5} {"id" 2 "total" 4.5}]`),
		"user":   tcMustRead(t, `{:name "Ann"}`),
		"limit":  int64(5),
	}}
	r, _ := tcEval(s, `[(reduce + (map :total data/orders)) (:name data/user) data/limit]`, opts, 0)
	if r.Outcome != OutcomeValue || !tcCompare(tcMustRead(t, `[15.0 "Ann" 5]`), r.Value, tcModeData) {
		t.Fatalf("data: %s", tcShowResult(r))
	}
	r = tcWantKind(t, s, `(count data/order)`, opts, UnboundSymbol)
	msg := r.Error.Message + " " + r.Error.Hint
	for _, want := range []string{"data/order", "data/orders", "data/user", "data/limit"} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing-data error %q does not mention %s", msg, want)
		}
	}
	if !strings.Contains(r.Error.Hint, "did you mean data/orders") {
		t.Errorf("missing-data hint %q has no did-you-mean", r.Error.Hint)
	}
	r = tcWantKind(t, s, `data/x`, Options{}, UnboundSymbol)
	if r.Error.Hint == "" {
		t.Error("missing data without any context has no hint")
	}
	// data/ names are not session defs.
	tcWantKind(t, s, `orders`, opts, UnboundSymbol)
}

func TestSessionInterrupt(t *testing.T) {
	for _, kind := range []ErrorKind{Cancelled, Timeout} {
		s := NewSession()
		var th atomic.Pointer[Thread]
		started := make(chan struct{})
		opts := Options{
			Limits: Limits{MaxSteps: 1 << 62},
			OnStart: func(t *Thread) {
				th.Store(t)
				close(started)
			},
		}
		go func() {
			<-started
			time.Sleep(20 * time.Millisecond)
			th.Load().Interrupt(kind)
		}()
		r, hung := tcEval(s, "(def x 1) (loop [] (recur))", opts, 0)
		if hung || r.Outcome != OutcomeError || r.Error.Kind != kind {
			t.Errorf("Interrupt(%s): got %s (hung=%v)", kind, tcShowResult(r), hung)
		}
		tcWantKind(t, s, "x", Options{}, UnboundSymbol)
	}
	// Cancel is Interrupt(Cancelled), here during a builtin's long loop.
	s := NewSession()
	opts := Options{
		Limits:  Limits{MaxSteps: 1 << 62, MaxCollection: 1 << 40},
		OnStart: func(t *Thread) { go func() { time.Sleep(20 * time.Millisecond); t.Cancel() }() },
	}
	r, hung := tcEval(s, "(loop [i 0] (recur (+ i (count (mapv inc (range 1000))))))", opts, 0)
	if hung || r.Outcome != OutcomeError || r.Error.Kind != Cancelled {
		t.Errorf("Cancel: got %s (hung=%v)", tcShowResult(r), hung)
	}
}

func TestSessionLimits(t *testing.T) {
	s := NewSession()
	// Default limits: these must stop on a budget, quickly, without
	// building the huge collection or string first. Which budget runs out
	// first (MaxSteps or MaxCollection) is the library's choice.
	r, hung := tcEval(s, "(reduce + (range 100000000))", Options{}, 0)
	if hung || r.Outcome != OutcomeError || (r.Error.Kind != StepLimit && r.Error.Kind != SizeLimit) {
		t.Errorf("(reduce + (range 100000000)): got %s, want step_limit or size_limit", tcShowResult(r))
	}
	r, hung = tcEval(s, `(count (apply str (repeat 100000000 "x")))`, Options{}, 0)
	if hung || r.Outcome != OutcomeError || (r.Error.Kind != StepLimit && r.Error.Kind != SizeLimit) {
		t.Errorf(`(count (apply str (repeat 100000000 "x"))): got %s, want step_limit or size_limit`, tcShowResult(r))
	}
	// Every limit error names its limit.
	for _, c := range []struct {
		src   string
		lim   Limits
		kind  ErrorKind
		limit string
	}{
		{"(loop [] (recur))", Limits{MaxSteps: 5000}, StepLimit, "MaxSteps"},
		{"(defn f [n] (inc (f n))) (f 0)", Limits{MaxDepth: 50}, DepthLimit, "MaxDepth"},
		{"(vec (range 200))", Limits{MaxCollection: 100}, SizeLimit, "MaxCollection"},
		{`(apply str (repeat 100 "abcdefghij"))`, Limits{MaxStringBytes: 500}, SizeLimit, "MaxStringBytes"},
		{"(vec (range 100))", Limits{MaxResultBytes: 50}, SizeLimit, "MaxResultBytes"},
		{"(+ 1 2 3 4 5 6 7 8 9)", Limits{MaxSourceBytes: 10}, SizeLimit, "MaxSourceBytes"},
		{"[[[[[[1]]]]]]", Limits{MaxNesting: 3}, DepthLimit, "MaxNesting"},
		{"[1 2 3 4 5 6 7 8 9]", Limits{MaxForms: 4}, SizeLimit, "MaxForms"},
	} {
		r, hung := tcEval(NewSession(), c.src, Options{Limits: c.lim}, 0)
		if hung || r.Outcome != OutcomeError || r.Error.Kind != c.kind || r.Error.Limit != c.limit {
			t.Errorf("%s with %+v: got %s (limit %q), want %s %s", c.src, c.lim, tcShowResult(r), tcLimitOf(r), c.kind, c.limit)
		}
	}
	// Deep non-tail recursion with default limits is a depth_limit, not a
	// Go stack overflow.
	r, hung = tcEval(s, "(defn deep [n] (if (zero? n) 0 (inc (deep (dec n))))) (deep 1000000)", Options{}, 0)
	if hung || r.Outcome != OutcomeError || r.Error.Kind != DepthLimit {
		t.Errorf("deep recursion: got %s, want depth_limit", tcShowResult(r))
	}
	// Steps are reported.
	r, _ = tcEval(s, "(reduce + (range 1000))", Options{}, 0)
	if r.Steps < 1000 {
		t.Errorf("(reduce + (range 1000)) reports %d steps, want >= 1000", r.Steps)
	}
}

func tcLimitOf(r *Result) string {
	if r.Error == nil {
		return ""
	}
	return r.Error.Limit
}

func TestSessionErrorPositions(t *testing.T) {
	r, _ := tcEval(NewSession(), "(let [x 1]\n  (+ x \"a\"))", Options{}, 0)
	if r.Outcome != OutcomeError || r.Error.Pos.Line != 2 {
		t.Errorf("error position: %s at %v, want line 2", tcShowResult(r), r.Error.Pos)
	}
	r, _ = tcEval(NewSession(), "\n\n  (foo)", Options{}, 0)
	if r.Outcome != OutcomeError || r.Error.Pos.Line != 3 || r.Error.Pos.Col < 3 {
		t.Errorf("unbound symbol position: %v, want 3:3 or 3:4", r.Error.Pos)
	}
	// A step budget that runs out in a loop or a recursion whose body
	// calls no builtin (inc, +, < and recur are nodes of their own) still
	// points at the loop or the call, not at 0:0.
	for src, want := range map[string]Pos{
		"(loop [i 0] (recur (inc i)))":                             {1, 1},
		"\n  (loop [i 0] (if (< i 10) (recur (+ i 1)) (recur 0)))": {2, 3},
		"(defn f [n] (f n))\n(f 1)":                                {1, 13},
		"(dotimes [i 100000000] nil)":                              {1, 1},
	} {
		r, _ := tcEval(NewSession(), src, Options{Limits: Limits{MaxSteps: 1000}}, 0)
		if r.Outcome != OutcomeError || r.Error.Kind != StepLimit || r.Error.Pos != want {
			t.Errorf("%q: %s at %v, want step_limit at %v", src, tcShowResult(r), r.Error.Pos, want)
		}
	}
}

package lang

import (
	"sort"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// Outcome says how an evaluation ended.
type Outcome string

// The outcomes.
const (
	OutcomeValue  Outcome = "value"  // the last form's value
	OutcomeReturn Outcome = "return" // (return v) ended the program
	OutcomeFail   Outcome = "fail"   // (fail v) ended the program
	OutcomeError  Outcome = "error"  // an error ended the program
)

// Options configure one evaluation.
type Options struct {
	// Data is the context read by data/name.
	Data map[string]Value
	// Tools are the tools the program may call as tool/name.
	Tools ToolHost
	// Limits bound the evaluation; zero fields take defaults.
	Limits Limits
	// Clock, when set, is the time source of System/currentTimeMillis and
	// (java.util.Date.), in milliseconds since the epoch. Without it those
	// are a value_error: the core reads no clock of its own.
	Clock func() int64
	// Poll, when set, is called every few thousand steps and after each
	// tool call; returning Timeout or Cancelled stops the evaluation with
	// that kind. Hosts that cannot call Thread.Interrupt from another
	// goroutine (a Wasm guest reading a flag its host writes) use it.
	Poll func() ErrorKind
	// Safepoint, when set, is called every thousand steps or so, and
	// must be cheap. A Wasm guest makes a host call there: a host that
	// compiles Wasm into its own process (wazero) can stop the world for
	// its garbage collector only when the guest calls it, so without
	// these calls one long evaluation delays every collection of the
	// host's by milliseconds.
	Safepoint func()
	// OnStart, when set, receives the evaluation's Thread before it starts
	// so another goroutine can call Thread.Interrupt (deadlines,
	// cancellation).
	OnStart func(t *Thread)
}

// Result is the outcome of one evaluation.
type Result struct {
	Outcome         Outcome    `json:"outcome"`
	Value           Value      `json:"-"`
	Error           *Error     `json:"error,omitempty"`
	Prints          []string   `json:"prints"`
	PrintsTruncated bool       `json:"prints_truncated,omitempty"`
	ToolCalls       []ToolCall `json:"tool_calls"`
	Steps           int64      `json:"steps"`
	Defined         []string   `json:"defined,omitempty"` // names defined or redefined by this evaluation (committed)
}

// Session is a REPL-like namespace: defs persist across evaluations, and
// *1 *2 *3 hold the last three successful results. An evaluation that
// fails publishes none of its defs. A Session is not safe for concurrent
// use; distinct Sessions are independent.
type Session struct {
	vars    map[string]*Var
	history [3]Value
	stamp   uint64 // vars made so far (newVar)

	spareStack []Value // the value stack of the last evaluation, reused
	// scratch is the reader's memory for the next Eval, nil while an
	// Eval uses it or after one kept forms (see run).
	scratch *reader.Scratch
}

// NewSession returns an empty session.
func NewSession() *Session {
	return &Session{vars: map[string]*Var{}}
}

// Vars returns the names defined in the session, sorted.
func (s *Session) Vars() []string {
	out := make([]string, 0, len(s.vars))
	for n, v := range s.vars {
		if v.bound {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Lookup returns the value of a defined name.
func (s *Session) Lookup(name string) (Value, bool) {
	v, ok := s.vars[name]
	if !ok || !v.bound {
		return nil, false
	}
	return v.value, true
}

// Define binds name in the session directly (host-supplied memory).
func (s *Session) Define(name string, v Value) {
	if x, ok := s.vars[name]; ok {
		x.value, x.bound = v, true
		return
	}
	x := s.newVar(name)
	x.value, x.bound = v, true
	s.vars[name] = x
}

// newVar makes a var stamped with its creation order: a function analyzed
// before a var of the same name as a library function existed meant the
// library function (snapshots need to know).
func (s *Session) newVar(name string) *Var {
	s.stamp++
	return &Var{name: name, stamp: s.stamp}
}

// History returns *1, *2 and *3.
func (s *Session) History() [3]Value { return s.history }

// SetHistory replaces *1, *2 and *3.
func (s *Session) SetHistory(h [3]Value) { s.history = h }

type undoEntry struct {
	v     *Var
	value Value
	bound bool
	src   string
}

// setVar binds v, logging the old value so a failed evaluation can undo it.
func (t *Thread) setVar(v *Var, val Value, src string) {
	if s := t.session; s != nil {
		if cur, ok := s.vars[v.name]; ok && cur == v {
			t.undo = append(t.undo, undoEntry{v, v.value, v.bound, v.src})
		}
	}
	v.value, v.bound, v.src = val, true, src
}

func (t *Thread) missingData(name string, pos Pos) *Error {
	e := &Error{Kind: UnboundSymbol, Pos: pos, Message: "data/" + name + " is not in the context"}
	var names []string
	for n := range t.data {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		e.Hint = "this evaluation has no context data"
		return e
	}
	if s := closest(name, names); s != "" {
		e.Hint = "did you mean data/" + s + "? "
	}
	for i := range names {
		names[i] = "data/" + names[i]
	}
	if len(names) > 30 {
		names = append(names[:30], "...")
	}
	e.Hint += "available: " + strings.Join(names, ", ")
	return e
}

// Program is parsed source, ready to evaluate in any session.
type Program struct {
	forms []*reader.Form
}

// Parse reads src into a Program.
//
// # Errors
//
// A *Error of kind parse_error, or size_limit/depth_limit when the source
// is over MaxSourceBytes, MaxForms or MaxNesting.
func Parse(src string, lim Limits) (*Program, error) {
	forms, err := parseForms(src, lim.WithDefaults(), nil)
	if err != nil {
		return nil, err
	}
	return &Program{forms: forms}, nil
}

// parseForms is Parse without the Program; lim has its defaults filled
// in. With a Scratch, the forms are read into its memory (see
// reader.Scratch).
func parseForms(src string, lim Limits, sc *reader.Scratch) ([]*reader.Form, *Error) {
	rl := reader.Limits{MaxSourceBytes: lim.MaxSourceBytes, MaxDepth: lim.MaxNesting, MaxNodes: lim.MaxForms}
	var forms []*reader.Form
	var err error
	if sc != nil {
		forms, err = reader.ReadAllReusing(src, rl, sc)
	} else {
		forms, err = reader.ReadAll(src, rl)
	}
	if err != nil {
		return nil, readError(err)
	}
	return forms, nil
}

func readError(err error) *Error {
	re, ok := err.(*reader.Error)
	if !ok {
		return Errorf(ParseError, "%v", err)
	}
	e := &Error{Kind: ParseError, Message: re.Msg, Hint: re.Hint, Pos: Pos{Line: int(re.Pos.Line), Col: int(re.Pos.Col)}}
	switch re.Limit {
	case "":
	case "MaxDepth":
		e.Kind, e.Limit = DepthLimit, "MaxNesting"
	case "MaxNodes":
		e.Kind, e.Limit = SizeLimit, "MaxForms"
	default:
		e.Kind, e.Limit = SizeLimit, re.Limit
	}
	return e
}

// Eval parses and evaluates src in the session.
//
// The forms are read into the session's scratch memory, which the next
// Eval reuses unless this one kept a form: the fn forms that closures
// keep for snapshots (analyzer.keptForms). No other form outlives the
// analysis.
func (s *Session) Eval(src string, opts Options) *Result {
	lim := opts.Limits.WithDefaults()
	sc := s.scratch
	if sc == nil {
		sc = new(reader.Scratch)
	}
	s.scratch = nil
	forms, err := parseForms(src, lim, sc)
	if err != nil {
		s.scratch = sc
		return &Result{Outcome: OutcomeError, Error: err, Prints: []string{}, ToolCalls: []ToolCall{}}
	}
	return s.run(forms, opts, lim, sc)
}

// Run evaluates a parsed program in the session.
func (s *Session) Run(p *Program, opts Options) *Result {
	return s.run(p.forms, opts, opts.Limits.WithDefaults(), nil)
}

// evaluation is the state of one run, allocated in one piece: the
// result handed back, the Thread and the analyzer. The Thread outlives
// the run only as far as OnStart's receiver keeps it (to call Interrupt,
// which then has no effect), so nothing is reused across runs.
type evaluation struct {
	res Result
	t   Thread
	a   analyzer
}

// run evaluates forms in the session under lim, which has its defaults
// filled in. sc, when not nil, is the scratch memory the forms were read
// into: run gives it back to the session once the forms are analyzed,
// unless the analysis kept one.
func (s *Session) run(forms []*reader.Form, opts Options, lim Limits, sc *reader.Scratch) (res *Result) {
	ev := &evaluation{}
	t := &ev.t
	t.init(lim)
	if st := s.spareStack; st != nil {
		s.spareStack = nil
		t.stack = st // clean: see below
	}
	defer func() {
		// release clears the frames it pops, so a run that ends normally
		// leaves its stack clean; a panic skips the pops of the frames
		// open at the time, all below t.sp. Clearing just those, rather
		// than the whole spare stack at the start of the next run, costs
		// nothing after most runs.
		clear(t.stack[:t.sp])
		if cap(t.stack) <= 1<<16 {
			s.spareStack = t.stack
		}
	}()
	t.data = opts.Data
	t.clock = opts.Clock
	t.poll = opts.Poll
	t.safepoint = opts.Safepoint
	t.tools = opts.Tools
	t.session = s
	if opts.OnStart != nil {
		opts.OnStart(t)
	}
	res = &ev.res
	a := &ev.a
	a.sess, a.reg, a.tools = s, theRegistry(), opts.Tools
	defer func() {
		r := recover()
		res.Prints = t.prints
		if res.Prints == nil {
			res.Prints = []string{}
		}
		res.PrintsTruncated = t.printsTruncated
		res.ToolCalls = t.toolCalls
		if res.ToolCalls == nil {
			res.ToolCalls = []ToolCall{}
		}
		res.Steps = t.steps
		if r == nil {
			return
		}
		switch x := r.(type) {
		case *signal:
			res.Outcome, res.Value = OutcomeReturn, x.value
			if err := t.checkResult(x.value); err != nil {
				res.Outcome, res.Value, res.Error = OutcomeError, nil, err
				t.rollback()
				return
			}
			res.Defined = t.commit(a, x.value, false)
		case *Error:
			if !x.Pos.IsValid() {
				x.Pos = t.pos
			}
			if x.Kind == Fail {
				res.Outcome, res.Value = OutcomeFail, x.Value
			} else {
				res.Outcome = OutcomeError
			}
			res.Error = x
			t.rollback()
		default:
			res.Outcome = OutcomeError
			res.Error = &Error{Kind: InternalError, Pos: t.pos,
				Message: sprintf("internal error: %v", r),
				Hint:    "this is a bug in the interpreter; please report it with the program"}
			if isStackOverflow(r) {
				res.Error = &Error{Kind: DepthLimit, Pos: t.pos, Limit: "MaxDepth", Message: "nesting too deep"}
			}
			t.rollback()
		}
	}()
	// Pre-scan top-level defs so functions may refer to names defined
	// later in the same program.
	for _, f := range forms {
		collectDefs(f, &a.forward)
	}
	var one [1]topForm // a program is most often one form
	tops := one[:0]
	if len(forms) > 1 {
		tops = make([]topForm, 0, len(forms))
	}
	for _, f := range forms {
		tops = append(tops, a.analyzeTop(f))
	}
	if sc != nil && !a.keptForms {
		// An analysis error leaves sc to the garbage collector: rare,
		// and then nothing needs proving about what it kept.
		s.scratch = sc
	}
	var v Value
	for _, top := range tops {
		frame := t.alloc(top.nslots)
		v = top.body.eval(t, frame)
		t.release(frame)
	}
	if err := t.checkResult(v); err != nil {
		panic(err)
	}
	res.Outcome, res.Value = OutcomeValue, v
	res.Defined = t.commit(a, v, true)
	return res
}

func isStackOverflow(r any) bool {
	e, ok := r.(error)
	return ok && strings.Contains(e.Error(), "stack overflow")
}

func collectDefs(f *reader.Form, out *map[string]bool) {
	if f.Kind != reader.List || len(f.Items) < 2 || f.Items[0].Kind != reader.Symbol {
		return
	}
	switch f.Items[0].Str {
	case "def", "defn", "defn-", "defonce":
		if f.Items[1].Kind == reader.Symbol {
			if *out == nil {
				*out = map[string]bool{}
			}
			(*out)[f.Items[1].Str] = true
		}
	case "do":
		for _, x := range f.Items[1:] {
			collectDefs(x, out)
		}
	}
}

// checkResult enforces MaxResultBytes on the printed result.
func (t *Thread) checkResult(v Value) *Error {
	switch v.(type) {
	case *Vector, *Map, *Set, *List, string:
	default:
		return nil
	}
	n := printedSizeAtMost(v, t.limits.MaxResultBytes+1)
	if n > t.limits.MaxResultBytes {
		return &Error{Kind: SizeLimit, Limit: "MaxResultBytes",
			Message: sprintf("result is larger than %d bytes (MaxResultBytes)", t.limits.MaxResultBytes),
			Hint:    "return a summary instead: (count xs), (take 10 xs), (select-keys m [...]); keep the full value with def"}
	}
	return nil
}

// printedSizeAtMost estimates the pr-str size of v, stopping once it
// passes limit.
func printedSizeAtMost(v Value, limit int) int {
	n := 0
	var walk func(v Value) bool
	walk = func(v Value) bool {
		switch x := v.(type) {
		case *Vector:
			n += 2
			x.Each(func(_ int, e Value) bool { n++; return walk(e) })
		case *List:
			n += 2
			x.Each(func(_ int, e Value) bool { n++; return walk(e) })
		case *Map:
			n += 2
			x.Each(func(k, e Value) bool { n += 3; return walk(k) && walk(e) })
		case *Set:
			n += 3
			x.Each(func(e Value) bool { n++; return walk(e) })
		case string:
			n += len(x) + 2
		case int64:
			n += intPrintedLen(x)
		case Keyword:
			n += 1 + len(x)
		case nil:
			n += len("nil")
		case bool:
			n += len("false")
			if x {
				n--
			}
		default:
			n += len(PrStr(v))
		}
		return n <= limit
	}
	walk(v)
	return n
}

// commit publishes the evaluation's defs and, for ordinary values,
// advances the history.
func (t *Thread) commit(a *analyzer, v Value, history bool) []string {
	s := t.session
	seen := map[string]bool{}
	var defined []string
	for _, u := range t.undo {
		if !seen[u.v.name] {
			seen[u.v.name] = true
			defined = append(defined, u.v.name)
		}
	}
	for name, v := range a.pending {
		if v.bound {
			s.vars[name] = v
			if !seen[name] {
				seen[name] = true
				defined = append(defined, name)
			}
		}
	}
	sort.Strings(defined)
	if history {
		s.history = [3]Value{v, s.history[0], s.history[1]}
	}
	return defined
}

// rollback undoes the defs of a failed evaluation.
func (t *Thread) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		u := t.undo[i]
		u.v.value, u.v.bound, u.v.src = u.value, u.bound, u.src
	}
	t.undo = nil
}

// Package lisp is the native Go API of the PTC-Lisp interpreter: parse a
// program, evaluate it in a Session whose defs persist across evaluations,
// and get back a Result that serializes cleanly to JSON (the Wasm ABI
// carries the same shapes).
//
// The interpreter runs natively here, without the WebAssembly sandbox; the
// host package runs the same interpreter inside a Wasm guest with memory,
// fuel and deadline limits. Both give the same results.
//
//	s := lisp.NewSession()
//	res := s.Eval(ctx, `(->> data/orders (filter #(> (:amount %) 100)) (map :id))`, lisp.Options{
//		Data: map[string]any{"orders": orders},
//	})
//	fmt.Println(res.Outcome, res.Printed)
package lisp

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// Limits bound one evaluation; zero fields take defaults. See
// docs/errors.md for the error each limit raises.
type Limits = lang.Limits

// DefaultLimits returns the limits used for zero fields.
func DefaultLimits() Limits { return lang.DefaultLimits() }

// Error is an evaluation error: kind, message, position and hint.
type Error = lang.Error

// Pos is a 1-based line and column in the program text.
type Pos = lang.Pos

// ErrorKind classifies errors; the set is fixed (docs/errors.md).
type ErrorKind = lang.ErrorKind

// Outcome says how an evaluation ended: "value", "return", "fail" or
// "error".
type Outcome = lang.Outcome

// The outcomes.
const (
	OutcomeValue  = lang.OutcomeValue
	OutcomeReturn = lang.OutcomeReturn
	OutcomeFail   = lang.OutcomeFail
	OutcomeError  = lang.OutcomeError
)

// Tool is a host function a program calls as (tool/name {...}). args has
// string keys and JSON-like values (nil, bool, int64, float64, string,
// []any, map[string]any). The result is converted back the same way
// (other integer types and json.Number are accepted too). A returned error
// ends the program with kind tool_error, unless it is an *Error.
type Tool func(ctx context.Context, args map[string]any) (any, error)

// Options configure one evaluation.
type Options struct {
	// Data is the context read by data/name, as JSON-like Go values.
	Data map[string]any
	// Tools are the tools available as tool/name.
	Tools map[string]Tool
	// Limits bound the evaluation; zero fields take defaults.
	Limits Limits
	// Poll, when set, is called every few thousand steps and after each
	// tool call; returning "timeout" or "cancelled" stops the evaluation
	// with that kind. For hosts that signal through shared memory (the
	// Wasm guest); Go callers normally use the context instead.
	Poll func() ErrorKind
}

// The interrupt kinds Poll may return.
const (
	Timeout   ErrorKind = lang.Timeout
	Cancelled ErrorKind = lang.Cancelled
)

// ToolCall is one tool call the program made.
type ToolCall struct {
	Name     string        `json:"name"`
	Args     any           `json:"args"`
	Result   any           `json:"result,omitempty"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	// Batch is 0 for an ordinary call and n for calls issued together in
	// the n-th batch of a pmap/pcalls, which run concurrently.
	Batch int `json:"batch,omitempty"`
}

// Result is the outcome of one evaluation.
type Result struct {
	Outcome Outcome `json:"outcome"`
	// Value is the result (or the value given to return/fail) as a
	// JSON-like Go value: keywords become strings, sets become slices,
	// map keys become strings.
	Value any `json:"value"`
	// Printed is the value as pr-str prints it, e.g. {:a [1 2.5]}.
	Printed         string        `json:"printed"`
	Error           *Error        `json:"error,omitempty"`
	Prints          []string      `json:"prints"`
	PrintsTruncated bool          `json:"prints_truncated,omitempty"`
	ToolCalls       []ToolCall    `json:"tool_calls"`
	Steps           int64         `json:"steps"`
	Defined         []string      `json:"defined,omitempty"`
	Duration        time.Duration `json:"duration_ns"`
	// Fuel is the guest execution fuel the evaluation used, set by the
	// Wasm sandbox host (package host, Options.Fuel); 0 natively.
	Fuel int64 `json:"fuel,omitempty"`

	native lang.Value
}

// ErrBusy is returned when a Session is used by two goroutines at once.
var ErrBusy = errors.New("lisp: session is busy with another evaluation")

// Session holds defs and the *1 *2 *3 history across evaluations. One
// Session runs one evaluation at a time; distinct Sessions are independent
// and may run in parallel.
type Session struct {
	mu sync.Mutex
	s  *lang.Session
}

// NewSession returns an empty session.
func NewSession() *Session { return &Session{s: lang.NewSession()} }

// Eval evaluates src. When ctx ends, the evaluation stops with kind
// timeout (deadline) or cancelled.
//
// # Errors
//
// Program errors are reported in Result (Outcome "error", Result.Error);
// Eval itself only fails with ErrBusy when the session is in use.
func (s *Session) Eval(ctx context.Context, src string, opts Options) (*Result, error) {
	if !s.mu.TryLock() {
		return nil, ErrBusy
	}
	defer s.mu.Unlock()
	start := time.Now()
	lo := lang.Options{Limits: opts.Limits, Clock: func() int64 { return time.Now().UnixMilli() }, Poll: opts.Poll}
	if len(opts.Data) > 0 {
		lo.Data = make(map[string]lang.Value, len(opts.Data))
		for k, v := range opts.Data {
			lo.Data[k] = FromGo(v)
		}
	}
	th := &toolHost{ctx: ctx, tools: opts.Tools}
	lo.Tools = th
	stop := func() bool { return true }
	if ctx != nil && ctx.Done() != nil {
		lo.OnStart = func(t *lang.Thread) {
			stop = context.AfterFunc(ctx, func() {
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					t.Interrupt(lang.Timeout)
				} else {
					t.Interrupt(lang.Cancelled)
				}
			})
		}
	}
	r := s.s.Eval(src, lo)
	stop()
	res := &Result{Outcome: r.Outcome, Error: r.Error, Prints: r.Prints, PrintsTruncated: r.PrintsTruncated,
		Steps: r.Steps, Defined: r.Defined, native: r.Value}
	if r.Outcome != lang.OutcomeError {
		res.Value = ToGo(r.Value)
		res.Printed = lang.PrStr(r.Value)
	}
	res.ToolCalls = make([]ToolCall, len(r.ToolCalls))
	for i, c := range r.ToolCalls {
		res.ToolCalls[i] = ToolCall{Name: c.Name, Args: ToGo(c.Args), Result: ToGo(c.Result), Error: c.Error, Batch: c.Batch}
		if i < len(th.durations) {
			res.ToolCalls[i].Duration = th.durations[i]
		}
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Vars lists the names defined in the session.
func (s *Session) Vars() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.s.Vars()
}

type toolHost struct {
	ctx       context.Context
	tools     map[string]Tool
	durations []time.Duration
}

// CallToolBatch runs the calls of one pmap/pcalls batch concurrently (the
// batch is already bounded by Limits.MaxParallel) and returns the results
// in order.
func (h *toolHost) CallToolBatch(calls []lang.ToolRequest) []lang.ToolResponse {
	out := make([]lang.ToolResponse, len(calls))
	durs := make([]time.Duration, len(calls))
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					out[i].Err = errors.New("tool panicked")
				}
			}()
			start := time.Now()
			out[i].Value, out[i].Err = h.call(c.Name, c.Args)
			durs[i] = time.Since(start)
		}()
	}
	wg.Wait()
	h.durations = append(h.durations, durs...)
	return out
}

func (h *toolHost) HasTool(name string) bool { _, ok := h.tools[name]; return ok }

func (h *toolHost) ToolNames() []string {
	out := make([]string, 0, len(h.tools))
	for n := range h.tools {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (h *toolHost) CallTool(name string, args *lang.Map) (lang.Value, error) {
	start := time.Now()
	v, err := h.call(name, args)
	h.durations = append(h.durations, time.Since(start))
	return v, err
}

func (h *toolHost) call(name string, args *lang.Map) (lang.Value, error) {
	ctx := h.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	m, _ := ToGo(args).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	res, err := h.tools[name](ctx, m)
	if err != nil {
		return nil, err
	}
	return FromGo(res), nil
}

// ToGo converts an interpreter value to a JSON-like Go value: nil, bool,
// int64, float64, string, []any, map[string]any. Keywords and symbols
// become their names, sets and lists become slices, map keys become
// strings (non-string keys are printed), functions become "#fn[name]".
func ToGo(v lang.Value) any {
	switch x := v.(type) {
	case nil, bool, int64, float64, string:
		return x
	case lang.Keyword:
		return string(x)
	case lang.Symbol:
		return string(x)
	case *lang.Vector:
		out := make([]any, 0, x.Len())
		x.Each(func(_ int, e lang.Value) bool { out = append(out, ToGo(e)); return true })
		return out
	case *lang.List:
		out := make([]any, 0, x.Len())
		x.Each(func(_ int, e lang.Value) bool { out = append(out, ToGo(e)); return true })
		return out
	case *lang.Set:
		out := make([]any, 0, x.Len())
		x.Each(func(e lang.Value) bool { out = append(out, ToGo(e)); return true })
		return out
	case *lang.Map:
		out := make(map[string]any, x.Len())
		x.Each(func(k, e lang.Value) bool {
			var ks string
			switch kk := k.(type) {
			case string:
				ks = kk
			case lang.Keyword:
				ks = string(kk)
			default:
				ks = lang.Str(k)
			}
			out[ks] = ToGo(e)
			return true
		})
		return out
	}
	return lang.PrStr(v)
}

// FromGo converts a JSON-like Go value to an interpreter value. Maps with
// string keys keep string keys (programs reach them with keywords too,
// thanks to flexible key access).
func FromGo(v any) lang.Value {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		return x
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	case uint:
		if uint64(x) > math.MaxInt64 {
			return float64(x)
		}
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		if x > math.MaxInt64 {
			return float64(x)
		}
		return int64(x)
	case float32:
		return float64(x)
	case float64:
		return x
	case string:
		return x
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case []any:
		items := make([]lang.Value, len(x))
		for i, e := range x {
			items[i] = FromGo(e)
		}
		return lang.NewVector(items)
	case []string:
		items := make([]lang.Value, len(x))
		for i, e := range x {
			items[i] = e
		}
		return lang.NewVector(items)
	case map[string]any:
		kvs := make([]lang.Value, 0, 2*len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			kvs = append(kvs, k, FromGo(x[k]))
		}
		return lang.NewMapFromPairs(kvs)
	}
	return lang.PrStr(v)
}

// Warm builds the builtin tables now instead of on the first evaluation.
// The Wasm guest calls it while it initializes, so pooled instances are
// ready to evaluate at once.
func Warm() { lang.Catalogue() }

// Doc is the catalogue entry of a builtin or special form.
type Doc = lang.Doc

// Example is a documented example: code and the pr-str of its result.
type Example = lang.Example

// Catalogue returns the documentation of every builtin and special form.
func Catalogue() []*Doc { return lang.Catalogue() }

// EncodeJSON encodes a JSON-like Go value (what FromGo accepts) as JSON
// the way the interpreter sees it: float64 values keep a fraction or an
// exponent (100.0, 1.0E300), so a host that passes values to a Wasm guest
// as JSON hands it the same floats and integers a native session gets.
//
// # Errors
//
// A value with no JSON form, such as ##NaN or a map key that is not a
// string, keyword or number.
func EncodeJSON(v any) ([]byte, error) {
	// Plain JSON-like values are written directly (appendJSON), without
	// building interpreter values first; anything else, and every error,
	// goes through FromGo and the interpreter's encoder.
	var b strings.Builder
	if appendJSON(&b, v, 0) {
		return []byte(b.String()), nil
	}
	s, err := lang.EncodeJSON(FromGo(v))
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// Package wire is the JSON boundary every guest adapter shares: it turns
// the request documents of abi/README.md into interpreter calls and the
// results back into documents, byte for byte as the ptc-guest module has
// always written them.
//
// The package is pure Go (no wasm imports, no os) so it builds and is
// tested natively. An adapter supplies only a transport: a Host whose
// Call and Batch funcs carry raw tool request documents to wherever the
// tools live (wasm imports, an Extism host function, a channel to another
// goroutine) and bring the response documents back.
package wire

import (
	"sort"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// Host is an adapter's transport and hooks for one evaluation. Every
// field may be nil.
type Host struct {
	// Call carries one tool request document {"name", "args"} and returns
	// the response document {"value"} or {"error"}. The response is a
	// string so that the values read from it can share its bytes, which
	// must not change afterwards; req is the transport's only during the
	// call.
	Call func(req []byte) string
	// Batch carries the calls of one pmap/pcalls step as a JSON array of
	// request documents and returns a JSON array of responses in the same
	// order. When nil, the calls of a batch go through Call one at a time.
	Batch func(req []byte) string
	// Poll is the interpreter's interrupt poll (lang.Options.Poll).
	Poll func() lang.ErrorKind
	// Safepoint is called every thousand steps or so
	// (lang.Options.Safepoint).
	Safepoint func()
	// Clock is the wall clock in milliseconds since the epoch. It is given
	// to the program only when the request says "clock": true.
	Clock func() int64
	// Monotonic is a monotonic clock in nanoseconds. With it, a request's
	// "timeout_ms" is a deadline the guest keeps itself: a host that
	// cannot write the interrupt flag while the guest runs (a JavaScript
	// host on the guest's thread, an Extism host) still gets kind timeout.
	Monotonic func() int64
}

// Eval decodes an eval request document, evaluates it in s and returns the
// result document. A request that is not a JSON object gets an error
// document with kind internal_error.
func Eval(s *lang.Session, req []byte, h Host) []byte {
	r, bad := DecodeEval(req, h)
	if bad != nil {
		return bad
	}
	return encodeResult(s.Eval(r.Source, r.Options), !r.HostLedger)
}

// Request is a decoded eval request.
type Request struct {
	Source  string
	Options lang.Options // the tools wired to the Host
	// HostLedger is the request's "host_ledger": the host keeps the
	// arguments and results of the tool calls it served, so the result's
	// tool_calls entries leave them out (abi/README.md).
	HostLedger bool
}

// DecodeEval reads an eval request document, wiring the tools to h. bad
// is an error document, and r is zero, when req is not a JSON object.
//
// The document is read member by member (lang.JSONScanner): only the
// values of "data" become Values. Building the whole envelope as a map
// first was most of the cost of a small request. A member given twice
// counts as its last occurrence, and a member of the wrong type as
// absent, as they did when the envelope was a map.
func DecodeEval(req []byte, h Host) (r Request, bad []byte) {
	var (
		j       lang.JSONScanner
		timeout lang.Value
		names   []string
		clock   bool
	)
	opts := &r.Options
	j.Reset(string(req))
	isObject := j.Object(func(key string) {
		switch key {
		case "source":
			r.Source, _ = j.String()
		case "host_ledger":
			r.HostLedger = isTrue(j.Value())
		case "clock":
			clock = isTrue(j.Value())
		case "timeout_ms":
			timeout = j.Value()
		case "tools":
			names, _ = scanStrings(&j)
		case "limits":
			opts.Limits = lang.Limits{}
			j.Object(func(name string) { opts.Limits.SetByName(name, j.Value()) })
		case "data":
			opts.Data = map[string]lang.Value{}
			if !j.Object(func(name string) { opts.Data[name] = j.Value() }) {
				opts.Data = nil
			}
		}
	})
	if !isObject || !j.End() {
		return Request{}, ErrorResult("bad request: not a JSON object")
	}
	opts.Poll = h.Poll
	opts.Safepoint = h.Safepoint
	if ms := timeoutMillis(timeout); ms > 0 && h.Monotonic != nil {
		opts.Poll = deadlinePoll(h.Poll, h.Monotonic, h.Monotonic()+ms*1_000_000)
	}
	sort.Strings(names)
	opts.Tools = newTools(names, h)
	if clock && h.Clock != nil {
		opts.Clock = h.Clock
	}
	return r, nil
}

// isTrue reports whether v is true. (v == true compares the interfaces
// through a runtime call in Wasm; the type assertion does not.)
func isTrue(v lang.Value) bool {
	b, _ := v.(bool)
	return b
}

// scanStrings reads an array's strings, skipping its other elements;
// isArray is false, and the strings nil, when the value is no array.
func scanStrings(j *lang.JSONScanner) (out []string, isArray bool) {
	isArray = j.Array(func() {
		if s, ok := j.String(); ok {
			out = append(out, s)
		}
	})
	if !isArray {
		return nil, false
	}
	return out, true
}

// Check runs lang.Check on a check request document {"source", "tools"}
// and returns the result document {"diagnostics": [...]}. Tools absent or
// null means tool references are not checked.
func Check(req []byte) []byte {
	var (
		j     lang.JSONScanner
		src   string
		tools []string
	)
	j.Reset(string(req))
	isObject := j.Object(func(key string) {
		switch key {
		case "source":
			src, _ = j.String()
		case "tools":
			var isArray bool
			if tools, isArray = scanStrings(&j); isArray && tools == nil {
				tools = []string{} // an empty list: every tool is unknown
			}
		}
	})
	if !isObject || !j.End() {
		return ErrorResult("bad request: not a JSON object")
	}
	ds := lang.Check(src, tools)
	items := make([]lang.Value, len(ds))
	for i, d := range ds {
		items[i] = problem(d.Kind, d.Message, d.Pos, d.Hint).Build()
	}
	out, err := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"diagnostics", lang.NewVector(items)}))
	if err != nil {
		return ErrorResult("check result not encodable: " + err.Message)
	}
	return []byte(out)
}

// ErrorResult is the result document of a request that could not be
// evaluated at all: {"outcome": "error", "error": {"kind":
// "internal_error", "message": msg}}.
func ErrorResult(msg string) []byte {
	out, _ := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{
		"outcome", "error",
		"error", lang.NewMapFromPairs([]lang.Value{"kind", "internal_error", "message", msg}),
	}))
	return []byte(out)
}

// problem starts the JSON object of an error or a diagnostic:
// {"kind", "message", "pos": {"line", "col"}, "hint"}.
func problem(kind lang.ErrorKind, msg string, pos lang.Pos, hint string) *lang.MapBuilder {
	m := lang.NewMapBuilder()
	m.Set("kind", string(kind))
	m.Set("message", msg)
	m.Set("pos", lang.NewMapFromPairs([]lang.Value{"line", int64(pos.Line), "col", int64(pos.Col)}))
	if hint != "" {
		m.Set("hint", hint)
	}
	return m
}

// stringList is the strings of a JSON array, skipping other elements; nil
// when v is not an array.
func stringList(v lang.Value) []string {
	vec, ok := v.(*lang.Vector)
	if !ok {
		return nil
	}
	var out []string
	vec.Each(func(_ int, x lang.Value) bool {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
		return true
	})
	return out
}

// maxTimeoutMillis is the longest timeout_ms (about 31 years): a longer
// one means none. The bound keeps the deadline, ms*1e6 added to the
// monotonic clock, inside int64; a huge integer used to overflow into a
// deadline already past.
const maxTimeoutMillis = 1e12

// timeoutMillis reads the request's timeout_ms: a positive number of
// milliseconds, or 0 for none.
func timeoutMillis(v lang.Value) int64 {
	switch n := v.(type) {
	case int64:
		if n > 0 && n <= maxTimeoutMillis {
			return n
		}
	case float64:
		if n >= 1 && n <= maxTimeoutMillis {
			return int64(n)
		}
	}
	return 0
}

// deadlinePoll is poll (which may be nil) that also reports lang.Timeout
// once the monotonic clock passes deadline.
func deadlinePoll(poll func() lang.ErrorKind, now func() int64, deadline int64) func() lang.ErrorKind {
	return func() lang.ErrorKind {
		if poll != nil {
			if k := poll(); k != "" {
				return k
			}
		}
		if now() >= deadline {
			return lang.Timeout
		}
		return ""
	}
}

package lang

import (
	"math"
	"strings"
)

// JSON at the host boundary. The Wasm guest adapter uses these instead of
// encoding/json, which would link os (and with it file-system WASI imports)
// into the guest.

// boundaryLimits are generous: boundary documents are produced by the host
// or from results already bounded by the evaluation's own limits.
var boundaryLimits = Limits{MaxSteps: 1 << 62, MaxStringBytes: 1 << 40, MaxCollection: 1 << 40}

// DecodeJSON parses JSON text: objects become maps with string keys,
// integers that fit int64 become integers, other numbers floats. It
// reports false for invalid JSON.
//
// The parse has no Thread: boundary documents come from the host, not
// from a program, so there is no budget to charge, and a Thread per
// document was the largest allocation of a small one.
func DecodeJSON(s string) (Value, bool) {
	p := sxJSONParser{s: s}
	v, ok := p.value()
	if !ok {
		return nil, false
	}
	p.ws()
	return v, p.i == len(p.s)
}

// EncodeJSON encodes a value made JSON-safe by ExportValue.
func EncodeJSON(v Value) (out string, err *Error) {
	t := newThread(boundaryLimits)
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	e := sxJSONEnc{t: t, fname: "json"}
	return e.encode(v), nil
}

// AppendJSONString writes s to b as a JSON string literal, escaped as
// EncodeJSON escapes strings (invalid UTF-8 becomes U+FFFD). The guest
// adapter writes its fixed-shape documents with it, without building maps.
func AppendJSONString(b *strings.Builder, s string) { sxJSONQuote(b, s) }

// ExportValue converts a result for JSON: keywords and symbols become their
// names (also as map keys), sets and lists become vectors, NaN and the
// infinities become nil (the printed form keeps them), functions and other
// values become their printed form.
func ExportValue(v Value) Value {
	return walkBoundary(v, func(x Value) Value {
		switch y := x.(type) {
		case nil, bool, int64, string:
			return y
		case float64:
			if math.IsNaN(y) || math.IsInf(y, 0) {
				return nil
			}
			return y
		case Keyword:
			return string(y)
		case Symbol:
			return string(y)
		}
		return PrStr(x)
	})
}

// LimitsFromMap reads limits given by their JSON names ("max_steps", ...).
// Unknown names are ignored.
func LimitsFromMap(m *Map) Limits {
	var l Limits
	if m == nil {
		return l
	}
	m.Each(func(k, v Value) bool {
		if name, ok := k.(string); ok {
			l.SetByName(name, v)
		}
		return true
	})
	return l
}

// SetByName sets the limit whose JSON name is name ("max_steps", ...) to
// the number v: an integer, or a float cut to one; anything else is 0,
// the default. An unknown name changes nothing and reports false.
func (l *Limits) SetByName(name string, v Value) (known bool) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		n = int64(x)
	}
	switch name {
	case "max_steps":
		l.MaxSteps = n
	case "max_depth":
		l.MaxDepth = int(n)
	case "max_collection":
		l.MaxCollection = int(n)
	case "max_string_bytes":
		l.MaxStringBytes = int(n)
	case "max_print_bytes":
		l.MaxPrintBytes = int(n)
	case "max_result_bytes":
		l.MaxResultBytes = int(n)
	case "max_tool_calls":
		l.MaxToolCalls = int(n)
	case "max_source_bytes":
		l.MaxSourceBytes = int(n)
	case "max_nesting":
		l.MaxNesting = int(n)
	case "max_forms":
		l.MaxForms = int(n)
	case "max_parallel":
		l.MaxParallel = int(n)
	default:
		return false
	}
	return true
}

// ExportJSON encodes v as EncodeJSON(ExportValue(v)) would, in one pass:
// keywords and symbols become their names (also as map keys), sets and
// lists become arrays, NaN and the infinities become null, and any other
// value its printed form. It does not build the exported copy, which cost
// more than the encoding itself at the Wasm boundary (a tool call's
// arguments and result cross it this way).
//
// # Notes
//
// JSON object members come in the map's own order. A map whose keys mix
// kinds (say :a and "a") is exported first, so colliding keys merge as
// ExportValue merges them.
func ExportJSON(v Value) string {
	var b strings.Builder
	AppendExportJSON(&b, v)
	return b.String()
}

// AppendExportJSON writes ExportJSON(v) to b.
func AppendExportJSON(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int64:
		writeInt(b, x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(FormatFloat(x))
		}
	case string:
		sxJSONQuote(b, x)
	case Keyword:
		sxJSONQuote(b, string(x))
	case Symbol:
		sxJSONQuote(b, string(x))
	case *Vector:
		if x.root == nil {
			// Up to 32 elements, all in the tail: written in place, without
			// a call of Each's func per element.
			appendExportArray(b, x.tailVals())
			return
		}
		b.WriteByte('[')
		x.Each(func(i int, e Value) bool {
			if i > 0 {
				b.WriteByte(',')
			}
			AppendExportJSON(b, e)
			return true
		})
		b.WriteByte(']')
	case *List:
		appendExportArray(b, x.ToSlice())
	case *Set:
		appendExportArray(b, x.ToSlice())
	case *Map:
		if !uniformKeys(x) {
			AppendExportJSON(b, ExportValue(x))
			return
		}
		b.WriteByte('{')
		if x.root == nil {
			// An array map: its entries in place, as for a short vector.
			for i := 0; i < len(x.kvs); i += 2 {
				appendExportMember(b, i, x.kvs[i], x.kvs[i+1])
			}
		} else {
			i := 0
			x.Each(func(k, e Value) bool {
				appendExportMember(b, i, k, e)
				i++
				return true
			})
		}
		b.WriteByte('}')
	default:
		sxJSONQuote(b, PrStr(x))
	}
}

func appendExportArray(b *strings.Builder, items []Value) {
	b.WriteByte('[')
	for i, e := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		AppendExportJSON(b, e)
	}
	b.WriteByte(']')
}

// appendExportMember writes the member k: e of an object whose keys are
// uniform, after a comma unless it is the first (i is 0).
func appendExportMember(b *strings.Builder, i int, k, e Value) {
	if i > 0 {
		b.WriteByte(',')
	}
	sxJSONQuote(b, boundaryKeyName(k))
	b.WriteByte(':')
	AppendExportJSON(b, e)
}

// uniformKeys reports whether m's keys are all strings, all keywords or
// all symbols: then no two of them export to the same JSON key.
func uniformKeys(m *Map) bool {
	if m.root == nil {
		kind := -1
		for i := 0; i < len(m.kvs) && kind != -2; i += 2 {
			kind = sameKeyKind(kind, m.kvs[i])
		}
		return kind != -2
	}
	kind := -1
	m.Each(func(k, _ Value) bool {
		kind = sameKeyKind(kind, k)
		return kind != -2
	})
	return kind != -2
}

// sameKeyKind is the kind of key k (0 a string, 1 a keyword, 2 a symbol)
// when it is kind, the kind of the keys before it (-1 for none), and -2
// when it is of another kind or none of these.
func sameKeyKind(kind int, k Value) int {
	c := -2
	switch k.(type) {
	case string:
		c = 0
	case Keyword:
		c = 1
	case Symbol:
		c = 2
	}
	if kind >= 0 && c != kind {
		return -2
	}
	return c
}

// boundaryKeyName is boundaryKey's name for a string, keyword or symbol.
func boundaryKeyName(k Value) string {
	switch x := k.(type) {
	case Keyword:
		return string(x)
	case Symbol:
		return string(x)
	}
	return k.(string)
}

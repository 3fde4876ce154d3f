package lang

import (
	"strings"
	"unsafe"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// ToolHost gives a program its tools. Arguments arrive as a map with
// string keys (keywords in keys and values are turned into strings at the
// boundary); results may be any Value.
type ToolHost interface {
	HasTool(name string) bool
	ToolNames() []string
	CallTool(name string, args *Map) (Value, error)
}

// ToolCall is one entry of the tool-call ledger.
type ToolCall struct {
	Name   string `json:"name"`
	Args   Value  `json:"-"`
	Result Value  `json:"-"`
	Error  string `json:"error,omitempty"`
	// Batch is 0 for an ordinary call and n for a call issued in the n-th
	// batch of this evaluation by pmap/pcalls (see parallel.go): calls
	// with the same Batch were given to the host together.
	Batch int `json:"batch,omitempty"`
}

type toolCallNode struct {
	name string
	args []node
	pos  Pos
}

func (n *toolCallNode) eval(t *Thread, l []Value) Value {
	vals := make([]Value, len(n.args))
	for i, a := range n.args {
		vals[i] = a.eval(t, l)
	}
	t.pos = n.pos
	return t.callTool(n.name, vals)
}

func (a *analyzer) toolCall(f *reader.Form, name string) node {
	a.checkTool(f, name)
	return &toolCallNode{name: name, args: a.analyzeAll(f.Items[1:]), pos: posOf(f)}
}

// toolFn is tool/name used as a value, e.g. (pmap tool/fetch ids).
func (a *analyzer) toolFn(name string) *Builtin {
	return &Builtin{Name: "tool/" + name, MinArgs: 0, MaxArgs: -1,
		Fn: func(t *Thread, args []Value) Value {
			return t.callTool(name, append([]Value(nil), args...))
		}}
}

// toolArgs turns the arguments of a tool call into the argument map.
func toolArgs(name string, args []Value) *Map {
	switch len(args) {
	case 0:
		return EmptyMap()
	case 1:
		switch m := args[0].(type) {
		case *Map:
			return boundaryValue(m).(*Map)
		case nil:
			return EmptyMap()
		}
		throw(Errorf(TypeError, "tool/%s takes named arguments, got %s", name, describeForError(args[0])).
			WithHint("call tools with a map, e.g. (tool/%s {:id 42}), or with keyword arguments (tool/%s :id 42)", name, name))
	}
	if len(args)%2 != 0 {
		throw(Errorf(TypeError, "tool/%s got an odd number of keyword arguments", name).
			WithHint("pass key value pairs, e.g. (tool/%s :query \"x\" :limit 10)", name))
	}
	b := NewMapBuilder()
	for i := 0; i < len(args); i += 2 {
		b.Set(args[i], args[i+1])
	}
	return boundaryValue(b.Build()).(*Map)
}

// boundaryValue converts keywords in keys and values to strings, deeply,
// for values crossing to the host.
func boundaryValue(v Value) Value {
	return walkBoundary(v, func(x Value) Value {
		if k, ok := x.(Keyword); ok {
			return string(k)
		}
		return x
	})
}

// walkBoundary rebuilds v for the host: map keys become strings
// (boundaryKey), lists and sets become vectors, and leaf converts every
// value that is not a collection. Maps and vectors in which nothing
// changes are returned as they are, so data that came from the host (a
// tool result passed on to the next tool) crosses back without a copy.
func walkBoundary(v Value, leaf func(Value) Value) Value {
	switch x := v.(type) {
	case *Map:
		return walkBoundaryMap(x, leaf)
	case *Vector:
		return walkBoundaryVector(x, leaf)
	case *List, *Set:
		var items []Value
		if l, ok := x.(*List); ok {
			items = l.ToSlice()
		} else {
			items = x.(*Set).ToSlice()
		}
		for i := range items {
			items[i] = walkBoundary(items[i], leaf)
		}
		return NewVector(items)
	}
	return leaf(v)
}

// walkBoundaryMap walks m's entries until one changes, then rebuilds the
// map from there on; each entry is walked once.
func walkBoundaryMap(m *Map, leaf func(Value) Value) Value {
	first := -1
	var fk, fv Value
	try := func(i int, k, e Value) bool {
		nk, ne := boundaryKey(k), walkBoundary(e, leaf)
		if !identical(nk, k) || !identical(ne, e) {
			first, fk, fv = i, nk, ne
			return false
		}
		return true
	}
	if m.root == nil {
		// An array map, the usual size of host data: its entries in place,
		// without a call through Each's func per entry.
		for i := 0; i < len(m.kvs) && try(i/2, m.kvs[i], m.kvs[i+1]); i += 2 {
		}
	} else {
		i := 0
		m.Each(func(k, e Value) bool {
			i++
			return try(i-1, k, e)
		})
	}
	if first < 0 {
		return m
	}
	if m.root == nil {
		// An array map stays one: its new entries in one allocation with
		// it. Keys that become equal (:a and "a") keep the last value, as
		// with the builder below.
		h, kvs := mapArrayAlloc[Map](len(m.kvs))
		copy(kvs, m.kvs[:2*first])
		kvs[2*first], kvs[2*first+1] = fk, fv
		for i := 2*first + 2; i < len(m.kvs); i += 2 {
			kvs[i], kvs[i+1] = boundaryKey(m.kvs[i]), walkBoundary(m.kvs[i+1], leaf)
		}
		kvs = uniquePairs(kvs)
		*h = Map{count: len(kvs) / 2, kvs: kvs}
		return h
	}
	b := NewMapBuilder()
	i := 0
	m.Each(func(k, e Value) bool {
		switch {
		case i < first:
			b.Set(k, e)
		case i == first:
			b.Set(fk, fv)
		default:
			b.Set(boundaryKey(k), walkBoundary(e, leaf))
		}
		i++
		return true
	})
	return b.Build()
}

func walkBoundaryVector(v *Vector, leaf func(Value) Value) Value {
	var items []Value // made at the first element that changes
	v.Each(func(i int, e Value) bool {
		ne := walkBoundary(e, leaf)
		if items == nil {
			if identical(ne, e) {
				return true
			}
			items = make([]Value, v.Len())
			for j := 0; j < i; j++ {
				items[j] = v.Nth(j)
			}
		}
		items[i] = ne
		return true
	})
	if items == nil {
		return v
	}
	return NewVector(items)
}

// identical reports whether b is a, for the values walkBoundary meets:
// scalars by value, collections and functions by pointer. It is false for
// anything else, which only costs a copy.
func identical(a, b Value) bool {
	// Usually the walk gave back the very Value it was given: the same
	// type and data words. Comparing the words first spares comparing a
	// string's bytes, which was most of the walk over host data passed
	// on unchanged (a tool result going to the next tool).
	// (Word by word: comparing the arrays whole is a memequal call in Wasm.)
	wa, wb := (*[2]unsafe.Pointer)(unsafe.Pointer(&a)), (*[2]unsafe.Pointer)(unsafe.Pointer(&b))
	if wa[0] == wb[0] && wa[1] == wb[1] {
		return true
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool, int64, string, Keyword, Symbol:
		return a == b
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (x != x && y != y))
	case *Map, *Vector, *List, *Set, *Fn, *Builtin, *Regex:
		return a == b
	}
	return false
}

func boundaryKey(k Value) Value {
	switch x := k.(type) {
	case Keyword:
		return string(x)
	case string:
		return k
	case Symbol:
		return string(x)
	}
	return Str(k)
}

func (t *Thread) callTool(name string, args []Value) Value {
	if t.tools == nil || !t.tools.HasTool(name) {
		throw(Errorf(UnknownTool, "unknown tool: tool/%s", name))
	}
	if len(t.toolCalls)+t.plPendingCalls() >= t.limits.MaxToolCalls { // pending: calls waiting for a pmap batch
		throw(&Error{Kind: SizeLimit, Limit: "MaxToolCalls",
			Message: sprintf("more than %d tool calls (MaxToolCalls)", t.limits.MaxToolCalls),
			Hint:    "batch work into fewer tool calls, or keep results with def and continue in the next turn"})
	}
	m := toolArgs(name, args)
	t.step()
	if t.plw != nil {
		// In a pmap/pcalls worker the call joins the next batch; the
		// coordinator makes it and writes the ledger (parallel.go).
		res, err := t.plw.awaitTool(name, m)
		if err != nil {
			throw(toolCallErr(name, err))
		}
		return res
	}
	res, err := t.tools.CallTool(name, m)
	call := ToolCall{Name: name, Args: m, Result: res}
	if err != nil {
		call.Error = err.Error()
		call.Result = nil
	}
	// The call is in the ledger even when the deadline passed while it
	// ran: the host made it, and its answer (often the host's own "gave
	// up at the deadline" error) is what the caller needs to see.
	t.toolCalls = append(t.toolCalls, call)
	if k, ok := t.plInterruptKind(); ok {
		t.interrupted(k)
	}
	if err != nil {
		throw(toolCallErr(name, err))
	}
	return res
}

// toolCallErr is the error a failed tool call raises: the host's *Error
// as is, anything else as tool_error.
func toolCallErr(name string, err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return Errorf(ToolError, "tool/%s failed: %s", name, err.Error())
}

// Java-style method calls: (.method receiver args...).

// Java-style method calls (.method receiver args...) and constructors
// (Class. args...) are calls of builtins found by name at analysis.

func (a *analyzer) methodCall(f *reader.Form, method string) node {
	b := a.reg.method(method)
	if b == nil {
		e := a.errf(f, UnboundSymbol, ".%s is not an available method", method)
		e.Hint = "available methods: " + strings.Join(a.reg.methodNames(), " ")
		throw(e)
	}
	if len(f.Items) < 2 {
		a.fail(f, "(.%s receiver ...) needs a receiver", method)
	}
	return &builtinCall{b: b, args: a.analyzeAll(f.Items[1:]), pos: posOf(f)}
}

func (a *analyzer) constructorCall(f *reader.Form, name string) node {
	b := a.reg.constructor(name)
	if b == nil {
		e := a.errf(f, UnboundSymbol, "constructor %s is not available", name)
		e.Hint = "PTC-Lisp has no general Java interop; dates: (LocalDate/parse \"2024-01-15\"), (java.util.Date. ms)"
		throw(e)
	}
	return &builtinCall{b: b, args: a.analyzeAll(f.Items[1:]), pos: posOf(f)}
}

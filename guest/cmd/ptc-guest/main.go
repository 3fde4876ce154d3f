//go:build wasip1

// Command ptc-guest is the WebAssembly guest: a thin adapter that exposes
// the interpreter through the exports and imports named in package abi.
// Build it with `make wasm`.
//
// It uses the interpreter core directly, with the core's own JSON, so the
// guest links neither os nor encoding/json: its only WASI imports are the
// few the Go runtime itself needs (abi.AllowedImports).
//
// The adapter keeps two tables: the sessions the host created, and the
// buffers handed to the host (pinned so the garbage collector keeps them
// until ptc_free). They are process-wide because Wasm exports are plain
// functions; the interpreter itself has no global state.
package main

import (
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

func main() {}

// init runs in _initialize: build the builtin tables and take one small
// evaluation through the whole request path before the host's first call,
// so an instance taken from a host's pool is ready at once.
func init() {
	lang.Catalogue()
	id := sessionNew()
	evalJSON(id, []byte(`{"source":"(->> [1 2] (map inc) (reduce +))"}`))
	sessionFree(id)
	nextSession = 0
}

var (
	sessions    = map[uint32]*lang.Session{}
	nextSession uint32
	pinned      = map[uint32][]byte{}

	// interruptFlag is written by the host while an evaluation runs (its
	// address comes from ptc_interrupt_addr): 1 deadline passed, 2
	// cancelled. The interpreter polls it every few thousand steps.
	interruptFlag uint32
)

func pin(b []byte) uint32 {
	if len(b) == 0 {
		b = make([]byte, 1)
	}
	p := uint32(uintptr(unsafe.Pointer(&b[0])))
	pinned[p] = b
	return p
}

func ptr(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(&b[0]))) }

// guestBytes is the n bytes at p in guest memory (a buffer the host wrote
// after ptc_alloc); valid until the host frees it.
func guestBytes(p, n uint32) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(p))), n) }

//go:wasmexport ptc_abi_version
func abiVersion() uint32 { return abi.Version }

//go:wasmexport ptc_alloc
func alloc(size uint32) uint32 { return pin(make([]byte, size)) }

//go:wasmexport ptc_free
func free(p uint32) { delete(pinned, p) }

//go:wasmexport ptc_session_new
func sessionNew() uint32 {
	nextSession++
	sessions[nextSession] = lang.NewSession()
	return nextSession
}

//go:wasmexport ptc_session_free
func sessionFree(id uint32) { delete(sessions, id) }

//go:wasmexport ptc_interrupt_addr
func interruptAddr() uint32 { return uint32(uintptr(unsafe.Pointer(&interruptFlag))) }

//go:wasmexport ptc_eval
func eval(id, reqPtr, reqLen uint32) uint64 {
	out := evalJSON(id, guestBytes(reqPtr, reqLen))
	letGCRun()
	return uint64(pin(out))<<32 | uint64(len(out))
}

//go:wasmexport ptc_check
func check(reqPtr, reqLen uint32) uint64 {
	out := checkJSON(guestBytes(reqPtr, reqLen))
	return uint64(pin(out))<<32 | uint64(len(out))
}

// checkJSON runs lang.Check on a CheckRequest and encodes the CheckResult.
func checkJSON(req []byte) []byte {
	doc, ok := lang.DecodeJSON(string(req))
	m, isMap := doc.(*lang.Map)
	if !ok || !isMap {
		return errorResult("bad request: not a JSON object")
	}
	src, _ := field(m, "source").(string)
	var tools []string
	if names, ok := field(m, "tools").(*lang.Vector); ok {
		tools = []string{}
		names.Each(func(_ int, v lang.Value) bool {
			if n, ok := v.(string); ok {
				tools = append(tools, n)
			}
			return true
		})
	}
	ds := lang.Check(src, tools)
	items := make([]lang.Value, len(ds))
	for i, d := range ds {
		items[i] = problem(d.Kind, d.Message, d.Pos, d.Hint).Build()
	}
	out, err := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"diagnostics", lang.NewVector(items)}))
	if err != nil {
		return errorResult("check result not encodable: " + err.Message)
	}
	return []byte(out)
}

// letGCRun yields to the runtime's other goroutines. The guest has one
// thread and no preemption: the garbage collector's mark workers run only
// when the goroutine that runs the exports yields, and that goroutine
// otherwise never blocks. Without this a collection, once started, never
// finishes: the heap grew by the whole of each evaluation's garbage until
// the guest ran out of memory (seen after ~60 evaluations that each made
// 50 tool calls with 1 KiB payloads). The interpreter's poll hook calls
// it too, so a long evaluation lets a collection finish as it goes.
func letGCRun() { runtime.Gosched() }

func pollInterrupt() lang.ErrorKind {
	letGCRun()
	switch atomic.LoadUint32(&interruptFlag) {
	case 1:
		return lang.Timeout
	case 2:
		return lang.Cancelled
	}
	return ""
}

func field(m *lang.Map, name string) lang.Value {
	if m == nil {
		return nil
	}
	v, _ := m.Get(name)
	return v
}

func evalJSON(id uint32, req []byte) []byte {
	s, ok := sessions[id]
	if !ok {
		return errorResult("no such session")
	}
	doc, ok := lang.DecodeJSON(string(req))
	m, isMap := doc.(*lang.Map)
	if !ok || !isMap {
		return errorResult("bad request: not a JSON object")
	}
	src, _ := field(m, "source").(string)
	opts := lang.Options{Poll: pollInterrupt}
	if d, ok := field(m, "data").(*lang.Map); ok {
		opts.Data = map[string]lang.Value{}
		d.Each(func(k, v lang.Value) bool {
			if ks, ok := k.(string); ok {
				opts.Data[ks] = v
			}
			return true
		})
	}
	tools := &hostTools{call: importCall, batch: importBatch}
	if names, ok := field(m, "tools").(*lang.Vector); ok {
		names.Each(func(_ int, v lang.Value) bool {
			if n, ok := v.(string); ok {
				tools.names = append(tools.names, n)
			}
			return true
		})
		sort.Strings(tools.names)
	}
	opts.Tools = tools
	if l, ok := field(m, "limits").(*lang.Map); ok {
		opts.Limits = lang.LimitsFromMap(l)
	}
	if field(m, "clock") == true {
		opts.Clock = wallClockMillis
	}
	atomic.StoreUint32(&interruptFlag, 0)
	evalHooks(m, &opts, tools) // suspend.go: timeout_ms, a suspending eval's transport
	return encodeResult(s.Eval(src, opts))
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

// encodeResult writes the result document of abi/README.md. It writes
// the fixed shape directly: building it as a map and encoding that cost
// more than the evaluation of a small program.
func encodeResult(r *lang.Result) []byte {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(`{"outcome":`)
	lang.AppendJSONString(&b, string(r.Outcome))
	if r.Outcome != lang.OutcomeError {
		v, err := lang.EncodeJSON(lang.ExportValue(r.Value))
		if err != nil {
			return errorResult("result not encodable: " + err.Message)
		}
		b.WriteString(`,"value":`)
		b.WriteString(v)
		b.WriteString(`,"printed":`)
		lang.AppendJSONString(&b, lang.PrStr(r.Value))
	}
	if e := r.Error; e != nil {
		b.WriteString(`,"error":{"kind":`)
		lang.AppendJSONString(&b, string(e.Kind))
		b.WriteString(`,"message":`)
		lang.AppendJSONString(&b, e.Message)
		b.WriteString(`,"pos":{"line":`)
		b.WriteString(strconv.Itoa(e.Pos.Line))
		b.WriteString(`,"col":`)
		b.WriteString(strconv.Itoa(e.Pos.Col))
		b.WriteByte('}')
		if e.Hint != "" {
			b.WriteString(`,"hint":`)
			lang.AppendJSONString(&b, e.Hint)
		}
		if e.Limit != "" {
			b.WriteString(`,"limit":`)
			lang.AppendJSONString(&b, e.Limit)
		}
		b.WriteByte('}')
	}
	b.WriteString(`,"prints":`)
	writeStrings(&b, r.Prints)
	if r.PrintsTruncated {
		b.WriteString(`,"prints_truncated":true`)
	}
	b.WriteString(`,"tool_calls":[`)
	for i, c := range r.ToolCalls {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":`)
		lang.AppendJSONString(&b, c.Name)
		if !writeValue(&b, "args", c.Args) {
			return errorResult("result not encodable: the arguments of a call to tool/" + c.Name)
		}
		if c.Error != "" {
			b.WriteString(`,"error":`)
			lang.AppendJSONString(&b, c.Error)
		} else if !writeValue(&b, "result", c.Result) {
			return errorResult("result not encodable: the result of a call to tool/" + c.Name)
		}
		if c.Batch != 0 {
			b.WriteString(`,"batch":`)
			b.WriteString(strconv.Itoa(c.Batch))
		}
		b.WriteByte('}')
	}
	b.WriteString(`],"steps":`)
	b.WriteString(strconv.FormatInt(r.Steps, 10))
	if len(r.Defined) > 0 {
		b.WriteString(`,"defined":`)
		writeStrings(&b, r.Defined)
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// writeValue writes ,"name":<v as JSON>; false if v cannot be encoded.
func writeValue(b *strings.Builder, name string, v lang.Value) bool {
	js, err := lang.EncodeJSON(lang.ExportValue(v))
	if err != nil {
		return false
	}
	b.WriteString(`,"`)
	b.WriteString(name)
	b.WriteString(`":`)
	b.WriteString(js)
	return true
}

func writeStrings(b *strings.Builder, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		lang.AppendJSONString(b, s)
	}
	b.WriteByte(']')
}

func errorResult(msg string) []byte {
	out, _ := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{
		"outcome", "error",
		"error", lang.NewMapFromPairs([]lang.Value{"kind", "internal_error", "message", msg}),
	}))
	return []byte(out)
}

//go:wasmimport ptc tool_call
func hostToolCall(reqPtr, reqLen uint32) uint32

//go:wasmimport ptc tool_result
func hostToolResult(bufPtr uint32)

//go:wasmimport ptc tool_batch
func hostToolBatch(reqPtr, reqLen uint32) uint32

// CallToolBatch hands one pmap/pcalls batch to the host in a single
// import call; the host runs the calls concurrently.
func (h *hostTools) CallToolBatch(calls []lang.ToolRequest) []lang.ToolResponse {
	out := make([]lang.ToolResponse, len(calls))
	items := make([]lang.Value, len(calls))
	for i, c := range calls {
		items[i] = lang.NewMapFromPairs([]lang.Value{"name", c.Name, "args", lang.ExportValue(c.Args)})
	}
	req, err := lang.EncodeJSON(lang.NewVector(items))
	if err != nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	resp, ok := lang.DecodeJSON(string(h.batch([]byte(req))))
	rv, isVec := resp.(*lang.Vector)
	if !ok || !isVec || rv.Len() != len(calls) {
		for i := range out {
			out[i].Err = lang.Errorf(lang.ToolError, "the host's batch response is not a JSON array of %d results", len(calls))
		}
		return out
	}
	rv.Each(func(i int, r lang.Value) bool {
		rm, _ := r.(*lang.Map)
		if msg, ok := field(rm, "error").(string); ok && msg != "" {
			out[i].Err = toolFailure(msg)
		} else {
			out[i].Value = field(rm, "value")
		}
		return true
	})
	return out
}

// hostTools are the tools the host granted. call and batch carry one
// request document to the host and bring back its response: through the
// imports (importCall, importBatch), or to a suspended ptc_eval_start.
type hostTools struct {
	names       []string
	call, batch func(req []byte) []byte
}

func (h *hostTools) HasTool(name string) bool {
	i := sort.SearchStrings(h.names, name)
	return i < len(h.names) && h.names[i] == name
}

func (h *hostTools) ToolNames() []string { return append([]string(nil), h.names...) }

func (h *hostTools) CallTool(name string, args *lang.Map) (lang.Value, error) {
	req, err := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"name", name, "args", lang.ExportValue(args)}))
	if err != nil {
		return nil, err
	}
	resp, ok := lang.DecodeJSON(string(h.call([]byte(req))))
	rm, isMap := resp.(*lang.Map)
	if !ok || !isMap {
		return nil, lang.Errorf(lang.ToolError, "tool/%s: the host's response is not a JSON object", name)
	}
	if msg, ok := field(rm, "error").(string); ok && msg != "" {
		return nil, toolFailure(msg)
	}
	return field(rm, "value"), nil
}

// toolFailure carries the host's error message; the interpreter reports
// it as tool_error.
type toolFailure string

func (e toolFailure) Error() string { return string(e) }

//go:build wasip1

// Command ptc-extism is the interpreter as an Extism plugin: a build of
// the guest that speaks the Extism plugin ABI instead of the ptc imports
// of abi/README.md, so any Extism SDK (Go, Node, Python, Rust, ...) can
// load it. Build it with `make extism`; README.md ("Extism plugin")
// documents its interface.
//
// One plugin instance holds one interpreter session. Each export reads
// its input document and sets its output document; the documents are
// those of ptc_eval, ptc_check, ptc_snapshot and ptc_restore (package
// wire). Tools are called through the host function
// extism:host/user ptc_tool_call, one call at a time.
package main

import (
	"runtime"
	"unsafe"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/internal/gcyield"
	"github.com/ptc-wasm/ptc/guest/internal/lang"
	"github.com/ptc-wasm/ptc/guest/internal/wasiclock"
	"github.com/ptc-wasm/ptc/guest/internal/wire"
)

func main() {}

// session is the plugin instance's interpreter session.
var session *lang.Session

// init runs in _initialize: build the builtin tables and take one small
// evaluation through the request path, so the first call is not slow.
func init() {
	lang.Catalogue()
	wire.Eval(lang.NewSession(), []byte(`{"source":"(->> [1 2] (map inc) (reduce +))"}`), wire.Host{})
	session = lang.NewSession()
}

// ptc_tool_call is the host function that runs tools: its argument is an
// Extism memory block holding the request {"name", "args"}, its result a
// block the host allocated holding {"value"} or {"error"}.
//
//go:wasmimport extism:host/user ptc_tool_call
func hostToolCall(req uint64) uint64

// callTool sends one tool request document through ptc_tool_call. The
// response's bytes are a new slice nothing else refers to, so they become
// the string without a copy.
func callTool(req []byte) string {
	off := writeBlock(req)
	resp := hostToolCall(off)
	kernelFree(off)
	if resp == 0 {
		return `{"error":"the host's ptc_tool_call returned no response"}`
	}
	b := readBlock(resp)
	kernelFree(resp)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// host is the transport of every evaluation. It has no Batch: the calls
// of a pmap/pcalls step go through ptc_tool_call one after another.
var host = wire.Host{
	Call:      callTool,
	Poll:      poll,
	Safepoint: func() { schedYield() },
	Clock:     wasiclock.Millis,
	Monotonic: wasiclock.MonotonicNanos,
}

// schedYield is WASI's sched_yield: a host call every thousand steps or
// so lets a host that runs the plugin on its own goroutine (the Go SDK,
// over wazero) stop the world for its collector (see ptc-guest's).
//
//go:wasmimport wasi_snapshot_preview1 sched_yield
func schedYield() int32

// poll lets the collector run and finish a mark under way (see ptc-guest's
// letGCRun). There is no interrupt flag, as no host can write one mid-call:
// a request's timeout_ms (Host.Monotonic) ends an evaluation cleanly, and
// the manifest's timeout is the SDK's backstop.
func poll() lang.ErrorKind {
	gcyield.Yield()
	return ""
}

// eval runs the request document of ptc_eval in the session and outputs
// the result document. Bad input is an error document, not a failure.
//
//go:wasmexport eval
func eval() int32 {
	output(wire.Eval(session, input(), host))
	gcyield.Yield()
	return 0
}

// check analyzes a program without running it (ptc_check's documents).
//
//go:wasmexport check
func check() int32 {
	output(wire.Check(input()))
	return 0
}

// snapshot outputs the whole session as snapshot text when the input is
// empty; when it is a JSON array of names, a JSON object mapping each
// defined one to its snapshot entry.
//
//go:wasmexport snapshot
func snapshot() int32 {
	output(wire.Snapshot(session, input()))
	return 0
}

// restore reads snapshot text into the session and outputs the report
// {"restored", "lost"} or {"error"}.
//
//go:wasmexport restore
func restore() int32 {
	output(wire.Restore(session, input()))
	return 0
}

// reset replaces the session with an empty one; it outputs nothing.
//
//go:wasmexport reset
func reset() int32 {
	session = lang.NewSession()
	gcyield.Yield()
	return 0
}

// version outputs {"abi": 1, "plugin": "ptc-extism", "go": "go1.x"}: the
// ABI version of the documents and the Go release the plugin was built
// with. (runtime/debug's build info would link os, and its file imports.)
//
//go:wasmexport version
func version() int32 {
	output(versionDoc)
	return 0
}

// versionDoc is version's output, made once.
var versionDoc = func() []byte {
	b := lang.NewMapBuilder()
	b.Set("abi", int64(abi.Version))
	b.Set("plugin", "ptc-extism")
	b.Set("go", runtime.Version())
	out, _ := lang.EncodeJSON(b.Build())
	return []byte(out)
}()

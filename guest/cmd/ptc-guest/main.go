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
	"sync/atomic"
	"unsafe"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/internal/gcyield"
	"github.com/ptc-wasm/ptc/guest/internal/lang"
	"github.com/ptc-wasm/ptc/guest/internal/wasiclock"
	"github.com/ptc-wasm/ptc/guest/internal/wire"
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
	evals       uint32 // evaluations so far, for gcYieldEvery

	// lastResult is the address of the latest ptc_eval's result, kept
	// alive by lastResultBuf rather than in pinned (0: none or already
	// freed). The next ptc_eval releases it, so a host need not call
	// ptc_free after each evaluation (abi/README.md, "Memory ownership"):
	// one export call fewer per Eval, and no map update.
	lastResult    uint32
	lastResultBuf []byte

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
func free(p uint32) {
	if p != 0 && p == lastResult {
		lastResult, lastResultBuf = 0, nil
		return
	}
	delete(pinned, p)
}

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
	lastResult, lastResultBuf = 0, nil
	out := evalJSON(id, guestBytes(reqPtr, reqLen))
	// Yielding costs a trip through the scheduler, ~6% of a small Eval
	// under wazero; every few evaluations is often enough for a
	// collection to finish (host TestGarbageIsCollectedAcrossEvals).
	if evals++; evals%gcYieldEvery == 0 {
		letGCRun()
	}
	if len(out) == 0 {
		out = make([]byte, 1)[:0] // a buffer to point at, as pin gives
	}
	lastResult, lastResultBuf = ptr(out[:1]), out
	return uint64(lastResult)<<32 | uint64(len(out))
}

// gcYieldEvery is how many evaluations pass between the yields that let a
// collection finish (letGCRun); long evaluations yield as they go.
const gcYieldEvery = 4

//go:wasmexport ptc_check
func check(reqPtr, reqLen uint32) uint64 {
	out := wire.Check(guestBytes(reqPtr, reqLen))
	return uint64(pin(out))<<32 | uint64(len(out))
}

// letGCRun yields to the runtime's other goroutines. The guest has one
// thread and no preemption: the garbage collector's mark workers run only
// when the goroutine that runs the exports yields, and that goroutine
// otherwise never blocks. Without this a collection, once started, never
// finishes: the heap grew by the whole of each evaluation's garbage until
// the guest ran out of memory (seen after ~60 evaluations that each made
// 50 tool calls with 1 KiB payloads). The interpreter's poll hook calls
// it too, so a long evaluation lets a collection finish as it goes; while
// one is marking, it yields until the mark is done (package gcyield).
func letGCRun() { gcyield.Yield() }

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

// host is the transport of every evaluation: tool calls through the ptc
// imports, the interrupt flag, the monotonic clock for timeout_ms, and
// the WASI wall clock when granted. A suspending evaluation (suspend.go)
// swaps the tool calls for its own.
var host = wire.Host{
	Call:      func(req []byte) string { return toolExchange(hostToolCall, req) },
	Batch:     func(req []byte) string { return toolExchange(hostToolBatch, req) },
	Poll:      pollInterrupt,
	Safepoint: safepoint,
	Clock:     wasiclock.Millis,
	Monotonic: wasiclock.MonotonicNanos,
}

func evalJSON(id uint32, req []byte) []byte { return evalWith(id, req, host) }

func evalWith(id uint32, req []byte, h wire.Host) []byte {
	s, ok := sessions[id]
	if !ok {
		return wire.ErrorResult("no such session")
	}
	atomic.StoreUint32(&interruptFlag, 0)
	return wire.Eval(s, req, h)
}

// schedYield is WASI's sched_yield, which the Go runtime imports anyway;
// the host does nothing in it. The interpreter calls it every thousand
// steps or so (Host.Safepoint): under wazero the guest's code runs on the
// calling goroutine and cannot be preempted, so the host's garbage
// collector can stop the world only when the guest calls the host. A
// long evaluation with no host calls delayed every stop of the host
// process by milliseconds (43 ms at worst while W1 ran).
//
//go:wasmimport wasi_snapshot_preview1 sched_yield
func schedYield() int32

func safepoint() { schedYield() }

//go:wasmimport ptc tool_call
func hostToolCall(reqPtr, reqLen uint32) uint32

//go:wasmimport ptc tool_result
func hostToolResult(bufPtr uint32)

//go:wasmimport ptc tool_batch
func hostToolBatch(reqPtr, reqLen uint32) uint32

// toolExchange hands a request document to the host through send
// (tool_call or tool_batch) and fetches the response with tool_result.
// The response's buffer is new and nothing else refers to it, so it
// becomes the string without a copy.
func toolExchange(send func(reqPtr, reqLen uint32) uint32, req []byte) string {
	n := send(ptr(req), uint32(len(req)))
	runtime.KeepAlive(req)
	buf := make([]byte, max(n, 1))
	hostToolResult(ptr(buf))
	if n == 0 {
		return ""
	}
	return unsafe.String(&buf[0], n)
}

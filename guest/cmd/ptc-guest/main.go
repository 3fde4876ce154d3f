//go:build wasip1

// Command ptc-guest is the WebAssembly guest: a thin adapter that exposes
// the interpreter (guest/lisp) through the exports and imports named in
// package abi. Build it with `make wasm`.
//
// The adapter keeps two tables: the sessions the host created, and the
// buffers handed to the host (pinned so the garbage collector keeps them
// until ptc_free). They are process-wide because Wasm exports are plain
// functions; the interpreter itself has no global state.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"unsafe"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/lisp"
)

func main() {}

// init runs in _initialize: build the builtin tables and take one small
// evaluation through the whole request path (JSON included) before the
// host's first call, so an instance taken from a host's pool is ready at
// once.
func init() {
	lisp.Warm()
	id := sessionNew()
	evalJSON(id, []byte(`{"source":"(->> [1 2] (map inc) (reduce +))"}`))
	sessionFree(id)
	nextSession = 0
}

var (
	sessions    = map[uint32]*lisp.Session{}
	nextSession uint32
	pinned      = map[uint32][]byte{}

	// interruptFlag is written by the host while an evaluation runs (its
	// address comes from ptc_interrupt_addr): 1 deadline passed, 2
	// cancelled. The interpreter polls it every few thousand steps.
	interruptFlag uint32
)

//go:wasmexport ptc_interrupt_addr
func interruptAddr() uint32 { return uint32(uintptr(unsafe.Pointer(&interruptFlag))) }

func pollInterrupt() lisp.ErrorKind {
	switch atomic.LoadUint32(&interruptFlag) {
	case 1:
		return lisp.Timeout
	case 2:
		return lisp.Cancelled
	}
	return ""
}

func pin(b []byte) uint32 {
	if len(b) == 0 {
		b = make([]byte, 1)
	}
	p := uint32(uintptr(unsafe.Pointer(&b[0])))
	pinned[p] = b
	return p
}

//go:wasmexport ptc_abi_version
func abiVersion() uint32 { return abi.Version }

//go:wasmexport ptc_alloc
func alloc(size uint32) uint32 { return pin(make([]byte, size)) }

//go:wasmexport ptc_free
func free(ptr uint32) { delete(pinned, ptr) }

//go:wasmexport ptc_session_new
func sessionNew() uint32 {
	nextSession++
	sessions[nextSession] = lisp.NewSession()
	return nextSession
}

//go:wasmexport ptc_session_free
func sessionFree(id uint32) { delete(sessions, id) }

//go:wasmexport ptc_eval
func eval(id, reqPtr, reqLen uint32) uint64 {
	out := evalJSON(id, unsafe.Slice((*byte)(unsafe.Pointer(uintptr(reqPtr))), reqLen))
	return uint64(pin(out))<<32 | uint64(len(out))
}

func evalJSON(id uint32, req []byte) []byte {
	s, ok := sessions[id]
	if !ok {
		return errorResult("no such session")
	}
	var r abi.EvalRequest
	dec := json.NewDecoder(bytes.NewReader(req))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		return errorResult("bad request: " + err.Error())
	}
	var lim lisp.Limits
	if r.Limits != nil {
		b, _ := json.Marshal(r.Limits)
		if err := json.Unmarshal(b, &lim); err != nil {
			return errorResult("bad limits: " + err.Error())
		}
	}
	tools := map[string]lisp.Tool{}
	for _, name := range r.Tools {
		tools[name] = hostTool(name)
	}
	atomic.StoreUint32(&interruptFlag, 0)
	res, err := s.Eval(context.Background(), r.Source, lisp.Options{Data: r.Data, Tools: tools, Limits: lim, Poll: pollInterrupt})
	if err != nil {
		return errorResult(err.Error())
	}
	out, err := json.Marshal(res)
	if err != nil {
		return errorResult("result not encodable: " + err.Error())
	}
	return out
}

func errorResult(msg string) []byte {
	b, _ := json.Marshal(map[string]any{"outcome": "error", "error": map[string]any{"kind": "internal_error", "message": msg}})
	return b
}

//go:wasmimport ptc tool_call
func hostToolCall(reqPtr, reqLen uint32) uint32

//go:wasmimport ptc tool_result
func hostToolResult(bufPtr uint32)

// hostTool is a tool whose work is done by the host.
func hostTool(name string) lisp.Tool {
	return func(_ context.Context, args map[string]any) (any, error) {
		req, err := json.Marshal(abi.ToolRequest{Name: name, Args: args})
		if err != nil {
			return nil, err
		}
		n := hostToolCall(uint32(uintptr(unsafe.Pointer(&req[0]))), uint32(len(req)))
		buf := make([]byte, max(n, 1))
		hostToolResult(uint32(uintptr(unsafe.Pointer(&buf[0]))))
		var resp abi.ToolResponse
		dec := json.NewDecoder(bytes.NewReader(buf[:n]))
		dec.UseNumber()
		if err := dec.Decode(&resp); err != nil {
			return nil, errors.New("bad tool response from host: " + err.Error())
		}
		if resp.Error != "" {
			return nil, errors.New(resp.Error)
		}
		return resp.Value, nil
	}
}

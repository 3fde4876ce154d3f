//go:build wasip1

package main

import (
	"runtime"
	"unsafe"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
	"github.com/ptc-wasm/ptc/guest/internal/suspend"
)

// A suspending evaluation (abi/README.md, "Suspending evaluation"): for
// hosts whose tools answer later (a JavaScript Promise) and whose engine
// cannot suspend a Wasm call (no JSPI). ptc_eval_start runs the
// evaluation on a goroutine until its first tool call and returns the
// pending request; ptc_eval_resume hands the host's response back and
// runs on to the next call or the end. Between the two the goroutine is
// parked on a channel: the Go runtime keeps it across export calls.

var (
	machine suspend.Machine
	// startTransport is the transport of the evaluation evalJSON is about
	// to run when ptc_eval_start called it; evalHooks takes it. Exports
	// run one at a time, so nothing else reads it in between.
	startTransport *suspend.Transport
)

//go:wasmexport ptc_eval_start
func evalStart(id, reqPtr, reqLen uint32) uint64 {
	req := append([]byte(nil), guestBytes(reqPtr, reqLen)...) // the host frees its buffer when we return
	out, err := machine.Start(func(t suspend.Transport) []byte {
		startTransport = &t
		return evalJSON(id, req)
	})
	return suspendAnswer(out, err)
}

//go:wasmexport ptc_eval_resume
func evalResume(respPtr, respLen uint32) uint64 {
	out, err := machine.Resume(append([]byte(nil), guestBytes(respPtr, respLen)...))
	return suspendAnswer(out, err)
}

func suspendAnswer(out []byte, err error) uint64 {
	if err != nil {
		out = errorResult(err.Error())
	}
	if !machine.Suspended() {
		letGCRun()
	}
	return uint64(pin(out))<<32 | uint64(len(out))
}

// evalHooks finishes the options of an evaluation from its request: the
// transport of a suspending evaluation, and the deadline of timeout_ms.
func evalHooks(m *lang.Map, opts *lang.Options, tools *hostTools) {
	if t := startTransport; t != nil {
		startTransport = nil
		tools.call, tools.batch = t.Call, t.Batch
	}
	if ms := timeoutMillis(field(m, "timeout_ms")); ms > 0 {
		deadline := monotonicNanos() + ms*1_000_000
		poll := opts.Poll
		opts.Poll = func() lang.ErrorKind {
			if k := poll(); k != "" {
				return k
			}
			if monotonicNanos() >= deadline {
				return lang.Timeout
			}
			return ""
		}
	}
	opts.Tools = &pollingTools{tools, opts.Poll}
}

func timeoutMillis(v lang.Value) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		if n >= 1 && n < 1e15 {
			return int64(n)
		}
	}
	return 0
}

// pollingTools polls after a batch too: the interpreter polls after a
// single tool call but, after a pmap batch, only reads the interrupt that
// Thread.Interrupt sets. A batch that ends after the deadline, or with the
// interrupt flag raised (a host that abandoned the calls), fails each of
// its calls with kind timeout or cancelled instead of the host's errors.
type pollingTools struct {
	*hostTools
	poll func() lang.ErrorKind
}

func (p *pollingTools) CallToolBatch(calls []lang.ToolRequest) []lang.ToolResponse {
	out := p.hostTools.CallToolBatch(calls)
	k := p.poll()
	if k == "" {
		return out
	}
	e := &lang.Error{Kind: lang.Cancelled, Message: "evaluation cancelled by the host during a pmap batch of tool calls"}
	if k == lang.Timeout {
		e = &lang.Error{Kind: lang.Timeout, Limit: "Timeout", Message: "evaluation ran past its deadline during a pmap batch of tool calls",
			Hint: "do less work per evaluation, or split it across turns with def"}
	}
	for i := range out {
		out[i] = lang.ToolResponse{Err: e}
	}
	return out
}

func monotonicNanos() int64 {
	var ns uint64
	clockTimeGet(1, 1, unsafe.Pointer(&ns))
	return int64(ns)
}

// importCall and importBatch are the ordinary transport: the ptc imports
// tool_call / tool_batch, then tool_result for the response.
func importCall(req []byte) []byte { return fetchResult(req, hostToolCall(ptr(req), uint32(len(req)))) }

func importBatch(req []byte) []byte {
	return fetchResult(req, hostToolBatch(ptr(req), uint32(len(req))))
}

func fetchResult(req []byte, n uint32) []byte {
	runtime.KeepAlive(req)
	buf := make([]byte, max(n, 1))
	hostToolResult(ptr(buf))
	return buf[:n]
}

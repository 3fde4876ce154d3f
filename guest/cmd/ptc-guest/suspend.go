//go:build wasip1

package main

import (
	"github.com/ptc-wasm/ptc/guest/internal/suspend"
	"github.com/ptc-wasm/ptc/guest/internal/wire"
)

// A suspending evaluation (abi/README.md, "Suspending evaluation"): for
// hosts whose tools answer later (a JavaScript Promise) and whose engine
// cannot suspend a Wasm call (no JSPI). ptc_eval_start runs the
// evaluation on a goroutine until its first tool call and returns the
// pending request; ptc_eval_resume hands the host's response back and
// runs on to the next call or the end. Between the two the goroutine is
// parked on a channel: the Go runtime keeps it across export calls.

// machine holds the one suspendable evaluation; exports run one at a time.
var machine suspend.Machine

//go:wasmexport ptc_eval_start
func evalStart(id, reqPtr, reqLen uint32) uint64 {
	req := append([]byte(nil), guestBytes(reqPtr, reqLen)...) // the host frees its buffer when we return
	out, err := machine.Start(func(t suspend.Transport) []byte {
		h := host
		h.Call, h.Batch = t.Call, t.Batch
		return evalWith(id, req, h)
	})
	return suspendAnswer(out, err)
}

//go:wasmexport ptc_eval_resume
func evalResume(respPtr, respLen uint32) uint64 {
	out, err := machine.Resume(string(guestBytes(respPtr, respLen)))
	return suspendAnswer(out, err)
}

func suspendAnswer(out []byte, err error) uint64 {
	if err != nil {
		out = wire.ErrorResult(err.Error())
	}
	if !machine.Suspended() {
		letGCRun()
	}
	return uint64(pin(out))<<32 | uint64(len(out))
}

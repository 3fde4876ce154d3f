package host_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/abi"
)

// TestSuspendingEval drives ptc_eval_start / ptc_eval_resume (the
// portable async path of the JavaScript host) through the state machine
// of abi/README.md: pending requests, a batch, and the error documents of
// a second start while suspended and of a resume with nothing suspended.
func TestSuspendingEval(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	id := uint64(s.ID())
	step := func(name, doc string, args ...uint64) string {
		t.Helper()
		out, err := s.Exchange(ctx, name, []byte(doc), args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return string(out)
	}
	start := func(doc string) string { return step(abi.ExportEvalStart, doc, id) }
	resume := func(doc string) string { return step(abi.ExportEvalResume, doc) }
	expect := func(got, want string) {
		t.Helper()
		if !strings.Contains(got, want) {
			t.Fatalf("got %s\nwant it to contain %s", got, want)
		}
	}

	expect(start(`{"source":"(def a (inc (tool/x {:n 1})))","tools":["x"]}`), `{"pending":"tool","call":{"name":"x","args":{"n":1}}}`)
	expect(start(`{"source":"1"}`), `an evaluation is suspended at a tool call`)
	expect(resume(`{"value":41}`), `"defined":["a"]`)
	expect(resume(`{"value":1}`), `no evaluation is suspended`)

	expect(start(`{"source":"(pmap #(tool/x {:n %}) [1 2])","tools":["x"]}`), `{"pending":"batch","calls":[{"name":"x","args":{"n":1}},{"name":"x","args":{"n":2}}]}`)
	expect(resume(`[{"value":10},{"error":"no"}]`), `"kind":"tool_error"`)

	// No tool calls: the result comes from start; defs persist as in ptc_eval.
	expect(start(`{"source":"(+ a 1)"}`), `"value":43`)
	expect(start(`{"source":"(loop [i 0] (recur (inc i)))","limits":{"max_steps":1000000000000},"timeout_ms":30}`), `"kind":"timeout"`)
}

// TestGuestTimeoutMS: the guest's own deadline (timeout_ms) stops ptc_eval.
func TestGuestTimeoutMS(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	out, err := s.Exchange(ctx, abi.ExportEval, []byte(`{"source":"(loop [i 0] (recur (inc i)))","limits":{"max_steps":1000000000000},"timeout_ms":30}`), uint64(s.ID()))
	if err != nil || !strings.Contains(string(out), `"kind":"timeout"`) {
		t.Fatalf("%s %v", out, err)
	}
}

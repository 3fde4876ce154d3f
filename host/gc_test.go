package host_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// TestGarbageIsCollectedAcrossEvals: a session that runs many evaluations
// full of garbage keeps a bounded memory. The guest is single-threaded
// and its collector's workers run only when the guest yields; without
// the yields the guest makes between and during evaluations, a
// collection never finished and the memory grew by each evaluation's
// garbage until the guest ran out (seen after ~60 evaluations like
// these). Without the yields, a build of the guest passed 40 MiB after
// about 500 evaluations of this test (9.6 MiB until then).
func TestGarbageIsCollectedAcrossEvals(t *testing.T) {
	if testing.Short() {
		t.Skip("600 evaluations of 50 tool calls each")
	}
	ctx := context.Background()
	s := newSession(t)
	payload := make([]any, 16)
	for i := range payload {
		payload[i] = map[string]any{"id": i, "name": "item-" + strings.Repeat("x", 30), "ok": true}
	}
	opts := host.Options{
		Data:  map[string]any{"p": payload},
		Tools: map[string]host.Tool{"echo": func(_ context.Context, args map[string]any) (any, error) { return args["p"], nil }},
	}
	var first uint64
	for i := range 600 {
		r, err := s.Eval(ctx, "(dotimes [i 50] (tool/echo {:p data/p})) :ok", opts)
		if err != nil || r.Error != nil {
			t.Fatal(err, r.Error)
		}
		if i == 0 {
			first = s.MemoryBytes()
		}
	}
	checkMemoryBound(t, s, first, 600, 40<<20)
}

// TestResultsAreReleasedByTheNextEval: Eval leaves a result document of
// up to 64 KiB for the guest to release at the next ptc_eval instead of
// calling ptc_free. If the guest kept them, 1,500 documents of ~60 KiB
// (a 30 KB string twice: value and printed form; 90 MiB in all) would
// outgrow the bound below; released, they are garbage. A guest that
// kept them reached 205 MiB.
func TestResultsAreReleasedByTheNextEval(t *testing.T) {
	if testing.Short() {
		t.Skip("1,500 evaluations with 60 KiB results")
	}
	ctx := context.Background()
	s := newSession(t)
	var first uint64
	for i := range 1500 {
		r, err := s.Eval(ctx, fmt.Sprintf(`(apply str %d (repeat 3000 "abcdefghij"))`, i), host.Options{})
		if err != nil || r.Error != nil {
			t.Fatal(err, r.Error)
		}
		if n := 2 * len(r.Printed); n < 60000 || n > 63<<10 {
			t.Fatalf("result document of about %d bytes, want 60 KB to 63 KiB", n)
		}
		if !strings.HasPrefix(r.Printed, fmt.Sprintf(`"%dabc`, i)) {
			t.Fatalf("evaluation %d printed %.20q...", i, r.Printed)
		}
		if i == 0 {
			first = s.MemoryBytes()
		}
	}
	checkMemoryBound(t, s, first, 1500, 48<<20)
}

// checkMemoryBound fails the test if the session's guest memory, after n
// evaluations, is over bound bytes; first is its size after the first.
func checkMemoryBound(t *testing.T, s *host.Session, first uint64, n int, bound uint64) {
	t.Helper()
	last := s.MemoryBytes()
	if last == 0 {
		t.Skip("this runtime does not report the guest's memory size")
	}
	t.Logf("guest memory: %.1f MiB after the first evaluation, %.1f MiB after %d", float64(first)/(1<<20), float64(last)/(1<<20), n)
	if last > bound {
		t.Errorf("guest memory grew to %.1f MiB over %d evaluations (%.1f MiB after the first)", float64(last)/(1<<20), n, float64(first)/(1<<20))
	}
}

// TestGuestCallsTheHostAsItRuns: the guest calls WASI sched_yield, a host
// call that does nothing, every 1,024 steps of an evaluation (the
// interpreter's Safepoint), so a runtime that cannot interrupt compiled
// guest code (wazero) still gets regular chances to stop the world for
// the host's collector. Counted through the engine's hook; other
// instances (the pool's) may add calls, never remove them.
func TestGuestCallsTheHostAsItRuns(t *testing.T) {
	var yields atomic.Int64
	e := newEngine(t, host.WithYieldHook(func() { yields.Add(1) }))
	s := openSession(t, e)
	before := yields.Load()
	r, err := s.Eval(context.Background(), "(loop [i 0] (if (< i 200000) (recur (inc i)) i))", host.Options{})
	if err != nil || r.Printed != "200000" {
		t.Fatal(err, r)
	}
	if n, want := yields.Load()-before, r.Steps/1024-4; n < want {
		t.Errorf("%d host calls in %d steps, want at least %d", n, r.Steps, want)
	}
}

// TestMarksFinishDuringLongEvals: three evaluations in a row, each
// building 100,000 maps, all kept until the evaluation ends. The guest's
// collector marks only while the guest yields; the guest keeps yielding
// while a mark is under way (package guest/internal/gcyield), so each
// collection finishes at the poll where it is seen. A guest that yielded
// once per poll let marks drag on across many polls while the heap grew:
// its memory reached 74 MiB here; with the yields, 49 MiB. (The guest's
// memory never shrinks, so its size is the evaluations' peak.)
func TestMarksFinishDuringLongEvals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 100,000 maps in the guest")
	}
	ctx := context.Background()
	s := newSession(t)
	const src = `(loop [i 0 acc []]
  (if (< i 100000)
    (recur (inc i) (conj acc {:id i :name (str "c" (mod i 1000)) :tags [i (* 2 i)]}))
    (count acc)))`
	var first uint64
	for i := range 3 {
		r, err := s.Eval(ctx, src, host.Options{Limits: lisp.Limits{MaxSteps: 1 << 30}})
		if err != nil || r.Error != nil {
			t.Fatal(err, r.Error)
		}
		if i == 0 {
			first = s.MemoryBytes()
		}
	}
	checkMemoryBound(t, s, first, 3, 60<<20)
}

package host_test

import (
	"context"
	"strings"
	"testing"

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
	last := s.MemoryBytes()
	if last == 0 {
		t.Skip("this runtime does not report the guest's memory size")
	}
	t.Logf("guest memory: %.1f MiB after the first evaluation, %.1f MiB after 600", float64(first)/(1<<20), float64(last)/(1<<20))
	if last > 40<<20 {
		t.Errorf("guest memory grew to %.1f MiB over 600 evaluations (%.1f MiB after the first)", float64(last)/(1<<20), float64(first)/(1<<20))
	}
}

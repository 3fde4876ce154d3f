package host_test

import (
	"context"
	"testing"

	"github.com/ptc-wasm/ptc/host"
)

// Check in the guest reports what the core's lang.Check reports, keeps
// going after a bad form, and leaves the engine usable for sessions.
func TestEngineCheck(t *testing.T) {
	ctx := context.Background()
	e, err := newHost(ctx, host.WithPoolSize(1))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	src := "(defn total [xs] (reduce + xs))\n(fitler odd? [1 2])\n(tool/get-order {:id 1})\n(total [1 2])"
	ds, err := e.Check(ctx, src, []string{"get-orders"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("got %d diagnostics %+v, want 2", len(ds), ds)
	}
	if d := ds[0]; d.Kind != "unbound_symbol" || d.Pos.Line != 2 || d.Pos.Col != 2 || d.Hint != "did you mean filter?" {
		t.Errorf("first diagnostic %+v", d)
	}
	if d := ds[1]; d.Kind != "unknown_tool" || d.Pos.Line != 3 || d.Message != "unknown tool: tool/get-order" {
		t.Errorf("second diagnostic %+v", d)
	}
	// Tools unknown (nil): tool references are not checked.
	ds, err = e.Check(ctx, "(tool/anything {})", nil)
	if err != nil || len(ds) != 0 {
		t.Errorf("nil tools: %+v, %v; want no diagnostics", ds, err)
	}
	// A read error is a diagnostic, not an error.
	ds, err = e.Check(ctx, "(+ 1", nil)
	if err != nil || len(ds) != 1 || ds[0].Kind != "parse_error" {
		t.Errorf("read error: %+v, %v", ds, err)
	}
	s, err := e.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Eval(ctx, "(+ 1 2)", host.Options{})
	if err != nil || r.Printed != "3" {
		t.Fatalf("eval after check: %+v, %v", r, err)
	}
}

package wasmtime_test

import (
	"context"
	"testing"

	"github.com/ptc-wasm/ptc/host"
	"github.com/ptc-wasm/ptc/host/wasmtime"
)

// TestRuntime: host.New runs programs on Runtime, metered by the host's
// fuel instrumentation. (The whole host suite runs on it too: make
// test-wasmtime.)
func TestRuntime(t *testing.T) {
	rt := wasmtime.Runtime()
	if rt.Name() != "wasmtime" {
		t.Fatalf("Runtime: name %q", rt.Name())
	}
	ctx := context.Background()
	e, err := host.New(ctx, host.WithRuntime(rt), host.WithPoolSize(1))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Eval(ctx, "(reduce + (range 1000))", host.Options{})
	if err != nil || r.Printed != "499500" || r.Fuel <= 0 {
		t.Fatalf("got %+v %v", r, err)
	}
}

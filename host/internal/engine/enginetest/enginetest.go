// Package enginetest is what the engines' tests share: the guest module
// prepared as package host prepares it, a runtime of it, and a first
// evaluation through the guest's raw exports. Only tests import it.
package enginetest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

// MemoryPages is the memory limit of Config's instances.
const MemoryPages = 4096

// Config is the engine configuration for host/ptc.wasm, metered by the
// fuel global as package host meters it, with ptc imports that do
// nothing.
func Config(t testing.TB) engine.Config {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("enginetest: cannot tell where its source is")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "..", "ptc.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	module, err := wasmfuel.Instrument(b, wasmfuel.Options{MaxMemoryPages: MemoryPages, MergeData: true,
		FuelExport: abi.ExportFuel, InitialFuel: engine.Unmetered})
	if err != nil {
		t.Fatal(err)
	}
	return engine.Config{Module: module, MemoryPages: MemoryPages, Fuel: true, Imports: engine.Imports{
		ToolCall:   func(context.Context, engine.Memory, uint32, uint32) uint32 { return 0 },
		ToolBatch:  func(context.Context, engine.Memory, uint32, uint32) uint32 { return 0 },
		ToolResult: func(context.Context, engine.Memory, uint32) {},
	}}
}

// Runtime is p's runtime for Config, closed when the test ends.
func Runtime(t testing.TB, p engine.Provider) engine.Runtime {
	t.Helper()
	ctx := context.Background()
	rt, err := p.New(ctx, Config(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(ctx) })
	return rt
}

// EvalOnce makes a guest session in in and evaluates (+ 1 2) there
// through the raw exports.
func EvalOnce(t testing.TB, in engine.Instance) {
	t.Helper()
	ctx := context.Background()
	id, err := in.Call(ctx, abi.ExportSessionNew)
	if err != nil {
		t.Fatal(err)
	}
	req := []byte(`{"source":"(+ 1 2)"}`)
	ptr, err := in.Call(ctx, abi.ExportAlloc, uint64(len(req)))
	if err != nil || !in.Memory().Write(uint32(ptr), req) {
		t.Fatal(err)
	}
	packed, err := in.Call(ctx, abi.ExportEval, id, ptr, uint64(len(req)))
	if err != nil {
		t.Fatal(err)
	}
	out, ok := in.Memory().Read(uint32(packed>>32), uint32(packed))
	if !ok || !bytes.Contains(out, []byte(`"value":3`)) {
		t.Fatalf("result %s", out)
	}
}

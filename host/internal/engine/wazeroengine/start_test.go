package wazeroengine

import (
	"bytes"
	"context"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

// newGuestRuntime compiles host/ptc.wasm as package host prepares it.
func newGuestRuntime(t *testing.T) *wzRuntime {
	t.Helper()
	b, err := os.ReadFile("../../../ptc.wasm")
	if err != nil {
		t.Fatal(err)
	}
	module, err := wasmfuel.Instrument(b, wasmfuel.Options{MaxMemoryPages: 4096, MergeData: true,
		FuelExport: abi.ExportFuel, InitialFuel: engine.Unmetered})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt, err := New(ctx, engine.Config{Module: module, MemoryPages: 4096, Fuel: true, Imports: engine.Imports{
		ToolCall:   func(context.Context, engine.Memory, uint32, uint32) uint32 { return 0 },
		ToolBatch:  func(context.Context, engine.Memory, uint32, uint32) uint32 { return 0 },
		ToolResult: func(context.Context, engine.Memory, uint32) {},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(ctx) })
	return rt.(*wzRuntime)
}

func memoryOf(in engine.Instance) []byte {
	m := in.(*instance).mod.Memory()
	b, _ := m.Read(0, m.Size())
	return bytes.Clone(b)
}

func globalsOf(in engine.Instance, names []string) []uint64 {
	var out []uint64
	for _, n := range names {
		out = append(out, in.(*instance).mod.ExportedGlobal(n).Get())
	}
	return out
}

// TestInstancesStartFromTheImage: the first instance is the template; the
// next ones start from its image with exactly its memory and globals,
// each writes only its own copy, and each works.
func TestInstancesStartFromTheImage(t *testing.T) {
	if !imagesSupported {
		t.Skip("no memory images on this system")
	}
	r := newGuestRuntime(t)
	if r.start == nil {
		t.Fatal("the guest module could not be prepared for images")
	}
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	tmpl, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.start.image == nil {
		t.Fatal("no image after the first instance")
	}
	wantMem, wantGlobals := memoryOf(tmpl), globalsOf(tmpl, r.start.globals)

	a, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(memoryOf(a), wantMem) {
		t.Fatal("an instance from the image has another memory than the template")
	}
	if got := globalsOf(a, r.start.globals); !slices.Equal(got, wantGlobals) {
		t.Fatalf("globals %v, want %v", got, wantGlobals)
	}
	// Writing to one instance's memory leaves the image and the others be.
	mem := a.(*instance).mod.Memory()
	for off := uint32(0); off < mem.Size(); off += 65536 {
		mem.WriteByte(off, ^wantMem[off])
	}
	b, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(memoryOf(b), wantMem) || !bytes.Equal(memoryOf(tmpl), wantMem) {
		t.Fatal("a write to one instance's memory reached another's")
	}
	// Both work: a session and an evaluation each.
	for _, in := range []engine.Instance{tmpl, b} {
		evalOnce(t, in)
	}
}

// TestImageFallback: when the image cannot be mapped, instances start the
// ordinary way and still work.
func TestImageFallback(t *testing.T) {
	if !imagesSupported {
		t.Skip("no memory images on this system")
	}
	r := newGuestRuntime(t)
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	if _, err := r.Instantiate(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	r.start.image.mem.close()
	r.start.image.mem.fd = -1 // mapping it fails from now on
	in, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	evalOnce(t, in)
}

// evalOnce makes a guest session and evaluates (+ 1 2) in it through the
// raw exports.
func evalOnce(t *testing.T, in engine.Instance) {
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

package wasmfuel

import (
	"bytes"
	"context"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// dataSec encodes a data section of active segments of memory 0 at
// constant offsets.
func dataSec(segs ...dataSegment) []byte { return sec(secData, appendDataSegments(nil, segs)...) }

// initialMemory instantiates m without running anything and returns a
// copy of its memory.
func initialMemory(t *testing.T, m []byte) []byte {
	t.Helper()
	ctx := context.Background()
	rt := guestRuntime(t)
	mod, err := rt.InstantiateWithConfig(ctx, m, wazero.NewModuleConfig().WithStartFunctions())
	if err != nil {
		t.Fatal(err)
	}
	mem, _ := mod.Memory().Read(0, mod.Memory().Size())
	return bytes.Clone(mem)
}

// guestRuntime is a wazero runtime with the guest's imports (WASI, and
// ptc functions that do nothing), closed when the test ends.
func guestRuntime(t testing.TB) wazero.Runtime {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	t.Cleanup(func() { rt.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	if _, err := rt.NewHostModuleBuilder("ptc").
		NewFunctionBuilder().WithFunc(func(uint32, uint32) uint32 { return 0 }).Export("tool_call").
		NewFunctionBuilder().WithFunc(func(uint32) {}).Export("tool_result").
		NewFunctionBuilder().WithFunc(func(uint32, uint32) uint32 { return 0 }).Export("tool_batch").
		Instantiate(ctx); err != nil {
		t.Fatal(err)
	}
	return rt
}

// segmentCount reads the number of segments in m's data section.
func segmentCount(t *testing.T, m []byte) uint32 {
	t.Helper()
	r := &reader{b: m, off: len(magic)}
	for !r.done() {
		id, _ := r.byte()
		body, err := r.name()
		if err != nil {
			t.Fatal(err)
		}
		if id == secData {
			n, _ := (&reader{b: body}).u32()
			return n
		}
	}
	return 0
}

func TestMergeData(t *testing.T) {
	memory := sec(secMemory, 0x01, 0x00, 0x01) // one memory, min 1 page
	m := module(memory, dataSec(
		dataSegment{offset: 100, init: []byte("world")},
		dataSegment{offset: 10, init: []byte("hello")}, // out of order
		dataSegment{offset: 15, init: []byte(", ")},    // adjacent
		dataSegment{offset: 5000, init: []byte("far")}, // past mergeGap
	))
	out, err := Instrument(m, Options{MergeData: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := segmentCount(t, out); n != 2 {
		t.Errorf("merged into %d segments, want 2", n)
	}
	if !bytes.Equal(initialMemory(t, out), initialMemory(t, m)) {
		t.Error("merging changed the initial memory")
	}

	// Overlapping segments (the later one wins) are left alone.
	overlap := module(memory, dataSec(dataSegment{offset: 0, init: []byte("abcd")}, dataSegment{offset: 2, init: []byte("XY")}))
	if out, err := Instrument(overlap, Options{MergeData: true}); err != nil || !bytes.Equal(out, overlap) {
		t.Errorf("overlapping segments: %v, changed %v", err, !bytes.Equal(out, overlap))
	}
	// With a data count section (memory.init may name segments) too.
	counted := module(memory, sec(secDataCount, 0x02), dataSec(dataSegment{offset: 0, init: []byte("a")}, dataSegment{offset: 1, init: []byte("b")}))
	if out, err := Instrument(counted, Options{MergeData: true}); err != nil || !bytes.Equal(out, counted) {
		t.Errorf("data count section: %v, changed %v", err, !bytes.Equal(out, counted))
	}
}

func TestMergeDataRealGuest(t *testing.T) {
	if testing.Short() {
		t.Skip("instantiates the whole guest twice")
	}
	b := guest(t)
	out, err := Instrument(b, Options{MergeData: true})
	if err != nil {
		t.Fatal(err)
	}
	before, after := segmentCount(t, b), segmentCount(t, out)
	t.Logf("data segments: %d -> %d", before, after)
	if after == 0 || after*100 > before {
		t.Errorf("data segments: %d -> %d, want far fewer", before, after)
	}
	if !bytes.Equal(initialMemory(t, out), initialMemory(t, b)) {
		t.Error("merging changed the guest's initial memory")
	}
}

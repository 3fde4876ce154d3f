package wasmfuel

import (
	"bytes"
	"context"
	"testing"

	"github.com/tetratelabs/wazero"
)

func TestSplitData(t *testing.T) {
	memory := sec(secMemory, 0x01, 0x00, 0x01) // one memory, min 1 page
	segs := []dataSegment{{offset: 100, init: []byte("world")}, {offset: 10, init: []byte("hello")}}
	m := module(memory, dataSec(segs...))
	out, got, err := SplitData(m)
	if err != nil {
		t.Fatal(err)
	}
	if segmentCount(t, out) != 0 || !bytes.Equal(out, module(memory)) {
		t.Errorf("SplitData left a data section: %x", out)
	}
	if len(got) != 2 || got[0].Offset != 100 || string(got[0].Init) != "world" || got[1].Offset != 10 || string(got[1].Init) != "hello" {
		t.Errorf("segments %+v", got)
	}
	// Written back by hand, the segments give the initial memory.
	mem := initialMemory(t, out)
	for _, sg := range got {
		copy(mem[sg.Offset:], sg.Init)
	}
	if !bytes.Equal(mem, initialMemory(t, m)) {
		t.Error("the segments do not make the module's initial memory")
	}
	if out, segs, err := SplitData(module(memory)); err != nil || segs != nil || !bytes.Equal(out, module(memory)) {
		t.Errorf("no data section: %v %v", segs, err)
	}

	counted := module(memory, sec(secDataCount, 0x01), dataSec(dataSegment{offset: 0, init: []byte("a")}))
	if _, _, err := SplitData(counted); err == nil {
		t.Error("no error for a module with a data count section")
	}
	passive := module(memory, sec(secData, 0x01, 0x01, 0x01, 'x')) // one passive segment "x"
	if _, _, err := SplitData(passive); err == nil {
		t.Error("no error for a passive segment")
	}
	if _, _, err := SplitData(m[:len(m)-2]); err == nil {
		t.Error("no error for a truncated module")
	}
}

func TestExportGlobals(t *testing.T) {
	// An imported global (index 0) and two defined ones (1, 2).
	imports := sec(secImport, 0x01, 0x01, 'e', 0x01, 'g', 0x03, 0x7f, 0x00)
	globals := sec(secGlobal, 0x02,
		0x7f, 0x01, opI32Const, 0x05, opEnd, // mutable i32 = 5
		0x7e, 0x00, opI64Const, 0x07, opEnd) // immutable i64 = 7
	exports := sec(secExport, 0x01, 0x01, 'x', 0x03, 0x01) // global 1 as "x"
	m := module(imports, globals, exports)
	out, names, err := ExportGlobals(m, "g")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || names[0] != "g1" || names[1] != "g2" {
		t.Fatalf("names %v", names)
	}
	want := map[string]uint32{"x": 1, "g1": 1, "g2": 2}
	if got := globalExports(t, out); len(got) != len(want) || got["x"] != 1 || got["g1"] != 1 || got["g2"] != 2 {
		t.Errorf("global exports %v, want %v", got, want)
	}
	if _, _, err := ExportGlobals(m, "x"); err != nil {
		t.Fatalf("prefix x (x1, x2 are free): %v", err)
	}
	clash := module(imports, globals, sec(secExport, 0x01, 0x02, 'g', '2', 0x03, 0x01))
	if _, _, err := ExportGlobals(clash, "g"); err == nil {
		t.Error("no error when g2 is exported already")
	}
	// With no export section, one is made.
	if out2, names2, err := ExportGlobals(module(globals), "p"); err != nil || len(names2) != 2 || names2[0] != "p0" {
		t.Errorf("no export section: %v %v", names2, err)
	} else {
		checkGlobalExports(t, out2, map[string]uint64{"p0": 5, "p1": 7})
	}
}

// globalExports reads the global exports of m: name to global index.
func globalExports(t *testing.T, m []byte) map[string]uint32 {
	t.Helper()
	secs, err := parseSections(m)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint32{}
	for i := range secs {
		if secs[i].id != secExport {
			continue
		}
		r := sub(&secs[i])
		n, _ := r.u32()
		for range n {
			name, _ := r.name()
			kind, _ := r.byte()
			idx, err := r.u32()
			if err != nil {
				t.Fatal(err)
			}
			if kind == 0x03 {
				out[string(name)] = idx
			}
		}
	}
	return out
}

// checkGlobalExports instantiates m (which imports nothing) and checks
// the values of its exported globals.
func checkGlobalExports(t *testing.T, m []byte, want map[string]uint64) {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range want {
		g := mod.ExportedGlobal(name)
		if g == nil || g.Get() != v {
			t.Errorf("global %s: %v, want %d", name, g, v)
		}
	}
}

// TestSnapshotRealGuest is what a host that starts instances from a
// snapshot does with the guest: instantiate it without its data section
// or start function, write the segments, run _initialize. The memory and
// every global must then be exactly those of an ordinary instance.
func TestSnapshotRealGuest(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the whole guest twice")
	}
	ctx := context.Background()
	rt := guestRuntime(t)
	withGlobals, names, err := ExportGlobals(guest(t), "ptc_g")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("the guest defines no globals?")
	}
	plain, err := rt.InstantiateWithConfig(ctx, withGlobals, wazero.NewModuleConfig().WithName("plain").WithStartFunctions("_initialize"))
	if err != nil {
		t.Fatal(err)
	}
	stripped, segs, err := SplitData(withGlobals)
	if err != nil {
		t.Fatal(err)
	}
	byHand, err := rt.InstantiateWithConfig(ctx, stripped, wazero.NewModuleConfig().WithName("byhand").WithStartFunctions())
	if err != nil {
		t.Fatal(err)
	}
	for _, sg := range segs {
		if !byHand.Memory().Write(sg.Offset, sg.Init) {
			t.Fatalf("segment at %d does not fit", sg.Offset)
		}
	}
	if _, err := byHand.ExportedFunction("_initialize").Call(ctx); err != nil {
		t.Fatal(err)
	}
	a, _ := plain.Memory().Read(0, plain.Memory().Size())
	b, _ := byHand.Memory().Read(0, byHand.Memory().Size())
	if !bytes.Equal(a, b) {
		t.Errorf("memories differ (%d and %d bytes)", len(a), len(b))
	}
	for _, n := range names {
		if x, y := plain.ExportedGlobal(n).Get(), byHand.ExportedGlobal(n).Get(); x != y {
			t.Errorf("global %s: %d and %d", n, x, y)
		}
	}
}

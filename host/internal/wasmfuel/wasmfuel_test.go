package wasmfuel

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// module assembles a binary module from sections.
func module(sections ...[]byte) []byte {
	m := append([]byte(nil), magic...)
	for _, s := range sections {
		m = append(m, s...)
	}
	return m
}

// sec encodes one section: id, size, body.
func sec(id byte, body ...byte) []byte {
	return append(appendU32([]byte{id}, uint32(len(body))), body...)
}

// code encodes a code section with the given function bodies (locals and
// expression, without the size).
func code(bodies ...[]byte) []byte {
	b := appendU32(nil, uint32(len(bodies)))
	for _, f := range bodies {
		b = appendU32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return sec(secCode, b...)
}

var (
	typeVoid  = sec(1, 0x01, 0x60, 0x00, 0x00)                         // () -> ()
	typeI32   = sec(1, 0x01, 0x60, 0x01, 0x7f, 0x00)                   // (i32) -> ()
	oneFunc   = sec(3, 0x01, 0x00)                                     // function 0 has type 0
	exportRun = sec(7, 0x01, 0x03, 'r', 'u', 'n', 0x00, 0x00)          // "run" = function 0
	infinite  = module(typeVoid, oneFunc, exportRun, code([]byte{0x00, // no locals
		opLoop, blockEmpty, opBr, 0x00, opEnd, opEnd}))
	// countdown(n) runs its loop n times; the loop's straight line is
	// local.get, i32.const, i32.sub, local.tee, br_if: cost 5.
	countdown = module(typeI32, oneFunc, exportRun, code([]byte{0x00,
		opLoop, blockEmpty, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, opBrIf, 0x00, opEnd, opEnd}))
)

// instantiate instruments m, instantiates it in a fresh wazero runtime
// (with WASI and the given host module stubs) and returns the module and
// its fuel global.
func instantiate(t *testing.T, m []byte, opts Options, cfg wazero.ModuleConfig) (api.Module, api.MutableGlobal) {
	t.Helper()
	out, err := Instrument(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	t.Cleanup(func() { rt.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	mod, err := rt.InstantiateWithConfig(ctx, out, cfg)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := mod.ExportedGlobal(opts.FuelExport).(api.MutableGlobal)
	if g == nil {
		t.Fatalf("no mutable global exported as %q", opts.FuelExport)
	}
	return mod, g
}

func TestInfiniteLoopRunsOutOfFuel(t *testing.T) {
	mod, fuel := instantiate(t, infinite, Options{FuelExport: "fuel"}, wazero.NewModuleConfig())
	fuel.Set(1_000_000)
	_, err := mod.ExportedFunction("run").Call(context.Background())
	if err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("want an unreachable trap, got %v", err)
	}
	if left := int64(fuel.Get()); left >= 0 {
		t.Fatalf("fuel left %d after the trap, want < 0", left)
	}
}

func TestFuelIsDeterministic(t *testing.T) {
	for range 2 {
		mod, fuel := instantiate(t, countdown, Options{FuelExport: "fuel", InitialFuel: 7}, wazero.NewModuleConfig())
		if fuel.Get() != 7 {
			t.Fatalf("initial fuel %d, want 7", fuel.Get())
		}
		fuel.Set(1000)
		if _, err := mod.ExportedFunction("run").Call(context.Background(), 10); err != nil {
			t.Fatal(err)
		}
		// No entry charge (the entry runs straight into the loop header);
		// 10 iterations at cost 5.
		if used := 1000 - int64(fuel.Get()); used != 50 {
			t.Fatalf("used %d fuel, want 50", used)
		}
		fuel.Set(49)
		if _, err := mod.ExportedFunction("run").Call(context.Background(), 10); err == nil {
			t.Fatal("49 fuel for a run that needs 50 did not trap")
		}
	}
}

// features has block types of every kind, sign extension, saturating
// truncation and bulk memory; running it checks the rewrite kept every
// instruction intact.
var features = module(
	sec(1, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f), // () -> (); (i32) -> (i32)
	oneFunc,
	sec(5, 0x01, 0x00, 0x01), // memory min 1, no max
	sec(7, 0x02, 0x03, 'r', 'u', 'n', 0x00, 0x00, 0x03, 'm', 'e', 'm', 0x02, 0x00),
	sec(12, 0x01), // data count
	code([]byte{0x01, 0x01, 0x7e, // one i64 local
		opBlock, blockEmpty, 0x41, 0x00, opBlock, 0x01, 0xc0, opEnd, 0x1a, opEnd, // block type index 1, i32.extend8_s
		opBlock, 0x7e, 0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, opPrefixFC, 0x06, opEnd, 0x1a, // (result i64) i64.trunc_sat_f64_s 1.5
		0x41, 0x00, 0x41, 0x00, 0x41, 0x03, opPrefixFC, 0x08, 0x00, 0x00, // memory.init 0 0 (dst 0, "abc")
		opPrefixFC, 0x09, 0x00, // data.drop 0
		0x41, 0x08, 0x41, 0x00, 0x41, 0x03, opPrefixFC, 0x0a, 0x00, 0x00, // memory.copy 8 <- 0, 3 bytes
		0x41, 0x10, 0x41, 0x07, 0x41, 0x04, opPrefixFC, 0x0b, 0x00, // memory.fill 16, 7, 4 bytes
		0x42, 0x7f, 0xc4, 0x21, 0x00, // i64.const -1, i64.extend32_s, local.set 0
		0x41, 0x01, opIf, 0x7f, 0x41, 0x02, opElse, 0x41, 0x03, opEnd, 0x1a, // if (result i32) else
		opBlock, blockEmpty, opLoop, blockEmpty, 0x41, 0x01, opBrTable, 0x01, 0x01, 0x01, opEnd, opEnd, // br_table [1] 1 out of the loop
		0x41, 0x14, 0x3f, 0x00, 0x36, 0x02, 0x00, // i32.store (20) memory.size
		opEnd}),
	sec(11, 0x01, 0x01, 0x03, 'a', 'b', 'c'), // passive data "abc"
)

func TestDecodesFeatures(t *testing.T) {
	mod, fuel := instantiate(t, features, Options{FuelExport: "fuel", InitialFuel: 1 << 40, MaxMemoryPages: 2}, wazero.NewModuleConfig())
	if _, err := mod.ExportedFunction("run").Call(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, _ := mod.Memory().Read(0, 24)
	want := "abc\x00\x00\x00\x00\x00abc\x00\x00\x00\x00\x00\x07\x07\x07\x07\x01\x00\x00\x00"
	if string(got) != want {
		t.Fatalf("memory %q, want %q", got, want)
	}
	if fuel.Get() >= 1<<40 {
		t.Fatal("no fuel charged")
	}
	if max, ok := mod.Memory().Definition().Max(); !ok || max != 2 {
		t.Fatalf("memory max %d %v, want 2", max, ok)
	}
}

func TestMemoryMaximum(t *testing.T) {
	mem := func(limits ...byte) []byte { return module(sec(5, append([]byte{0x01}, limits...)...)) }
	for _, c := range []struct {
		name    string
		in      []byte
		max     uint32
		want    []byte
		wantErr string
	}{
		{"adds a max", mem(0x00, 0x01), 4, mem(0x01, 0x01, 0x04), ""},
		{"lowers a max", mem(0x01, 0x01, 0x80, 0x01), 4, mem(0x01, 0x01, 0x04), ""},
		{"keeps a smaller max", mem(0x01, 0x01, 0x02), 4, mem(0x01, 0x01, 0x02), ""},
		{"no limit asked", mem(0x00, 0x01), 0, mem(0x00, 0x01), ""},
		{"minimum too large", mem(0x00, 0x05), 4, nil, "at least 5 pages"},
		{"memory64", mem(0x04, 0x01), 4, nil, "64-bit"},
		{"imported", module(sec(2, 0x01, 0x01, 'm', 0x01, 'x', 0x02, 0x00, 0x01)), 3,
			module(sec(2, 0x01, 0x01, 'm', 0x01, 'x', 0x02, 0x01, 0x01, 0x03)), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := Instrument(c.in, Options{MaxMemoryPages: c.max})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("want an error with %q, got %v", c.wantErr, err)
				}
				return
			}
			if err != nil || string(out) != string(c.want) {
				t.Fatalf("got % x, %v; want % x", out, err, c.want)
			}
		})
	}
}

func TestBadModules(t *testing.T) {
	body := func(b ...byte) []byte { return module(typeVoid, oneFunc, code(b)) }
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "magic"},
		{"wrong version", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}, "magic"},
		{"truncated section", module([]byte{1, 10, 1}), "bytes announced"},
		{"unknown section", module(sec(42)), "unknown section id 42"},
		{"repeated section", module(sec(7, 0x00), sec(7, 0x00)), "section 7 repeated"},
		{"sections out of order", module(sec(3, 0x00), sec(1, 0x00)), "section 1 repeated or out of order"},
		{"SIMD", body(0x00, 0xfd, 0x0c, opEnd), "unsupported opcode 0xfd"},
		{"unknown 0xfc op", body(0x00, opPrefixFC, 0x20, opEnd), "unsupported opcode 0xfc 32"},
		{"no final end", body(0x00, opBlock, blockEmpty, opEnd), "without its final end"},
		{"code after end", body(0x00, opEnd, 0x01), "after the function body's final end"},
		{"else without if", body(0x00, opElse, opEnd), "else outside an if"},
		{"bad block type", body(0x00, opBlock, 0x50, opEnd, opEnd), "unknown block type"},
		{"long LEB", body(0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, opEnd), "LEB128"},
		{"huge vector", module(sec(secCode, 0xff, 0xff, 0xff, 0xff, 0x0f)), "does not fit"},
		{"name taken", module(sec(7, 0x01, 0x04, 'f', 'u', 'e', 'l', 0x00, 0x00)), "already exports"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := Instrument(c.in, Options{FuelExport: "fuel"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want an error with %q, got %v (output % x)", c.want, err, out)
			}
		})
	}
	var fe *FormatError
	_, err := Instrument(body(0x00, 0xfd, 0x0c, opEnd), Options{FuelExport: "fuel"})
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "function 0") {
		t.Fatalf("want a *FormatError naming the function, got %v", err)
	}
}

// TestMissingSections: a module without globals or exports gets both
// sections, in their proper place.
func TestMissingSections(t *testing.T) {
	m := module(typeVoid, oneFunc, code([]byte{0x00, opEnd}))
	_, fuel := instantiate(t, m, Options{FuelExport: "fuel", InitialFuel: 3}, wazero.NewModuleConfig())
	if fuel.Get() != 3 {
		t.Fatalf("fuel %d, want 3", fuel.Get())
	}
}

// guest returns the real guest module, host/ptc.wasm.
func guest(tb testing.TB) []byte {
	b, err := os.ReadFile("../../ptc.wasm")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestRealGuest: the instrumented guest compiles, initializes (which
// evaluates a small program) and is charged for it.
func TestRealGuest(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the whole guest")
	}
	b := guest(t)
	ctx := context.Background()
	rt := guestRuntime(t)
	out, err := Instrument(b, Options{FuelExport: "ptc_fuel", InitialFuel: 1 << 62, MaxMemoryPages: 4096})
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.InstantiateWithConfig(ctx, out, wazero.NewModuleConfig().WithStartFunctions("_initialize"))
	if err != nil {
		t.Fatal(err)
	}
	if used := 1<<62 - int64(mod.ExportedGlobal("ptc_fuel").Get()); used <= 0 {
		t.Fatalf("initialization used %d fuel", used)
	}
	if max, ok := mod.Memory().Definition().Max(); !ok || max != 4096 {
		t.Fatalf("memory max %d %v", max, ok)
	}
	// Cutting the module anywhere gives an error, never a panic.
	for _, n := range []int{9, 100, len(b) / 3, len(b) / 2, len(b) - 1} {
		if _, err := Instrument(b[:n], Options{FuelExport: "ptc_fuel"}); err == nil {
			t.Errorf("module cut at %d bytes: no error", n)
		}
	}
}

// BenchmarkInstrumentGuest: the load-time cost of instrumenting the guest.
func BenchmarkInstrumentGuest(b *testing.B) {
	m := guest(b)
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		if _, err := Instrument(m, Options{FuelExport: "ptc_fuel", MaxMemoryPages: 4096}); err != nil {
			b.Fatal(err)
		}
	}
}

// Package wazeroengine runs the guest on wazero, the default runtime:
// pure Go, fuel by instrumentation (the module's fuel global), guest
// memory backed by one mapping per instance (memory_unix.go).
package wazeroengine

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/host/internal/engine"
)

// Provider is wazero as an engine.Provider: fuel by instrumentation.
type Provider struct{}

func (Provider) Name() string { return "wazero" }

func (Provider) New(ctx context.Context, cfg engine.Config) (engine.Runtime, error) {
	return New(ctx, cfg)
}

// wzRuntime is a wazero runtime with the guest compiled in it.
type wzRuntime struct {
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	fuel     bool
	start    *starter // nil: instances start the ordinary way (start.go)
}

// New compiles cfg.Module in a new wazero runtime that provides WASI and
// cfg.Imports.
//
// # Errors
//
// An unusable cache directory, or compilation errors (a memory limit
// below the module's minimum among them).
func New(ctx context.Context, cfg engine.Config) (engine.Runtime, error) {
	rc := wazero.NewRuntimeConfig().WithMemoryLimitPages(cfg.MemoryPages)
	if cfg.CacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, err
		}
		rc = rc.WithCompilationCache(cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	// The imports are GoModuleFuncs, which read their arguments from the
	// stack: WithFunc would call them through reflection, which costs
	// allocations on every tool call.
	imp := cfg.Imports
	i32 := api.ValueTypeI32
	_, err := rt.NewHostModuleBuilder(abi.HostModule).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
		stack[0] = uint64(imp.ToolCall(ctx, m.Memory(), uint32(stack[0]), uint32(stack[1])))
	}), []api.ValueType{i32, i32}, []api.ValueType{i32}).Export(abi.ImportToolCall).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
		imp.ToolResult(ctx, m.Memory(), uint32(stack[0]))
	}), []api.ValueType{i32}, nil).Export(abi.ImportToolResult).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
		stack[0] = uint64(imp.ToolBatch(ctx, m.Memory(), uint32(stack[0]), uint32(stack[1])))
	}), []api.ValueType{i32, i32}, []api.ValueType{i32}).Export(abi.ImportToolBatch).
		Instantiate(ctx)
	if err != nil {
		rt.Close(ctx)
		return nil, err
	}
	module, start := cfg.Module, (*starter)(nil)
	if imagesSupported {
		module, start = newStarter(cfg.Module)
	}
	compiled, err := rt.CompileModule(ctx, module)
	if err != nil {
		rt.Close(ctx)
		return nil, err
	}
	return &wzRuntime{rt: rt, compiled: compiled, fuel: cfg.Fuel, start: start}, nil
}

func (r *wzRuntime) Close(ctx context.Context) error {
	err := r.rt.Close(ctx)
	if r.start != nil {
		r.start.close()
	}
	return err
}

// Instantiate implements engine.Runtime: wazero's WASI with no files,
// arguments or environment, its fake clocks and random source, and the
// system wall clock when granted.
func (r *wzRuntime) Instantiate(ctx context.Context, ic engine.InstanceConfig) (engine.Instance, error) {
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").WithStderr(ic.Stderr)
	if ic.WallClock {
		cfg = cfg.WithSysWalltime()
	}
	if ic.Yield != nil {
		cfg = cfg.WithOsyield(ic.Yield)
	}
	var mem *mappedMemory
	var mod api.Module
	var err error
	if r.start != nil {
		mod, mem, err = r.start.instantiate(ctx, r, cfg)
	} else {
		mod, err = r.rt.InstantiateModule(withMappedMemory(ctx, func(m *mappedMemory) { mem = m }), r.compiled, cfg)
	}
	if err != nil {
		return nil, err
	}
	in := &instance{mod: mod, mem: mem}
	if r.fuel {
		g, ok := mod.ExportedGlobal(abi.ExportFuel).(api.MutableGlobal)
		if !ok {
			mod.Close(ctx)
			return nil, fmt.Errorf("wazeroengine: the module has no mutable %s global", abi.ExportFuel)
		}
		in.fuel = g
	}
	return in, nil
}

// instance is one wazero module instance.
type instance struct {
	mod  api.Module
	fuel api.MutableGlobal // the fuel global; nil when fuel is off
	fns  map[string]api.Function
	mem  *mappedMemory // the memory's backing, if mapped; kept alive with the instance
}

// Call implements engine.Instance. The function handles are kept for the
// instance's life: each handle owns the native stack wazero runs the
// guest on, and a fresh handle starts small and grows (with copies) on
// every call, which cost more than the rest of a small Eval.
func (in *instance) Call(ctx context.Context, name string, args ...uint64) (uint64, error) {
	f := in.fns[name]
	if f == nil {
		if f = in.mod.ExportedFunction(name); f == nil {
			return 0, fmt.Errorf("host: guest does not export %s", name)
		}
		if in.fns == nil {
			in.fns = map[string]api.Function{}
		}
		in.fns[name] = f
	}
	r, err := f.Call(ctx, args...)
	if err != nil {
		return 0, err
	}
	if len(r) == 0 {
		return 0, nil
	}
	return r[0], nil
}

func (in *instance) Memory() engine.Memory { return in.mod.Memory() }

func (in *instance) SetFuel(n uint64) {
	if in.fuel != nil {
		in.fuel.Set(n)
	}
}

func (in *instance) FuelLeft() int64 {
	if in.fuel == nil {
		return 0
	}
	return int64(in.fuel.Get())
}

// Stop implements engine.Instance by setting the fuel global to 0.
//
// # Notes
//
// Why a Set from another goroutine reaches the running guest: wazero
// keeps a module-defined global in the instance's context memory
// (moduleEngine opaque buffer), and MutableGlobal.Set writes those 8
// bytes there. The compiled code loads the global from that memory at
// every check that follows a loop header or a call (wazero only reuses a
// loaded global within one straight-line path, and every check point is
// the start of such a path), so it sees the store at its next check. The
// store is one aligned 8-byte write, which amd64 and arm64 make atomic.
// The guest's own "global.set" may overwrite our 0 with the value it read
// just before (read, subtract, write); the caller repeating Stop closes
// that window.
func (in *instance) Stop() {
	if in.fuel != nil {
		in.fuel.Set(0)
	}
}

// Interrupt implements engine.Instance. With the memory mapped, the flag's
// address never moves while the guest grows its memory, so the store is
// an atomic one straight into the mapping. Going through api.Memory
// instead reads the memory's slice header, which a growing guest writes
// at the same time (a data race the race detector reports); that is left
// only for systems without the mapping.
func (in *instance) Interrupt(ptr, v uint32) {
	if in.mem != nil && in.mem.store32(ptr, v) {
		return
	}
	in.mod.Memory().WriteUint32Le(ptr, v)
}

func (in *instance) Close(ctx context.Context) error { return in.mod.Close(ctx) }

// withMappedMemory has wazero back the memory of the module instantiated
// with the returned context by a mappedMemory, handed to made as soon as
// it exists (before wazero writes to it); where none can be made,
// wazero's default backing is used and made is not called.
func withMappedMemory(ctx context.Context, made func(*mappedMemory)) context.Context {
	return experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(func(_, max uint64) experimental.LinearMemory {
		if m := newMappedMemory(max); m != nil {
			made(m)
			return m
		}
		return &sliceMemory{}
	}))
}

// sliceMemory is wazero's default backing (a Go slice grown by append),
// for when no mapping can be made.
type sliceMemory struct{ buf []byte }

func (m *sliceMemory) Reallocate(size uint64) []byte {
	if size > uint64(cap(m.buf)) {
		m.buf = append(m.buf[:cap(m.buf)], make([]byte, size-uint64(cap(m.buf)))...)
	}
	m.buf = m.buf[:size]
	return m.buf
}

func (m *sliceMemory) Free() { m.buf = nil }

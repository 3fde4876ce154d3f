// Package engine is the seam between package host and the WebAssembly
// runtime that runs the guest. Package host speaks the guest's ABI (JSON
// documents, buffers, sessions, limits) in terms of the small interfaces
// here; a runtime package implements them: compiling the module,
// instantiating it with the ptc and WASI imports, calling exports,
// guest memory, fuel and stopping a running call. wazeroengine, beside
// this package, is the default; the wasmtime engine lives in the module
// github.com/ptc-wasm/ptc/host/wasmtime, whose import path is under host/
// so that it may import this package.
package engine

import (
	"context"
	"io"
	"math"
)

// Unmetered is the fuel a guest runs on outside an evaluation: a budget
// nothing reaches.
const Unmetered = math.MaxInt64

// Provider is a WebAssembly runtime package host can run the guest on
// (host.Runtime, chosen with host.WithRuntime): its name, and how it
// compiles the guest. Every runtime meters fuel by the same
// instrumentation (the module's fuel global, abi.ExportFuel), which
// package host adds before New.
type Provider interface {
	// Name is the runtime's name, as host.WithEngine and the CLI's
	// --engine spell it ("wazero", "wasmtime").
	Name() string
	// New compiles cfg.Module and returns the Runtime that makes its
	// instances.
	New(ctx context.Context, cfg Config) (Runtime, error)
}

// Config is what a Runtime is made from.
type Config struct {
	// Module is the guest, already rewritten by wasmfuel: memory maximum
	// set, and the fuel global added when the runtime meters fuel by
	// instrumentation.
	Module []byte
	// MemoryPages caps each instance's memory, in 64 KiB pages.
	MemoryPages uint32
	// CacheDir keeps compiled code between processes ("": the runtime's
	// default, which may be none).
	CacheDir string
	// Fuel turns metering on.
	Fuel bool
	// Imports are the ptc host functions.
	Imports Imports
}

// Imports are the guest's ptc imports (abi.ImportToolCall and friends),
// implemented once by package host. ctx is the one given to the
// Instance.Call the guest is running under.
type Imports struct {
	ToolCall   func(ctx context.Context, m Memory, reqPtr, reqLen uint32) uint32
	ToolBatch  func(ctx context.Context, m Memory, reqPtr, reqLen uint32) uint32
	ToolResult func(ctx context.Context, m Memory, bufPtr uint32)
}

// Runtime is a compiled guest that makes instances. Safe for concurrent use.
type Runtime interface {
	// Instantiate makes an instance and runs its _initialize export.
	Instantiate(ctx context.Context, cfg InstanceConfig) (Instance, error)
	// Close frees the runtime; no instance may be running.
	Close(ctx context.Context) error
}

// InstanceConfig is the WASI environment of one instance: no files,
// arguments or environment; stdout discarded; clocks that start at a
// fixed time and tick 1 ms per reading, and a seeded random source, so
// evaluation is deterministic, unless WallClock grants the real time.
type InstanceConfig struct {
	Stderr    io.Writer // the guest runtime's stderr (fatal errors)
	WallClock bool
	// Yield, when set, is called on each WASI sched_yield of the guest,
	// which otherwise does nothing (tests count the guest's safepoints).
	Yield func()
}

// Instance is one guest instance. Not for concurrent use, except Stop.
type Instance interface {
	// Call calls an exported function with integer arguments and returns
	// its first result (0 when it has none). The runtime keeps a handle
	// per name for the instance's life.
	Call(ctx context.Context, name string, args ...uint64) (uint64, error)
	// Memory is the guest's linear memory. Slices it returns alias the
	// memory and are valid until the next Call.
	Memory() Memory
	// SetFuel gives the guest n units of fuel (Unmetered outside an
	// evaluation). A no-op when the runtime does not meter fuel.
	SetFuel(n uint64)
	// FuelLeft is the fuel left after the last Call, negative when that
	// call ran out.
	FuelLeft() int64
	// Stop, called from another goroutine while a Call runs, makes that
	// call trap soon (at its next function entry or loop iteration); the
	// caller repeats it until the call returns. Its effect lasts until
	// the next SetFuel. Only meaningful when fuel is metered.
	Stop()
	// Interrupt stores the u32 v at ptr in guest memory from a goroutine
	// other than the one running a call (the host's deadline and cancel
	// flag, which the guest polls). ptr must lie in the memory the
	// instance started with.
	Interrupt(ptr, v uint32)
	// Close frees the instance.
	Close(ctx context.Context) error
}

// Memory is guest linear memory (the subset of wazero's api.Memory the
// host uses).
type Memory interface {
	// Read returns n bytes at ptr, aliasing the memory; false when out of
	// range.
	Read(ptr, n uint32) ([]byte, bool)
	// Write copies b to ptr; false when out of range.
	Write(ptr uint32, b []byte) bool
}

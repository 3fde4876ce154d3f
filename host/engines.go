package host

import (
	"errors"
	"fmt"

	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/engine/wazeroengine"
)

// Runtime is a WebAssembly runtime the guest can run on, for WithRuntime.
// Package host has wazero built in (WithEngine("wazero"), the default);
// the wasmtime runtime is the module github.com/ptc-wasm/ptc/host/wasmtime:
//
//	import "github.com/ptc-wasm/ptc/host/wasmtime"
//
//	e, err := host.New(ctx, host.WithRuntime(wasmtime.Runtime()))
//
// # Notes
//
// Its methods speak types internal to host, so only packages under
// github.com/ptc-wasm/ptc/host can implement it: a Runtime is a value one
// of them hands out, not something to write.
type Runtime = engine.Provider

// wasmtimeModule is the module, and package, that has the wasmtime
// runtime. It is a module of its own so that a module using host does
// not download wasmtime-go (cgo, 57 MB) unless it imports it.
const wasmtimeModule = "github.com/ptc-wasm/ptc/host/wasmtime"

// WithRuntime selects the WebAssembly runtime the guest runs on (nil:
// wazero, the default). Programs, results, limits and errors are the same
// on every runtime, fuel included; docs/design.md ("Engines") says where
// wazero and wasmtime differ (wasmtime runs long programs about twice as
// fast, and compiles the guest once per cache directory, in a few
// seconds). Of WithRuntime and WithEngine, the last
// given wins.
func WithRuntime(r Runtime) Option {
	return func(c *engineConfig) { c.runtime, c.runtimeErr = r, nil }
}

// WithEngine selects a runtime built into package host by name: "wazero"
// (the default, also for ""). For wasmtime, use WithRuntime with the
// Runtime of github.com/ptc-wasm/ptc/host/wasmtime.
//
// # Errors
//
// Any other name makes New fail with an error that wraps
// ErrUnknownEngine; for "wasmtime" it says which module to import.
func WithEngine(name string) Option {
	return func(c *engineConfig) { c.runtime, c.runtimeErr = runtimeNamed(name) }
}

// runtimeNamed is the built-in runtime WithEngine names.
func runtimeNamed(name string) (Runtime, error) {
	switch name {
	case "", "wazero":
		return wazeroengine.Provider{}, nil
	case "wasmtime":
		return nil, fmt.Errorf(`%w: "wasmtime" is not built into package host (it needs cgo): import %s and pass host.WithRuntime(wasmtime.Runtime()) to New`, ErrUnknownEngine, wasmtimeModule)
	}
	return nil, fmt.Errorf(`%w: %q (WithEngine knows "wazero"; for "wasmtime" use WithRuntime with the Runtime of %s)`, ErrUnknownEngine, name, wasmtimeModule)
}

// ErrUnknownEngine is wrapped by the error of New when WithEngine names a
// runtime package host does not have: an unknown name, or "wasmtime",
// which comes with WithRuntime from its own module.
var ErrUnknownEngine = errors.New("host: no such engine")

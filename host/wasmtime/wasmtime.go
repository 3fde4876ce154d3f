// Package wasmtime runs the PTC-Lisp guest of package host on wasmtime
// (wasmtime-go) instead of wazero:
//
//	e, err := host.New(ctx, host.WithRuntime(wasmtime.Runtime()))
//
// Programs, results, limits, errors and fuel counts are the same as on
// wazero; long programs run about twice as fast, and a thousand sessions
// open about four times as fast with less memory each. docs/design.md
// ("Engines") has the measurements.
//
// It is a module of its own, github.com/ptc-wasm/ptc/host/wasmtime, so
// that only the modules that import it download wasmtime-go (57 MB) and
// need cgo: go mod tidy in a module that imports only package host never
// fetches it.
//
// # Notes
//
//   - Building needs cgo and a C toolchain; wasmtime's static library is
//     linked in (the ptc-host command grows from about 23 to 46 MB).
//   - wasmtime runs the guest on the calling thread's native stack, and
//     lets the guest use up to 4 MiB of it (its default, 512 KiB, traps
//     before the interpreter's default MaxDepth of 5,000). cgo threads
//     get the C library's default stack, 8 MiB with glibc; a C library
//     with small thread stacks (musl) is not supported. A program allowed
//     a much deeper recursion than the default traps (a *host.TrapError
//     with no Limit) where wazero, which grows its stacks, would go on.
//   - Fuel is metered as on wazero, by package host's instrumentation of
//     the module (a fuel global), not by wasmtime's own fuel, which
//     counts other units and cost more (docs/design.md), so Result.Fuel
//     is the same on both runtimes for the same program.
//   - The deadline backstop (host.DeadlineGrace) is wasmtime's epoch
//     interruption: it stops only the store that missed its deadline.
//   - Compiling the guest takes a few seconds. The compiled code is kept
//     in host.WithCompilationCacheDir, else in ptc-wasm/wasmtime under the
//     user's cache directory, and loads in about 50 ms. It is native code
//     that is mapped and run as it is: keep the cache in a directory
//     nobody else can write.
package wasmtime

import (
	"github.com/ptc-wasm/ptc/host"
	"github.com/ptc-wasm/ptc/host/wasmtime/internal/wasmtimeengine"
)

// Runtime is wasmtime, for host.WithRuntime. Its Name is "wasmtime".
func Runtime() host.Runtime { return wasmtimeengine.Provider{} }

// Package wasmtimeengine runs the guest on wasmtime (wasmtime-go, cgo),
// with wasmtime's own fuel and epoch interruption instead of the fuel
// instrumentation. It is compiled only with the build tag wasmtime, so a
// default build stays pure Go; see docs/design.md ("Engines").
package wasmtimeengine

// Package wasmtimeengine runs the guest on wasmtime (wasmtime-go, cgo),
// with wasmtime's own fuel and epoch interruption instead of the fuel
// instrumentation. Package wasmtime, above it, hands it to package host
// as a host.Runtime; see docs/design.md ("Engines").
package wasmtimeengine

// Package wasmtimeengine runs the guest on wasmtime (wasmtime-go, cgo),
// metered by the module's fuel global as on wazero, and stopped by epoch
// interruption. Package wasmtime, above it, hands it to package host as
// a host.Runtime; see docs/design.md ("Engines").
package wasmtimeengine

//go:build wasmtime

package host

import "github.com/ptc-wasm/ptc/host/internal/engine/wasmtimeengine"

// wasmtimeRuntime: this build has wasmtime (-tags wasmtime).
func wasmtimeRuntime() (newRuntimeFunc, error) { return wasmtimeengine.New, nil }

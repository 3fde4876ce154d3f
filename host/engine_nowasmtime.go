//go:build !wasmtime

package host

import "errors"

// wasmtimeRuntime: this build leaves wasmtime out.
func wasmtimeRuntime() (newRuntimeFunc, error) {
	return nil, errors.New(`host: engine "wasmtime" is not in this build: build with -tags wasmtime (needs cgo)`)
}

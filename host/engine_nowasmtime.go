//go:build !wasmtime

package host

import "fmt"

// wasmtimeRuntime: this build leaves wasmtime out.
func wasmtimeRuntime() (newRuntimeFunc, error) {
	return nil, fmt.Errorf(`%w "wasmtime": build with -tags wasmtime (needs cgo)`, ErrUnknownEngine)
}

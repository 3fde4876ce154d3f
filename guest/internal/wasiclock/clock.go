//go:build wasip1

// Package wasiclock reads the wall clock through WASI for the guest
// adapters, without linking os or time.
package wasiclock

import "unsafe"

//go:wasmimport wasi_snapshot_preview1 clock_time_get
func clockTimeGet(id uint32, precision uint64, out unsafe.Pointer) uint32

// Millis reads the realtime clock through WASI, in milliseconds since the
// epoch: the real time when the host granted it (the request's "clock"),
// a fixed fake time in a host that did not; 0 when the call fails.
func Millis() int64 {
	var ns uint64
	if clockTimeGet(0, 1_000_000, unsafe.Pointer(&ns)) != 0 {
		return 0
	}
	return int64(ns / 1_000_000)
}

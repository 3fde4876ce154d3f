//go:build wasip1

// Package wasiclock reads the wall and monotonic clocks through WASI for the guest
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

// MonotonicNanos reads the monotonic clock through WASI, in nanoseconds
// from an arbitrary start; 0 when the call fails. Deadlines (the request's
// timeout_ms) are measured on it.
func MonotonicNanos() int64 {
	var ns uint64
	if clockTimeGet(1, 1, unsafe.Pointer(&ns)) != 0 {
		return 0
	}
	return int64(ns)
}

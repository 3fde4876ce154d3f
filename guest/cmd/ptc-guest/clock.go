//go:build wasip1

package main

import "unsafe"

//go:wasmimport wasi_snapshot_preview1 clock_time_get
func clockTimeGet(id uint32, precision uint64, out unsafe.Pointer) uint32

// wallClockMillis reads the realtime clock through WASI: the real time
// when the host granted it (the request's "clock"), a fixed fake time in
// a host that did not.
func wallClockMillis() int64 {
	var ns uint64
	if clockTimeGet(0, 1_000_000, unsafe.Pointer(&ns)) != 0 {
		return 0
	}
	return int64(ns / 1_000_000)
}

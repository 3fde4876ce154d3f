//go:build wasip1

package main

import "encoding/binary"

// The Extism kernel: functions every Extism SDK provides in module
// extism:host/env. Offsets and lengths are i64 and refer to Extism's own
// memory, which is not the plugin's linear memory: bytes cross one u64 or
// one byte per call.

//go:wasmimport extism:host/env input_length
func inputLength() uint64

//go:wasmimport extism:host/env input_load_u8
func inputLoadU8(off uint64) uint32

//go:wasmimport extism:host/env input_load_u64
func inputLoadU64(off uint64) uint64

//go:wasmimport extism:host/env alloc
func kernelAlloc(n uint64) uint64

//go:wasmimport extism:host/env free
func kernelFree(off uint64)

//go:wasmimport extism:host/env length
func kernelLength(off uint64) uint64

//go:wasmimport extism:host/env load_u8
func loadU8(off uint64) uint32

//go:wasmimport extism:host/env load_u64
func loadU64(off uint64) uint64

//go:wasmimport extism:host/env store_u8
func storeU8(off uint64, v uint32)

//go:wasmimport extism:host/env store_u64
func storeU64(off uint64, v uint64)

//go:wasmimport extism:host/env output_set
func outputSet(off, n uint64)

// input copies the call's input out of Extism memory.
func input() []byte {
	return copyIn(inputLength(), inputLoadU64, inputLoadU8)
}

// readBlock copies the Extism memory block at off (from alloc, or a host
// function's result).
func readBlock(off uint64) []byte {
	if off == 0 {
		return nil
	}
	return copyIn(kernelLength(off), func(p uint64) uint64 { return loadU64(off + p) },
		func(p uint64) uint32 { return loadU8(off + p) })
}

// copyIn reads n bytes through the kernel's 8-byte and 1-byte loads, which
// take offsets relative to the start of the data. A tail shorter than 8
// bytes is read by one more load that overlaps the previous one: some
// SDKs make every 1-byte load cost as much as a small allocation.
func copyIn(n uint64, load64 func(uint64) uint64, load8 func(uint64) uint32) []byte {
	b := make([]byte, n)
	if n < 8 {
		for i := range n {
			b[i] = byte(load8(i))
		}
		return b
	}
	for i := uint64(0); i < n; i += 8 {
		i = min(i, n-8)
		binary.LittleEndian.PutUint64(b[i:], load64(i))
	}
	return b
}

// writeBlock allocates an Extism memory block holding b and returns its
// offset; the receiver frees it. As in copyIn, a short tail is written by
// an overlapping 8-byte store.
func writeBlock(b []byte) uint64 {
	n := uint64(len(b))
	off := kernelAlloc(n)
	if n < 8 {
		for i := range n {
			storeU8(off+i, uint32(b[i]))
		}
		return off
	}
	for i := uint64(0); i < n; i += 8 {
		i = min(i, n-8)
		storeU64(off+i, binary.LittleEndian.Uint64(b[i:]))
	}
	return off
}

// output makes b the call's output.
func output(b []byte) { outputSet(writeBlock(b), uint64(len(b))) }

//go:build wasip1

package main

import "github.com/ptc-wasm/ptc/guest/internal/wire"

// ptc_snapshot writes a session snapshot. With names_len 0 it is the
// whole session as PTC-Lisp text; otherwise names is a JSON array of names
// and the result is a JSON object mapping each defined one to its entry
// (hosts call it after an evaluation with the result's "defined" list, to
// keep the session's state outside the guest).
//
//go:wasmexport ptc_snapshot
func snapshot(id, namesPtr, namesLen uint32) uint64 {
	var out []byte
	if s, ok := sessions[id]; ok {
		out = wire.Snapshot(s, guestBytes(namesPtr, namesLen))
	}
	return uint64(pin(out))<<32 | uint64(len(out))
}

// ptc_restore reads a snapshot into a session and returns a JSON report:
// {"restored": [names], "lost": {name: reason}} or {"error": {...}}.
//
//go:wasmexport ptc_restore
func restore(id, ptr, n uint32) uint64 {
	var out []byte
	if s, ok := sessions[id]; !ok {
		out = wire.ErrorResult("no such session")
	} else {
		out = wire.Restore(s, guestBytes(ptr, n))
	}
	return uint64(pin(out))<<32 | uint64(len(out))
}

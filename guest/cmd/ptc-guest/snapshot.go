//go:build wasip1

package main

import "github.com/ptc-wasm/ptc/guest/internal/lang"

// ptc_snapshot writes a session snapshot. With names_len 0 it is the
// whole session as PTC-Lisp text; otherwise names is a JSON array of names
// and the result is a JSON object mapping each defined one to its entry
// (hosts call it after an evaluation with the result's "defined" list, to
// keep the session's state outside the guest).
//
//go:wasmexport ptc_snapshot
func snapshot(id, namesPtr, namesLen uint32) uint64 {
	s, ok := sessions[id]
	var out string
	switch {
	case !ok:
		out = ""
	case namesLen == 0:
		out = s.Snapshot()
	default:
		doc, _ := lang.DecodeJSON(string(guestBytes(namesPtr, namesLen)))
		entries := lang.NewMapBuilder()
		if v, ok := doc.(*lang.Vector); ok {
			v.Each(func(_ int, x lang.Value) bool {
				if n, ok := x.(string); ok {
					if e := s.SnapshotVars([]string{n}); e != "" {
						entries.Set(n, e)
					}
				}
				return true
			})
		}
		out, _ = lang.EncodeJSON(entries.Build())
	}
	b := []byte(out)
	return uint64(pin(b))<<32 | uint64(len(b))
}

// ptc_restore reads a snapshot into a session and returns a JSON report:
// {"restored": [names], "lost": {name: reason}} or {"error": {...}}.
//
//go:wasmexport ptc_restore
func restore(id, ptr, n uint32) uint64 {
	var out []byte
	if s, ok := sessions[id]; !ok {
		out = errorResult("no such session")
	} else if rep, err := s.Restore(string(guestBytes(ptr, n)), lang.RestoreLimits()); err != nil {
		e, _ := err.(*lang.Error)
		if e == nil {
			e = lang.Errorf(lang.InternalError, "%v", err)
		}
		doc, _ := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"error", problem(e.Kind, e.Message, e.Pos, e.Hint).Build()}))
		out = []byte(doc)
	} else {
		restored := make([]lang.Value, len(rep.Restored))
		for i, r := range rep.Restored {
			restored[i] = r
		}
		lost := lang.NewMapBuilder()
		for k, v := range rep.Lost {
			lost.Set(k, v)
		}
		doc, _ := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"restored", lang.NewVector(restored), "lost", lost.Build()}))
		out = []byte(doc)
	}
	return uint64(pin(out))<<32 | uint64(len(out))
}

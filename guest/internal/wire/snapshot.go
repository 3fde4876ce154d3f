package wire

import "github.com/ptc-wasm/ptc/guest/internal/lang"

// Snapshot writes a snapshot of s. With no names it is the whole session
// as PTC-Lisp text; otherwise names is a JSON array of names and the
// result is a JSON object mapping each defined one to its snapshot entry
// (hosts ask after an evaluation with the result's "defined" list, to keep
// the session's state outside the guest). Names that are not strings or
// not defined are left out.
func Snapshot(s *lang.Session, names []byte) []byte {
	if len(names) == 0 {
		return []byte(s.Snapshot())
	}
	entries := lang.NewMapBuilder()
	for _, n := range stringList(decodeValue(names)) {
		if e := s.SnapshotVars([]string{n}); e != "" {
			entries.Set(n, e)
		}
	}
	out, _ := lang.EncodeJSON(entries.Build())
	return []byte(out)
}

// Restore reads snapshot text into s and returns the report document
// {"restored": [names], "lost": {name: reason}}, or {"error": {"kind",
// "message", "pos"}} when text is not a snapshot this guest reads.
func Restore(s *lang.Session, text []byte) []byte {
	rep, err := s.Restore(string(text), lang.RestoreLimits())
	if err != nil {
		e, _ := err.(*lang.Error)
		if e == nil {
			e = lang.Errorf(lang.InternalError, "%v", err)
		}
		doc, _ := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"error", problem(e.Kind, e.Message, e.Pos, e.Hint).Build()}))
		return []byte(doc)
	}
	restored := make([]lang.Value, len(rep.Restored))
	for i, r := range rep.Restored {
		restored[i] = r
	}
	lost := lang.NewMapBuilder()
	for k, v := range rep.Lost {
		lost.Set(k, v)
	}
	doc, _ := lang.EncodeJSON(lang.NewMapFromPairs([]lang.Value{"restored", lang.NewVector(restored), "lost", lost.Build()}))
	return []byte(doc)
}

func decodeValue(doc []byte) lang.Value {
	v, _ := lang.DecodeJSON(string(doc))
	return v
}

package lang

import "testing"

// BenchmarkBoundaryArgs is the walk of a tool call's arguments when they
// are host data passed on unchanged, (tool/echo {:p data/p}) with the
// 1 KiB payload: only the keyword key changes, the payload crosses back
// without a copy.
func BenchmarkBoundaryArgs(b *testing.B) {
	payload, _ := DecodeJSON(boundaryPayload())
	args := []Value{NewMapFromPairs([]Value{Keyword("p"), payload})}
	b.ReportAllocs()
	for b.Loop() {
		m := toolArgs("echo", args)
		if p, _ := m.Get("p"); p != payload {
			b.Fatal("the payload was copied")
		}
	}
}

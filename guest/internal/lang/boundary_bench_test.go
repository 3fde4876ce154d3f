package lang

import (
	"strings"
	"testing"
)

// boundaryPayload is ~1 KiB of JSON: 16 small maps, the shape of the host
// benchmark BenchmarkToolCallRoundTrip sends each way.
func boundaryPayload() string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < 16; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":`)
		b.WriteString(string(rune('0' + i%10)))
		b.WriteString(`,"name":"item-` + strings.Repeat("x", 30) + `","ok":true}`)
	}
	b.WriteByte(']')
	return b.String()
}

// BenchmarkBoundaryToolCall is the guest's share of one tool call with a
// 1 KiB payload each way: encode the request, decode the response, and
// encode the call's ledger entry (args and result) into the result document.
func BenchmarkBoundaryToolCall(b *testing.B) {
	payload, _ := DecodeJSON(boundaryPayload())
	args := NewMapFromPairs([]Value{Keyword("p"), payload})
	resp := `{"value":` + boundaryPayload() + `}`
	b.ReportAllocs()
	for b.Loop() {
		req := `{"name":"echo","args":` + ExportJSON(args) + `}`
		if len(req) < 1000 {
			b.Fatal(req)
		}
		v, ok := DecodeJSON(resp)
		if !ok {
			b.Fatal("decode")
		}
		r, _ := v.(*Map).Get("value")
		if len(ExportJSON(args))+len(ExportJSON(r)) < 2000 {
			b.Fatal("short ledger")
		}
	}
}

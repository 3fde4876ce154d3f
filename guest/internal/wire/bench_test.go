package wire

import (
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// BenchmarkEvalToolCalls is the guest's side of host BenchmarkToolCallRoundTrip,
// natively: 50 tool calls with ~1 KiB of JSON each way, through the
// request and result documents, with a host that echoes the arguments and
// keeps the ledger itself (host_ledger), as the Go host does.
func BenchmarkEvalToolCalls(b *testing.B) {
	var p strings.Builder
	p.WriteByte('[')
	for i := 0; i < 16; i++ {
		if i > 0 {
			p.WriteByte(',')
		}
		p.WriteString(`{"id":` + string(rune('0'+i%10)) + `,"name":"item-` + strings.Repeat("x", 30) + `","ok":true}`)
	}
	p.WriteByte(']')
	resp := `{"value":` + p.String() + `}`
	req := []byte(`{"source":"(dotimes [i 50] (tool/echo {:p data/p})) :ok","data":{"p":` + p.String() + `},"tools":["echo"],"host_ledger":true}`)
	h := Host{Call: func([]byte) string { return resp }}
	s := lang.NewSession()
	b.ReportAllocs()
	for b.Loop() {
		out := Eval(s, req, h)
		if !strings.Contains(string(out), `"outcome":"value"`) {
			b.Fatal(string(out))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*50), "ns/call")
}

// BenchmarkEvalW6 is a warm W6 Eval through the request and result
// documents, natively: compare with lang's BenchmarkW6Eval for the cost of
// the documents alone.
func BenchmarkEvalW6(b *testing.B) {
	req := []byte(`{"source":"(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))","host_ledger":true}`)
	s := lang.NewSession()
	b.ReportAllocs()
	for b.Loop() {
		if out := Eval(s, req, Host{}); !strings.Contains(string(out), `"value":12`) {
			b.Fatal(string(out))
		}
	}
}

// BenchmarkEvalSmall is the fixed cost of one warm Eval through the
// request and result documents for the small programs that dominate
// agent turns: under wazero every native microsecond here costs ~15-20.
func BenchmarkEvalSmall(b *testing.B) {
	for _, c := range []struct{ name, src, want string }{
		{"int", `1`, `"value":1,`},
		{"vector", `[1 2 3 4 5]`, `"value":[1,2,3,4,5]`},
		{"inc", `(inc 1)`, `"value":2,`},
		{"map", `(map inc [1 2 3 4 5])`, `"value":[2,3,4,5,6]`},
		{"w6", `(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))`, `"value":12,`},
		{"ids", `(vec (range 1000 1064))`, `"value":[1000,1001,`},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := []byte(`{"source":"` + c.src + `","host_ledger":true}`)
			s := lang.NewSession()
			b.ReportAllocs()
			for b.Loop() {
				if out := Eval(s, req, Host{}); !strings.Contains(string(out), c.want) {
					b.Fatal(string(out))
				}
			}
		})
	}
}

// BenchmarkEvalLimits is a trivial warm Eval whose request carries limits
// and a little data, as hosts send them: the cost of reading the request
// document shows next to an evaluation that does almost nothing.
func BenchmarkEvalLimits(b *testing.B) {
	req := []byte(`{"source":"1","limits":{"max_steps":1000000,"max_tool_calls":50},"data":{"user":{"id":7,"name":"Ann"},"n":3},"host_ledger":true}`)
	s := lang.NewSession()
	b.ReportAllocs()
	for b.Loop() {
		if out := Eval(s, req, Host{}); !strings.Contains(string(out), `"value":1`) {
			b.Fatal(string(out))
		}
	}
}

// BenchmarkDecodeEval is the request document alone: DecodeEval of the
// request of BenchmarkEvalLimits.
func BenchmarkDecodeEval(b *testing.B) {
	req := []byte(`{"source":"1","limits":{"max_steps":1000000,"max_tool_calls":50},"data":{"user":{"id":7,"name":"Ann"},"n":3},"host_ledger":true}`)
	b.ReportAllocs()
	for b.Loop() {
		if r, bad := DecodeEval(req, Host{}); bad != nil || r.Options.Limits.MaxSteps != 1000000 {
			b.Fatal(string(bad))
		}
	}
}

package wire

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// The request and response documents used to be decoded whole with
// lang.DecodeJSON and read from the map. The decoders now scan them
// member by member; the tests here hold the map-based reading as the
// reference and check that both read every document alike.

// decodeObject decodes doc as a JSON object.
func decodeObject(doc []byte) (*lang.Map, bool) {
	v, ok := lang.DecodeJSON(string(doc))
	m, isMap := v.(*lang.Map)
	return m, ok && isMap
}

// field is m's entry for name, nil when absent or m is nil.
func field(m *lang.Map, name string) lang.Value {
	if m == nil {
		return nil
	}
	v, _ := m.Get(name)
	return v
}

// refRequest is what the map-based reading made of an eval request.
type refRequest struct {
	bad        bool
	src        string
	hostLedger bool
	clock      bool
	timeoutMs  int64
	tools      []string
	limits     lang.Limits
	data       map[string]lang.Value
}

func refDecodeEval(req []byte) (r refRequest) {
	m, ok := decodeObject(req)
	if !ok {
		return refRequest{bad: true}
	}
	r.hostLedger = field(m, "host_ledger") == true
	r.src, _ = field(m, "source").(string)
	r.timeoutMs = timeoutMillis(field(m, "timeout_ms"))
	if d, ok := field(m, "data").(*lang.Map); ok {
		r.data = map[string]lang.Value{}
		d.Each(func(k, v lang.Value) bool {
			r.data[k.(string)] = v
			return true
		})
	}
	r.tools = stringList(field(m, "tools"))
	sort.Strings(r.tools)
	if l, ok := field(m, "limits").(*lang.Map); ok {
		r.limits = refLimitsFromMap(l)
	}
	r.clock = field(m, "clock") == true
	return r
}

// refLimitsFromMap is lang.LimitsFromMap as it was, one Get per name.
func refLimitsFromMap(m *lang.Map) lang.Limits {
	get := func(name string) int64 {
		if v, ok := m.Get(name); ok {
			switch n := v.(type) {
			case int64:
				return n
			case float64:
				return int64(n)
			}
		}
		return 0
	}
	return lang.Limits{
		MaxSteps: get("max_steps"), MaxDepth: int(get("max_depth")), MaxCollection: int(get("max_collection")),
		MaxStringBytes: int(get("max_string_bytes")), MaxPrintBytes: int(get("max_print_bytes")),
		MaxResultBytes: int(get("max_result_bytes")), MaxToolCalls: int(get("max_tool_calls")),
		MaxSourceBytes: int(get("max_source_bytes")), MaxNesting: int(get("max_nesting")),
		MaxForms: int(get("max_forms")), MaxParallel: int(get("max_parallel")),
	}
}

// scanned is refRequest's reading of what DecodeEval made of req: the
// deadline is found by polling with a clock set just before and at it.
func scanned(req []byte) (r refRequest) {
	var now int64
	h := Host{Monotonic: func() int64 { return now }, Clock: func() int64 { return 0 }}
	got, bad := DecodeEval(req, h)
	if bad != nil {
		if string(bad) != `{"outcome":"error","error":{"kind":"internal_error","message":"bad request: not a JSON object"}}` {
			panic("bad request document " + string(bad))
		}
		return refRequest{bad: true}
	}
	o := got.Options
	r = refRequest{src: got.Source, hostLedger: got.HostLedger, clock: o.Clock != nil, limits: o.Limits, data: o.Data}
	if o.Tools != nil {
		r.tools = o.Tools.ToolNames()
	}
	if o.Poll != nil {
		// The deadline is ms*1e6 ns after the reading at 0: find ms.
		lo, hi := int64(0), int64(1e12) // past any timeout_ms, short of overflowing ns
		for lo < hi {
			mid := lo + (hi-lo)/2
			now = mid * 1_000_000
			if o.Poll() == lang.Timeout {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		r.timeoutMs = lo
	}
	return r
}

func sameRequest(a, b refRequest) bool {
	if a.bad || b.bad {
		return a.bad == b.bad
	}
	if a.src != b.src || a.hostLedger != b.hostLedger || a.clock != b.clock || a.timeoutMs != b.timeoutMs ||
		strings.Join(a.tools, "\x00") != strings.Join(b.tools, "\x00") || len(a.tools) != len(b.tools) ||
		a.limits != b.limits || (a.data == nil) != (b.data == nil) || len(a.data) != len(b.data) {
		return false
	}
	for k, v := range a.data {
		w, ok := b.data[k]
		if !ok || !lang.Equal(v, w) || lang.PrStr(v) != lang.PrStr(w) {
			return false
		}
	}
	return true
}

func checkDecodeEval(t *testing.T, doc string) {
	t.Helper()
	want, got := refDecodeEval([]byte(doc)), scanned([]byte(doc))
	if !sameRequest(want, got) {
		t.Errorf("DecodeEval(%s)\n got %+v\nwant %+v", doc, got, want)
	}
}

// requestDocs are requests with every member in its usual and its odd
// forms: wrong types, duplicates, escaped keys, unknown members, deep
// data, invalid text.
var requestDocs = []string{
	`{"source":"1","limits":{"max_steps":1000000},"host_ledger":true}`,
	`{"source":"(+ 1 2)","data":{"a":1,"b":[1,2,{"c":"d"}],"e":{"f":null}},"tools":["z","a",3,null,"m"],"clock":true,"timeout_ms":250}`,
	`{"limits":{"max_steps":5,"max_depth":6,"max_collection":7,"max_string_bytes":8,"max_print_bytes":9,"max_result_bytes":10,"max_tool_calls":11,"max_source_bytes":12,"max_nesting":13,"max_forms":14,"max_parallel":15,"max_other":16}}`,
	`{"limits":{"max_steps":2.9,"max_depth":"7","max_tool_calls":-3,"max_forms":1e3,"max_parallel":null,"max_nesting":true}}`,
	`{"limits":{"max_steps":1,"max_steps":2}}`,
	`{"limits":{"max_steps":1,"max_steps":"x"}}`,
	`{"limits":{"max_steps":1},"limits":{"max_depth":3}}`,
	`{"limits":{"max_steps":1},"limits":[1]}`,
	`{"limits":5}`,
	`{"source":"a","source":"b"}`,
	`{"source":"a","source":7}`,
	`{"source":7}`,
	`{"source":"tab\tand \u00e9 \ud83d\ude00 \" \\ \/ \n"}`,
	`{"sour\u0063e":"escaped key","host_l\u0065dger":true}`,
	`{"host_ledger":"true","clock":1}`,
	`{"host_ledger":true,"host_ledger":false}`,
	`{"host_ledger":false,"host_ledger":true,"clock":false,"clock":true}`,
	`{"tools":"echo"}`,
	`{"tools":[]}`,
	`{"tools":["a"],"tools":["b","c"]}`,
	`{"tools":["a"],"tools":null}`,
	`{"tools":[["x"],{"y":"z"},"w"]}`,
	`{"data":{}}`,
	`{"data":[]}`,
	`{"data":null}`,
	`{"data":{"a":1},"data":{"b":2}}`,
	`{"data":{"a":1},"data":"x"}`,
	`{"data":{"a":1,"a":2,"b":{"c":1,"c":[3]}}}`,
	`{"data":{"xs":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"big":12345678901234567890,"neg":-0,"f":1.5e-3}}`,
	`{"data":{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10}}`,
	`{"timeout_ms":0}`, `{"timeout_ms":-5}`, `{"timeout_ms":"10"}`, `{"timeout_ms":1e300}`, `{"timeout_ms":0.5}`,
	`{"timeout_ms":1.5}`, `{"timeout_ms":10,"timeout_ms":20}`, `{"timeout_ms":10,"timeout_ms":null}`,
	`{"unknown":{"deep":[1,2,{"x":[true,false,null]}]},"source":"x","other":"y"}`,
	`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"source":"many members"}`,
	` { "source" : "spaces" , "tools" : [ "a" , "b" ] , "limits" : { "max_steps" : 3 } } `,
	`{}`, ``, ` `, `null`, `[]`, `[1,2]`, `"source"`, `1`, `true`,
	`{"source":`, `{"source":"x"`, `{"source":"x",}`, `{"source":"x"} x`, `{"source":"x"}{}`,
	`{"source" "x"}`, `{source:"x"}`, `{"source":'x'}`, `{"data":{"a":}}`, `{"data":{"a":1,}}`,
	`{"limits":{"max_steps":01}}`, `{"limits":{"max_steps":1.}}`, `{"tools":["a",]}`, `{"tools":["a" "b"]}`,
	`{"unknown":[1,2}`, `{"unknown":tru}`, `{"source":"bad \x escape"}`, `{"source":"ctrl ` + "\x01" + `"}`,
	`{"s\u00":1}`, `{"data":{"x":"\ud800"}}`, "{\"source\":\"\xff\xfe\"}", "{\"\xff\":1}",
	`{"data":` + strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001) + `}`,
	`{"data":{"d":` + strings.Repeat(`[`, 9990) + strings.Repeat(`]`, 9990) + `}}`,
	`{"x":` + strings.Repeat(`{"a":`, 9999) + `1` + strings.Repeat(`}`, 9999) + `}`,
	`{"x":` + strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat(`}`, 10000) + `}`,
}

func TestDecodeEvalMatchesMapReading(t *testing.T) {
	for _, doc := range requestDocs {
		checkDecodeEval(t, doc)
	}
}

// TestDecodeEvalRandomDocuments compares the two readings on generated
// requests: members in any order and number, some of the wrong type, and
// some documents cut short or with a byte changed.
func TestDecodeEvalRandomDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 3000; i++ {
		doc := randomRequest(r)
		checkDecodeEval(t, doc)
		if len(doc) > 0 {
			cut := r.IntN(len(doc))
			checkDecodeEval(t, doc[:cut])
			b := []byte(doc)
			b[r.IntN(len(b))] = `{}[]":,\ 0a-."`[r.IntN(14)]
			checkDecodeEval(t, string(b))
		}
	}
}

func randomRequest(r *rand.Rand) string {
	names := []string{"source", "host_ledger", "clock", "timeout_ms", "tools", "limits", "data", "other", `sour\u0063e`}
	var b strings.Builder
	b.WriteByte('{')
	for i, n := 0, r.IntN(7); i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		name := names[r.IntN(len(names))]
		b.WriteString(`"` + name + `":`)
		if r.IntN(5) == 0 { // the wrong type, or anything
			b.WriteString(randomJSON(r, 2))
			continue
		}
		switch name {
		case "source", "sour\\u0063e":
			b.WriteString(strconv.Quote("(+ 1 " + strconv.Itoa(r.IntN(9)) + ")"))
		case "host_ledger", "clock":
			b.WriteString([]string{"true", "false"}[r.IntN(2)])
		case "timeout_ms":
			b.WriteString([]string{"10", "0", "-1", "2.5", "1e20", "99999"}[r.IntN(6)])
		case "tools":
			b.WriteByte('[')
			for j, m := 0, r.IntN(4); j < m; j++ {
				if j > 0 {
					b.WriteByte(',')
				}
				if r.IntN(4) == 0 {
					b.WriteString(randomJSON(r, 1))
				} else {
					b.WriteString(`"t` + strconv.Itoa(r.IntN(5)) + `"`)
				}
			}
			b.WriteByte(']')
		case "limits":
			lims := []string{"max_steps", "max_depth", "max_tool_calls", "max_parallel", "max_x"}
			b.WriteByte('{')
			for j, m := 0, r.IntN(4); j < m; j++ {
				if j > 0 {
					b.WriteByte(',')
				}
				b.WriteString(`"` + lims[r.IntN(len(lims))] + `":`)
				if r.IntN(4) == 0 {
					b.WriteString(randomJSON(r, 1))
				} else {
					b.WriteString(strconv.Itoa(r.IntN(2000000) - 10))
				}
			}
			b.WriteByte('}')
		default:
			b.WriteString(randomJSON(r, 3))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// randomJSON is a valid JSON value nested at most depth deep.
func randomJSON(r *rand.Rand, depth int) string {
	k := r.IntN(8)
	if depth <= 0 {
		k = r.IntN(5)
	}
	switch k {
	case 0:
		return "null"
	case 1:
		return []string{"true", "false"}[r.IntN(2)]
	case 2:
		return []string{"0", "-7", "3.25", "1e3", "123456789012345678901", "-0.0"}[r.IntN(6)]
	case 3:
		return []string{`""`, `"x"`, `"a\"b"`, `"\u00e9\n"`, `"k1"`}[r.IntN(5)]
	case 4:
		return `"s` + strconv.Itoa(r.IntN(100)) + `"`
	case 5, 6:
		var b strings.Builder
		b.WriteByte('{')
		for i, n := 0, r.IntN(4); i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + strconv.Itoa(r.IntN(4)) + `":` + randomJSON(r, depth-1))
		}
		b.WriteByte('}')
		return b.String()
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, n := 0, r.IntN(4); i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(randomJSON(r, depth-1))
	}
	b.WriteByte(']')
	return b.String()
}

// FuzzDecodeEval compares the two readings of a request document.
//
//	go test ./guest/internal/wire -run XXX -fuzz FuzzDecodeEval -fuzztime 1m
func FuzzDecodeEval(f *testing.F) {
	for _, doc := range requestDocs {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc string) { checkDecodeEval(t, doc) })
}

// refCheckRequest is the source and tools the map-based Check read.
func refCheckRequest(req []byte) (src string, tools []string, bad bool) {
	m, ok := decodeObject(req)
	if !ok {
		return "", nil, true
	}
	src, _ = field(m, "source").(string)
	if _, ok := field(m, "tools").(*lang.Vector); ok {
		tools = append([]string{}, stringList(field(m, "tools"))...)
	}
	return src, tools, false
}

// TestCheckMatchesMapReading compares Check's answers with lang.Check on
// what the map-based reading found, tools absent (nil) and empty apart.
func TestCheckMatchesMapReading(t *testing.T) {
	docs := append([]string{
		`{"source":"(tool/x {})","tools":[]}`, `{"source":"(tool/x {})","tools":null}`,
		`{"source":"(tool/x {})","tools":[1,2]}`, `{"source":"(tool/x {})","tools":["x"]}`,
		`{"source":"(tool/x {})","tools":["y"],"tools":"z"}`, `{"source":"(fitler odd? [1])","tools":["a"]}`,
	}, requestDocs...)
	for _, doc := range docs {
		src, tools, bad := refCheckRequest([]byte(doc))
		want := `{"outcome":"error","error":{"kind":"internal_error","message":"bad request: not a JSON object"}}`
		if !bad {
			ds := lang.Check(src, tools)
			want = strconv.Itoa(len(ds))
			if got := string(Check([]byte(doc))); !strings.HasPrefix(got, `{"diagnostics":[`) || strings.Count(got, `"kind":`) != len(ds) {
				t.Errorf("Check(%s) = %s, want %s diagnostics", doc, got, want)
			}
			for _, d := range ds {
				if got := string(Check([]byte(doc))); !strings.Contains(got, `"kind":"`+string(d.Kind)+`"`) {
					t.Errorf("Check(%s) = %s, lacks %s", doc, got, d.Kind)
				}
			}
			continue
		}
		if got := string(Check([]byte(doc))); got != want {
			t.Errorf("Check(%s) = %s, want %s", doc, got, want)
		}
	}
}

// refToolResponse is the map-based reading of a tool response document.
func refToolResponse(resp []byte) (v lang.Value, errMsg string, bad bool) {
	m, ok := decodeObject(resp)
	if !ok {
		return nil, "", true
	}
	if msg, ok := field(m, "error").(string); ok && msg != "" {
		return nil, msg, false
	}
	return field(m, "value"), "", false
}

var responseDocs = []string{
	`{"value":1}`, `{"value":{"a":[1,2,{"b":null}]}}`, `{"value":null}`, `{}`, `{"error":"it broke"}`,
	`{"error":""}`, `{"error":5}`, `{"error":"x","value":3}`, `{"value":3,"error":"x"}`, `{"value":1,"value":2}`,
	`{"error":"a","error":""}`, `{"error":"a","error":null}`, `{"value":1,"other":{"x":[]}}`, ` {"value" : [ 1 ] } `,
	`{"value":1}x`, `{"value":}`, `{"value":1,}`, `[{"value":1}]`, `"value"`, ``, `not json`, `{"value":"\ud800"}`,
	`{"valu\u0065":"escaped"}`, `{"value":1,"value":}`, `{"value":[1,2}`, `{"value":1}{"value":2}`,
}

func TestToolResponseMatchesMapReading(t *testing.T) {
	for _, doc := range responseDocs {
		want, wantErr, bad := refToolResponse([]byte(doc))
		got, err := DecodeToolResponse("t", doc)
		switch {
		case bad:
			if err == nil || !strings.Contains(err.Error(), "tool/t: the host's response is not a JSON object") {
				t.Errorf("DecodeToolResponse(%s) = %v, %v; want not an object", doc, got, err)
			}
		case wantErr != "":
			if _, ok := err.(toolFailure); !ok || err.Error() != wantErr || got != nil {
				t.Errorf("DecodeToolResponse(%s) = %v, %v; want failure %q", doc, got, err, wantErr)
			}
		default:
			if err != nil || !lang.Equal(got, want) || lang.PrStr(got) != lang.PrStr(want) {
				t.Errorf("DecodeToolResponse(%s) = %v, %v; want %v", doc, got, err, lang.PrStr(want))
			}
		}
	}
}

// TestToolBatchMatchesMapReading: a batch response is an array of the
// response documents above (or anything), read as the map-based reading
// read it: elements that are no object give no value and no error, and an
// array of the wrong length (or none) fails every call.
func TestToolBatchMatchesMapReading(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for i := 0; i < 2000; i++ {
		n := r.IntN(4)
		var parts []string
		for j, m := 0, n+r.IntN(2)-r.IntN(2); j < m; j++ {
			if r.IntN(5) == 0 {
				parts = append(parts, randomJSON(r, 2))
			} else {
				parts = append(parts, responseDocs[r.IntN(13)]) // the valid ones
			}
		}
		doc := "[" + strings.Join(parts, ",") + "]"
		if r.IntN(10) == 0 {
			doc = doc[:r.IntN(len(doc))]
		}
		got := DecodeToolBatch(doc, make([]lang.ToolResponse, n))
		v, ok := lang.DecodeJSON(doc)
		rv, isVec := v.(*lang.Vector)
		if !ok || !isVec || rv.Len() != n {
			for k, g := range got {
				if g.Value != nil || g.Err == nil || !strings.Contains(g.Err.Error(), "not a JSON array of "+strconv.Itoa(n)+" results") {
					t.Errorf("DecodeToolBatch(%s)[%d] = %v, %v; want a failed batch", doc, k, g.Value, g.Err)
				}
			}
			continue
		}
		for k := range n {
			rm, _ := rv.Nth(k).(*lang.Map)
			var wantV lang.Value
			var wantErr string
			if msg, ok := field(rm, "error").(string); ok && msg != "" {
				wantErr = msg
			} else {
				wantV = field(rm, "value")
			}
			g := got[k]
			if (g.Err == nil) != (wantErr == "") || (g.Err != nil && g.Err.Error() != wantErr) ||
				!lang.Equal(g.Value, wantV) || lang.PrStr(g.Value) != lang.PrStr(wantV) {
				t.Errorf("DecodeToolBatch(%s)[%d] = %v, %v; want %v, %q", doc, k, g.Value, g.Err, wantV, wantErr)
			}
		}
	}
}

package wire

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// fakeHost serves tools from a table and records the request documents.
type fakeHost struct {
	tools   map[string]string // name -> response document
	calls   []string
	batches []string
}

func (f *fakeHost) host(batch bool) Host {
	h := Host{Call: func(req []byte) string {
		f.calls = append(f.calls, string(req))
		return f.respond(string(req))
	}}
	if batch {
		h.Batch = func(req []byte) string {
			f.batches = append(f.batches, string(req))
			v, _ := lang.DecodeJSON(string(req))
			var out []string
			v.(*lang.Vector).Each(func(_ int, r lang.Value) bool {
				js, _ := lang.EncodeJSON(r)
				out = append(out, f.respond(js))
				return true
			})
			return "[" + strings.Join(out, ",") + "]"
		}
	}
	return h
}

func (f *fakeHost) respond(req string) string {
	m, _ := decodeObject([]byte(req))
	name, _ := field(m, "name").(string)
	if r, ok := f.tools[name]; ok {
		return r
	}
	return `{"error":"no tool ` + name + `"}`
}

func eval(t *testing.T, s *lang.Session, h Host, req string) string {
	t.Helper()
	return string(Eval(s, []byte(req), h))
}

func TestEvalValue(t *testing.T) {
	s := lang.NewSession()
	got := eval(t, s, Host{}, `{"source":"(->> data/xs (map inc))","data":{"xs":[1,2,3]}}`)
	want := `{"outcome":"value","value":[2,3,4],"printed":"[2 3 4]","prints":[],"tool_calls":[],"steps":`
	if !strings.HasPrefix(got, want) {
		t.Fatalf("got  %s\nwant %s...", got, want)
	}
}

func TestEvalSessionDefsAndPrints(t *testing.T) {
	s := lang.NewSession()
	got := eval(t, s, Host{}, `{"source":"(def x 41) (println \"hi\") x"}`)
	if !strings.Contains(got, `"prints":["hi"]`) || !strings.HasSuffix(got, `,"defined":["x"]}`) {
		t.Fatalf("turn 1: %s", got)
	}
	got = eval(t, s, Host{}, `{"source":"(inc x)"}`)
	if !strings.HasPrefix(got, `{"outcome":"value","value":42,"printed":"42"`) {
		t.Fatalf("turn 2: %s", got)
	}
}

func TestEvalError(t *testing.T) {
	got := eval(t, lang.NewSession(), Host{}, `{"source":"(+ 1 :a)"}`)
	if !strings.HasPrefix(got, `{"outcome":"error","error":{"kind":"type_error","message":`) ||
		!strings.Contains(got, `"pos":{"line":1,"col":1}`) {
		t.Fatalf("got %s", got)
	}
	if strings.Contains(got, `"value"`) {
		t.Fatalf("an error result has a value: %s", got)
	}
}

func TestEvalLimitError(t *testing.T) {
	got := eval(t, lang.NewSession(), Host{}, `{"source":"(loop [i 0] (recur (inc i)))","limits":{"max_steps":1000}}`)
	if !strings.Contains(got, `"kind":"step_limit"`) || !strings.Contains(got, `"limit":"MaxSteps"`) {
		t.Fatalf("got %s", got)
	}
}

func TestBadRequests(t *testing.T) {
	want := `{"outcome":"error","error":{"kind":"internal_error","message":"bad request: not a JSON object"}}`
	for _, req := range []string{``, `not json`, `[1,2]`, `"source"`, `{"source":`} {
		if got := eval(t, lang.NewSession(), Host{}, req); got != want {
			t.Errorf("Eval(%q) = %s", req, got)
		}
		if got := string(Check([]byte(req))); got != want {
			t.Errorf("Check(%q) = %s", req, got)
		}
	}
	// A request without a source is an empty program, not a bad request.
	if got := eval(t, lang.NewSession(), Host{}, `{}`); !strings.HasPrefix(got, `{"outcome":"value","value":null`) {
		t.Errorf("Eval({}) = %s", got)
	}
}

func TestToolCalls(t *testing.T) {
	f := &fakeHost{tools: map[string]string{"double": `{"value":{"n":84}}`, "boom": `{"error":"it broke"}`}}
	s := lang.NewSession()
	got := eval(t, s, f.host(false), `{"source":"(:n (tool/double {:n 42}))","tools":["double","boom"]}`)
	if !strings.HasPrefix(got, `{"outcome":"value","value":84,"printed":"84","prints":[],"tool_calls":[{"name":"double","args":{"n":42},"result":{"n":84}}],"steps":`) {
		t.Fatalf("got %s", got)
	}
	if len(f.calls) != 1 || f.calls[0] != `{"name":"double","args":{"n":42}}` {
		t.Fatalf("requests %q", f.calls)
	}
	got = eval(t, s, f.host(false), `{"source":"(tool/boom {})","tools":["double","boom"]}`)
	if !strings.Contains(got, `"kind":"tool_error"`) || !strings.Contains(got, `it broke`) ||
		!strings.Contains(got, `"tool_calls":[{"name":"boom","args":{},"error":"it broke"}]`) {
		t.Fatalf("got %s", got)
	}
	got = eval(t, s, f.host(false), `{"source":"(tool/double {})"}`)
	if !strings.Contains(got, `"kind":"unknown_tool"`) {
		t.Fatalf("an ungranted tool: %s", got)
	}
}

func TestBadToolResponses(t *testing.T) {
	f := &fakeHost{tools: map[string]string{"junk": `not json`}}
	got := eval(t, lang.NewSession(), f.host(false), `{"source":"(tool/junk {})","tools":["junk"]}`)
	if !strings.Contains(got, `"kind":"tool_error"`) || !strings.Contains(got, `not a JSON object`) {
		t.Fatalf("got %s", got)
	}
	got = eval(t, lang.NewSession(), Host{}, `{"source":"(tool/x {})","tools":["x"]}`)
	if !strings.Contains(got, `"kind":"tool_error"`) || !strings.Contains(got, `cannot call tools`) {
		t.Fatalf("no transport: %s", got)
	}
}

func TestBatch(t *testing.T) {
	f := &fakeHost{tools: map[string]string{"id": `{"value":7}`}}
	src := `{"source":"(pmap (fn [i] (tool/id {:i i})) [1 2 3])","tools":["id"]}`
	got := eval(t, lang.NewSession(), f.host(true), src)
	if !strings.HasPrefix(got, `{"outcome":"value","value":[7,7,7]`) ||
		!strings.Contains(got, `{"name":"id","args":{"i":3},"result":7,"batch":1}`) {
		t.Fatalf("got %s", got)
	}
	if len(f.batches) != 1 || len(f.calls) != 0 ||
		f.batches[0] != `[{"name":"id","args":{"i":1}},{"name":"id","args":{"i":2}},{"name":"id","args":{"i":3}}]` {
		t.Fatalf("batches %q, calls %q", f.batches, f.calls)
	}
	// Without Batch the same calls go one at a time and keep their batch number.
	g := &fakeHost{tools: f.tools}
	got2 := eval(t, lang.NewSession(), g.host(false), src)
	if len(g.calls) != 3 || len(g.batches) != 0 || got2 != got {
		t.Fatalf("one at a time: calls %q\n%s\nwant %s", g.calls, got2, got)
	}
}

func TestBadBatchResponse(t *testing.T) {
	h := Host{Call: func([]byte) string { return "" }, Batch: func([]byte) string { return `[{"value":1}]` }}
	got := eval(t, lang.NewSession(), h, `{"source":"(pmap (fn [i] (tool/id {:i i})) [1 2])","tools":["id"]}`)
	if !strings.Contains(got, `"kind":"tool_error"`) || !strings.Contains(got, `not a JSON array of 2 results`) {
		t.Fatalf("got %s", got)
	}
}

func TestClockOnlyWhenGranted(t *testing.T) {
	h := Host{Clock: func() int64 { return 1234 }}
	got := eval(t, lang.NewSession(), h, `{"source":"(System/currentTimeMillis)","clock":true}`)
	if !strings.HasPrefix(got, `{"outcome":"value","value":1234,`) {
		t.Fatalf("granted: %s", got)
	}
	got = eval(t, lang.NewSession(), h, `{"source":"(System/currentTimeMillis)"}`)
	if !strings.Contains(got, `"kind":"value_error"`) {
		t.Fatalf("not granted: %s", got)
	}
}

func TestPoll(t *testing.T) {
	h := Host{Poll: func() lang.ErrorKind { return lang.Cancelled }}
	got := eval(t, lang.NewSession(), h, `{"source":"(loop [i 0] (recur (inc i)))"}`)
	if !strings.Contains(got, `"kind":"cancelled"`) {
		t.Fatalf("got %s", got)
	}
}

// TestSafepointAndPollCadence: Host.Safepoint is called every 1,024
// steps, and Host.Poll (which in the Wasm guest also yields to the
// collector) every 4,096, for the whole of a long evaluation, pmap
// workers included.
func TestSafepointAndPollCadence(t *testing.T) {
	for _, src := range []string{
		"(loop [i 0] (if (< i 100000) (recur (inc i)) i))",
		"(count (pmap (fn [n] (loop [i 0] (if (< i 25000) (recur (inc i)) i))) [1 2 3 4]))",
	} {
		var safepoints, polls int64
		h := Host{
			Safepoint: func() { safepoints++ },
			Poll:      func() lang.ErrorKind { polls++; return "" },
		}
		got := eval(t, lang.NewSession(), h, `{"source":"`+src+`"}`)
		m := regexp.MustCompile(`"steps":(\d+)`).FindStringSubmatch(got)
		if m == nil || !strings.Contains(got, `"outcome":"value"`) {
			t.Fatalf("%s: %s", src, got)
		}
		steps, _ := strconv.ParseInt(m[1], 10, 64)
		if want := steps / 1024; safepoints < want-4 || safepoints > want+4 {
			t.Errorf("%s: %d safepoints in %d steps, want about %d", src, safepoints, steps, want)
		}
		if want := steps / 4096; polls < want-4 || polls > want+8 {
			t.Errorf("%s: %d polls in %d steps, want about %d", src, polls, steps, want)
		}
	}
}

func TestDecodeEval(t *testing.T) {
	r, bad := DecodeEval([]byte(`{"source":"x","data":{"a":1,"b":"s"},"tools":["z","a",3],"limits":{"max_steps":99},"clock":true}`), Host{Clock: func() int64 { return 0 }})
	src, opts := r.Source, r.Options
	if bad != nil || src != "x" || r.HostLedger {
		t.Fatalf("src %q host ledger %v bad %s", src, r.HostLedger, bad)
	}
	if len(opts.Data) != 2 || opts.Data["a"] != int64(1) || opts.Data["b"] != "s" {
		t.Errorf("data %v", opts.Data)
	}
	if n := opts.Tools.ToolNames(); strings.Join(n, ",") != "a,z" || !opts.Tools.HasTool("z") || opts.Tools.HasTool("3") {
		t.Errorf("tools %v", n)
	}
	if opts.Limits.MaxSteps != 99 {
		t.Errorf("limits %+v", opts.Limits)
	}
	if opts.Clock == nil {
		t.Errorf("no clock")
	}
	if _, ok := opts.Tools.(lang.BatchToolHost); ok {
		t.Errorf("a host without Batch gave a batch tool host")
	}
}

func TestCheck(t *testing.T) {
	got := string(Check([]byte(`{"source":"(fitler odd? [1])\n(tool/get-order {})","tools":["get-orders"]}`)))
	if !strings.HasPrefix(got, `{"diagnostics":[{"kind":"unbound_symbol","message":"unable to resolve symbol: fitler","pos":{"line":1,"col":2},"hint":"did you mean filter?"},{"kind":"unknown_tool"`) {
		t.Fatalf("got %s", got)
	}
	if got := string(Check([]byte(`{"source":"(tool/x {})"}`))); got != `{"diagnostics":[]}` {
		t.Fatalf("tools unknown: %s", got)
	}
	if got := string(Check([]byte(`{"source":"(tool/x {})","tools":[]}`))); !strings.Contains(got, "unknown_tool") {
		t.Fatalf("no tools: %s", got)
	}
}

func TestSnapshotRestore(t *testing.T) {
	s := lang.NewSession()
	eval(t, s, Host{}, `{"source":"(def rate 3) (defn scale [x] (* rate x))"}`)
	text := Snapshot(s, nil)
	if !strings.HasPrefix(string(text), "(ptc/snapshot 1)") {
		t.Fatalf("snapshot %s", text)
	}
	entries := string(Snapshot(s, []byte(`["rate","nope",1]`)))
	if !strings.HasPrefix(entries, `{"rate":"(ptc/var \"rate\"`) || strings.Contains(entries, "nope") {
		t.Fatalf("entries %s", entries)
	}
	if got := string(Snapshot(s, []byte(`junk`))); got != `{}` {
		t.Fatalf("bad names: %s", got)
	}
	s2 := lang.NewSession()
	if rep := string(Restore(s2, text)); rep != `{"restored":["rate","scale"],"lost":{}}` {
		t.Fatalf("restore: %s", rep)
	}
	if got := eval(t, s2, Host{}, `{"source":"(scale 5)"}`); !strings.HasPrefix(got, `{"outcome":"value","value":15,`) {
		t.Fatalf("after restore: %s", got)
	}
	if rep := string(Restore(lang.NewSession(), []byte("hello"))); !strings.HasPrefix(rep, `{"error":{"kind":`) {
		t.Fatalf("bad snapshot: %s", rep)
	}
}

// TestTimeoutMillis: with a monotonic clock, a request's timeout_ms is a
// deadline the guest keeps itself; without one it is ignored.
func TestTimeoutMillis(t *testing.T) {
	var now int64
	clock := func() int64 { now += 1_000_000; return now } // 1 ms per reading
	req := []byte(`{"source":"(loop [i 0] (recur (inc i)))","timeout_ms":20,"limits":{"max_steps":100000000}}`)
	out := string(Eval(lang.NewSession(), req, Host{Monotonic: clock}))
	if !strings.Contains(out, `"kind":"timeout"`) {
		t.Fatalf("timeout_ms 20 with a clock: %s", out)
	}
	if now < 20_000_000 {
		t.Errorf("timed out after %d ms of clock, before the deadline", now/1_000_000)
	}
	req = []byte(`{"source":"(loop [i 0] (if (< i 100000) (recur (inc i)) i))","timeout_ms":1}`)
	if out := string(Eval(lang.NewSession(), req, Host{})); !strings.Contains(out, `"value":100000`) {
		t.Errorf("timeout_ms without a clock should be ignored: %s", out)
	}
	for _, bad := range []string{`-5`, `0`, `"10"`, `1e300`} {
		req := []byte(`{"source":"(+ 1 2)","timeout_ms":` + bad + `}`)
		if out := string(Eval(lang.NewSession(), req, Host{Monotonic: clock})); !strings.Contains(out, `"value":3`) {
			t.Errorf("timeout_ms %s: %s", bad, out)
		}
	}
}

// TestDeadlineDuringToolCallKeepsTheCall: a tool call during which the
// deadline passed ends the evaluation with kind timeout, and the call
// stays in the ledger with the host's answer.
func TestDeadlineDuringToolCallKeepsTheCall(t *testing.T) {
	var now int64
	h := Host{
		Monotonic: func() int64 { return now },
		Call: func([]byte) string {
			now += 50_000_000 // the tool takes 50 ms
			return `{"error":"abandoned at the deadline"}`
		},
	}
	req := []byte(`{"source":"(tool/slow {:n 1}) :unreached","tools":["slow"],"timeout_ms":10}`)
	out := string(Eval(lang.NewSession(), req, h))
	for _, want := range []string{`"kind":"timeout"`, `"tool_calls":[{"name":"slow","args":{"n":1},"error":"abandoned at the deadline"}]`} {
		if !strings.Contains(out, want) {
			t.Errorf("result lacks %s:\n%s", want, out)
		}
	}
}

// TestHostLedger: with host_ledger the result's tool_calls entries carry
// the name, the error and the batch, not the arguments and results the
// host already has.
func TestHostLedger(t *testing.T) {
	h := Host{Call: func(req []byte) string {
		if strings.Contains(string(req), `"bad"`) {
			return `{"error":"no such id"}`
		}
		return `{"value":{"rows":[1,2]}}`
	}}
	req := []byte(`{"source":"(tool/q {:id 1}) (tool/q {:id \"bad\"})","tools":["q"],"host_ledger":true}`)
	out := string(Eval(lang.NewSession(), req, h))
	want := `"tool_calls":[{"name":"q"},{"name":"q","error":"no such id"}]`
	if !strings.Contains(out, want) {
		t.Errorf("host_ledger: want %s in\n%s", want, out)
	}
	req = []byte(`{"source":"(tool/q {:id 1})","tools":["q"]}`)
	out = string(Eval(lang.NewSession(), req, h))
	want = `"tool_calls":[{"name":"q","args":{"id":1},"result":{"rows":[1,2]}}]`
	if !strings.Contains(out, want) {
		t.Errorf("default ledger: want %s in\n%s", want, out)
	}
}

// TestWritePrinted checks that the printed form written straight into the
// document is the one written by quoting PrStr, for values that take the
// direct path and for values that do not.
func TestWritePrinted(t *testing.T) {
	for _, src := range []string{
		`nil`, `true`, `-42`, `1.5`, `##NaN`, `(/ 1.0 0)`, `1e-7`, `:kw`, `:ns/k-w?`, `'sym`, `(do (def v 1) #'v)`,
		`[]`, `{}`, `#{}`, `()`, `[1 [2 [3 {:a #{4}}]] (list 5 6)]`, `{:a 1 :b [2.5 nil]}`,
		`"plain"`, `"q\"uote\\back\nline\u0001"`, `["é" :ok]`, `(keyword "a\"b")`, `(keyword "é")`,
		`(symbol "x\\y")`, `{:k "v"}`, `#"re[a-z]"`, `inc`, `(fn named [x] x)`, `(keyword "tab\tkw")`,
		`(list 1 (symbol "s\"q"))`, `#{:a (keyword "b\u007f")}`,
	} {
		r := lang.NewSession().Eval(src, lang.Options{})
		if r.Outcome != lang.OutcomeValue {
			t.Fatalf("%s: %v", src, r.Error)
		}
		var got, want strings.Builder
		writePrinted(&got, r.Value)
		lang.AppendJSONString(&want, lang.PrStr(r.Value))
		if got.String() != want.String() {
			t.Errorf("%s: printed %s, want %s", src, got.String(), want.String())
		}
	}
}

// TestHugeTimeout: a timeout_ms too large to be a deadline in int64
// nanoseconds means no timeout; it used to overflow into a deadline
// already past, so the first poll timed out.
func TestHugeTimeout(t *testing.T) {
	src := `(loop [i 0] (if (< i 10000) (recur (inc i)) i))` // polls twice
	clock := int64(5e9)
	h := Host{Monotonic: func() int64 { clock += 1e6; return clock }} // 1 ms a reading
	for _, ms := range []string{"9000000000000000000", "1e15", "10000000000000"} {
		got := eval(t, lang.NewSession(), h, `{"source":"`+src+`","timeout_ms":`+ms+`}`)
		if !strings.HasPrefix(got, `{"outcome":"value","value":10000,`) {
			t.Errorf("timeout_ms %s: %s", ms, got)
		}
	}
	if got := eval(t, lang.NewSession(), h, `{"source":"`+src+`","timeout_ms":1}`); !strings.Contains(got, `"kind":"timeout"`) {
		t.Errorf("timeout_ms 1: %s", got)
	}
}

// TestDecodeEvalKeepsNoReference: hosts may overwrite a request buffer
// once the call that read it returns (abi/README.md), so nothing decoded
// may alias the request's bytes.
func TestDecodeEvalKeepsNoReference(t *testing.T) {
	req := []byte(`{"source":"(str \"from the source\")","data":{"s":"from the data","m":{"k":"v"}},"tools":["t"]}`)
	r, bad := DecodeEval(req, Host{})
	if bad != nil {
		t.Fatal(string(bad))
	}
	for i := range req {
		req[i] = 'X'
	}
	if r.Source != `(str "from the source")` || r.Options.Data["s"] != "from the data" {
		t.Fatalf("decoded values changed with the request's bytes: %q %v", r.Source, r.Options.Data)
	}
	if m, ok := r.Options.Data["m"].(*lang.Map); !ok || lang.PrStr(m) != `{"k" "v"}` {
		t.Fatalf("data/m changed with the request's bytes: %v", r.Options.Data["m"])
	}
	if n := r.Options.Tools.ToolNames(); len(n) != 1 || n[0] != "t" {
		t.Fatalf("tool names changed with the request's bytes: %v", n)
	}
}

package lang

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// plSeqHost is a ToolHost without batching. Tools: get {:id n} returns
// n*10 (an error when n is in failOn), echo returns its arguments.
type plSeqHost struct {
	mu     sync.Mutex
	calls  []string
	failOn map[int64]bool
}

func (h *plSeqHost) HasTool(name string) bool { return name == "get" || name == "echo" }
func (h *plSeqHost) ToolNames() []string      { return []string{"echo", "get"} }

func (h *plSeqHost) CallTool(name string, args *Map) (Value, error) {
	h.mu.Lock()
	h.calls = append(h.calls, name+" "+PrStr(args))
	h.mu.Unlock()
	switch name {
	case "echo":
		return args, nil
	case "get":
		v, _ := args.Get("id")
		id, _ := v.(int64)
		if h.failOn[id] {
			return nil, errors.New("no such id")
		}
		return id * 10, nil
	}
	return nil, errors.New("unknown")
}

// plBatchHost adds CallToolBatch; it runs the calls of a batch
// concurrently and records each batch.
type plBatchHost struct {
	plSeqHost
	batches [][]string
	onBatch func(n int) // called before the batch runs, with its number
	short   bool        // return one response too few
}

func (h *plBatchHost) CallToolBatch(calls []ToolRequest) []ToolResponse {
	var names []string
	for _, c := range calls {
		names = append(names, c.Name+" "+PrStr(c.Args))
	}
	h.mu.Lock()
	h.batches = append(h.batches, names)
	n := len(h.batches)
	h.mu.Unlock()
	if h.onBatch != nil {
		h.onBatch(n)
	}
	out := make([]ToolResponse, len(calls))
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := h.CallTool(c.Name, c.Args)
			out[i] = ToolResponse{Value: v, Err: err}
		}()
	}
	wg.Wait()
	if h.short {
		return out[:len(out)-1]
	}
	return out
}

func (h *plBatchHost) batchSizes() []int {
	var out []int
	for _, b := range h.batches {
		out = append(out, len(b))
	}
	return out
}

func plLedger(r *Result) string {
	var parts []string
	for _, c := range r.ToolCalls {
		s := fmt.Sprintf("%d:%s %s", c.Batch, c.Name, PrStr(c.Args))
		if c.Error != "" {
			s += " !" + c.Error
		} else {
			s += " =" + PrStr(c.Result)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func plOut(r *Result) string {
	if r.Error != nil {
		return "error: " + string(r.Error.Kind)
	}
	return PrStr(r.Value)
}

func plEval(t *testing.T, src string, tools ToolHost, lim Limits) *Result {
	t.Helper()
	return NewSession().Eval(src, Options{Tools: tools, Limits: lim})
}

func TestParallelOneBatch(t *testing.T) {
	h := &plBatchHost{}
	r := plEval(t, `(pmap #(tool/get {:id %}) [1 2 3])`, h, Limits{})
	if got := plOut(r); got != "[10 20 30]" {
		t.Fatalf("value %s (%v)", got, r.Error)
	}
	if len(h.batches) != 1 || len(h.batches[0]) != 3 {
		t.Fatalf("batches %v", h.batches)
	}
	want := `1:get {"id" 1} =10; 1:get {"id" 2} =20; 1:get {"id" 3} =30`
	if got := plLedger(r); got != want {
		t.Fatalf("ledger %s", got)
	}
	// Batch numbers go on across pmaps; ordinary calls have Batch 0.
	h = &plBatchHost{}
	r = plEval(t, `[(tool/get {:id 0}) (pmap tool/get [{:id 1} {:id 2}]) (pcalls #(tool/get {:id 3}) #(tool/get :id 4))]`, h, Limits{})
	if got := plOut(r); got != "[0 [10 20] [30 40]]" {
		t.Fatalf("value %s", got)
	}
	want = `0:get {"id" 0} =0; 1:get {"id" 1} =10; 1:get {"id" 2} =20; 2:get {"id" 3} =30; 2:get {"id" 4} =40`
	if got := plLedger(r); got != want {
		t.Fatalf("ledger %s", got)
	}
}

func TestParallelTwoBatches(t *testing.T) {
	src := `(pmap (fn [x] (let [a (tool/get {:id x}) b (tool/get {:id (+ a 1)})] [a b])) [1 2 3])`
	h := &plBatchHost{}
	r := plEval(t, src, h, Limits{})
	if got := plOut(r); got != "[[10 110] [20 210] [30 310]]" {
		t.Fatalf("value %s", got)
	}
	if fmt.Sprint(h.batchSizes()) != "[3 3]" {
		t.Fatalf("batches %v", h.batches)
	}
	want := `1:get {"id" 1} =10; 1:get {"id" 2} =20; 1:get {"id" 3} =30; 2:get {"id" 11} =110; 2:get {"id" 21} =210; 2:get {"id" 31} =310`
	if got := plLedger(r); got != want {
		t.Fatalf("ledger %s", got)
	}
}

// Without CallToolBatch the calls are made one by one in batch order, with
// the same results, ledger and step count.
func TestParallelSameWithoutBatchHost(t *testing.T) {
	progs := []string{
		`(pmap #(tool/get {:id %}) [1 2 3])`,
		`(pmap (fn [x] (let [a (tool/get {:id x}) b (tool/get {:id (+ a 1)})] [a b])) [1 2 3])`,
		`(pmap (fn [x y] (tool/echo {:x x :y y})) [1 2 3] [:a :b])`,
		`(pmap (fn [x y z] (tool/get {:id (+ x y z)})) [1 2] [3 4] [5 6 7])`,
		`(pcalls #(tool/get {:id 1}) (fn [] 5) #(tool/echo :q "x"))`,
		`(pmap (fn [x] (if (odd? x) (tool/get {:id x}) x)) (range 10))`,
		`(pmap (fn [x] (pmap (fn [y] (tool/get {:id (+ x y)})) [10 20])) [1 2])`,
		`(pmap #(tool/get {:id %}) #{1 2})`,
		`(pmap inc [])`,
	}
	for _, src := range progs {
		hb := &plBatchHost{}
		rb := plEval(t, src, hb, Limits{})
		hs := &plSeqHost{}
		rs := plEval(t, src, hs, Limits{})
		if rb.Error != nil {
			t.Errorf("%s: %v", src, rb.Error)
			continue
		}
		if plOut(rb) != plOut(rs) || plLedger(rb) != plLedger(rs) || rb.Steps != rs.Steps {
			t.Errorf("%s:\n batch %s %s %d\n seq   %s %s %d", src, plOut(rb), plLedger(rb), rb.Steps, plOut(rs), plLedger(rs), rs.Steps)
		}
		if strings.Join(hs.calls, "|") != strings.Join(plFlatten(hb.batches), "|") {
			t.Errorf("%s: call order %v vs %v", src, hs.calls, hb.batches)
		}
	}
}

func plFlatten(bs [][]string) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

// pmap and map agree on values and on steps.
func TestParallelLikeMap(t *testing.T) {
	progs := []string{
		`(%s #(tool/get {:id %%}) [1 2 3])`,
		`(%s (fn [x] (let [a (tool/get {:id x})] (reduce + (range a)))) [1 2 3 4 5 6 7 8 9 10])`,
		`(%s inc (range 100))`,
		`(%s :a [{:a 1} {:a 2}])`,
		`(%s + [1 2] [3 4])`,
		`(%s #(tool/get {:id %%}) "ab")`,
	}
	for _, p := range progs {
		rp := plEval(t, fmt.Sprintf(p, "pmap"), &plBatchHost{}, Limits{})
		rm := plEval(t, fmt.Sprintf(p, "map"), &plSeqHost{}, Limits{})
		if plOut(rp) != plOut(rm) || rp.Steps != rm.Steps {
			t.Errorf("%s: pmap %s %d, map %s %d (%v)", p, plOut(rp), rp.Steps, plOut(rm), rm.Steps, rp.Error)
		}
	}
}

func TestParallelPrintsOrder(t *testing.T) {
	src := `(pmap (fn [x] (println "a" x) (let [v (tool/get {:id x})] (println "b" x v) v)) [1 2 3])`
	r := plEval(t, src, &plBatchHost{}, Limits{})
	if got := plOut(r); got != "[10 20 30]" {
		t.Fatalf("value %s", got)
	}
	want := "a 1|a 2|a 3|b 1 10|b 2 20|b 3 30"
	if got := strings.Join(r.Prints, "|"); got != want {
		t.Fatalf("prints %s", got)
	}
	// Truncation is shared too.
	r = plEval(t, `(pmap (fn [x] (println "xxxxxxxxxx") (tool/get {:id x}) (println "yyyyyyyyyy")) [1 2 3])`, &plBatchHost{}, Limits{MaxPrintBytes: 35})
	if !r.PrintsTruncated || r.Error != nil {
		t.Fatalf("prints %q truncated %v err %v", r.Prints, r.PrintsTruncated, r.Error)
	}
	if got := strings.Join(r.Prints, "|"); !strings.HasPrefix(got, "xxxxxxxxxx|xxxxxxxxxx|xxxxxxxxxx|yyyyy|") {
		t.Fatalf("prints %s", got)
	}
}

func TestParallelToolError(t *testing.T) {
	for _, batch := range []bool{true, false} {
		src := `(pmap (fn [x] (let [a (tool/get {:id x})] (tool/get {:id (+ a 1)}))) [1 2 3])`
		seq := &plSeqHost{failOn: map[int64]bool{2: true}}
		var h ToolHost = seq
		var bh *plBatchHost
		if batch {
			bh = &plBatchHost{plSeqHost: plSeqHost{failOn: map[int64]bool{2: true}}}
			h = bh
		}
		r := plEval(t, src, h, Limits{})
		if r.Error == nil || r.Error.Kind != ToolError || r.Error.Pos.Line != 1 {
			t.Fatalf("batch=%v: %v", batch, r.Error)
		}
		// Element 1 asked for its second call before element 2 failed:
		// that call is made (a last batch); element 3 never runs again.
		want := `1:get {"id" 1} =10; 1:get {"id" 2} !no such id; 1:get {"id" 3} =30; 2:get {"id" 11} =110`
		if got := plLedger(r); got != want {
			t.Fatalf("batch=%v: ledger %s", batch, got)
		}
		if batch && fmt.Sprint(bh.batchSizes()) != "[3 1]" {
			t.Fatalf("batches %v", bh.batches)
		}
		if !batch && len(seq.calls) != 4 {
			t.Fatalf("calls %v", seq.calls)
		}
	}
	// A host that returns too few responses.
	r := plEval(t, `(pmap #(tool/get {:id %}) [1 2])`, &plBatchHost{short: true}, Limits{})
	if r.Error == nil || r.Error.Kind != ToolError || !strings.Contains(r.Error.Message, "no response") {
		t.Fatalf("short: %v", r.Error)
	}
}

func TestParallelErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`(pmap (fn [x] (tool/get {:id x}) (if (= x 2) (fail {:bad x}) x)) [1 2 3])`, "fail {:bad 2}"},
		{`(pmap (fn [x] (tool/get {:id x}) (if (= x 2) (return :early) x)) [1 2 3])`, "return :early"},
		{`(pmap (fn [x] (if (= x 2) (return :early) (tool/get {:id x}))) [1 2 3])`, "return :early"},
		{`(pmap (fn [x] (tool/get {:id x}) (/ 1 (- x 2))) [1 2 3])`, "error arithmetic_error"},
		{`(pmap (fn [x] (tool/nope {:id x})) [1 2])`, "error unknown_tool"},
		{`(pmap (fn [x] (tool/get x)) [1 2])`, "error type_error"},
		{`(pmap (fn [x] (tool/get {:id x}) (nth [] x)) [1])`, "error index_error"},
		{`(pcalls #(tool/get {:id 1}) #(fail "f"))`, `fail "f"`},
		{`(pmap (fn [x] (tool/get {:id x}) ((fn f [n] (f n)) 1)) [1 2])`, "error depth_limit"},
	}
	for _, tc := range tests {
		r := plEval(t, tc.src, &plBatchHost{}, Limits{})
		got := ""
		switch r.Outcome {
		case OutcomeFail:
			got = "fail " + PrStr(r.Value)
		case OutcomeReturn:
			got = "return " + PrStr(r.Value)
		case OutcomeError:
			got = "error " + string(r.Error.Kind)
			if !r.Error.Pos.IsValid() {
				t.Errorf("%s: no position: %v", tc.src, r.Error)
			}
		default:
			got = "value " + PrStr(r.Value)
		}
		if got != tc.want {
			t.Errorf("%s: got %s, want %s (%v)", tc.src, got, tc.want, r.Error)
		}
	}
	// The first error in execution order wins: element 3 fails before
	// element 1 comes back from its tool call.
	r := plEval(t, `(pmap (fn [x] (if (= x 3) (fail :three) (do (tool/get {:id x}) (fail x)))) [1 2 3])`, &plBatchHost{}, Limits{})
	// The calls asked for before it are made as a last batch; their
	// workers do not run again.
	if r.Outcome != OutcomeFail || PrStr(r.Value) != ":three" || plLedger(r) != `1:get {"id" 1} =10; 1:get {"id" 2} =20` {
		t.Fatalf("order: %s %s %s", r.Outcome, PrStr(r.Value), plLedger(r))
	}
	for _, src := range []string{
		`(pmap (fn [x] (if (= x 2) (fail :x) (do (tool/get {:id x}) (println "after" x)))) [1 2 3])`,
		`(pmap (fn [x] (if (= x 2) (return :x) (do (tool/get {:id x}) (println "after" x)))) [1 2 3])`,
		`(pmap (fn [x] (if (= x 2) (inc "bad") (do (tool/get {:id x}) (println "after" x)))) [1 2 3])`,
		`(pcalls #(do (tool/get {:id 1}) (println "after")) #(inc "bad") #(tool/get {:id 3}))`,
	} {
		h := &plBatchHost{}
		r := plEval(t, src, h, Limits{})
		if r.Outcome == OutcomeValue || len(r.Prints) != 0 || plLedger(r) != `1:get {"id" 1} =10` || len(h.batches) != 1 {
			t.Errorf("%s: %s %s prints %q", src, r.Outcome, plLedger(r), r.Prints)
		}
	}
}

// A Go panic in a worker becomes internal_error, as at top level.
func TestParallelGoPanic(t *testing.T) {
	boom := &Builtin{Name: "boom", MinArgs: 0, MaxArgs: -1, Fn: func(t *Thread, args []Value) Value {
		var m map[string]int
		m["x"] = 1
		return nil
	}}
	before := runtime.NumGoroutine()
	r := NewSession().Eval(`(pmap (fn [x] (tool/get {:id x}) (if (= x 2) (data/boom) x)) [1 2 3])`,
		Options{Tools: &plBatchHost{}, Data: map[string]Value{"boom": boom}})
	if r.Error == nil || r.Error.Kind != InternalError {
		t.Fatalf("got %v", r.Error)
	}
	if !strings.Contains(r.Error.Message, "nil map") {
		t.Fatalf("message %s", r.Error.Message)
	}
	// No last batch after a Go panic: element 1's call is not made.
	r = NewSession().Eval(`(pmap (fn [x] (if (= x 2) (data/boom) (tool/get {:id x}))) [1 2 3])`,
		Options{Tools: &plBatchHost{}, Data: map[string]Value{"boom": boom}})
	if r.Error == nil || r.Error.Kind != InternalError || len(r.ToolCalls) != 0 {
		t.Fatalf("got %v, ledger %s", r.Error, plLedger(r))
	}
	plWaitGoroutines(t, before)
}

func TestParallelDefs(t *testing.T) {
	s := NewSession()
	h := &plBatchHost{}
	if r := s.Eval(`(def x 1)`, Options{Tools: h}); r.Error != nil {
		t.Fatal(r.Error)
	}
	r := s.Eval(`(pmap (fn [i] (def x (tool/get {:id i})) i) [1 2 3])`, Options{Tools: h})
	if plOut(r) != "[1 2 3]" {
		t.Fatal(plOut(r))
	}
	if v, _ := s.Lookup("x"); PrStr(v) != "30" {
		t.Fatalf("x = %s", PrStr(v))
	}
	// A failure after defs in workers rolls them back.
	r = s.Eval(`(do (pmap (fn [i] (def x (tool/get {:id i})) (def y i)) [4 5]) (fail :no))`, Options{Tools: h})
	if r.Outcome != OutcomeFail {
		t.Fatal(r.Outcome)
	}
	if v, _ := s.Lookup("x"); PrStr(v) != "30" {
		t.Fatalf("after rollback x = %s", PrStr(v))
	}
	if _, ok := s.Lookup("y"); ok {
		t.Fatal("y defined")
	}
	r = s.Eval(`(pmap (fn [i] (tool/get {:id i}) (def x i)) [4 5]) (fail :no)`, Options{Tools: h})
	if v, _ := s.Lookup("x"); r.Outcome != OutcomeFail || PrStr(v) != "30" {
		t.Fatalf("after rollback x = %s", PrStr(v))
	}
}

func TestParallelStepLimit(t *testing.T) {
	src := `(pmap (fn [x] (tool/get {:id x}) (loop [i 0] (if (< i 1000) (recur (inc i)) i))) [1 2 3])`
	r := plEval(t, src, &plBatchHost{}, Limits{})
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	total := r.Steps
	// Each worker alone fits in total/2 steps; together they do not.
	r = plEval(t, src, &plBatchHost{}, Limits{MaxSteps: total / 2})
	if r.Error == nil || r.Error.Kind != StepLimit {
		t.Fatalf("got %v (steps %d of %d)", r.Error, r.Steps, total)
	}
	if r.Steps > total/2+1 {
		t.Fatalf("steps %d over the limit %d", r.Steps, total/2)
	}
	r = plEval(t, src, &plBatchHost{}, Limits{MaxSteps: total})
	if r.Error != nil || r.Steps != total {
		t.Fatalf("exact budget: %v %d", r.Error, r.Steps)
	}
}

func TestParallelMaxToolCalls(t *testing.T) {
	r := plEval(t, `(pmap #(tool/get {:id %}) [1 2 3])`, &plBatchHost{}, Limits{MaxToolCalls: 2})
	if r.Error == nil || r.Error.Kind != SizeLimit || r.Error.Limit != "MaxToolCalls" {
		t.Fatalf("got %v", r.Error)
	}
	// The calls asked for before the limit was hit are made.
	if plLedger(r) != `1:get {"id" 1} =10; 1:get {"id" 2} =20` {
		t.Fatalf("ledger %s", plLedger(r))
	}
	r = plEval(t, `(pcalls #(tool/get {:id 1}) #(tool/get {:id 2}))`, &plSeqHost{}, Limits{MaxToolCalls: 1})
	if r.Error == nil || r.Error.Limit != "MaxToolCalls" || plLedger(r) != `1:get {"id" 1} =10` {
		t.Fatalf("got %v %s", r.Error, plLedger(r))
	}
	r = plEval(t, `(pmap #(tool/get {:id %}) [1 2 3])`, &plBatchHost{}, Limits{MaxToolCalls: 3})
	if r.Error != nil || len(r.ToolCalls) != 3 {
		t.Fatalf("got %v", r.Error)
	}
	r = plEval(t, `(do (tool/get {:id 0}) (pmap #(tool/get {:id %}) [1 2 3]))`, &plBatchHost{}, Limits{MaxToolCalls: 3})
	if r.Error == nil || r.Error.Kind != SizeLimit {
		t.Fatalf("got %v", r.Error)
	}
}

func TestParallelMaxParallel(t *testing.T) {
	h := &plBatchHost{}
	r := plEval(t, `(pmap #(tool/get {:id %}) [1 2 3 4 5])`, h, Limits{MaxParallel: 2})
	if plOut(r) != "[10 20 30 40 50]" {
		t.Fatal(plOut(r))
	}
	if fmt.Sprint(h.batchSizes()) != "[2 2 1]" {
		t.Fatalf("batches %v", h.batches)
	}
	want := `1:get {"id" 1} =10; 1:get {"id" 2} =20; 2:get {"id" 3} =30; 2:get {"id" 4} =40; 3:get {"id" 5} =50`
	if got := plLedger(r); got != want {
		t.Fatalf("ledger %s", got)
	}
	// Default 8.
	h = &plBatchHost{}
	plEval(t, `(pmap #(tool/get {:id %}) (range 20))`, h, Limits{})
	if fmt.Sprint(h.batchSizes()) != "[8 8 4]" {
		t.Fatalf("batches %v", h.batches)
	}
	// Elements without tool calls free their slot at once; a freed slot
	// is filled in the same pass, so its call joins the batch.
	h = &plBatchHost{}
	r = plEval(t, `(pmap (fn [x] (if (odd? x) (tool/get {:id x}) x)) (range 8))`, h, Limits{MaxParallel: 2})
	if plOut(r) != "[0 10 2 30 4 50 6 70]" || fmt.Sprint(h.batchSizes()) != "[2 2]" {
		t.Fatalf("%s batches %v", plOut(r), h.batches)
	}
}

func TestParallelNested(t *testing.T) {
	h := &plBatchHost{}
	r := plEval(t, `(pmap (fn [x] (pmap (fn [y] (tool/get {:id (+ x y)})) [10 20])) [1 2])`, h, Limits{})
	if plOut(r) != "[[110 210] [120 220]]" {
		t.Fatal(plOut(r))
	}
	if fmt.Sprint(h.batches) != `[[get {"id" 11} get {"id" 12}] [get {"id" 21} get {"id" 22}]]` {
		t.Fatalf("batches %v", h.batches)
	}
}

func TestParallelNoTools(t *testing.T) {
	r := NewSession().Eval(`[(pmap inc [1 2]) (pcalls (fn [] 1)) (pmap + [1 2] [3 4])]`, Options{})
	if plOut(r) != "[[2 3] [1] [4 6]]" {
		t.Fatal(plOut(r))
	}
}

func plWaitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf[:n])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestParallelNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	progs := []string{
		`(pmap #(tool/get {:id %}) (range 30))`,
		`(pmap (fn [x] (let [a (tool/get {:id x})] (tool/get {:id (+ a 1)}))) [1 2 3 4])`,
		`(pmap (fn [x] (tool/get {:id x}) (if (= x 3) (fail x) (tool/get {:id x}))) (range 10))`,
		`(pmap (fn [x] (tool/get {:id x}) (if (= x 0) (return x) (tool/get {:id x}))) (range 10))`,
		`(pmap (fn [x] (if (= x 5) (/ 1 0) (tool/get {:id x}))) (range 10))`,
	}
	for i := 0; i < 20; i++ {
		for _, src := range progs {
			plEval(t, src, &plBatchHost{plSeqHost: plSeqHost{failOn: map[int64]bool{2: true}}}, Limits{})
			plEval(t, src, &plSeqHost{}, Limits{MaxSteps: 200})
		}
	}
	plWaitGoroutines(t, before)
}

func TestParallelInterrupt(t *testing.T) {
	before := runtime.NumGoroutine()
	// Interrupted while the workers wait for their batch.
	release := make(chan struct{})
	started := make(chan struct{})
	h := &plBatchHost{onBatch: func(n int) {
		if n == 1 {
			close(started)
			<-release
		}
	}}
	var th *Thread
	got := make(chan *Result)
	go func() {
		got <- NewSession().Eval(`(pmap (fn [x] (tool/get {:id x}) (tool/get {:id x})) [1 2 3])`,
			Options{Tools: h, OnStart: func(t *Thread) { th = t }})
	}()
	<-started
	th.Interrupt(Cancelled)
	close(release)
	r := <-got
	if r.Error == nil || r.Error.Kind != Cancelled {
		t.Fatalf("got %v", r.Error)
	}
	if len(h.batches) != 1 || len(r.ToolCalls) != 3 {
		t.Fatalf("batches %v ledger %s", h.batches, plLedger(r))
	}

	// Interrupted while a worker loops and the others wait for the baton.
	started2 := make(chan struct{})
	h = &plBatchHost{onBatch: func(n int) {
		if n == 1 {
			close(started2)
		}
	}}
	go func() {
		got <- NewSession().Eval(`(pmap (fn [x] (tool/get {:id x}) (loop [] (recur))) [1 2 3])`,
			Options{Tools: h, OnStart: func(t *Thread) { th = t }, Limits: Limits{MaxSteps: 1 << 62}})
	}()
	<-started2
	time.Sleep(20 * time.Millisecond)
	th.Interrupt(Timeout)
	r = <-got
	if r.Error == nil || r.Error.Kind != Timeout {
		t.Fatalf("got %v", r.Error)
	}

	// Without a batch host, the interrupt stops the calls of the batch.
	seq := &plSeqHost{}
	s := NewSession()
	r = s.Eval(`(pmap #(tool/get {:id %}) [1 2 3])`, Options{Tools: seq, OnStart: func(t *Thread) { t.Cancel() }})
	if r.Error == nil || r.Error.Kind != Cancelled || len(seq.calls) > 1 {
		t.Fatalf("got %v, calls %v", r.Error, seq.calls)
	}
	plWaitGoroutines(t, before)
}

package host_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// newEngine makes an engine closed with the test.
func newEngine(t *testing.T, opts ...host.Option) *host.Engine {
	t.Helper()
	ctx := context.Background()
	e, err := newHost(ctx, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(ctx) })
	return e
}

// openSession opens a session on e.
func openSession(t *testing.T, e *host.Engine) *host.Session {
	t.Helper()
	s, err := e.NewSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newSession opens a guest session on a new engine (made with opts)
// closed with the test.
func newSession(t *testing.T, opts ...host.Option) *host.Session {
	t.Helper()
	return openSession(t, newEngine(t, opts...))
}

func TestGuestEvalSessionAndTools(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	var got map[string]any
	tools := map[string]host.Tool{
		"orders": func(ctx context.Context, args map[string]any) (any, error) {
			got = args
			return []any{map[string]any{"id": 1, "amount": 50}, map[string]any{"id": 2, "amount": 150}}, nil
		},
		"boom": func(context.Context, map[string]any) (any, error) { return nil, errors.New("backend down") },
	}
	r, err := s.Eval(ctx, `(def big (->> (tool/orders :status :open) (filter #(> (:amount %) data/min)))) (println "n" (count big)) (mapv :id big)`,
		host.Options{Data: map[string]any{"min": 100}, Tools: tools})
	if err != nil {
		t.Fatal(err)
	}
	if r.Error != nil || r.Printed != "[2]" || len(r.Prints) != 1 || r.Prints[0] != "n 1" {
		t.Fatalf("got %+v (error %v)", r, r.Error)
	}
	if got["status"] != "open" {
		t.Fatalf("tool args %#v", got)
	}
	if len(r.ToolCalls) != 1 || r.ToolCalls[0].Name != "orders" {
		t.Fatalf("ledger %+v", r.ToolCalls)
	}
	// The def persists in the guest session; a failing tool is a tool_error.
	r, err = s.Eval(ctx, `(count big)`, host.Options{})
	if err != nil || r.Printed != "1" {
		t.Fatalf("second turn: %+v %v", r, err)
	}
	r, err = s.Eval(ctx, `(tool/boom)`, host.Options{Tools: tools})
	if err != nil || r.Error == nil || r.Error.Kind != "tool_error" || !strings.Contains(r.Error.Message, "backend down") {
		t.Fatalf("tool error: %+v %v", r, err)
	}
	// Interpreter limits travel in the request.
	r, err = s.Eval(ctx, `(loop [] (recur))`, host.Options{Limits: lisp.Limits{MaxSteps: 10000}})
	if err != nil || r.Error == nil || r.Error.Kind != "step_limit" {
		t.Fatalf("limits: %+v %v", r, err)
	}
}

// TestGuestMatchesNative runs the same programs natively and in the guest.
func TestGuestMatchesNative(t *testing.T) {
	ctx := context.Background()
	gs := newSession(t)
	ns := lisp.NewSession()
	for _, src := range []string{
		`(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))`,
		`(defn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) (fib 20)`,
		`(frequencies (clojure.string/split "a b a c b a" #" "))`,
		`(json/generate-string {:a [1 2.5 nil "x"]})`,
		`(/ 1 0)`, `(fitler even? [1])`, `(pr-str 1.0E-4 ##NaN)`,
		`(+ 9223372036854775807 1)`, `(fail {:why "no"})`, `(return 7)`,
		`(/ 0.0 0.0)`, `(hash-set 3 1 2 :k "s")`, `{:a #{1} "b" '(1 2) 'c fn}`, `(str/split "a,b" #",")`,
	} {
		g, err := gs.Eval(ctx, src, host.Options{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		n, _ := ns.Eval(ctx, src, lisp.Options{})
		if g.Outcome != n.Outcome || g.Printed != n.Printed || (g.Error == nil) != (n.Error == nil) ||
			(g.Error != nil && g.Error.Kind != n.Error.Kind) {
			t.Errorf("%s: guest %s %s %v, native %s %s %v", src, g.Outcome, g.Printed, g.Error, n.Outcome, n.Printed, n.Error)
		}
	}
}

// TestGuestDeadline: a runaway program stops with kind timeout when the
// context's deadline passes, and the session stays usable.
func TestGuestDeadline(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	if r, err := s.Eval(ctx, `(def kept 1)`, host.Options{}); err != nil || r.Error != nil {
		t.Fatal(err, r)
	}
	dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	r, err := s.Eval(dctx, `(loop [i 0] (recur (inc i)))`, host.Options{Limits: lisp.Limits{MaxSteps: 1 << 50}})
	if err != nil || r.Error == nil || r.Error.Kind != "timeout" || r.Error.Limit != "deadline" {
		t.Fatalf("want timeout (limit deadline), got %+v %v", r, err)
	}
	r, err = s.Eval(ctx, `(inc kept)`, host.Options{})
	if err != nil || r.Printed != "2" {
		t.Fatalf("after the timeout: %+v %v", r, err)
	}
}

// TestGuestPmapBatch: pmap over a tool reaches the host as one batch that
// runs concurrently.
func TestGuestPmapBatch(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	var mu sync.Mutex
	inFlight, peak := 0, 0
	tools := map[string]host.Tool{"slow": func(ctx context.Context, args map[string]any) (any, error) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		if args["id"] == int64(3) {
			return nil, errors.New("three is bad")
		}
		return args["id"], nil
	}}
	r, err := s.Eval(ctx, `(pmap #(tool/slow {:id %}) [1 2 4])`, host.Options{Tools: tools})
	if err != nil || r.Error != nil || r.Printed != "[1 2 4]" {
		t.Fatalf("got %+v %v", r, err)
	}
	if peak != 3 {
		t.Fatalf("peak concurrency %d, want 3 (one batch)", peak)
	}
	for _, c := range r.ToolCalls {
		if c.Batch != 1 {
			t.Fatalf("ledger: %+v", r.ToolCalls)
		}
	}
	r, err = s.Eval(ctx, `(pmap #(tool/slow {:id %}) [1 3])`, host.Options{Tools: tools})
	if err != nil || r.Error == nil || r.Error.Kind != "tool_error" {
		t.Fatalf("want tool_error, got %+v %v", r, err)
	}
}

// TestLedgerKeptByHost: the host fills the ledger's arguments and results
// itself (host_ledger); they are what the program sent and received, in
// call order, batches included, and a tool that changes its own argument
// map does not change the record.
func TestLedgerKeptByHost(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	tools := map[string]host.Tool{
		"sq": func(_ context.Context, args map[string]any) (any, error) {
			n := args["n"].(int64)
			args["n"] = "changed by the tool"
			return map[string]any{"sq": n * n, "half": float64(n) / 2}, nil
		},
		"boom": func(context.Context, map[string]any) (any, error) { return nil, errors.New("no luck") },
		"nest": func(_ context.Context, args map[string]any) (any, error) {
			deep := args["deep"].(map[string]any)
			deep["xs"].([]any)[0] = "changed by the tool"
			deep["added"] = true
			return nil, nil
		},
	}
	for _, src := range []string{`(tool/nest {:deep {:xs [1 2]}})`, `(pmap #(tool/nest {:deep {:xs [% 2]}}) [1 1])`} {
		r, err := s.Eval(ctx, src, host.Options{Tools: tools})
		if err != nil || r.Error != nil {
			t.Fatal(err, r.Error)
		}
		for _, c := range r.ToolCalls {
			if got, _ := json.Marshal(c.Args); string(got) != `{"deep":{"xs":[1,2]}}` {
				t.Errorf("%s: the ledger's arguments are %s after the tool changed its own", src, got)
			}
		}
	}
	r, err := s.Eval(ctx, `[(tool/sq {:n 3}) (pmap #(tool/sq {:n %}) [1 2])]`, host.Options{Tools: tools})
	if err != nil || r.Error != nil {
		t.Fatal(err, r.Error)
	}
	got, _ := json.Marshal(r.ToolCalls)
	want := `[{"name":"sq","args":{"n":3},"result":{"half":1.5,"sq":9},"duration_ns":0},` +
		`{"name":"sq","args":{"n":1},"result":{"half":0.5,"sq":1},"duration_ns":0,"batch":1},` +
		`{"name":"sq","args":{"n":2},"result":{"half":1,"sq":4},"duration_ns":0,"batch":1}]`
	if string(got) != want {
		t.Errorf("ledger\n got %s\nwant %s", got, want)
	}
	r, err = s.Eval(ctx, `(tool/boom {:why :x})`, host.Options{Tools: tools})
	if err != nil || r.Error == nil || r.Error.Kind != "tool_error" {
		t.Fatal(err, r.Error)
	}
	got, _ = json.Marshal(r.ToolCalls)
	if want := `[{"name":"boom","args":{"why":"x"},"error":"no luck","duration_ns":0}]`; string(got) != want {
		t.Errorf("ledger of a failed call\n got %s\nwant %s", got, want)
	}
}

// TestRequestBufferReused: Evals write their requests into one guest
// buffer, kept from Eval to Eval (grown, and not kept for huge requests).
// What a program keeps of a request (strings from its source and its
// data) must survive later requests overwriting that buffer.
func TestRequestBufferReused(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	evalOK := func(src string, data map[string]any) string {
		t.Helper()
		r, err := s.Eval(ctx, src, host.Options{Data: data})
		if err != nil || r.Error != nil {
			t.Fatal(err, r.Error)
		}
		return r.Printed
	}
	evalOK(`(def from-source "kept-from-the-source") (def from-data data/x)`, map[string]any{"x": "kept-from-the-data"})
	for _, n := range []int{10, 5000, 200000, 20, 70000, 3} {
		filler := strings.Repeat("z", n)
		if got := evalOK(`(count data/f)`, map[string]any{"f": filler}); got != strconv.Itoa(n) {
			t.Fatalf("count of %d bytes: %s", n, got)
		}
		if got := evalOK(`[from-source from-data]`, nil); got != `["kept-from-the-source" "kept-from-the-data"]` {
			t.Fatalf("after a request of %d bytes: %s", n, got)
		}
	}
}

package lisp_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
)

func TestEvalWithDataAndTools(t *testing.T) {
	s := lisp.NewSession()
	var got map[string]any
	tools := map[string]lisp.Tool{
		"get-orders": func(ctx context.Context, args map[string]any) (any, error) {
			got = args
			return []any{
				map[string]any{"id": 1, "amount": 50},
				map[string]any{"id": 2, "amount": 150},
			}, nil
		},
	}
	res, err := s.Eval(context.Background(),
		`(->> (tool/get-orders :status :pending :limit 10) (filter #(> (:amount %) data/min)) (mapv :id))`,
		lisp.Options{Data: map[string]any{"min": 100}, Tools: tools})
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != nil {
		t.Fatalf("error: %v", res.Error)
	}
	if res.Printed != "[2]" || res.Outcome != lisp.OutcomeValue {
		t.Fatalf("got %s %s", res.Outcome, res.Printed)
	}
	if got["status"] != "pending" || got["limit"] != int64(10) {
		t.Fatalf("tool args: keyword keys and values must arrive as strings, got %#v", got)
	}
	if len(res.ToolCalls) != 1 || res.ToolCalls[0].Name != "get-orders" {
		t.Fatalf("ledger: %#v", res.ToolCalls)
	}
	// The result serializes as JSON.
	b, err := json.Marshal(res)
	if err != nil || !strings.Contains(string(b), `"outcome":"value"`) || !strings.Contains(string(b), `"value":[2]`) {
		t.Fatalf("json: %s %v", b, err)
	}
}

func TestToolErrorAndDefsRolledBack(t *testing.T) {
	s := lisp.NewSession()
	ctx := context.Background()
	if r, _ := s.Eval(ctx, `(def a 1)`, lisp.Options{}); r.Error != nil {
		t.Fatal(r.Error)
	}
	tools := map[string]lisp.Tool{"boom": func(context.Context, map[string]any) (any, error) {
		return nil, errors.New("backend down")
	}}
	r, _ := s.Eval(ctx, `(def a 2) (def b 3) (tool/boom)`, lisp.Options{Tools: tools})
	if r.Error == nil || r.Error.Kind != "tool_error" || !strings.Contains(r.Error.Message, "backend down") {
		t.Fatalf("want tool_error, got %+v", r.Error)
	}
	r, _ = s.Eval(ctx, `[a (resolve-b)]`, lisp.Options{})
	if r.Error == nil || r.Error.Kind != "unbound_symbol" {
		t.Fatalf("want unbound_symbol for an unknown name, got %+v", r)
	}
	r, _ = s.Eval(ctx, `a`, lisp.Options{})
	if r.Printed != "1" {
		t.Fatalf("a should still be 1 after the failed evaluation, got %s (%v)", r.Printed, r.Error)
	}
	if vars := s.Vars(); len(vars) != 1 || vars[0] != "a" {
		t.Fatalf("vars: %v", vars)
	}
}

func TestDeadline(t *testing.T) {
	s := lisp.NewSession()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	r, _ := s.Eval(ctx, `(loop [i 0] (recur (inc i)))`, lisp.Options{Limits: lisp.Limits{MaxSteps: 1 << 50}})
	if r.Error == nil || r.Error.Kind != "timeout" || r.Error.Limit != "deadline" {
		t.Fatalf("want timeout (limit deadline), got %+v", r.Error)
	}
}

func TestBusy(t *testing.T) {
	s := lisp.NewSession()
	started := make(chan struct{})
	release := make(chan struct{})
	tools := map[string]lisp.Tool{"wait": func(context.Context, map[string]any) (any, error) {
		close(started)
		<-release
		return nil, nil
	}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Eval(context.Background(), `(tool/wait)`, lisp.Options{Tools: tools})
	}()
	<-started
	if _, err := s.Eval(context.Background(), `1`, lisp.Options{}); !errors.Is(err, lisp.ErrBusy) {
		t.Fatalf("want ErrBusy, got %v", err)
	}
	close(release)
	wg.Wait()
}

func TestPmapRunsToolsConcurrently(t *testing.T) {
	s := lisp.NewSession()
	var mu sync.Mutex
	inFlight, peak := 0, 0
	tools := map[string]lisp.Tool{"slow": func(ctx context.Context, args map[string]any) (any, error) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		return args["id"], nil
	}}
	r, _ := s.Eval(context.Background(), `(pmap #(tool/slow {:id %}) [1 2 3 4])`, lisp.Options{Tools: tools})
	if r.Error != nil || r.Printed != "[1 2 3 4]" {
		t.Fatalf("got %s %v", r.Printed, r.Error)
	}
	if peak != 4 {
		t.Fatalf("peak concurrency %d, want 4 (one batch)", peak)
	}
	for _, c := range r.ToolCalls {
		if c.Batch != 1 {
			t.Fatalf("ledger: %+v", r.ToolCalls)
		}
	}
}

package host_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/host"
)

// TestGuestOutOfMemoryIsContained: a program that exhausts the guest's
// memory traps; Eval reports an error, the host goes on, other sessions
// are unaffected, and the session itself continues in a fresh instance
// with the definitions it had before.
func TestGuestOutOfMemoryIsContained(t *testing.T) {
	ctx := context.Background()
	calls := 0
	e := newEngine(t)
	other := openSession(t, e)
	if r, err := other.Eval(ctx, `(def kept 42)`, host.Options{}); err != nil || r.Error != nil {
		t.Fatal(err, r)
	}
	s := openSession(t, e)
	tools := map[string]host.Tool{"n": func(context.Context, map[string]any) (any, error) { calls++; return 5, nil }}
	if r, err := s.Eval(ctx, `(def n (tool/n {})) (defn add-n [x] (+ x n)) (def xs (range 3))`, host.Options{Tools: tools}); err != nil || r.Error != nil {
		t.Fatal(err, r)
	}
	_, err := s.Eval(ctx, memoryBomb, host.Options{Limits: unbounded})
	var te *host.TrapError
	if !errors.As(err, &te) || te.Limit != "memory" {
		t.Fatalf("want a TrapError with Limit memory, got %v (detail %q)", err, te.Detail)
	}
	if !te.Recovered || te.RecoveryErr != nil || len(te.Lost) != 0 {
		t.Fatalf("session not recovered: %+v", te)
	}
	r, err := s.Eval(ctx, `[(add-n 1) (vec xs) *1]`, host.Options{})
	if err != nil || r.Printed != "[6 [0 1 2] #'user/xs]" { // *1 survives the trap too
		t.Fatalf("session after the trap: %+v %v", r, err)
	}
	if calls != 1 {
		t.Fatalf("recovery called the tool again: %d calls", calls)
	}
	r, err = other.Eval(ctx, `kept`, host.Options{})
	if err != nil || r.Printed != "42" {
		t.Fatalf("other session after the trap: %+v %v", r, err)
	}
}

// TestEngineCloseDuringEval: closing the engine while an Eval runs ends
// that Eval cleanly, as a cancelled context would, and waits for it; the
// engine and its sessions then refuse work with ErrEngineClosed.
func TestEngineCloseDuringEval(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	s := openSession(t, e)
	started := make(chan struct{})
	tools := map[string]host.Tool{"go": func(context.Context, map[string]any) (any, error) { close(started); return true, nil }}
	type outcome struct {
		r   *host.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		r, err := s.Eval(ctx, `(tool/go {}) (loop [i 0] (recur (inc i)))`, host.Options{Tools: tools, Limits: unbounded})
		done <- outcome{r, err}
	}()
	<-started
	if err := e.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// Close has waited for the Eval's guest call; the goroutine then only
	// hands its result over.
	select {
	case o := <-done:
		if o.err != nil || o.r.Error == nil || o.r.Error.Kind != "cancelled" {
			t.Fatalf("the running Eval: want a cancelled result, got %+v, %v", o.r, o.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the running Eval did not end after Close")
	}
	if _, err := s.Eval(ctx, `1`, host.Options{}); !errors.Is(err, host.ErrEngineClosed) {
		t.Fatalf("Eval after Close: want ErrEngineClosed, got %v", err)
	}
	if _, err := e.NewSession(ctx); !errors.Is(err, host.ErrEngineClosed) {
		t.Fatalf("NewSession after Close: want ErrEngineClosed, got %v", err)
	}
	if _, err := s.Snapshot(ctx); !errors.Is(err, host.ErrEngineClosed) {
		t.Fatalf("Snapshot after Close: want ErrEngineClosed, got %v", err)
	}
}

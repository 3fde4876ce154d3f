package host_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

func TestEngineOptions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := newEngine(t, host.WithMemoryLimitPages(512), host.WithPoolSize(1), host.WithCompilationCacheDir(dir))
	s := openSession(t, e)
	// 32 MiB of guest memory is not enough for a 100-million-element range.
	lim := lisp.Limits{MaxSteps: 1 << 50, MaxCollection: 1 << 40}
	_, err := s.Eval(ctx, `(count (vec (range 100000000)))`, host.Options{Limits: lim})
	var te *host.TrapError
	if !errors.As(err, &te) || te.Limit != "memory" {
		t.Fatalf("want a memory trap with 512 pages, got %v", err)
	}
	// A second engine reuses the compilation cache.
	e2, err := newHost(ctx, host.WithCompilationCacheDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close(ctx)
}

// TestRefillWaitsForTheFirstEval: while sessions taken from the pool
// have not returned from their first Eval, the pool's refill makes no
// new instance (until refillDelay, here an hour), so the two do not
// compete; once they have, or have closed, it goes on.
func TestRefillWaitsForTheFirstEval(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, host.WithPoolSize(1))
	e.SetRefillDelay(time.Hour)
	waitFor(t, func() bool { return e.PoolLen() == 1 })
	a := openSession(t, e)
	// The refill may have been making a second instance already: take
	// that one too.
	time.Sleep(100 * time.Millisecond)
	var b *host.Session
	if e.PoolLen() == 1 {
		b = openSession(t, e)
	}
	time.Sleep(200 * time.Millisecond)
	if n := e.PoolLen(); n != 0 {
		t.Fatalf("the refill made an instance before the first Eval: pool holds %d", n)
	}
	if r, err := a.Eval(ctx, "(+ 1 2)", host.Options{}); err != nil || r.Printed != "3" {
		t.Fatal(err, r)
	}
	if b != nil {
		b.Close(ctx) // closing settles too
	}
	waitFor(t, func() bool { return e.PoolLen() == 1 }) // the refill goes on
	if r, err := a.Eval(ctx, "(* 2 3)", host.Options{}); err != nil || r.Printed != "6" {
		t.Fatal(err, r)
	}
}

// waitFor polls cond for up to 30 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
	}
}

package host_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

func benchEngine(b *testing.B) (*host.Engine, context.Context) {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close(ctx) })
	return e, ctx
}

// BenchmarkNewSessionFirstEval: a fresh isolated guest instance, ready, plus
// its first small evaluation.
func BenchmarkNewSessionFirstEval(b *testing.B) {
	e, ctx := benchEngine(b)
	for b.Loop() {
		s, err := e.NewSession(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if r, err := s.Eval(ctx, "(+ 1 2)", host.Options{}); err != nil || r.Error != nil {
			b.Fatal(err, r)
		}
		s.Close(ctx)
	}
}

// BenchmarkPooledSessionFirstEval: as above, but the pool has refilled
// between sessions (a server that opens sessions at a normal rate).
func BenchmarkPooledSessionFirstEval(b *testing.B) {
	e, ctx := benchEngine(b)
	for b.Loop() {
		b.StopTimer()
		waitPoolFull(e)
		b.StartTimer()
		s, err := e.NewSession(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if r, err := s.Eval(ctx, "(+ 1 2)", host.Options{}); err != nil || r.Error != nil {
			b.Fatal(err, r)
		}
		b.StopTimer()
		s.Close(ctx)
		b.StartTimer()
	}
}

// waitPoolFull waits until the engine's background refill has filled its
// pool, so the timed part does not compete with an instantiation.
func waitPoolFull(e *host.Engine) {
	for e.PoolLen() < e.PoolCap() {
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkWarmEvalW6: W6 in a live guest session.
func BenchmarkWarmEvalW6(b *testing.B) {
	e, ctx := benchEngine(b)
	s, err := e.NewSession(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if r, err := s.Eval(ctx, "(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))", host.Options{}); err != nil || r.Error != nil {
			b.Fatal(err, r)
		}
	}
}

// BenchmarkGuestWorkloads runs ../shared/bench W1–W5 inside the guest.
func BenchmarkGuestWorkloads(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "bench", "workloads")
	for _, w := range []string{"w1_filter_sum", "w2_group_agg", "w3_strings", "w4_fib", "w5_loop"} {
		src, err := os.ReadFile(filepath.Join(dir, w+".clj"))
		if err != nil {
			b.Skipf("workloads not found: %v", err)
		}
		b.Run(w, func(b *testing.B) {
			e, ctx := benchEngine(b)
			s, err := e.NewSession(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				r, err := s.Eval(ctx, string(src), host.Options{Limits: lisp.Limits{MaxSteps: 1 << 40}})
				if err != nil || r.Error != nil {
					b.Fatal(err, r.Error)
				}
			}
		})
	}
}

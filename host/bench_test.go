package host_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

func benchEngine(b *testing.B, opts ...host.Option) (*host.Engine, context.Context) {
	ctx := context.Background()
	e, err := host.New(ctx, opts...)
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
		time.Sleep(60 * time.Millisecond) // the pool refills in the background
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

// BenchmarkGuestWorkloads runs ../shared/bench W1–W5 inside the guest,
// with fuel metering (fuel=on, the default) and without (fuel=off): the
// difference is the metering's cost.
func BenchmarkGuestWorkloads(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "bench", "workloads")
	for _, w := range []string{"w1_filter_sum", "w2_group_agg", "w3_strings", "w4_fib", "w5_loop"} {
		src, err := os.ReadFile(filepath.Join(dir, w+".clj"))
		if err != nil {
			b.Skipf("workloads not found: %v", err)
		}
		for _, fuel := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/fuel=%s", w, map[bool]string{true: "on", false: "off"}[fuel]), func(b *testing.B) {
				benchWorkload(b, string(src), host.WithFuel(fuel))
			})
		}
	}
}

func benchWorkload(b *testing.B, src string, opts ...host.Option) {
	e, ctx := benchEngine(b, opts...)
	s, err := e.NewSession(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := s.Eval(ctx, src, host.Options{Limits: lisp.Limits{MaxSteps: 1 << 40}})
		if err != nil || r.Error != nil {
			b.Fatal(err, r.Error)
		}
	}
}

// BenchmarkFuelOverhead runs each of W1–W5 alternately on an engine with
// fuel metering and one without, and reports the thread CPU time of each
// (on-ms, off-ms) and the metering's cost (overhead-%). Alternating keeps
// the comparison fair when other work shares the machine.
func BenchmarkFuelOverhead(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "bench", "workloads")
	for _, w := range []string{"w1_filter_sum", "w2_group_agg", "w3_strings", "w4_fib", "w5_loop"} {
		src, err := os.ReadFile(filepath.Join(dir, w+".clj"))
		if err != nil {
			b.Skipf("workloads not found: %v", err)
		}
		b.Run(w, func(b *testing.B) {
			var sessions [2]*host.Session
			var ctx context.Context
			for i, on := range []bool{true, false} {
				var e *host.Engine
				e, ctx = benchEngine(b, host.WithFuel(on))
				if sessions[i], err = e.NewSession(ctx); err != nil {
					b.Fatal(err)
				}
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var cpu [2]int64
			for b.Loop() {
				for i, s := range sessions {
					t0 := threadCPU()
					r, err := s.Eval(ctx, string(src), host.Options{Limits: lisp.Limits{MaxSteps: 1 << 40}})
					cpu[i] += threadCPU() - t0
					if err != nil || r.Error != nil {
						b.Fatal(err, r.Error)
					}
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(cpu[0])/n/1e6, "on-ms")
			b.ReportMetric(float64(cpu[1])/n/1e6, "off-ms")
			if cpu[1] > 0 {
				b.ReportMetric(100*(float64(cpu[0])/float64(cpu[1])-1), "overhead-%")
			}
		})
	}
}

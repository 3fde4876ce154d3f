package host_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

func benchEngine(b *testing.B, opts ...host.Option) (*host.Engine, context.Context) {
	ctx := context.Background()
	e, err := newHost(ctx, opts...)
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

// BenchmarkWarmEvalW6: W6 in a live guest session. Besides wall time it
// reports cpu-ns/op, the CPU time of the benchmark's thread per Eval
// (threadCPU): on a shared machine, steadier than wall time.
func BenchmarkWarmEvalW6(b *testing.B) {
	e, ctx := benchEngine(b)
	s, err := e.NewSession(ctx)
	if err != nil {
		b.Fatal(err)
	}
	cpu := startThreadCPU(b)
	for b.Loop() {
		if r, err := s.Eval(ctx, "(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))", host.Options{}); err != nil || r.Error != nil {
			b.Fatal(err, r)
		}
	}
	cpu.report(b, b.N, "cpu-ns/op")
}

// threadCPUMeter measures the CPU time of the benchmark's goroutine,
// locked to its thread: the guest runs on the calling thread under both
// engines, tool calls included.
type threadCPUMeter struct{ start int64 }

func startThreadCPU(b *testing.B) threadCPUMeter {
	runtime.LockOSThread()
	b.Cleanup(runtime.UnlockOSThread)
	return threadCPUMeter{start: threadCPU()}
}

// report adds the CPU time since start divided by n as the metric unit;
// nothing where threadCPU is not available.
func (m threadCPUMeter) report(b *testing.B, n int, unit string) {
	if end := threadCPU(); end > 0 && n > 0 {
		b.ReportMetric(float64(end-m.start)/float64(n), unit)
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

// BenchmarkToolCallRoundTrip: guest -> host -> guest tool calls with a
// 1 KiB JSON payload each way. One Eval makes calls calls; ns/call is the
// Eval's time divided by them (the evaluation's own cost, ~one small Eval,
// is included, spread over the calls). Two payloads: maps is 16 small
// maps (what tools usually return: every key and value crosses as a JSON
// member), string is one 1 KiB string (mostly the boundary itself).
func BenchmarkToolCallRoundTrip(b *testing.B) {
	maps := make([]any, 16) // 16 maps of ~64 bytes of JSON: ~1 KiB
	for i := range maps {
		maps[i] = map[string]any{"id": i, "name": "item-" + strings.Repeat("x", 30), "ok": true}
	}
	for _, c := range []struct {
		name    string
		payload any
	}{{"maps", maps}, {"string", strings.Repeat("x", 1024)}} {
		if n := len(mustJSON(b, c.payload)); n < 1000 || n > 1100 {
			b.Fatalf("payload is %d bytes of JSON, want ~1 KiB", n)
		}
		b.Run(c.name, func(b *testing.B) { benchToolCalls(b, c.payload) })
	}
}

func benchToolCalls(b *testing.B, payload any) {
	e, ctx := benchEngine(b)
	s, err := e.NewSession(ctx)
	if err != nil {
		b.Fatal(err)
	}
	const calls = 50
	opts := host.Options{
		Data: map[string]any{"p": payload},
		Tools: map[string]host.Tool{"echo": func(_ context.Context, args map[string]any) (any, error) {
			return args["p"], nil
		}},
	}
	src := fmt.Sprintf("(dotimes [i %d] (tool/echo {:p data/p})) :ok", calls)
	cpu := startThreadCPU(b)
	for b.Loop() {
		r, err := s.Eval(ctx, src, opts)
		if err != nil {
			b.Fatal(err)
		}
		if r.Error != nil {
			b.Fatal(r.Error)
		}
		if len(r.ToolCalls) != calls {
			b.Fatalf("%d tool calls", len(r.ToolCalls))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*calls), "ns/call")
	cpu.report(b, b.N*calls, "cpu-ns/call")
}

func mustJSON(b *testing.B, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkThousandSessions opens 1,000 sessions in one engine, evaluates
// in each (a def, so every session holds state), and reports the memory
// per session: the process's resident set and the Go heap in use, both
// after a GC, divided by the sessions. Slow: skipped under -short.
func BenchmarkThousandSessions(b *testing.B) {
	if testing.Short() {
		b.Skip("opens 1,000 guest instances")
	}
	const n = 1000
	for b.Loop() {
		ctx := context.Background()
		e, err := newHost(ctx)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		rss0, pss0 := residentBytes(), proportionalBytes()
		sessions := make([]*host.Session, n)
		for i := range sessions {
			s, err := e.NewSession(ctx)
			if err != nil {
				b.Fatalf("session %d: %v", i, err)
			}
			r, err := s.Eval(ctx, fmt.Sprintf("(def n %d) (->> [1 2 3] (map inc) (reduce +))", i), host.Options{})
			if err != nil || r.Error != nil || r.Printed != "9" {
				b.Fatalf("session %d: %v %+v", i, err, r)
			}
			sessions[i] = s
		}
		for i, s := range sessions { // every session still answers, with its own state
			if r, err := s.Eval(ctx, "n", host.Options{}); err != nil || r.Printed != fmt.Sprint(i) {
				b.Fatalf("session %d: %v %+v", i, err, r)
			}
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(residentBytes()-rss0)/float64(n)/(1<<20), "MiB-rss/session")
		b.ReportMetric(float64(proportionalBytes()-pss0)/float64(n)/(1<<20), "MiB-pss/session")
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/float64(n)/(1<<20), "MiB-heap/session")
		b.ReportMetric(float64(after.Sys-before.Sys)/float64(n)/(1<<20), "MiB-sys/session")
		for _, s := range sessions {
			s.Close(ctx)
		}
		e.Close(ctx)
	}
}

// proportionalBytes is the process's proportional set size (Linux), or
// 0: its resident pages, each shared page divided among the mappings
// that share it. Sessions that start from the engine's memory image
// (wazeroengine) share its pages until they write them, and the resident
// set counts a shared page once per mapping.
func proportionalBytes() int64 {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Pss:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// residentBytes is the process's resident set size (Linux), or 0.
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

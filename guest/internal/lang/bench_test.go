package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The shared workloads W0–W6 (../shared/bench). Each benchmark iteration
// runs the whole program from source: parse, analyze, evaluate.

func benchDir() string {
	if d := os.Getenv("PTC_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "..", "shared", "bench")
}

func loadWorkload(tb testing.TB, name string) (src, want string) {
	dir := benchDir()
	b, err := os.ReadFile(filepath.Join(dir, "workloads", name+".clj"))
	if err != nil {
		tb.Skipf("benchmark workloads not found (%v); they live in ../shared/bench", err)
	}
	exp, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
	if err != nil {
		tb.Skipf("expected.txt not found: %v", err)
	}
	for _, line := range strings.Split(string(exp), "\n") {
		if k, v, ok := strings.Cut(line, "\t"); ok && k == name {
			want = v
		}
	}
	return string(b), want
}

var workloads = []string{"w0_gen", "w1_filter_sum", "w2_group_agg", "w3_strings", "w4_fib", "w5_loop", "w6_small"}

var benchLimits = Limits{MaxSteps: 1 << 40}

func runWorkload(tb testing.TB, src string) *Result {
	r := NewSession().Eval(src, Options{Limits: benchLimits})
	if r.Error != nil {
		tb.Fatalf("workload failed: %v", r.Error)
	}
	return r
}

// TestWorkloads checks every workload prints its expected line.
func TestWorkloads(t *testing.T) {
	for _, w := range workloads {
		t.Run(w, func(t *testing.T) {
			src, want := loadWorkload(t, w)
			r := runWorkload(t, src)
			if len(r.Prints) != 1 || r.Prints[0] != want {
				t.Fatalf("%s printed %q, want %q", w, r.Prints, want)
			}
		})
	}
}

func BenchmarkWorkloads(b *testing.B) {
	for _, w := range workloads {
		b.Run(w, func(b *testing.B) {
			src, _ := loadWorkload(b, w)
			b.ReportAllocs()
			for b.Loop() {
				runWorkload(b, src)
			}
		})
	}
}

// BenchmarkW6Eval is the per-evaluation overhead in a live session:
// parse + analyze + eval of W6.
func BenchmarkW6Eval(b *testing.B) {
	src := `(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))`
	s := NewSession()
	b.ReportAllocs()
	for b.Loop() {
		r := s.Eval(src, Options{})
		if r.Error != nil {
			b.Fatal(r.Error)
		}
	}
}

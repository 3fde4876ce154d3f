// This file takes the place of host/engine_default_test.go when make
// test-wasmtime runs the host package's tests from this module (go test
// -overlay): the whole host suite then runs on wasmtime. It is in
// testdata so that this module's own packages leave it out.

package host_test

import (
	"context"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
	"github.com/ptc-wasm/ptc/host/wasmtime"
)

// testRuntime is the runtime every host test and benchmark runs on: here
// wasmtime.
func testRuntime() (string, host.Option) { return "wasmtime", host.WithRuntime(wasmtime.Runtime()) }

// TestFuelComparable: wasmtime's native fuel, scaled, reports about the
// same fuel as the instrumented module on wazero for the same program
// (within a factor of 2; the ratios are logged), so an Options.Fuel
// budget means about the same work on both engines.
func TestFuelComparable(t *testing.T) {
	ctx := context.Background()
	progs := []string{
		`(defn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) (fib 15)`,
		`(loop [i 0] (if (< i 100000) (recur (inc i)) i))`,
		`(->> (range 20000) (map (fn [i] {:k (mod i 7) :v i})) (group-by :k) (map (fn [[k vs]] [k (reduce + (map :v vs))])) (into {}))`,
		`(apply str (map #(str "x" % ",") (range 5000)))`,
	}
	runtimes := map[string]host.Option{"wazero": host.WithEngine("wazero"), "wasmtime": host.WithRuntime(wasmtime.Runtime())}
	used := map[string][]int64{}
	for name, rt := range runtimes {
		e := newEngine(t, rt)
		for _, src := range progs {
			r, err := openSession(t, e).Eval(ctx, src, host.Options{Limits: lisp.Limits{MaxSteps: 1 << 40}})
			if err != nil || r.Error != nil {
				t.Fatalf("%s: %+v %v", name, r, err)
			}
			used[name] = append(used[name], r.Fuel)
		}
	}
	for i, src := range progs {
		z, w := used["wazero"][i], used["wasmtime"][i]
		ratio := float64(w) / float64(z)
		t.Logf("%.40s: wazero %d, wasmtime %d (x%.2f)", src, z, w, ratio)
		if ratio < 0.5 || ratio > 2 {
			t.Errorf("%.40s: wasmtime reports %.2f times wazero's fuel, want 0.5 to 2", src, ratio)
		}
	}
}

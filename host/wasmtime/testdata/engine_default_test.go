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

// TestFuelSameOnBothEngines: both engines meter the same instrumented
// module, so a program uses exactly the same fuel on wasmtime as on
// wazero, and an Options.Fuel budget means the same work on both.
func TestFuelSameOnBothEngines(t *testing.T) {
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
		// One session per engine, made the same way on both, runs every
		// program in turn. The fuel of a program depends on the guest's
		// heap, which depends on what the instance ran before: one that
		// ran the pool's warm-up program uses a few hundred units more or
		// less than one made on demand.
		s := openSession(t, newEngine(t, rt, host.WithPoolSize(0)))
		for _, src := range progs {
			r, err := s.Eval(ctx, src, host.Options{Limits: lisp.Limits{MaxSteps: 1 << 40}})
			if err != nil || r.Error != nil {
				t.Fatalf("%s: %+v %v", name, r, err)
			}
			used[name] = append(used[name], r.Fuel)
		}
	}
	for i, src := range progs {
		if z, w := used["wazero"][i], used["wasmtime"][i]; z != w || z <= 0 {
			t.Errorf("%.40s: wazero used %d fuel, wasmtime %d; want the same, above 0", src, z, w)
		}
	}
}

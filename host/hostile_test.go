package host_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// TestHostilePrograms: each hostile program is stopped with the right
// named limit, the host goes on, and the session keeps the definitions it
// made before.
func TestHostilePrograms(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	s := openSession(t, e)
	if r, err := s.Eval(ctx, `(def kept {:a [1 2]}) (defn twice [x] (* 2 x))`, host.Options{}); err != nil || r.Error != nil {
		t.Fatal(err, r)
	}
	ping := map[string]host.Tool{"ping": func(context.Context, map[string]any) (any, error) { return "pong", nil }}
	for _, c := range []struct {
		name, src string
		opts      host.Options
		timeout   time.Duration
		kind      lisp.ErrorKind // the interpreter's error, or
		trap      string         // the sandbox's limit
	}{
		{name: "infinite loop", src: `(loop [i 0] (recur (inc i)))`, opts: host.Options{Limits: lisp.Limits{MaxSteps: 1_000_000}}, kind: "step_limit"},
		{name: "deep recursion", src: `(defn down [n] (inc (down n))) (down 1)`, kind: "depth_limit"},
		{name: "allocation bomb", src: `(count (vec (range 100000000)))`, kind: "size_limit"},
		{name: "huge string", src: `(loop [s "xx"] (recur (str s s)))`, kind: "size_limit"},
		{name: "deep nesting in the source", src: strings.Repeat("[", 100_000), kind: "depth_limit"},
		{name: "tool-call flood", src: `(dotimes [i 100000] (tool/ping {}))`, opts: host.Options{Tools: ping}, kind: "size_limit"},
		{name: "runaway loop past its deadline", src: `(loop [i 0] (recur (inc i)))`, opts: host.Options{Limits: unbounded}, timeout: 100 * time.Millisecond, kind: "timeout"},
		{name: "runaway the interpreter does not stop (fuel)", src: `(loop [i 0] (recur (inc i)))`, opts: host.Options{Limits: unbounded, Fuel: 50_000_000}, trap: "fuel"},
		{name: "memory exhausted", src: memoryBomb, opts: host.Options{Limits: unbounded}, trap: "memory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ectx := ctx
			if c.timeout > 0 {
				var cancel context.CancelFunc
				ectx, cancel = context.WithTimeout(ctx, c.timeout)
				defer cancel()
			}
			r, err := s.Eval(ectx, c.src, c.opts)
			if c.trap != "" {
				var te *host.TrapError
				if !errors.As(err, &te) || te.Limit != c.trap || !te.Recovered {
					t.Fatalf("want a recovered TrapError with Limit %q, got %v", c.trap, err)
				}
			} else {
				if err != nil {
					t.Fatalf("want the interpreter's %s error, got a host error: %v", c.kind, err)
				}
				if r.Error == nil || r.Error.Kind != c.kind {
					t.Fatalf("want error kind %s, got %s %v", c.kind, r.Outcome, r.Error)
				}
				if r.Error.Message == "" || (c.kind != "timeout" && r.Error.Limit == "") {
					t.Errorf("the error should name its limit: %+v", r.Error)
				}
			}
			r, err = s.Eval(ctx, `[kept (twice 21)]`, host.Options{})
			if err != nil || r.Printed != `[{:a [1 2]} 42]` {
				t.Fatalf("session after %s: %+v %v", c.name, r, err)
			}
		})
	}
}

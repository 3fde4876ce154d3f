package host_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

func TestSnapshotAndRestoreSession(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	s := openSession(t, e)
	calls := 0
	tools := map[string]host.Tool{"rates": func(context.Context, map[string]any) (any, error) {
		calls++
		return map[string]any{"eur": 1.1, "gbp": 1.3}, nil
	}}
	for _, src := range []string{
		`(def rates (tool/rates {}))`,
		`(defn convert [cur amount] (* amount (get rates cur)))`,
		`(def to-eur (partial convert :eur))`,
		`(def scale (let [k 10] (fn [x] (* k x))))`,
		`(scale 2)`,
	} {
		if r, err := s.Eval(ctx, src, host.Options{Tools: tools}); err != nil || r.Error != nil {
			t.Fatalf("%s: %v %+v", src, err, r)
		}
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(snap), "(ptc/snapshot 1)\n") || !strings.Contains(string(snap), `(ptc/history 20 `) {
		t.Fatalf("snapshot:\n%s", snap)
	}
	r2, rep, err := e.RestoreSession(ctx, snap)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Restored, " ") != "convert rates scale to-eur" || len(rep.Lost) != 0 {
		t.Fatalf("report %+v", rep)
	}
	r, err := r2.Eval(ctx, `[(convert "gbp" 10) (to-eur 10) (scale 3) *1]`, host.Options{})
	if err != nil || r.Printed != "[13.0 11.0 30 20]" {
		t.Fatalf("restored session: %+v %v", r, err)
	}
	if calls != 1 {
		t.Fatalf("restoring called the tool again (%d calls)", calls)
	}
	// The same text restores natively, and a native snapshot restores in
	// the sandbox.
	n, nrep, err := lisp.RestoreSession(snap)
	if err != nil || len(nrep.Lost) != 0 {
		t.Fatal(err, nrep)
	}
	if r, _ := n.Eval(ctx, `(scale 4)`, lisp.Options{}); r.Printed != "40" {
		t.Fatalf("native restore: %+v", r)
	}
	nsnap, err := n.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.RestoreSession(ctx, nsnap); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.RestoreSession(ctx, []byte("(def x 1)")); err == nil || !strings.Contains(err.Error(), "ptc/snapshot") {
		t.Fatalf("bad snapshot: %v", err)
	}
}

// A session restored from a snapshot also recovers its definitions after
// a trap.
func TestRestoredSessionRecoversAfterTrap(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	s, _, err := e.RestoreSession(ctx, []byte("(ptc/snapshot 1)\n(ptc/var \"k\" nil nil 7)\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Eval(ctx, memoryBomb, host.Options{Limits: unbounded})
	var te *host.TrapError
	if !errors.As(err, &te) || !te.Recovered {
		t.Fatalf("want a recovered TrapError, got %v", err)
	}
	if r, err := s.Eval(ctx, `(inc k)`, host.Options{}); err != nil || r.Printed != "8" {
		t.Fatalf("after the trap: %+v %v", r, err)
	}
}

// TestRecoveryKeepsHistory: after a trap, *1 *2 *3 come back from their
// printed forms (a var as itself); a function, whose printed form does
// not read back, and data holding a var come back as nil without costing
// the others.
func TestRecoveryKeepsHistory(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	for _, src := range []string{`(def kept 41)`, `[1 "two" :three]`, `{:a #{1 2} :b 2.5}`} {
		if r, err := s.Eval(ctx, src, host.Options{}); err != nil || r.Error != nil {
			t.Fatal(src, err, r.Error)
		}
	}
	trap := func() {
		t.Helper()
		_, err := s.Eval(ctx, `(loop [i 0] (recur (inc i)))`, host.Options{Fuel: 20_000_000, Limits: unbounded})
		var te *host.TrapError
		if !errors.As(err, &te) || !te.Recovered {
			t.Fatalf("want a recovered trap, got %v", err)
		}
	}
	trap()
	r, err := s.Eval(ctx, `[*1 *2 *3 (= *3 (var kept))]`, host.Options{})
	if err != nil || r.Printed != `[{:a #{1 2}, :b 2.5} [1 "two" :three] #'user/kept true]` {
		t.Fatalf("history after a trap: %+v %v", r, err)
	}
	if r, err := s.Eval(ctx, `(fn [x] x)`, host.Options{}); err != nil || r.Error != nil {
		t.Fatal(err, r.Error)
	}
	trap()
	r, err = s.Eval(ctx, `[*1 *2 *3]`, host.Options{})
	// *2 held a var inside a vector: it cannot be rebuilt from its
	// printed form either, so it is nil too.
	if err != nil || r.Printed != `[nil nil {:a #{1 2}, :b 2.5}]` {
		t.Fatalf("history with a function in it: %+v %v", r, err)
	}
}

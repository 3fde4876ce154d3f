package host_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// TestDifferentialConformance runs every program of the shared conformance
// corpus natively and in the guest: outcome, printed value, error kind and
// prints must agree. (Whether they match Clojure is the core's conformance
// test; this one checks that the sandbox changes nothing.)
func TestDifferentialConformance(t *testing.T) {
	path := os.Getenv("PTC_CONFORMANCE_CASES")
	if path == "" {
		path = filepath.Join("..", "..", "shared", "conformance", "cases.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("conformance corpus not found (%v); it lives in ../shared/conformance", err)
	}
	defer f.Close()
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	lim := lisp.Limits{MaxSteps: 1_000_000}
	n, mismatches := 0, 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var gs *host.Session
	for sc.Scan() {
		var c struct {
			ID   string `json:"id"`
			Expr string `json:"expr"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		// One guest instance serves up to 200 cases (an instance per case
		// would make the test slow); each native run gets a fresh session,
		// so a def leaking between guest cases would show as a mismatch.
		if gs == nil || n%200 == 0 {
			if gs != nil {
				gs.Close(ctx)
			}
			if gs, err = e.NewSession(ctx); err != nil {
				t.Fatal(err)
			}
		}
		n++
		g, err := gs.Eval(ctx, c.Expr, host.Options{Limits: lim})
		if err != nil {
			t.Errorf("%s: guest failed: %v", c.ID, err)
			gs = nil
			continue
		}
		nat, _ := lisp.NewSession().Eval(ctx, c.Expr, lisp.Options{Limits: lim})
		if g.Outcome != nat.Outcome || g.Printed != nat.Printed || (g.Error == nil) != (nat.Error == nil) ||
			(g.Error != nil && g.Error.Kind != nat.Error.Kind) || len(g.Prints) != len(nat.Prints) {
			mismatches++
			if mismatches <= 20 {
				t.Errorf("%s %q: guest %s %s %v, native %s %s %v", c.ID, c.Expr, g.Outcome, g.Printed, g.Error, nat.Outcome, nat.Printed, nat.Error)
			}
		}
	}
	t.Logf("differential: %d programs, %d mismatches", n, mismatches)
}

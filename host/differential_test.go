package host_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
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
	e, err := newHost(ctx)
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

// ptcCase is the part of a ptc_cases.jsonl entry the differential test
// needs: multi-turn programs with context data and mock tools.
type ptcCase struct {
	ID    string `json:"id"`
	Turns []struct {
		Program string         `json:"program"`
		Context map[string]any `json:"context"`
	} `json:"turns"`
	Tools map[string]struct {
		ReturnsEDN *string `json:"returns_edn"`
		ReturnsArg *string `json:"returns_arg"`
		ErrorEDN   *string `json:"error_edn"`
		OrEchoArgs bool    `json:"or_echo_args"`
	} `json:"tools"`
}

// mockTools builds the case's tools as Go functions; native and guest
// runs get the same ones.
func (c *ptcCase) mockTools(t *testing.T) map[string]host.Tool {
	tools := map[string]host.Tool{}
	for name, spec := range c.Tools {
		var fixed any
		if spec.ReturnsEDN != nil {
			r, _ := lisp.NewSession().Eval(context.Background(), "(quote "+*spec.ReturnsEDN+")", lisp.Options{})
			if r.Error != nil {
				t.Logf("%s: tool %s: cannot read %s: %v", c.ID, name, *spec.ReturnsEDN, r.Error)
			}
			fixed = r.Value
		}
		tools[name] = func(_ context.Context, args map[string]any) (any, error) {
			switch {
			case spec.ErrorEDN != nil:
				return nil, errors.New(*spec.ErrorEDN)
			case spec.ReturnsArg != nil:
				return args[*spec.ReturnsArg], nil
			case spec.ReturnsEDN != nil:
				return fixed, nil
			case spec.OrEchoArgs:
				return args, nil
			}
			return nil, nil
		}
	}
	return tools
}

// TestDifferentialPTCCases runs the reference implementation's multi-turn
// cases (context data, tools, defs across turns) natively and in the
// guest: every turn must agree on outcome, printed value, error kind and
// prints.
func TestDifferentialPTCCases(t *testing.T) {
	path := os.Getenv("PTC_CONFORMANCE_PTC_CASES")
	if path == "" {
		path = filepath.Join("..", "..", "shared", "conformance", "ptc_cases.jsonl")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("ptc_cases.jsonl not found (%v); it lives in ../shared/conformance", err)
	}
	ctx := context.Background()
	e := newEngine(t, host.WithWallClock()) // native sessions have a clock too
	lim := lisp.Limits{MaxSteps: 1_000_000}
	cases, turns, mismatches := 0, 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var c ptcCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatal(err)
		}
		cases++
		tools := c.mockTools(t)
		gs := openSession(t, e)
		ns := lisp.NewSession()
		for _, turn := range c.Turns {
			turns++
			g, err := gs.Eval(ctx, turn.Program, host.Options{Data: turn.Context, Tools: tools, Limits: lim})
			if err != nil {
				t.Errorf("%s: guest failed: %v", c.ID, err)
				break
			}
			nat, _ := ns.Eval(ctx, turn.Program, lisp.Options{Data: turn.Context, Tools: tools, Limits: lim})
			if readsClock(turn.Program) {
				g.Printed, nat.Printed = "", "" // the two runs read the clock at different moments
			}
			if g.Outcome != nat.Outcome || g.Printed != nat.Printed || (g.Error == nil) != (nat.Error == nil) ||
				(g.Error != nil && g.Error.Kind != nat.Error.Kind) || strings.Join(g.Prints, "\n") != strings.Join(nat.Prints, "\n") ||
				!sameLedger(g.ToolCalls, nat.ToolCalls) {
				mismatches++
				if mismatches <= 20 {
					t.Errorf("%s %q: guest %s %s %v %s, native %s %s %v %s", c.ID, turn.Program, g.Outcome, g.Printed, g.Error, ledgerJSON(g.ToolCalls), nat.Outcome, nat.Printed, nat.Error, ledgerJSON(nat.ToolCalls))
				}
			}
		}
		gs.Close(ctx)
	}
	t.Logf("differential ptc_cases: %d cases, %d turns, %d mismatches", cases, turns, mismatches)
	if cases < 1000 {
		t.Errorf("only %d cases read", cases)
	}
}

func readsClock(src string) bool {
	return strings.Contains(src, "currentTimeMillis") || strings.Contains(src, "Date.)") || strings.Contains(src, "/now")
}

// sameLedger compares two tool-call ledgers by name, arguments, result,
// error and batch (arguments and results as JSON, so int and int64 agree).
func sameLedger(a, b []lisp.ToolCall) bool {
	return ledgerJSON(a) == ledgerJSON(b)
}

func ledgerJSON(calls []lisp.ToolCall) string {
	type entry struct {
		Name, Error  string
		Args, Result any
		Batch        int
	}
	es := make([]entry, len(calls))
	for i, c := range calls {
		es[i] = entry{Name: c.Name, Error: c.Error, Args: c.Args, Result: c.Result, Batch: c.Batch}
	}
	b, err := json.Marshal(es)
	if err != nil {
		return "unencodable: " + err.Error()
	}
	return string(b)
}

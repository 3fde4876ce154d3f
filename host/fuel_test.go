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

// unbounded lifts the interpreter's own limits, so that only the host's
// fuel, memory and deadline backstops can stop a program.
var unbounded = lisp.Limits{MaxSteps: 1 << 50, MaxCollection: 1 << 40, MaxStringBytes: 1 << 40}

// memoryBomb keeps every doubling of a string: with unbounded limits only
// the guest's memory limit stops it.
const memoryBomb = `(loop [s "0123456789abcdef" keep []] (recur (str s s) (conj keep s)))`

// TestFuelStopsRunaway: a loop the interpreter would let run (MaxSteps
// lifted) is stopped by fuel; the session then continues in a fresh
// instance with its definitions.
func TestFuelStopsRunaway(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	if r, err := s.Eval(ctx, `(def kept 7)`, host.Options{}); err != nil || r.Error != nil {
		t.Fatal(err, r)
	}
	_, err := s.Eval(ctx, `(loop [i 0] (recur (inc i)))`, host.Options{Limits: unbounded, Fuel: 20_000_000})
	var te *host.TrapError
	if !errors.As(err, &te) || te.Limit != "fuel" || te.Fuel != 20_000_000 {
		t.Fatalf("want a TrapError with Limit fuel, got %v", err)
	}
	if !strings.Contains(err.Error(), "raise Options.Fuel") {
		t.Errorf("the message does not say how to fix it: %v", err)
	}
	if r, err := s.Eval(ctx, `(inc kept)`, host.Options{}); err != nil || r.Printed != "8" || !te.Recovered {
		t.Fatalf("after the fuel trap: %+v %v (recovered %v)", r, err, te.Recovered)
	}
}

// TestFuelReported: Result.Fuel is positive and about the same for the
// same program in fresh sessions (it includes the guest runtime's garbage
// collection work, which the guest lets run after each evaluation, so it
// is not exact to the unit), and an Eval given twice that succeeds while
// one given half traps.
func TestFuelReported(t *testing.T) {
	ctx := context.Background()
	e, err := newHost(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	const src = `(defn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) (fib 15)`
	eval := func(fuel uint64) (*host.Result, error) {
		s, err := e.NewSession(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close(ctx)
		return s.Eval(ctx, src, host.Options{Fuel: fuel})
	}
	var used []int64
	for range 2 {
		r, err := eval(0)
		if err != nil || r.Error != nil || r.Printed != "610" {
			t.Fatalf("got %+v %v", r, err)
		}
		used = append(used, r.Fuel)
	}
	if used[0] <= 0 || used[1] <= 0 || max(used[0], used[1]) > min(used[0], used[1])*11/10 {
		t.Fatalf("fuel used %v: want about the same positive amount twice", used)
	}
	if r, err := eval(uint64(2 * used[0])); err != nil || r.Printed != "610" {
		t.Fatalf("with twice the fuel it needs: %+v %v", r, err)
	}
	var te *host.TrapError
	if _, err := eval(uint64(used[0] / 2)); !errors.As(err, &te) || te.Limit != "fuel" {
		t.Fatalf("with half the fuel: want a fuel trap, got %v", err)
	}
	// Natively there is no fuel.
	if n, _ := lisp.NewSession().Eval(ctx, src, lisp.Options{}); n.Fuel != 0 {
		t.Fatalf("native Fuel %d", n.Fuel)
	}
}

// TestDeadlineBackstop: a program stuck in one long builtin does not poll
// the interrupt flag; DeadlineGrace after the deadline the host takes its
// fuel and the guest traps.
func TestDeadlineBackstop(t *testing.T) {
	for _, c := range []struct {
		limit  string
		cancel func(context.Context) (context.Context, context.CancelFunc)
	}{
		{"deadline", func(ctx context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, 20*time.Millisecond)
		}},
		{"cancelled", func(ctx context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(ctx)
			time.AfterFunc(20*time.Millisecond, cancel)
			return ctx, cancel
		}},
	} {
		t.Run(c.limit, func(t *testing.T) {
			s := newSession(t)
			ctx, cancel := c.cancel(context.Background())
			defer cancel()
			// One sort call over 5M numbers: far longer than the grace.
			_, err := s.Eval(ctx, `(count (sort > (range 5000000)))`, host.Options{Limits: unbounded})
			var te *host.TrapError
			if !errors.As(err, &te) || te.Limit != c.limit {
				t.Fatalf("want a TrapError with Limit %s, got %v", c.limit, err)
			}
		})
	}
}

// TestFuelOff: an engine without fuel runs programs and reports no fuel.
func TestFuelOff(t *testing.T) {
	s := newSession(t, host.WithFuel(false))
	r, err := s.Eval(context.Background(), `(reduce + (range 1000))`, host.Options{Fuel: 1})
	if err != nil || r.Printed != "499500" || r.Fuel != 0 {
		t.Fatalf("got %+v %v", r, err)
	}
}

// TestMemoryLimitBelowGuestMinimum: a memory limit the guest cannot even
// start with is refused when the engine is made.
func TestMemoryLimitBelowGuestMinimum(t *testing.T) {
	_, err := newHost(context.Background(), host.WithMemoryLimitPages(1))
	if err == nil || !strings.Contains(err.Error(), "pages") {
		t.Fatalf("want an error about pages, got %v", err)
	}
}

// TestBackstopSparesOtherSessions: the deadline backstop stops only the
// guest that missed its deadline (on wasmtime it advances an epoch that
// every instance of the engine shares); a session of the same engine
// evaluating meanwhile finishes normally.
func TestBackstopSparesOtherSessions(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	stuck, busy := openSession(t, e), openSession(t, e)
	type outcome struct {
		r   *host.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		r, err := busy.Eval(ctx, `(loop [i 0] (if (< i 5000000) (recur (inc i)) i))`, host.Options{})
		done <- outcome{r, err}
	}()
	dctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err := stuck.Eval(dctx, `(count (sort > (range 5000000)))`, host.Options{Limits: unbounded})
	var te *host.TrapError
	if !errors.As(err, &te) || te.Limit != "deadline" {
		t.Fatalf("want a TrapError with Limit deadline, got %v", err)
	}
	select {
	case <-done:
		t.Log("the busy session finished before the backstop fired: this run proves little")
	default:
	}
	o := <-done
	if o.err != nil || o.r.Printed != "5000000" {
		t.Fatalf("the other session: %+v %v", o.r, o.err)
	}
}

package host_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// TestGuestOutOfMemoryIsContained: a program that exhausts the guest's
// memory traps; Eval reports an error, the host goes on, and other
// sessions are unaffected.
func TestGuestOutOfMemoryIsContained(t *testing.T) {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	other, err := e.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := other.Eval(ctx, `(def kept 42)`, host.Options{}); err != nil || r.Error != nil {
		t.Fatal(err, r)
	}
	s, err := e.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Interpreter limits lifted so that only the guest memory limit stops it.
	lim := lisp.Limits{MaxSteps: 1 << 50, MaxCollection: 1 << 40, MaxStringBytes: 1 << 40}
	_, err = s.Eval(ctx, `(loop [s "0123456789abcdef" keep []] (recur (str s s) (conj keep s)))`, host.Options{Limits: lim})
	var te *host.TrapError
	if !errors.As(err, &te) || te.Limit != "memory" {
		t.Fatalf("want a TrapError with Limit memory, got %v (detail %q)", err, te.Detail)
	}
	if _, err := s.Eval(ctx, `1`, host.Options{}); !errors.Is(err, host.ErrSessionBroken) {
		t.Fatalf("want ErrSessionBroken after the trap, got %v", err)
	}
	r, err := other.Eval(ctx, `kept`, host.Options{})
	if err != nil || r.Printed != "42" {
		t.Fatalf("other session after the trap: %+v %v", r, err)
	}
}

package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ptc-wasm/ptc/abi"
)

// Diagnostic is one problem Check found: a kind from docs/errors.md, a
// message, a 1-based position and usually a hint.
type Diagnostic = abi.Diagnostic

// Check analyzes src in a guest without running it: read errors,
// malformed special forms, unknown symbols with a did-you-mean, and, when
// tools is not nil, tool/name references to tools not in tools. Each
// top-level form is analyzed on its own, so one bad form does not hide the
// next. No session is created and nothing runs; an empty result means the
// program would start (it may still fail at run time).
//
//	ds, _ := e.Check(ctx, "(fitler odd? xs)", nil)
//	// ds[0]: unbound_symbol at 1:2, hint "did you mean filter?"
//
// # Errors
//
// A *TrapError if the guest traps; errors from the runtime. Problems in
// the program are diagnostics, not errors.
func (e *Engine) Check(ctx context.Context, src string, tools []string) ([]Diagnostic, error) {
	if err := e.enter(); err != nil {
		return nil, err
	}
	defer e.leave()
	s, err := e.take(ctx)
	if err != nil {
		return nil, err
	}
	out, err := s.check(ctx, src, tools)
	var trap *TrapError
	if errors.As(err, &trap) {
		s.Close(ctx)
		return nil, err
	}
	// Checking touches no session and frees what it allocated: give the
	// instance back to the pool, or drop it when the pool is full.
	select {
	case e.pool <- s:
	default:
		s.Close(ctx)
	}
	return out, err
}

// check runs the ptc_check export in s's instance.
func (s *Session) check(ctx context.Context, src string, tools []string) ([]Diagnostic, error) {
	req, err := json.Marshal(abi.CheckRequest{Source: src, Tools: tools})
	if err != nil {
		return nil, err
	}
	b, err := s.exchange(ctx, abi.ExportCheck, req)
	if err != nil {
		return nil, &TrapError{Err: err, Detail: firstLines(s.stderr.String(), 3)}
	}
	var res struct {
		abi.CheckResult
		Error *Diagnostic `json:"error"` // the guest could not read the request
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return nil, fmt.Errorf("host: bad check result from guest: %w", err)
	}
	if res.Error != nil {
		return nil, fmt.Errorf("host: the guest rejected the check request: %s", res.Error.Message)
	}
	if res.Diagnostics == nil {
		res.Diagnostics = []Diagnostic{}
	}
	return res.Diagnostics, nil
}

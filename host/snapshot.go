package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host/internal/engine"
)

// RestoreReport says what restoring a snapshot brought back.
type RestoreReport struct {
	// Restored are the names defined again, sorted.
	Restored []string
	// Lost maps each name that could not be rebuilt to the reason (for
	// example a function made by comp whose def called a tool).
	Lost map[string]string
}

// Snapshot returns the session's definitions and *1 *2 *3 as a byte
// snapshot: PTC-Lisp text that Engine.RestoreSession (or the native
// lisp.RestoreSession) turns back into a session, in this process or
// another, now or later.
//
//	snap, _ := s.Snapshot(ctx)
//	os.WriteFile("session.ptc", snap, 0o600)
//	...
//	s2, _, _ := e.RestoreSession(ctx, snap)
//
// # Notes
//
// Data is saved as literals and closures as their source plus the values
// they captured, so restoring re-runs no tool call. A value with no
// source form (a function made by comp or partial) is saved as its def's
// source and rebuilt by running that def again without tools; the
// restore report lists what could not be rebuilt.
//
// # Errors
//
// ErrBusy while an Eval runs, ErrSessionBroken, or a trap.
func (s *Session) Snapshot(ctx context.Context) ([]byte, error) {
	if !s.mu.TryLock() {
		return nil, ErrBusy
	}
	defer s.mu.Unlock()
	if s.broken != nil {
		return nil, ErrSessionBroken
	}
	if err := s.engine.enter(); err != nil {
		return nil, err
	}
	defer s.engine.leave()
	return s.callBytes(ctx, abi.ExportSnapshot, uint64(s.id), 0, 0)
}

// RestoreSession opens a new session holding the definitions of a
// snapshot made by Session.Snapshot.
//
// # Errors
//
// An error when snap is not a snapshot this version reads. Names that
// cannot be rebuilt are not an error: they are listed in the report.
func (e *Engine) RestoreSession(ctx context.Context, snap []byte) (*Session, *RestoreReport, error) {
	if err := e.enter(); err != nil {
		return nil, nil, err
	}
	defer e.leave()
	s, err := e.take(ctx)
	if err != nil {
		return nil, nil, err
	}
	rep, err := s.restore(ctx, snap)
	if err != nil {
		s.Close(ctx)
		return nil, nil, err
	}
	// Keep the restored state, so a trap in a later Eval recovers it.
	if len(rep.Restored) > 0 {
		if err := s.track(ctx, rep.Restored); err != nil {
			s.Close(ctx)
			return nil, nil, err
		}
	}
	return s, rep, nil
}

// restore reads snap into the session's guest, under the default fuel
// budget (a snapshot may come from anywhere).
func (s *Session) restore(ctx context.Context, snap []byte) (*RestoreReport, error) {
	if s.engine.metered {
		s.inst.SetFuel(DefaultFuel)
		defer s.inst.SetFuel(engine.Unmetered)
	}
	out, err := s.callWithBytes(ctx, abi.ExportRestore, snap)
	if err != nil {
		return nil, err
	}
	var doc abi.RestoreReport
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("host: bad restore report from guest: %w", err)
	}
	if doc.Error != nil {
		return nil, fmt.Errorf("host: cannot restore the snapshot: %s", doc.Error.Message)
	}
	if doc.Restored == nil {
		doc.Restored = []string{}
	}
	return &RestoreReport{Restored: doc.Restored, Lost: doc.Lost}, nil
}

// track records the snapshot entries of the named definitions, so the
// session can be rebuilt in a fresh instance if its guest traps.
func (s *Session) track(ctx context.Context, names []string) error {
	req, err := json.Marshal(names)
	if err != nil {
		return err
	}
	out, err := s.callWithBytes(ctx, abi.ExportSnapshot, req)
	if err != nil {
		return err
	}
	var entries map[string]string
	if err := json.Unmarshal(out, &entries); err != nil {
		return fmt.Errorf("host: bad snapshot entries from guest: %w", err)
	}
	if s.state == nil {
		s.state = map[string]string{}
	}
	for n, e := range entries {
		s.state[n] = e
	}
	return nil
}

// stateSnapshot assembles the tracked entries into a snapshot.
func (s *Session) stateSnapshot() []byte {
	names := make([]string, 0, len(s.state))
	for n := range s.state {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("(ptc/snapshot 1)\n")
	for _, n := range names {
		b.WriteString(s.state[n])
	}
	return []byte(b.String())
}

// recoverFrom replaces the session's trapped instance with a fresh one
// holding every definition committed before the failed Eval, and *1 *2
// *3 when their printed forms read back. It records on te what happened; when recovery fails the
// session is broken.
func (s *Session) recoverFrom(ctx context.Context, te *TrapError) {
	ctx = context.WithoutCancel(ctx)
	s.inst.Close(ctx)
	fresh, err := s.engine.take(ctx)
	if err == nil {
		s.guest = fresh.guest // the instance moves; s keeps its state, lock and engine
	}
	if err == nil && len(s.state) > 0 {
		var rep *RestoreReport
		if rep, err = s.restore(ctx, s.stateSnapshot()); err == nil {
			te.Lost = rep.Lost
			for n := range rep.Lost {
				delete(s.state, n)
			}
		}
	}
	if err != nil {
		te.RecoveryErr = err
		s.broken = te
		return
	}
	te.Recovered = true
	s.restoreHistory(ctx)
}

// restoreHistory gives a recovered session its *1 *2 *3 back, read from
// their printed forms, in a restore of its own after the definitions'.
// A value whose printed form does not read back (a function) comes back
// as nil; if the restore fails anyway, the history starts empty and the
// definitions stay.
func (s *Session) restoreHistory(ctx context.Context) {
	if s.history == [3]string{} {
		return
	}
	var b strings.Builder
	b.WriteString("(ptc/snapshot 1)\n(ptc/history")
	for _, h := range s.history {
		b.WriteByte(' ')
		b.WriteString(historyForm(ctx, h))
	}
	b.WriteString(")\n")
	if _, err := s.restore(ctx, []byte(b.String())); err != nil {
		s.history = [3]string{}
	}
}

// historyForm is the expression that rebuilds a value from its printed
// form h: a var (#'user/x) as (var x), as snapshots write it, since the
// definitions are back by then; data quoted, when the native reader reads
// it back; nil otherwise.
func historyForm(ctx context.Context, h string) string {
	switch {
	case h == "":
		return "nil"
	case strings.HasPrefix(h, "#'user/") && !strings.ContainsAny(h, " ([{"):
		return "(var " + h[len("#'user/"):] + ")"
	case strings.Contains(h, "#'"):
		return "nil" // a var inside data would read back as the list (var ...)
	}
	r, err := lisp.NewSession().Eval(ctx, "'"+h, lisp.Options{})
	if err != nil || r.Outcome != lisp.OutcomeValue {
		return "nil"
	}
	return "'" + h
}

// callWithBytes calls an export taking (session, ptr, len) of b.
func (s *Session) callWithBytes(ctx context.Context, name string, b []byte) ([]byte, error) {
	return s.exchange(ctx, name, b, uint64(s.id))
}

// exchange copies req into guest memory, calls the export with args
// followed by the request's (ptr, len), and returns the bytes it answers
// with (ptr<<32 | len of a buffer the guest allocated).
func (s *Session) exchange(ctx context.Context, name string, req []byte, args ...uint64) ([]byte, error) {
	ptr, err := s.call(ctx, abi.ExportAlloc, uint64(len(req)))
	if err != nil {
		return nil, err
	}
	if !s.inst.Memory().Write(uint32(ptr), req) {
		return nil, errors.New("host: request does not fit in guest memory")
	}
	out, err := s.callBytes(ctx, name, append(args, ptr, uint64(len(req)))...)
	if err == nil {
		_, err = s.call(ctx, abi.ExportFree, ptr)
	}
	return out, err
}

// callBytes calls an export that returns ptr<<32|len of a buffer it
// allocated, copies the buffer out and frees it.
func (s *Session) callBytes(ctx context.Context, name string, args ...uint64) ([]byte, error) {
	packed, err := s.call(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	ptr, n := uint32(packed>>32), uint32(packed)
	out, ok := s.inst.Memory().Read(ptr, n)
	if !ok {
		return nil, fmt.Errorf("host: %s returned a buffer outside guest memory", name)
	}
	out = append([]byte(nil), out...)
	_, err = s.call(ctx, abi.ExportFree, uint64(ptr))
	return out, err
}

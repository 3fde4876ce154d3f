package lisp

import "github.com/ptc-wasm/ptc/guest/internal/lang"

// RestoreReport says what restoring a snapshot brought back: the names
// defined again, and the names that could not be rebuilt with the reason.
type RestoreReport = lang.RestoreReport

// Snapshot returns the session's definitions and *1 *2 *3 as PTC-Lisp
// text that RestoreSession, or the sandbox host's Engine.RestoreSession,
// turns back into a session.
//
// # Notes
//
// Data is written as literals and closures as their source applied to
// the values they captured, so restoring re-runs no tool call. A function
// with no source form (made by comp or partial) is saved as its def's
// source, which restoring runs again without tools.
//
// # Errors
//
// ErrBusy while an evaluation runs.
func (s *Session) Snapshot() ([]byte, error) {
	if !s.mu.TryLock() {
		return nil, ErrBusy
	}
	defer s.mu.Unlock()
	return []byte(s.s.Snapshot()), nil
}

// RestoreSession makes a session from a snapshot made by Session.Snapshot.
//
// # Errors
//
// An *Error of kind parse_error when snap is not a snapshot this version
// reads. Names that cannot be rebuilt are not an error: they are listed
// in the report, and the others are restored.
func RestoreSession(snap []byte) (*Session, *RestoreReport, error) {
	s := lang.NewSession()
	rep, err := s.Restore(string(snap), lang.RestoreLimits())
	if err != nil {
		return nil, nil, err
	}
	return &Session{s: s}, rep, nil
}

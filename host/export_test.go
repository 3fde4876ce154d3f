package host

import (
	"context"
	"time"
)

// PoolLen reports how many ready instances the engine's pool holds (for
// benchmarks that wait for the pool to refill).
func (e *Engine) PoolLen() int { return len(e.pool) }

// PoolCap is the pool's size.
func (e *Engine) PoolCap() int { return cap(e.pool) }

// Exchange calls a guest export taking (args..., ptr, len) of req and
// answering ptr<<32|len, as the session's own calls do (for tests of
// exports the Session API does not use, e.g. ptc_eval_start).
func (s *Session) Exchange(ctx context.Context, name string, req []byte, args ...uint64) ([]byte, error) {
	return s.exchange(ctx, name, req, args...)
}

// ID is the guest session id of s.
func (s *Session) ID() uint32 { return s.id }

// MemoryBytes is the size of the session's guest memory.
func (s *Session) MemoryBytes() uint64 {
	m, ok := s.inst.Memory().(interface{ Size() uint32 })
	if !ok {
		return 0
	}
	return uint64(m.Size())
}

// SetRefillDelay changes how long the pool's refill waits for the first
// Eval of a session taken from a full pool (refillDelay).
func (e *Engine) SetRefillDelay(d time.Duration) { e.settle.Store(int64(d)) }

// WithYieldHook has every instance call f on each WASI sched_yield of the
// guest (engine.InstanceConfig.Yield).
func WithYieldHook(f func()) Option { return func(c *engineConfig) { c.yield = f } }

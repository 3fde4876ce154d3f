package host

// PoolLen reports how many ready instances the engine's pool holds (for
// benchmarks that wait for the pool to refill).
func (e *Engine) PoolLen() int { return len(e.pool) }

// PoolCap is the pool's size.
func (e *Engine) PoolCap() int { return cap(e.pool) }

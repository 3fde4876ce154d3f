// Package host runs PTC-Lisp programs inside the WebAssembly guest, over
// wazero (or wasmtime, see WithRuntime): each Session gets its own guest
// instance, so a fault in one cannot touch the host or other sessions.
//
// The host enforces its limits itself, whatever the guest does: the guest
// module is rewritten at load time (package host/internal/wasmfuel) so that
// it meters its own execution (fuel, Options.Fuel) and cannot grow its
// memory past WithMemoryLimitPages; a deadline the interpreter misses is
// enforced by taking the guest's fuel away (on wasmtime, see WithRuntime,
// by an epoch interrupt). After any trap the session goes on in a fresh
// instance with the definitions it had committed
// (TrapError.Recovered); Session.Snapshot and Engine.RestoreSession save
// and restore a session as PTC-Lisp text.
//
//	e, _ := host.New(ctx)
//	s, _ := e.NewSession(ctx)
//	res, _ := s.Eval(ctx, "(+ 1 2)", host.Options{})
//	fmt.Println(res.Printed) // 3
package host

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/engine/wazeroengine"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
	"github.com/ptc-wasm/ptc/host/internal/wirejson"
)

// guestWasm is the guest module, built by `make wasm`.
//
//go:embed ptc.wasm
var guestWasm []byte

// Result is the outcome of one evaluation (the same JSON shape the native
// API returns).
type Result = lisp.Result

// Tool is a host function a program calls as (tool/name ...).
type Tool = lisp.Tool

// Options configure one evaluation.
type Options struct {
	Data   map[string]any
	Tools  map[string]Tool
	Limits lisp.Limits
	// Fuel is the guest execution budget of this Eval (0: Limits.MaxSteps
	// times FuelPerStep, DefaultFuel with the default limits).
	// The guest is charged at every function entry and loop iteration,
	// roughly one unit per Wasm instruction on those paths; Result.Fuel
	// reports what an Eval used. When it runs out the guest traps and Eval
	// returns a *TrapError with Limit "fuel". Unlike Limits.MaxSteps, which
	// the interpreter counts, fuel holds even if the interpreter misbehaves.
	// The count is the same on every runtime (WithRuntime): a program uses
	// the same fuel on wazero and wasmtime.
	Fuel uint64
}

// FuelPerStep is the fuel an Eval gets per interpreter step when its
// Options.Fuel is 0: the budget is Limits.MaxSteps (after defaults) times
// FuelPerStep, so the interpreter's step_limit, with its friendly error,
// fires before fuel runs out. Measured in the guest, a step costs 40 (a
// tight loop) to 280 (building maps) units; the shared workloads W1–W5
// use 0.02e9 (W4) to 0.54e9 (W2) in all.
const FuelPerStep = 500

// DefaultFuel is the budget for the default MaxSteps (50M steps): 2.5e10
// units, about two minutes of a tight runaway that no step budget stops
// (a tight loop burns about 0.2e9 a second here). Set a deadline on the
// Eval's context for wall-clock bounds.
const DefaultFuel = 50_000_000 * FuelPerStep

// fuelBudget is the fuel of one Eval.
func fuelBudget(opts Options) uint64 {
	if opts.Fuel != 0 {
		return min(opts.Fuel, math.MaxInt64)
	}
	steps := uint64(opts.Limits.WithDefaults().MaxSteps)
	if steps > math.MaxInt64/FuelPerStep {
		return math.MaxInt64
	}
	return steps * FuelPerStep
}

// DeadlineGrace is how long the host waits, after an Eval's context ends
// and the guest's interrupt flag is raised, for the interpreter to stop
// by itself. After that the host takes the guest's fuel away: the guest
// traps at its next function entry or loop iteration and Eval returns a
// *TrapError with Limit "deadline" (or "cancelled").
const DeadlineGrace = 250 * time.Millisecond

// Engine holds the compiled guest and a small pool of initialized
// instances; create one per process and share it.
type Engine struct {
	rt        engine.Runtime
	pool      chan *Session // instances that ran _initialize, with their session open; unused
	done      chan struct{} // closed by Close; stops the refill goroutine
	refilled  chan struct{} // closed when the refill goroutine has stopped
	settled   chan struct{} // a pooled session's first Eval has returned (refill)
	unsettled atomic.Int32  // sessions taken from the pool that have not returned from an Eval
	settle    atomic.Int64  // how long refill waits for them, in ns (refillDelay)
	once      sync.Once

	// Close ends the Evals in flight (closing, as if their contexts were
	// cancelled) and waits for them before it frees the runtime.
	closing  context.Context
	stopAll  context.CancelFunc
	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup

	wallClock bool   // instances see the real time, and requests grant the clock
	metered   bool   // the runtime meters fuel
	yield     func() // engine.InstanceConfig.Yield (tests)
}

// Option configures an Engine.
type Option func(*engineConfig)

type engineConfig struct {
	memoryPages uint32
	poolSize    int
	cacheDir    string
	wallClock   bool
	fuel        bool
	runtime     Runtime // nil: wazero
	runtimeErr  error   // WithEngine named no runtime
	yield       func()  // engine.InstanceConfig.Yield (tests)
}

// WithWallClock grants programs the host's wall clock
// (System/currentTimeMillis, (java.util.Date.) ...). Without it the guest
// has no clock: those calls are a value_error, and evaluation is
// deterministic.
func WithWallClock() Option { return func(c *engineConfig) { c.wallClock = true } }

// WithMemoryLimitPages caps each guest's memory at n 64 KiB pages
// (default 4096, 256 MiB). A program that needs more traps, and Eval
// returns a *TrapError with Limit "memory". The limit is written into the
// module itself as its memory maximum, and given to the runtime as well.
func WithMemoryLimitPages(n uint32) Option { return func(c *engineConfig) { c.memoryPages = n } }

// WithPoolSize sets how many initialized guest instances the engine keeps
// ready for new sessions (default 4, at least 1).
func WithPoolSize(n int) Option { return func(c *engineConfig) { c.poolSize = n } }

// WithFuel turns fuel metering on (the default) or off. Without fuel the
// guest runs a little faster, Options.Fuel is ignored, Result.Fuel is 0,
// and nothing stops a guest that misses its deadline: only use it to
// measure the metering's cost, or for trusted programs.
func WithFuel(on bool) Option { return func(c *engineConfig) { c.fuel = on } }

// WithCompilationCacheDir keeps the compiled guest in dir, so a new process
// starts without compiling it again. Without it, wazero compiles in every
// process (about a second) and wasmtime keeps its compiled code in the
// user's cache directory anyway (compiling takes seconds; loading the
// cached code about 50 ms).
func WithCompilationCacheDir(dir string) Option { return func(c *engineConfig) { c.cacheDir = dir } }

// New instruments the guest module (adds fuel metering and the memory
// maximum; about 50 ms) and compiles it.
//
// # Errors
//
// Compilation errors, a memory limit below the guest's minimum, an
// unusable cache directory, or an engine name WithEngine does not know
// (ErrUnknownEngine).
func New(ctx context.Context, opts ...Option) (*Engine, error) {
	cfg := engineConfig{memoryPages: 4096, poolSize: 4, fuel: true} // 256 MiB: W2 (100k maps) needs more than 64 MiB
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.poolSize < 1 {
		cfg.poolSize = 1
	}
	if cfg.runtimeErr != nil {
		return nil, cfg.runtimeErr
	}
	runtime := cfg.runtime
	if runtime == nil {
		runtime = wazeroengine.Provider{}
	}
	wopts := wasmfuel.Options{MaxMemoryPages: cfg.memoryPages, MergeData: true}
	if cfg.fuel {
		// Unmetered until Eval sets a budget: initialization, ptc_alloc
		// and the like run on "infinite" fuel.
		wopts.FuelExport, wopts.InitialFuel = abi.ExportFuel, engine.Unmetered
	}
	module, err := wasmfuel.Instrument(guestWasm, wopts)
	if err != nil {
		return nil, fmt.Errorf("host: preparing the guest module: %w", err)
	}
	rt, err := runtime.New(ctx, engine.Config{
		Module:      module,
		MemoryPages: cfg.memoryPages,
		CacheDir:    cfg.cacheDir,
		Fuel:        cfg.fuel,
		Imports:     engine.Imports{ToolCall: toolCall, ToolBatch: toolBatch, ToolResult: toolResult},
	})
	if err != nil {
		return nil, err
	}
	e := &Engine{rt: rt, pool: make(chan *Session, cfg.poolSize), done: make(chan struct{}), refilled: make(chan struct{}), settled: make(chan struct{}, 1), wallClock: cfg.wallClock, metered: cfg.fuel, yield: cfg.yield}
	e.closing, e.stopAll = context.WithCancel(context.Background())
	e.settle.Store(int64(refillDelay))
	go e.refill(context.WithoutCancel(ctx))
	return e, nil
}

// instantiate makes a fresh guest instance, runs its initialization and
// opens its session, ready for NewSession. warm is for the pool's
// instances (see warmProgram); a caller that waits for the instance skips
// it, as its first Eval does the same work.
func (e *Engine) instantiate(ctx context.Context, warm bool) (*Session, error) {
	buf := &tailBuffer{}
	inst, err := e.rt.Instantiate(ctx, engine.InstanceConfig{Stderr: buf, WallClock: e.wallClock, Yield: e.yield})
	if err != nil {
		return nil, err
	}
	s := &Session{engine: e, guest: guest{inst: inst, stderr: buf}}
	if err := s.open(ctx, warm); err != nil {
		inst.Close(ctx)
		return nil, err
	}
	return s, nil
}

// warmProgram is evaluated once in a scratch guest session of every new
// instance, through the export handles the instance keeps: wazero grows
// each handle's native stack on its first deep call, and the guest's
// runtime fills its allocation caches, so the user's first Eval runs as
// fast as later ones.
const warmProgram = `(let [xs (->> [1 2 3] (map inc) (filter odd?))] (println (str "n" (count xs))) {:sum (reduce + xs)})`

// open checks the guest's ABI version, warms the instance up in a scratch
// session if asked, and opens the session this Session evaluates in.
func (s *Session) open(ctx context.Context, warm bool) error {
	v, err := s.call(ctx, abi.ExportVersion)
	if err != nil {
		return err
	}
	if uint32(v) != abi.Version {
		return fmt.Errorf("host: guest speaks ABI version %d, host speaks %d", v, abi.Version)
	}
	if warm {
		scratch, err := s.call(ctx, abi.ExportSessionNew)
		if err != nil {
			return err
		}
		s.id = uint32(scratch)
		if _, err := s.Eval(ctx, warmProgram, Options{}); err != nil {
			return err
		}
		if _, err := s.call(ctx, abi.ExportSessionFree, scratch); err != nil {
			return err
		}
	}
	id, err := s.call(ctx, abi.ExportSessionNew)
	if err != nil {
		return err
	}
	s.id = uint32(id)
	addr, err := s.call(ctx, abi.ExportInterruptAddr)
	if err != nil {
		return err
	}
	s.interrupt = uint32(addr)
	return nil
}

// tailBuffer keeps the first few KiB written to it: a Go runtime fatal
// error starts with its reason ("fatal error: out of memory") and goes on
// with goroutine dumps.
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := 4096 - len(t.b); room > 0 {
		t.b = append(t.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// refill keeps the pool full in the background until the engine closes.
//
// A session taken from the pool usually runs its first Eval at once, and
// making an instance beside it would slow it down (instantiation
// allocates and runs the guest's initialization), so before each new
// instance the refill waits, at most refillDelay, until every session
// taken from the pool has returned from its first Eval (or closed).
func (e *Engine) refill(ctx context.Context) {
	defer close(e.refilled)
	for {
		if !e.waitSettled() {
			return
		}
		s, err := e.instantiate(ctx, true)
		if err != nil {
			return // runtime closed
		}
		select {
		case e.pool <- s:
		case <-e.done:
			s.inst.Close(ctx)
			return
		}
	}
}

// waitSettled waits until no session taken from the pool is before its
// first Eval's end, or refillDelay has passed; false: the engine closed.
func (e *Engine) waitSettled() bool {
	var timeout <-chan time.Time
	for e.unsettled.Load() > 0 {
		if timeout == nil {
			t := time.NewTimer(time.Duration(e.settle.Load()))
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-e.settled:
		case <-timeout:
			return true
		case <-e.done:
			return false
		}
	}
	select {
	case <-e.done:
		return false
	default:
		return true
	}
}

// refillDelay is how long the pool's refill waits for the first Evals of
// the sessions taken from the pool before it makes the next instance.
const refillDelay = 2 * time.Millisecond

// take returns a ready instance from the pool, or makes one.
func (e *Engine) take(ctx context.Context) (*Session, error) {
	select {
	case s := <-e.pool:
		e.unsettled.Add(1)
		s.fromPool.Store(true)
		return s, nil
	default:
		return e.instantiate(ctx, false)
	}
}

// ErrEngineClosed is returned by the methods of an Engine, and of its
// Sessions, called after Engine.Close.
var ErrEngineClosed = errors.New("host: the engine is closed")

// enter registers a call that runs guest code, so Close waits for it;
// every enter that succeeds is paired with a leave.
func (e *Engine) enter() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrEngineClosed
	}
	e.inflight.Add(1)
	return nil
}

func (e *Engine) leave() { e.inflight.Done() }

// Close releases the engine and every session's instance. Evals still
// running end as if their contexts were cancelled (kind "cancelled");
// Close waits for them. Later calls return ErrEngineClosed.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.stopAll()
	e.inflight.Wait()
	e.once.Do(func() { close(e.done) })
	// Let the refill goroutine finish the instance it is making: closing
	// the runtime under a running guest would free its memory mid-call.
	<-e.refilled
	err := e.rt.Close(ctx)
	for {
		select {
		case <-e.pool:
		default:
			return err
		}
	}
}

// Session is one guest instance with one interpreter session in it: defs
// persist across Evals. Not for concurrent use (Eval returns ErrBusy).
type Session struct {
	mu     sync.Mutex
	engine *Engine
	guest        // the instance; replaced whole after a trap (recoverFrom)
	broken error // set when the guest trapped and could not be replaced

	// fromPool: the instance came from the engine's pool and has not
	// returned from an Eval yet; that Eval, or Close, tells the refill
	// (Engine.unsettled).
	fromPool atomic.Bool

	// state holds the snapshot entry of every committed definition, so a
	// trap can be recovered from in a fresh instance (snapshot.go).
	state map[string]string
	// history holds the printed forms of the last three values (*1 *2
	// *3), so recovery can bring them back too; "" for none.
	history [3]string

	// the evaluation in progress, for the tool imports
	tools     map[string]Tool
	pending   []byte
	calls     int          // tool calls made in this Eval
	maxCalls  int          // host-side backstop for Limits.MaxToolCalls
	maxResult int          // host-side backstop for the result document's size
	parallel  int          // host-side bound on the calls of a batch run at once (Limits.MaxParallel)
	ledger    []servedCall // the calls served, in order: the result's tool_calls (host_ledger)
}

// guest is one guest instance with the interpreter session opened in it.
type guest struct {
	inst      engine.Instance
	stderr    *tailBuffer
	id        uint32
	interrupt uint32 // address of the guest's interrupt flag

	// reqPtr is a guest buffer (ptc_alloc) of reqCap bytes that Eval
	// writes its requests into, kept from one Eval to the next: two
	// export calls fewer per Eval (ptc_alloc, ptc_free). The guest copies
	// what it keeps of a request (wire.DecodeEval reads a copy), so the
	// next request may overwrite it.
	reqPtr, reqCap uint32
}

// requestBuffer returns the address of a guest buffer of at least n
// bytes for an Eval request: the session's, or a new one when that is
// too small (the old one is freed). A request over maxKeptRequest gets a
// buffer of its own, which Eval frees.
func (s *Session) requestBuffer(ctx context.Context, n int) (uint64, error) {
	if n > maxKeptRequest {
		return s.call(ctx, abi.ExportAlloc, uint64(n))
	}
	if n <= int(s.reqCap) {
		return uint64(s.reqPtr), nil
	}
	if s.reqCap != 0 {
		if _, err := s.call(ctx, abi.ExportFree, uint64(s.reqPtr)); err != nil {
			return 0, err
		}
		s.reqPtr, s.reqCap = 0, 0
	}
	size := min(max(n+n/2, 512), maxKeptRequest) // room for somewhat longer requests
	ptr, err := s.call(ctx, abi.ExportAlloc, uint64(size))
	if err == nil {
		s.reqPtr, s.reqCap = uint32(ptr), uint32(size)
	}
	return ptr, err
}

// maxKeptRequest is the largest request buffer a session keeps.
const maxKeptRequest = 64 << 10

// maxKeptResult is the largest result Eval leaves for the guest to
// release at the next ptc_eval; a larger one it frees at once.
const maxKeptResult = 64 << 10

// ErrBusy is returned when a Session is used by two goroutines at once.
var ErrBusy = errors.New("host: session is busy with another evaluation")

// ErrSessionBroken is returned by Eval on a session whose guest trapped in
// an earlier Eval and could not be replaced by a fresh instance (see
// TrapError.RecoveryErr). Open a new session.
var ErrSessionBroken = errors.New("host: the session's guest trapped in an earlier evaluation and could not be recovered; open a new session")

// TrapError is returned when the guest traps during Eval: it ran out of
// memory (Limit "memory"), out of fuel (Limit "fuel"), was stopped by the
// host because it missed its deadline (Limit "deadline" or "cancelled"),
// or failed in some other way the interpreter did not catch (Limit "").
// The host and other sessions are unaffected.
//
// The trapped instance is discarded. The session goes on in a fresh
// instance holding every definition committed before the failed Eval
// (Recovered), and *1 *2 *3 when their printed forms read back (not
// functions). If that fails, RecoveryErr says why
// and later Evals return ErrSessionBroken.
type TrapError struct {
	Limit  string // "memory", "fuel", "deadline", "cancelled" or ""
	Fuel   uint64 // the Eval's fuel budget, for Limit "fuel"
	Detail string // the guest runtime's last words on stderr, if any
	Err    error  // the runtime's error

	Recovered   bool              // the session continues in a fresh instance
	Lost        map[string]string // definitions the fresh instance could not rebuild, with reasons
	RecoveryErr error             // why the session could not continue
}

func (e *TrapError) Error() string {
	msg := "host: the guest trapped: " + e.Err.Error()
	switch e.Limit {
	case "memory":
		msg = "host: the program exhausted the guest's memory limit (WithMemoryLimitPages): " + e.Err.Error()
	case "fuel":
		msg = fmt.Sprintf("host: the program used up its fuel (%d units): raise Options.Fuel or make the program do less work", e.Fuel)
	case "deadline", "cancelled":
		msg = fmt.Sprintf("host: the program did not stop within %v after its context ended (%s), so the host stopped the guest", DeadlineGrace, e.Limit)
	}
	switch {
	case e.Recovered:
		msg += " (the session continues with its earlier definitions)"
	case e.RecoveryErr != nil:
		msg += " (the session could not be recovered: " + e.RecoveryErr.Error() + ")"
	}
	return msg
}

func (e *TrapError) Unwrap() error { return e.Err }

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// NewSession opens a session in a fresh guest instance: one from the
// engine's pool when it has one ready, else a new one.
func (e *Engine) NewSession(ctx context.Context) (*Session, error) {
	if err := e.enter(); err != nil {
		return nil, err
	}
	defer e.leave()
	return e.take(ctx)
}

// Close releases the session's instance.
func (s *Session) Close(ctx context.Context) error {
	s.settle()
	return s.inst.Close(ctx)
}

// call calls the guest's export name (the instance keeps its handle).
func (s *Session) call(ctx context.Context, name string, args ...uint64) (uint64, error) {
	return s.inst.Call(ctx, name, args...)
}

type sessionKey struct{}

// Eval evaluates src in the session's guest: definitions persist from one
// Eval to the next, tools are opts.Tools, and data/ is opts.Data.
//
// # Errors
//
// A program's own errors, the interpreter's limits among them
// (step_limit, timeout, ...), are in Result.Error with a nil error. Eval
// returns an error when:
//   - the guest traps (fuel, memory, deadline backstop, a guest fault): a
//     *TrapError; the session goes on in a fresh instance with the
//     definitions committed before this Eval (TrapError.Recovered);
//   - another Eval of the session is running: ErrBusy;
//   - the engine is closed: ErrEngineClosed;
//   - an earlier recovery failed: ErrSessionBroken;
//   - a data/ value has no JSON form, or the guest's result is larger
//     than the host accepts (MaxResultBytes + MaxPrintBytes + 1 MiB).
func (s *Session) Eval(ctx context.Context, src string, opts Options) (*Result, error) {
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
	if s.fromPool.Load() {
		defer s.settle()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.engine.closing, cancel)()
	start := time.Now()
	req, err := evalRequest(src, opts, s.engine.wallClock)
	if err != nil {
		return nil, err
	}
	ptr, err := s.requestBuffer(ctx, len(req))
	if err != nil {
		return nil, err
	}
	if !s.inst.Memory().Write(uint32(ptr), req) {
		return nil, errors.New("host: request does not fit in guest memory")
	}
	s.tools = opts.Tools
	lim := opts.Limits.WithDefaults()
	s.calls, s.maxCalls, s.parallel = 0, lim.MaxToolCalls, max(lim.MaxParallel, 1)
	s.maxResult = lim.MaxResultBytes + lim.MaxPrintBytes + 1<<20 // value, prints, ledger and framing
	s.ledger = s.ledger[:0]
	defer func() { s.tools, s.pending, s.ledger = nil, nil, s.ledger[:0] }()
	budget := fuelBudget(opts)
	if s.engine.metered {
		s.inst.SetFuel(budget)
	}
	// When ctx ends, raise the guest's interrupt flag; the interpreter
	// polls it and stops cleanly (the instance stays usable). The write
	// races benignly with the guest's reads: one aligned 32-bit store.
	// If the guest has not returned DeadlineGrace later, take its fuel.
	returned, backstopDone := make(chan struct{}), make(chan struct{})
	var killed atomic.Bool
	stop := context.AfterFunc(ctx, func() {
		defer close(backstopDone)
		kind := uint32(2)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			kind = 1
		}
		s.inst.Interrupt(s.interrupt, kind)
		if s.engine.metered {
			s.backstop(returned, &killed)
		}
	})
	evalCtx := context.WithValue(context.WithoutCancel(ctx), sessionKey{}, s)
	packed, err := s.call(evalCtx, abi.ExportEval, uint64(s.id), ptr, uint64(len(req)))
	close(returned)
	if !stop() {
		<-backstopDone // the backstop may be stopping the guest
	}
	var used int64
	if s.engine.metered {
		left := s.inst.FuelLeft()
		used = int64(budget) - left
		s.inst.SetFuel(engine.Unmetered) // unmetered again for ptc_free and the like
		if err != nil && left < 0 && !killed.Load() {
			err = &TrapError{Limit: "fuel", Fuel: budget, Err: err}
		}
	}
	if err != nil {
		te := s.trapError(ctx, err, killed.Load())
		s.recoverFrom(ctx, te)
		return nil, te
	}
	if uint32(ptr) != s.reqPtr {
		s.call(ctx, abi.ExportFree, ptr) // a huge request's buffer
	}
	rptr, rlen := uint32(packed>>32), uint32(packed)
	if int(rlen) > s.maxResult {
		s.call(ctx, abi.ExportFree, uint64(rptr))
		return nil, fmt.Errorf("host: the guest's result is %d bytes, over the host's limit of %d (MaxResultBytes + MaxPrintBytes + 1 MiB)", rlen, s.maxResult)
	}
	out, ok := s.inst.Memory().Read(rptr, rlen)
	if !ok {
		return nil, errors.New("host: guest returned a result outside its memory")
	}
	res, err := decodeResult(out)
	if rlen > maxKeptResult {
		// The guest releases a result at the next ptc_eval; a large one
		// is released now, so an idle session does not hold it.
		s.call(ctx, abi.ExportFree, uint64(rptr))
	}
	if err == nil {
		err = s.fillLedger(res.ToolCalls)
	}
	if err != nil {
		return nil, fmt.Errorf("host: bad result from guest: %w", err)
	}
	if res.Outcome == lisp.OutcomeValue {
		s.history = [3]string{res.Printed, s.history[0], s.history[1]}
	}
	if len(res.Defined) > 0 {
		if err := s.track(ctx, res.Defined); err != nil {
			return nil, fmt.Errorf("host: keeping the session's definitions failed: %w", err)
		}
	}
	res.Duration = time.Since(start)
	res.Fuel = used
	return res, nil
}

// settle tells the engine's refill that a session taken from the pool
// has returned from its first Eval, or closed.
func (s *Session) settle() {
	if !s.fromPool.CompareAndSwap(true, false) {
		return
	}
	s.engine.unsettled.Add(-1)
	select {
	case s.engine.settled <- struct{}{}:
	default:
	}
}

// backstop runs when the Eval's context has ended: it waits DeadlineGrace
// for the guest to return, then stops it (engine.Instance.Stop) every
// millisecond until it does, so the guest traps at its next function
// entry or loop iteration. killed records that it did.
func (s *Session) backstop(returned <-chan struct{}, killed *atomic.Bool) {
	t := time.NewTimer(DeadlineGrace)
	defer t.Stop()
	select {
	case <-returned:
		return
	case <-t.C:
	}
	killed.Store(true)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		s.inst.Stop()
		select {
		case <-returned:
			return
		case <-tick.C:
		}
	}
}

// trapError classifies a trap of the guest during ptc_eval.
func (s *Session) trapError(ctx context.Context, err error, killed bool) *TrapError {
	if te, ok := err.(*TrapError); ok {
		return te
	}
	te := &TrapError{Err: err, Detail: firstLines(s.stderr.String(), 3)}
	switch {
	case killed && errors.Is(ctx.Err(), context.DeadlineExceeded):
		te.Limit = "deadline"
	case killed:
		te.Limit = "cancelled"
	case strings.Contains(te.Detail, "out of memory"), strings.Contains(te.Detail, "cannot allocate memory"):
		// The Go runtime's words when its heap is full, and when growing
		// the linear memory fails.
		te.Limit = "memory"
	}
	return te
}

// toolCall is the tool_call import: run the tool, keep the response for
// tool_result, return its length.
func toolCall(ctx context.Context, m engine.Memory, reqPtr, reqLen uint32) uint32 {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	var resp toolResponse
	b, ok := m.Read(reqPtr, reqLen)
	switch {
	case s == nil:
		resp.err = "no evaluation in progress"
	case !ok:
		resp.err = "tool request outside guest memory"
	default:
		v, err := wirejson.Decode(b)
		var req abi.ToolRequest
		var ledgerArgs any
		if err == nil {
			if req, err = toolRequest(v); err == nil {
				ledgerArgs = ledgerCopy(req)
			}
		}
		switch {
		case err != nil:
			resp.err = "bad tool request: " + err.Error()
		case !s.admit(1):
			resp.err = s.overLimit()
		default:
			resp = s.runRequest(ctx, req)
		}
		s.ledger = append(s.ledger, servedCall{name: req.Name, args: ledgerArgs, resp: resp})
	}
	out := appendToolResponse(nil, resp)
	if s != nil {
		s.pending = out
	}
	return uint32(len(out))
}

// admit counts n tool calls against the host-side backstop of
// MaxToolCalls (the interpreter enforces the limit first; this holds even
// if the guest misbehaves).
func (s *Session) admit(n int) bool {
	if s.calls+n > s.maxCalls {
		return false
	}
	s.calls += n
	return true
}

func (s *Session) overLimit() string {
	return fmt.Sprintf("the host refused the call: more than %d tool calls in one evaluation (MaxToolCalls)", s.maxCalls)
}

func callTool(ctx context.Context, tool Tool, args map[string]any) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tool panicked: %v", r)
		}
	}()
	return tool(ctx, args)
}

// runRequest runs one decoded tool request for session s.
func (s *Session) runRequest(ctx context.Context, req abi.ToolRequest) toolResponse {
	tool, found := s.tools[req.Name]
	if !found {
		return toolResponse{err: "unknown tool " + req.Name}
	}
	v, err := callTool(ctx, tool, req.Args)
	if err != nil {
		return toolResponse{err: err.Error()}
	}
	raw, err := lisp.EncodeJSON(v)
	if err != nil {
		return toolResponse{err: "the tool's result cannot be passed to the program: " + err.Error()}
	}
	return toolResponse{raw: raw}
}

// toolBatch is the tool_batch import: run the calls of one pmap step
// concurrently (the guest bounds a batch by its MaxParallel limit) and
// keep the array of responses for tool_result.
func toolBatch(ctx context.Context, m engine.Memory, reqPtr, reqLen uint32) uint32 {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	b, ok := m.Read(reqPtr, reqLen)
	out := []byte(`[]`)
	switch {
	case s == nil || !ok:
	default:
		v, err := wirejson.Decode(b)
		items, isArray := v.([]any)
		if err != nil || !isArray {
			break
		}
		reqs := make([]abi.ToolRequest, len(items))
		for i, it := range items {
			if reqs[i], err = toolRequest(it); err != nil {
				break
			}
		}
		if err != nil {
			break
		}
		resps := make([]toolResponse, len(reqs))
		ledgerArgs := make([]any, len(reqs))
		for i, r := range reqs {
			ledgerArgs[i] = ledgerCopy(r)
		}
		defer func() {
			for i, r := range reqs {
				s.ledger = append(s.ledger, servedCall{name: r.Name, args: ledgerArgs[i], resp: resps[i]})
			}
		}()
		if !s.admit(len(reqs)) {
			for i := range resps {
				resps[i].err = s.overLimit()
			}
			out = appendToolResponses(resps)
			break
		}
		// The guest bounds a batch by MaxParallel; so does the host, in
		// case the guest misbehaves.
		var wg sync.WaitGroup
		slots := make(chan struct{}, s.parallel)
		for i, r := range reqs {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer func() { <-slots; wg.Done() }()
				resps[i] = s.runRequest(ctx, r)
			}()
		}
		wg.Wait()
		out = appendToolResponses(resps)
	}
	if s != nil {
		s.pending = out
	}
	return uint32(len(out))
}

// toolResult is the tool_result import: copy the pending response.
func toolResult(ctx context.Context, m engine.Memory, bufPtr uint32) {
	if s, _ := ctx.Value(sessionKey{}).(*Session); s != nil {
		m.Write(bufPtr, s.pending)
		s.pending = nil
	}
}

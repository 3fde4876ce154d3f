// Package host runs PTC-Lisp programs inside the WebAssembly guest, over
// wazero: each Session gets its own guest instance, so a fault in one
// cannot touch the host or other sessions.
//
// This is the first slice of the host (issue 3): sessions, Eval with data,
// tools and interpreter limits, and a memory limit. Fuel, deadlines inside
// the guest, instance pools, snapshots and fault recovery are to come.
//
//	e, _ := host.New(ctx)
//	s, _ := e.NewSession(ctx)
//	res, _ := s.Eval(ctx, "(+ 1 2)", host.Options{})
//	fmt.Println(res.Printed) // 3
package host

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/lisp"
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
}

// Engine holds the compiled guest and a small pool of initialized
// instances; create one per process and share it.
type Engine struct {
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	pool     chan instance // instances that ran _initialize and are unused
	done     chan struct{} // closed by Close; stops the refill goroutine
	once     sync.Once

	wallClock bool // instances see the real time, and requests grant the clock
}

// Option configures an Engine.
type Option func(*engineConfig)

type engineConfig struct {
	memoryPages uint32
	poolSize    int
	cacheDir    string
	wallClock   bool
}

// WithWallClock grants programs the host's wall clock
// (System/currentTimeMillis, (java.util.Date.) ...). Without it the guest
// has no clock: those calls are a value_error, and evaluation is
// deterministic.
func WithWallClock() Option { return func(c *engineConfig) { c.wallClock = true } }

// WithMemoryLimitPages caps each guest's memory at n 64 KiB pages
// (default 4096, 256 MiB). A program that needs more traps, and Eval
// returns a *TrapError with Limit "memory".
func WithMemoryLimitPages(n uint32) Option { return func(c *engineConfig) { c.memoryPages = n } }

// WithPoolSize sets how many initialized guest instances the engine keeps
// ready for new sessions (default 4, at least 1).
func WithPoolSize(n int) Option { return func(c *engineConfig) { c.poolSize = n } }

// WithCompilationCacheDir keeps the compiled guest in dir, so a new process
// starts without compiling it again.
func WithCompilationCacheDir(dir string) Option { return func(c *engineConfig) { c.cacheDir = dir } }

// New compiles the guest module.
//
// # Errors
//
// Compilation errors, or an unusable cache directory.
func New(ctx context.Context, opts ...Option) (*Engine, error) {
	cfg := engineConfig{memoryPages: 4096, poolSize: 4} // 256 MiB: W2 (100k maps) needs more than 64 MiB
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.poolSize < 1 {
		cfg.poolSize = 1
	}
	rc := wazero.NewRuntimeConfig().WithMemoryLimitPages(cfg.memoryPages)
	if cfg.cacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cfg.cacheDir)
		if err != nil {
			return nil, err
		}
		rc = rc.WithCompilationCache(cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	_, err := rt.NewHostModuleBuilder(abi.HostModule).
		NewFunctionBuilder().WithFunc(toolCall).Export(abi.ImportToolCall).
		NewFunctionBuilder().WithFunc(toolResult).Export(abi.ImportToolResult).
		NewFunctionBuilder().WithFunc(toolBatch).Export(abi.ImportToolBatch).
		Instantiate(ctx)
	if err != nil {
		rt.Close(ctx)
		return nil, err
	}
	compiled, err := rt.CompileModule(ctx, guestWasm)
	if err != nil {
		rt.Close(ctx)
		return nil, err
	}
	e := &Engine{rt: rt, compiled: compiled, pool: make(chan instance, cfg.poolSize), done: make(chan struct{}), wallClock: cfg.wallClock}
	go e.refill(context.WithoutCancel(ctx))
	return e, nil
}

// instance is a guest module and the buffer that collects its stderr (the
// Go runtime writes fatal errors there, e.g. "out of memory").
type instance struct {
	mod    api.Module
	stderr *tailBuffer
}

// instantiate makes a fresh guest instance and runs its initialization.
func (e *Engine) instantiate(ctx context.Context) (instance, error) {
	buf := &tailBuffer{}
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").WithStderr(buf)
	if e.wallClock {
		cfg = cfg.WithSysWalltime()
	}
	mod, err := e.rt.InstantiateModule(ctx, e.compiled, cfg)
	return instance{mod, buf}, err
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
func (e *Engine) refill(ctx context.Context) {
	for {
		in, err := e.instantiate(ctx)
		if err != nil {
			return // runtime closed
		}
		select {
		case e.pool <- in:
		case <-e.done:
			in.mod.Close(ctx)
			return
		}
	}
}

// take returns a ready instance from the pool, or makes one.
func (e *Engine) take(ctx context.Context) (instance, error) {
	select {
	case in := <-e.pool:
		return in, nil
	default:
		return e.instantiate(ctx)
	}
}

// Close releases the engine and every session's instance.
func (e *Engine) Close(ctx context.Context) error {
	e.once.Do(func() { close(e.done) })
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
	mu        sync.Mutex
	engine    *Engine
	mod       api.Module
	stderr    *tailBuffer
	id        uint32
	interrupt uint32 // address of the guest's interrupt flag
	broken    error  // set when the guest trapped and could not be replaced

	// state holds the snapshot entry of every committed definition, so a
	// trap can be recovered from in a fresh instance (snapshot.go).
	state map[string]string

	// the evaluation in progress, for the tool imports
	tools     map[string]Tool
	pending   []byte
	calls     int // tool calls made in this Eval
	maxCalls  int // host-side backstop for Limits.MaxToolCalls
	maxResult int // host-side backstop for the result document's size
}

// ErrBusy is returned when a Session is used by two goroutines at once.
var ErrBusy = errors.New("host: session is busy with another evaluation")

// ErrSessionBroken is returned by Eval on a session whose guest trapped in
// an earlier Eval and could not be replaced by a fresh instance (see
// TrapError.RecoveryErr). Open a new session.
var ErrSessionBroken = errors.New("host: the session's guest trapped in an earlier evaluation and could not be recovered; open a new session")

// TrapError is returned when the guest traps during Eval: it ran out of
// memory (Limit "memory") or failed in some other way the interpreter did
// not catch (Limit ""). The host and other sessions are unaffected.
//
// The trapped instance is discarded. The session goes on in a fresh
// instance holding every definition committed before the failed Eval
// (Recovered); *1 *2 *3 start empty. If that fails, RecoveryErr says why
// and later Evals return ErrSessionBroken.
type TrapError struct {
	Limit  string // "memory" when the guest exhausted its memory limit
	Detail string // the guest runtime's last words on stderr, if any
	Err    error  // the runtime's error

	Recovered   bool              // the session continues in a fresh instance
	Lost        map[string]string // definitions the fresh instance could not rebuild, with reasons
	RecoveryErr error             // why the session could not continue
}

func (e *TrapError) Error() string {
	msg := "host: the guest trapped: " + e.Err.Error()
	if e.Limit == "memory" {
		msg = "host: the program exhausted the guest's memory limit: " + e.Err.Error()
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

// NewSession instantiates a guest and opens a session in it.
func (e *Engine) NewSession(ctx context.Context) (*Session, error) {
	in, err := e.take(ctx)
	if err != nil {
		return nil, err
	}
	s := &Session{engine: e}
	if err := s.attach(ctx, in); err != nil {
		return nil, err
	}
	return s, nil
}

// attach makes in the session's instance: checks the ABI version and
// opens the interpreter session in it. On failure it closes in.
func (s *Session) attach(ctx context.Context, in instance) error {
	s.mod, s.stderr = in.mod, in.stderr
	v, err := s.call(ctx, abi.ExportVersion)
	if err == nil && uint32(v) != abi.Version {
		err = fmt.Errorf("host: guest speaks ABI version %d, host speaks %d", v, abi.Version)
	}
	var id, addr uint64
	if err == nil {
		id, err = s.call(ctx, abi.ExportSessionNew)
	}
	if err == nil {
		addr, err = s.call(ctx, abi.ExportInterruptAddr)
	}
	if err != nil {
		in.mod.Close(ctx)
		return err
	}
	s.id, s.interrupt = uint32(id), uint32(addr)
	return nil
}

// Close releases the session's instance.
func (s *Session) Close(ctx context.Context) error { return s.mod.Close(ctx) }

func (s *Session) call(ctx context.Context, name string, args ...uint64) (uint64, error) {
	f := s.mod.ExportedFunction(name)
	if f == nil {
		return 0, fmt.Errorf("host: guest does not export %s", name)
	}
	r, err := f.Call(ctx, args...)
	if err != nil {
		return 0, err
	}
	if len(r) == 0 {
		return 0, nil
	}
	return r[0], nil
}

type sessionKey struct{}

// Eval evaluates src in the session's guest.
//
// # Errors
//
// Program errors are in the Result. Eval fails with ErrBusy, or when the
// guest traps (the instance is then unusable).
func (s *Session) Eval(ctx context.Context, src string, opts Options) (*Result, error) {
	if !s.mu.TryLock() {
		return nil, ErrBusy
	}
	defer s.mu.Unlock()
	if s.broken != nil {
		return nil, ErrSessionBroken
	}
	start := time.Now()
	names := make([]string, 0, len(opts.Tools))
	for n := range opts.Tools {
		names = append(names, n)
	}
	sort.Strings(names)
	var limits map[string]any
	if b, err := json.Marshal(opts.Limits); err == nil {
		json.Unmarshal(b, &limits)
	}
	data, err := wireData(opts.Data)
	if err != nil {
		return nil, err
	}
	req, err := json.Marshal(abi.EvalRequest{Source: src, Data: data, Tools: names, Limits: limits, Clock: s.engine.wallClock})
	if err != nil {
		return nil, err
	}
	ptr, err := s.call(ctx, abi.ExportAlloc, uint64(len(req)))
	if err != nil {
		return nil, err
	}
	if !s.mod.Memory().Write(uint32(ptr), req) {
		return nil, errors.New("host: request does not fit in guest memory")
	}
	s.tools = opts.Tools
	lim := opts.Limits.WithDefaults()
	s.calls, s.maxCalls = 0, lim.MaxToolCalls
	s.maxResult = lim.MaxResultBytes + lim.MaxPrintBytes + 1<<20 // value, prints, ledger and framing
	defer func() { s.tools, s.pending = nil, nil }()
	// When ctx ends, raise the guest's interrupt flag; the interpreter
	// polls it and stops cleanly (the instance stays usable). The write
	// races benignly with the guest's reads: one aligned 32-bit store.
	stop := context.AfterFunc(ctx, func() {
		kind := uint32(2)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			kind = 1
		}
		s.mod.Memory().WriteUint32Le(s.interrupt, kind)
	})
	defer stop()
	evalCtx := context.WithValue(context.WithoutCancel(ctx), sessionKey{}, s)
	packed, err := s.call(evalCtx, abi.ExportEval, uint64(s.id), ptr, uint64(len(req)))
	if err != nil {
		te := &TrapError{Err: err, Detail: firstLines(s.stderr.String(), 3)}
		if strings.Contains(te.Detail, "out of memory") {
			te.Limit = "memory"
		}
		s.recoverFrom(ctx, te)
		return nil, te
	}
	s.call(ctx, abi.ExportFree, ptr)
	rptr, rlen := uint32(packed>>32), uint32(packed)
	if int(rlen) > s.maxResult {
		s.call(ctx, abi.ExportFree, uint64(rptr))
		return nil, fmt.Errorf("host: the guest's result is %d bytes, over the host's limit of %d (MaxResultBytes + MaxPrintBytes + 1 MiB)", rlen, s.maxResult)
	}
	out, ok := s.mod.Memory().Read(rptr, rlen)
	if !ok {
		return nil, errors.New("host: guest returned a result outside its memory")
	}
	var res Result
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	err = dec.Decode(&res)
	s.call(ctx, abi.ExportFree, uint64(rptr))
	if err != nil {
		return nil, fmt.Errorf("host: bad result from guest: %w", err)
	}
	res.Value = normalizeNumbers(res.Value)
	if len(res.Defined) > 0 {
		if err := s.track(ctx, res.Defined); err != nil {
			return nil, fmt.Errorf("host: keeping the session's definitions failed: %w", err)
		}
	}
	res.Duration = time.Since(start)
	return &res, nil
}

// normalizeNumbers turns json.Number into int64 or float64.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = normalizeNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalizeNumbers(x[k])
		}
	}
	return v
}

// wireData encodes each context value as the interpreter sees it, so the
// guest gets the floats and integers a native session would
// (lisp.EncodeJSON keeps 100.0 a float).
func wireData(data map[string]any) (map[string]any, error) {
	if len(data) == 0 {
		return nil, nil
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		raw, err := lisp.EncodeJSON(v)
		if err != nil {
			return nil, fmt.Errorf("host: data/%s cannot be passed to the program: %w", k, err)
		}
		out[k] = json.RawMessage(raw)
	}
	return out, nil
}

// toolCall is the tool_call import: run the tool, keep the response for
// tool_result, return its length.
func toolCall(ctx context.Context, m api.Module, reqPtr, reqLen uint32) uint32 {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	resp := abi.ToolResponse{}
	b, ok := m.Memory().Read(reqPtr, reqLen)
	var req abi.ToolRequest
	switch {
	case s == nil:
		resp.Error = "no evaluation in progress"
	case !ok:
		resp.Error = "tool request outside guest memory"
	default:
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&req); err != nil {
			resp.Error = "bad tool request: " + err.Error()
			break
		}
		if !s.admit(1) {
			resp.Error = s.overLimit()
			break
		}
		resp = s.runRequest(ctx, req)
	}
	out, err := json.Marshal(resp)
	if err != nil {
		out, _ = json.Marshal(abi.ToolResponse{Error: "tool result is not JSON: " + err.Error()})
	}
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
func (s *Session) runRequest(ctx context.Context, req abi.ToolRequest) abi.ToolResponse {
	tool, found := s.tools[req.Name]
	if !found {
		return abi.ToolResponse{Error: "unknown tool " + req.Name}
	}
	if req.Args == nil {
		req.Args = map[string]any{}
	}
	for k, v := range req.Args {
		req.Args[k] = normalizeNumbers(v)
	}
	v, err := callTool(ctx, tool, req.Args)
	if err != nil {
		return abi.ToolResponse{Error: err.Error()}
	}
	raw, err := lisp.EncodeJSON(v)
	if err != nil {
		return abi.ToolResponse{Error: "the tool's result cannot be passed to the program: " + err.Error()}
	}
	return abi.ToolResponse{Value: json.RawMessage(raw)}
}

// toolBatch is the tool_batch import: run the calls of one pmap step
// concurrently (the guest bounds a batch by its MaxParallel limit) and
// keep the array of responses for tool_result.
func toolBatch(ctx context.Context, m api.Module, reqPtr, reqLen uint32) uint32 {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	var reqs []abi.ToolRequest
	b, ok := m.Memory().Read(reqPtr, reqLen)
	var out []byte
	switch {
	case s == nil || !ok:
		out = []byte(`[]`)
	default:
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&reqs); err != nil {
			out = []byte(`[]`)
			break
		}
		resps := make([]abi.ToolResponse, len(reqs))
		if !s.admit(len(reqs)) {
			for i := range resps {
				resps[i].Error = s.overLimit()
			}
			out, _ = json.Marshal(resps)
			break
		}
		var wg sync.WaitGroup
		for i, r := range reqs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resps[i] = s.runRequest(ctx, r)
			}()
		}
		wg.Wait()
		var err error
		if out, err = json.Marshal(resps); err != nil {
			out = []byte(`[]`)
		}
	}
	if s != nil {
		s.pending = out
	}
	return uint32(len(out))
}

// toolResult is the tool_result import: copy the pending response.
func toolResult(ctx context.Context, m api.Module, bufPtr uint32) {
	if s, _ := ctx.Value(sessionKey{}).(*Session); s != nil {
		m.Memory().Write(bufPtr, s.pending)
		s.pending = nil
	}
}

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
	"github.com/tetratelabs/wazero/experimental"
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
	pool     chan *Session // instances that ran _initialize, with their session open; unused
	done     chan struct{} // closed by Close; stops the refill goroutine
	once     sync.Once
}

// Option configures an Engine.
type Option func(*engineConfig)

type engineConfig struct {
	memoryPages uint32
	poolSize    int
	cacheDir    string
}

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
	e := &Engine{rt: rt, compiled: compiled, pool: make(chan *Session, cfg.poolSize), done: make(chan struct{})}
	go e.refill(context.WithoutCancel(ctx))
	return e, nil
}

// instantiate makes a fresh guest instance, runs its initialization and
// opens its session, ready for NewSession. warm is for the pool's
// instances (see warmProgram); a caller that waits for the instance skips
// it, as its first Eval does the same work.
func (e *Engine) instantiate(ctx context.Context, warm bool) (*Session, error) {
	buf := &tailBuffer{}
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").WithStderr(buf)
	var mem *mappedMemory
	mod, err := e.rt.InstantiateModule(withMappedMemory(ctx, &mem), e.compiled, cfg)
	if err != nil {
		return nil, err
	}
	s := &Session{mod: mod, stderr: buf, mem: mem}
	if err := s.open(ctx, warm); err != nil {
		mod.Close(ctx)
		return nil, err
	}
	return s, nil
}

// warmProgram is evaluated once in a scratch guest session of every new
// instance, through the export handles the session keeps: wazero grows
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

// withMappedMemory has wazero back the memory of the module instantiated
// with the returned context by a mappedMemory, stored in *mem; where none
// can be made, wazero's default backing is used.
func withMappedMemory(ctx context.Context, mem **mappedMemory) context.Context {
	return experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(func(_, max uint64) experimental.LinearMemory {
		if m := newMappedMemory(max); m != nil {
			*mem = m
			return m
		}
		return &sliceMemory{}
	}))
}

// sliceMemory is wazero's default backing (a Go slice grown by append),
// for when no mapping can be made.
type sliceMemory struct{ buf []byte }

func (m *sliceMemory) Reallocate(size uint64) []byte {
	if size > uint64(cap(m.buf)) {
		m.buf = append(m.buf[:cap(m.buf)], make([]byte, size-uint64(cap(m.buf)))...)
	}
	m.buf = m.buf[:size]
	return m.buf
}

func (m *sliceMemory) Free() { m.buf = nil }

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
		s, err := e.instantiate(ctx, true)
		if err != nil {
			return // runtime closed
		}
		select {
		case e.pool <- s:
		case <-e.done:
			s.mod.Close(ctx)
			return
		}
	}
}

// take returns a ready instance from the pool, or makes one.
func (e *Engine) take(ctx context.Context) (*Session, error) {
	select {
	case s := <-e.pool:
		return s, nil
	default:
		return e.instantiate(ctx, false)
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
	mod       api.Module
	stderr    *tailBuffer
	id        uint32
	interrupt uint32 // address of the guest's interrupt flag
	broken    error  // set when the guest trapped; the instance is unusable
	fns       map[string]api.Function
	mem       *mappedMemory // the guest's linear memory, if mapped; kept alive with the session

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
// an earlier Eval: its instance is gone. Open a new session. (Restoring
// the committed definitions into a fresh instance comes with snapshots.)
var ErrSessionBroken = errors.New("host: the session's guest trapped in an earlier evaluation; open a new session")

// TrapError is returned when the guest traps during Eval: it ran out of
// memory (Limit "memory") or failed in some other way the interpreter did
// not catch (Limit ""). The host and other sessions are unaffected.
type TrapError struct {
	Limit  string // "memory" when the guest exhausted its memory limit
	Detail string // the guest runtime's last words on stderr, if any
	Err    error  // the runtime's error
}

func (e *TrapError) Error() string {
	if e.Limit == "memory" {
		return "host: the program exhausted the guest's memory limit: " + e.Err.Error()
	}
	return "host: the guest trapped: " + e.Err.Error()
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
	return e.take(ctx)
}

// Close releases the session's instance.
func (s *Session) Close(ctx context.Context) error { return s.mod.Close(ctx) }

// call calls the guest's export name. The function handles are kept for
// the session's life: each handle owns the native stack wazero runs the
// guest on, and a fresh handle starts small and grows (with copies) on
// every call, which cost more than the rest of a small Eval.
func (s *Session) call(ctx context.Context, name string, args ...uint64) (uint64, error) {
	f := s.fns[name]
	if f == nil {
		if f = s.mod.ExportedFunction(name); f == nil {
			return 0, fmt.Errorf("host: guest does not export %s", name)
		}
		if s.fns == nil {
			s.fns = map[string]api.Function{}
		}
		s.fns[name] = f
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
	req, err := json.Marshal(abi.EvalRequest{Source: src, Data: opts.Data, Tools: names, Limits: limits})
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
		s.broken = te
		s.mod.Close(context.WithoutCancel(ctx))
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
	return abi.ToolResponse{Value: v}
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

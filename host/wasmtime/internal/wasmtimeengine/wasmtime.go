package wasmtimeengine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"unsafe"

	"github.com/bytecodealliance/wasmtime-go/v39"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/host/internal/engine"
)

// maxWasmStack is the native stack the guest may use. wasmtime's default,
// 512 KiB, is too little for a recursion to the interpreter's default
// MaxDepth (5000), which needs 512–768 KiB; 4 MiB leaves room for deeper
// Go frames per level, and a program over it traps ("call stack
// exhausted", a TrapError with no Limit) where wazero, which grows its
// stacks, would go on. wasmtime runs the guest on the calling thread's
// stack, which must be larger: cgo threads get the system's default
// (8 MiB on Linux with glibc).
const maxWasmStack = 4 << 20

// farEpoch is the epoch deadline of an instance nobody stopped.
const farEpoch = 1 << 62

// Provider is wasmtime as an engine.Provider. Fuel is the host's
// instrumentation, as on wazero (the module's fuel global), not
// wasmtime's own: the same program uses the same fuel on both engines.
type Provider struct{}

func (Provider) Name() string { return "wasmtime" }

func (Provider) New(ctx context.Context, cfg engine.Config) (engine.Runtime, error) {
	return New(ctx, cfg)
}

// wtRuntime is a wasmtime engine with the guest compiled in it.
type wtRuntime struct {
	engine *wasmtime.Engine
	module *wasmtime.Module
	cfg    engine.Config
	start  *starter // nil: instances start the ordinary way (start.go)
}

// New compiles cfg.Module with wasmtime (or loads it from the compilation
// cache, see loadModule), with epoch interruption for Instance.Stop, and
// with its globals exported so that instances can start from an image
// (start.go). When cfg.Fuel, the module carries the fuel global
// (abi.ExportFuel).
//
// # Errors
//
// Compilation errors, and a memory limit below the module's minimum.
func New(_ context.Context, cfg engine.Config) (engine.Runtime, error) {
	wc := wasmtime.NewConfig()
	wc.SetEpochInterruption(true)
	wc.SetMaxWasmStack(maxWasmStack)
	eng := wasmtime.NewEngineWithConfig(wc)
	var start *starter
	cfg.Module, start = newStarter(cfg.Module)
	mod, err := loadModule(eng, cfg)
	if err != nil {
		eng.Close()
		return nil, err
	}
	if err := checkMemory(mod, cfg.MemoryPages); err != nil {
		mod.Close()
		eng.Close()
		return nil, err
	}
	return &wtRuntime{engine: eng, module: mod, cfg: cfg, start: start}, nil
}

// checkMemory refuses a memory limit below the module's minimum, as
// wazero does when it compiles.
func checkMemory(mod *wasmtime.Module, pages uint32) error {
	for _, ex := range mod.Exports() {
		if mt := ex.Type().MemoryType(); mt != nil && mt.Minimum() > uint64(pages) {
			return fmt.Errorf("wasmtimeengine: the guest's memory needs %d pages, over the limit of %d pages", mt.Minimum(), pages)
		}
	}
	return nil
}

func (r *wtRuntime) Close(context.Context) error {
	r.module.Close()
	r.engine.Close()
	return nil
}

// Instantiate implements engine.Runtime: an instance started from the
// image of an initialized one (start.go), or else started the ordinary
// way.
func (r *wtRuntime) Instantiate(ctx context.Context, ic engine.InstanceConfig) (engine.Instance, error) {
	var in *instance
	var err error
	if r.start != nil {
		in, err = r.start.instantiate(ctx, r, ic)
	} else {
		in, err = r.instantiate(ctx, ic)
	}
	if err != nil {
		return nil, err
	}
	in.sys.yield = ic.Yield
	return in, nil
}

// instantiate makes an instance the ordinary way: instantiation, then
// _initialize.
func (r *wtRuntime) instantiate(ctx context.Context, ic engine.InstanceConfig) (*instance, error) {
	in, err := r.newInstance(newSysState(ic.Stderr, ic.WallClock))
	if err != nil {
		return nil, err
	}
	if err := in.initialize(ctx); err != nil {
		in.store.Close()
		return nil, err
	}
	return in, nil
}

// newInstance instantiates the module, uninitialized, in a store of its
// own, limited to the configured memory, with the WASI functions of sys
// and the ptc imports bound to the instance. wasmtime lays out the memory
// from the data segments.
func (r *wtRuntime) newInstance(sys *sysState) (*instance, error) {
	store := wasmtime.NewStore(r.engine)
	store.Limiter(int64(r.cfg.MemoryPages)*65536, -1, -1, -1, -1)
	store.SetEpochDeadline(farEpoch)
	in := &instance{rt: r, store: store, sys: sys, fns: map[string]export{}}
	var imports []wasmtime.AsExtern
	for _, imp := range r.module.Imports() {
		name := ""
		if n := imp.Name(); n != nil {
			name = *n
		}
		fn := in.hostFunc(imp.Module() + "." + name)
		ft := imp.Type().FuncType()
		if fn == nil || ft == nil {
			store.Close()
			return nil, fmt.Errorf("wasmtimeengine: the guest imports %s.%s, which this host does not provide", imp.Module(), name)
		}
		imports = append(imports, wasmtime.NewFunc(store, ft, fn))
	}
	inst, err := wasmtime.NewInstance(store, r.module, imports)
	if err != nil {
		store.Close()
		return nil, err
	}
	in.inst = inst
	if ex := inst.GetExport(store, "memory"); ex != nil {
		in.mem = ex.Memory()
	}
	if in.mem == nil {
		store.Close()
		return nil, errors.New("wasmtimeengine: the guest exports no memory")
	}
	if r.cfg.Fuel {
		if ex := inst.GetExport(store, abi.ExportFuel); ex != nil {
			in.fuel = ex.Global()
		}
		if in.fuel == nil {
			store.Close()
			return nil, fmt.Errorf("wasmtimeengine: the module has no %s global", abi.ExportFuel)
		}
	}
	return in, nil
}

// initialize runs the guest's _initialize.
func (in *instance) initialize(ctx context.Context) error {
	if _, err := in.Call(ctx, "_initialize"); err != nil {
		return err
	}
	in.started()
	return nil
}

// started records where the memory lies, for Interrupt, once the instance
// is initialized.
func (in *instance) started() {
	in.base, in.size = in.mem.Data(in.store), in.mem.DataSize(in.store)
}

// instance is one wasmtime instance in its own store.
type instance struct {
	rt    *wtRuntime
	store *wasmtime.Store
	inst  *wasmtime.Instance
	mem   *wasmtime.Memory
	fuel  *wasmtime.Global // the fuel global; nil when fuel is off
	base  unsafe.Pointer   // the memory's first byte; fixed, as wasmtime reserves a 32-bit memory's whole range
	size  uintptr          // the memory's size when the instance started
	sys   *sysState
	fns   map[string]export

	ctx     context.Context // of the Call in progress, for the ptc imports
	stopped atomic.Bool     // Stop moved the epoch deadline; SetFuel moves it back
}

// export is a cached function handle with its parameter kinds.
type export struct {
	fn     *wasmtime.Func
	params []wasmtime.ValKind
}

// Call implements engine.Instance.
func (in *instance) Call(ctx context.Context, name string, args ...uint64) (uint64, error) {
	ex, ok := in.fns[name]
	if !ok {
		e := in.inst.GetExport(in.store, name)
		if e == nil || e.Func() == nil {
			return 0, fmt.Errorf("host: guest does not export %s", name)
		}
		ex.fn = e.Func()
		for _, p := range ex.fn.Type(in.store).Params() {
			ex.params = append(ex.params, p.Kind())
		}
		in.fns[name] = ex
	}
	if len(args) != len(ex.params) {
		return 0, fmt.Errorf("host: %s takes %d arguments, got %d", name, len(ex.params), len(args))
	}
	vals := make([]any, len(args))
	for i, a := range args {
		if ex.params[i] == wasmtime.KindI64 {
			vals[i] = int64(a)
		} else {
			vals[i] = int32(uint32(a))
		}
	}
	in.ctx = ctx
	r, err := ex.fn.Call(in.store, vals...)
	in.ctx = nil
	if err != nil {
		return 0, err
	}
	switch v := r.(type) {
	case int32:
		return uint64(uint32(v)), nil
	case int64:
		return uint64(v), nil
	}
	return 0, nil
}

func (in *instance) Memory() engine.Memory { return memory{in.mem, in.store} }

// SetFuel implements engine.Instance: it sets the fuel global, and also
// undoes Stop.
func (in *instance) SetFuel(n uint64) {
	if in.stopped.Swap(false) {
		in.store.SetEpochDeadline(farEpoch)
	}
	if in.fuel != nil {
		in.fuel.Set(in.store, wasmtime.ValI64(int64(min(n, math.MaxInt64)))) // a mutable i64: Set cannot fail
	}
}

// FuelLeft implements engine.Instance: the fuel global, negative when
// the guest ran out.
func (in *instance) FuelLeft() int64 {
	if in.fuel == nil {
		return 0
	}
	return in.fuel.Get(in.store).I64()
}

// Stop implements engine.Instance with epoch interruption: it sets the
// store's deadline to the engine's current epoch and advances the epoch.
// (wazero's Stop zeroes the fuel global instead; here the store, which
// holds the global, may not be used by two threads at once.)
//
// # Notes
//
// The store is in use by the goroutine running the guest, so this is a
// racy write, of one aligned 8-byte field (the store's epoch deadline),
// as the wazero engine's Stop is. wasmtime's compiled code reloads the
// deadline at every function entry, and at a loop header once the epoch
// has passed the deadline it last loaded, so the guest traps at its next
// call. Other stores keep their far deadline: advancing the shared epoch
// does not disturb them.
func (in *instance) Stop() {
	in.stopped.Store(true)
	in.store.SetEpochDeadline(0)
	in.rt.engine.IncrementEpoch()
}

// Interrupt implements engine.Instance with an atomic store through the
// memory's base address, taken when the instance started: the store may
// be running a call, and the memory stays where it is when it grows.
func (in *instance) Interrupt(ptr, v uint32) {
	if uintptr(ptr)+4 <= in.size && ptr%4 == 0 {
		atomic.StoreUint32((*uint32)(unsafe.Add(in.base, ptr)), v)
	}
}

func (in *instance) Close(context.Context) error {
	in.store.Close()
	return nil
}

// memory is engine.Memory over a wasmtime memory, through a store or a
// caller (inside a host function).
type memory struct {
	mem *wasmtime.Memory
	st  wasmtime.Storelike
}

func (m memory) Read(ptr, n uint32) ([]byte, bool) {
	return span(m.mem.UnsafeData(m.st), ptr, uint64(n))
}

func (m memory) Write(ptr uint32, b []byte) bool {
	dst, ok := span(m.mem.UnsafeData(m.st), ptr, uint64(len(b)))
	copy(dst, b)
	return ok
}

// hostFunc is the implementation of the import "module.name", or nil.
func (in *instance) hostFunc(name string) func(*wasmtime.Caller, []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
	u := func(v wasmtime.Val) uint32 { return uint32(v.I32()) }
	errno := func(f func(mem []byte, a []wasmtime.Val) int32) func(*wasmtime.Caller, []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
		return func(c *wasmtime.Caller, a []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			return []wasmtime.Val{wasmtime.ValI32(f(in.mem.UnsafeData(c), a))}, nil
		}
	}
	imp := in.rt.cfg.Imports
	const wasi = "wasi_snapshot_preview1."
	switch name {
	case abi.HostModule + "." + abi.ImportToolCall, abi.HostModule + "." + abi.ImportToolBatch:
		call := imp.ToolCall
		if name == abi.HostModule+"."+abi.ImportToolBatch {
			call = imp.ToolBatch
		}
		return func(c *wasmtime.Caller, a []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			n := call(in.ctx, memory{in.mem, c}, u(a[0]), u(a[1]))
			return []wasmtime.Val{wasmtime.ValI32(int32(n))}, nil
		}
	case abi.HostModule + "." + abi.ImportToolResult:
		return func(c *wasmtime.Caller, a []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			imp.ToolResult(in.ctx, memory{in.mem, c}, u(a[0]))
			return nil, nil
		}
	case wasi + "clock_time_get":
		return errno(func(m []byte, a []wasmtime.Val) int32 { return in.sys.clockTimeGet(m, u(a[0]), u(a[2])) })
	case wasi + "clock_res_get":
		return errno(func(m []byte, a []wasmtime.Val) int32 { return in.sys.clockResGet(m, u(a[0]), u(a[1])) })
	case wasi + "random_get":
		return errno(func(m []byte, a []wasmtime.Val) int32 { return in.sys.randomGet(m, u(a[0]), u(a[1])) })
	case wasi + "fd_write":
		return errno(func(m []byte, a []wasmtime.Val) int32 { return in.sys.fdWrite(m, u(a[0]), u(a[1]), u(a[2]), u(a[3])) })
	case wasi + "poll_oneoff":
		return errno(func(m []byte, a []wasmtime.Val) int32 {
			return in.sys.pollOneoff(m, u(a[0]), u(a[1]), u(a[2]), u(a[3]))
		})
	case wasi + "sched_yield":
		return errno(func([]byte, []wasmtime.Val) int32 {
			if in.sys.yield != nil {
				in.sys.yield()
			}
			return errnoSuccess
		})
	case wasi + "args_get", wasi + "environ_get":
		return errno(func([]byte, []wasmtime.Val) int32 { return errnoSuccess })
	case wasi + "args_sizes_get", wasi + "environ_sizes_get":
		return errno(func(m []byte, a []wasmtime.Val) int32 { return emptyList(m, u(a[0]), u(a[1])) })
	case wasi + "proc_exit":
		return func(_ *wasmtime.Caller, a []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			return nil, wasmtime.NewTrap(fmt.Sprintf("exit status %d", u(a[0])))
		}
	}
	return nil
}

package wazeroengine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"

	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

// Starting instances from an image of an initialized one.
//
// Instantiating the guest the ordinary way copies its 1.9 MB of data
// segments into a new memory and runs _initialize (the Go runtime's and
// the interpreter's start-up): about 4 ms. Instead, the engine compiles
// the module without its data section and with every global exported,
// and initializes the first instance (the template) by writing the
// segments itself and calling _initialize. It then saves the template's
// memory in a memory file and its globals. Every later instance maps that
// file copy-on-write over its memory and sets the globals: no copy, no
// start-up, and the pages no instance writes are shared by all. Where
// memory files are unavailable, each instance is initialized like the
// template.
//
// The guest cannot tell: initialization is deterministic (fake clocks, a
// seeded random source, no environment), so the template's memory and
// globals are byte for byte those of any instance initialized on its own
// (wasmfuel's TestSnapshotRealGuest checks that). The one clock the Go
// runtime reads, the monotonic one, goes on from the template's last
// reading instead of starting over.

// globalPrefix names the globals the engine exports to save and restore.
const globalPrefix = "ptc_start_g"

// starter makes instances from the split module.
type starter struct {
	segments []wasmfuel.Segment
	globals  []string // export names of the module's own globals

	mu    sync.Mutex
	tried bool   // the template was made (image may still be nil)
	image *image // nil until made, or when it cannot be
}

// image is the template's state after _initialize.
type image struct {
	mem     *memoryImage
	pages   uint32   // memory size in Wasm pages
	globals []uint64 // values, in starter.globals order
	clock   int64    // the template's last monotonic reading
}

// newStarter prepares module for starting from an image: the module to
// compile, and the starter; nil starter (and module itself) when the
// module cannot be split.
func newStarter(module []byte) ([]byte, *starter) {
	withGlobals, names, err := wasmfuel.ExportGlobals(module, globalPrefix)
	if err != nil {
		return module, nil
	}
	stripped, segs, err := wasmfuel.SplitData(withGlobals)
	if err != nil {
		return module, nil
	}
	return stripped, &starter{segments: segs, globals: names}
}

// fakeClock is the monotonic clock of an instance: from start, 1 ms more
// at each reading, as wazero's own fake clock counts from 0.
type fakeClock struct{ t atomic.Int64 }

func newFakeClock(start int64) *fakeClock {
	c := &fakeClock{}
	c.t.Store(start - int64(time.Millisecond))
	return c
}

func (c *fakeClock) read() int64 { return c.t.Add(int64(time.Millisecond)) }

// instantiate makes an initialized instance: from the image when there is
// one, otherwise by writing the segments and running _initialize (and the
// first time, saving the image).
func (s *starter) instantiate(ctx context.Context, r *wzRuntime, cfg wazero.ModuleConfig) (api.Module, *mappedMemory, error) {
	s.mu.Lock()
	img, tried := s.image, s.tried
	if tried {
		s.mu.Unlock()
	} else {
		defer s.mu.Unlock() // the others wait for the template
	}
	cfg = cfg.WithStartFunctions()
	if img != nil {
		if mod, mem, err := s.fromImage(ctx, r, cfg, img); err == nil {
			return mod, mem, nil
		}
		// Initialize this one the long way instead.
	}
	clock := newFakeClock(0)
	var mem *mappedMemory
	mod, err := r.rt.InstantiateModule(withMappedMemory(ctx, func(m *mappedMemory) { mem = m }), r.compiled, cfg.WithNanotime(clock.read, sys.ClockResolution(1)))
	if err != nil {
		return nil, nil, err
	}
	for _, sg := range s.segments {
		if !mod.Memory().Write(sg.Offset, sg.Init) {
			mod.Close(ctx)
			return nil, nil, fmt.Errorf("wazeroengine: data segment at %d does not fit in the initial memory", sg.Offset)
		}
	}
	if _, err := mod.ExportedFunction("_initialize").Call(ctx); err != nil {
		mod.Close(ctx)
		return nil, nil, err
	}
	if !tried {
		s.image, s.tried = s.save(mod, clock), true
	}
	return mod, mem, nil
}

// save captures the template's image; nil when it cannot be kept.
func (s *starter) save(mod api.Module, clock *fakeClock) *image {
	size := mod.Memory().Size()
	mem, ok := mod.Memory().Read(0, size)
	if !ok {
		return nil
	}
	img := &image{pages: size / 65536, clock: clock.read()}
	for _, name := range s.globals {
		g := mod.ExportedGlobal(name)
		if g == nil {
			return nil
		}
		img.globals = append(img.globals, g.Get())
	}
	if img.mem = newMemoryImage(mem); img.mem == nil {
		return nil
	}
	return img
}

// fromImage instantiates the module with the image mapped as its memory
// and the template's globals.
func (s *starter) fromImage(ctx context.Context, r *wzRuntime, cfg wazero.ModuleConfig, img *image) (api.Module, *mappedMemory, error) {
	var mem *mappedMemory
	mapped := false
	ctx = withMappedMemory(ctx, func(m *mappedMemory) { mem, mapped = m, img.mem.mapInto(m) })
	clock := newFakeClock(img.clock + int64(time.Millisecond))
	mod, err := r.rt.InstantiateModule(ctx, r.compiled, cfg.WithNanotime(clock.read, sys.ClockResolution(1)))
	if err != nil {
		return nil, nil, err
	}
	fail := func(msg string) (api.Module, *mappedMemory, error) {
		mod.Close(ctx)
		return nil, nil, fmt.Errorf("wazeroengine: starting from the image: %s", msg)
	}
	if !mapped {
		return fail("the image could not be mapped")
	}
	if cur := mod.Memory().Size() / 65536; cur < img.pages {
		if _, ok := mod.Memory().Grow(img.pages - cur); !ok {
			return fail("the memory cannot grow to the image's size")
		}
	}
	for i, name := range s.globals {
		g := mod.ExportedGlobal(name)
		if mg, ok := g.(api.MutableGlobal); ok {
			mg.Set(img.globals[i])
		} else if g == nil || g.Get() != img.globals[i] {
			return fail("global " + name + " cannot be restored")
		}
	}
	return mod, mem, nil
}

// close frees the image's memory file (mapped instances keep their
// mappings).
func (s *starter) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.image != nil {
		s.image.mem.close()
		s.image = nil
	}
}

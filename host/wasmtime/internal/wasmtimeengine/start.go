package wasmtimeengine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/bytecodealliance/wasmtime-go/v39"

	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

// Starting instances from an image of an initialized one.
//
// An instance started the ordinary way runs _initialize, the guest's Go
// runtime and interpreter start-up: about 2 ms. Instead, the first
// instance (the template) is initialized that way, and the engine keeps
// what _initialize changed: the memory pages that differ from those the
// module's data segments lay out, the memory's size, the mutable globals
// (exported for the purpose by wasmfuel.ExportGlobals) and where the
// fake clocks and the random source had got to. Every later instance is
// instantiated as usual, so wasmtime lays out the data segments (mapping
// them copy-on-write from the compiled module where it can), then grows
// its memory to the template's size, gets those pages copied in, the
// globals set and its WASI state moved on to the template's; _initialize
// is not run. Copying only the changed pages (about 0.8 MB of 5 MB)
// leaves the data pages no one writes shared between instances.
//
// The guest cannot tell: initialization is deterministic (fake clocks, a
// seeded random source, no environment), so the template's state after
// it is that of any instance initialized on its own. The template's
// _initialize always runs on the fake wall clock, even when its caller
// was granted the real one (which it gets afterwards): the image must
// not depend on the time. If anything in starting from the image fails,
// the instance is started the ordinary way; if the template itself fails
// to start, the next instance tries to become the template.

// globalPrefix names the globals the engine exports to save and restore.
const globalPrefix = "ptc_start_g"

// imagePage is the granularity at which the image records changed memory:
// the usual host page, the unit in which a copy-on-write mapping of the
// data segments becomes private. (Any size would be correct.)
const imagePage = 4096

// starter makes instances from the image.
type starter struct {
	globals []string // export names of the module's own globals

	// mu is held while an instance tries to become the template; made
	// is set once one has, and image then stays as it left it (nil when
	// it could not be kept). A template that fails to start (a store
	// that could not be made, an _initialize that trapped) leaves made
	// unset, so the next instance tries again.
	mu    sync.Mutex
	made  bool
	image *image

	// initialize runs the template's _initialize; tests replace it.
	initialize func(*instance, context.Context) error
}

// image is what the template's _initialize changed.
type image struct {
	pages   uint64        // memory size in Wasm pages
	runs    []run         // the changed memory, in runs of whole host pages
	globals []savedGlobal // the mutable globals
	sys     sysPosition
}

// run is memory to copy: data at off.
type run struct {
	off  int
	data []byte
}

type savedGlobal struct {
	name string
	val  wasmtime.Val
}

// newStarter prepares module for starting from an image: the module to
// compile, and the starter; nil starter (and module itself) when the
// module's globals cannot be exported.
func newStarter(module []byte) ([]byte, *starter) {
	withGlobals, names, err := wasmfuel.ExportGlobals(module, globalPrefix)
	if err != nil {
		return module, nil
	}
	return withGlobals, &starter{globals: names, initialize: (*instance).initialize}
}

// instantiate makes an initialized instance. The first call makes the
// template, and the others wait for it; later ones start from its image,
// or the ordinary way when there is none or it fails them. If making the
// template fails, its caller gets the error and the next call tries to
// make the template again.
func (s *starter) instantiate(ctx context.Context, r *wtRuntime, ic engine.InstanceConfig) (*instance, error) {
	s.mu.Lock()
	if !s.made {
		tmpl, err := s.template(ctx, r, ic)
		s.made = err == nil
		s.mu.Unlock()
		return tmpl, err
	}
	s.mu.Unlock()
	if s.image != nil {
		in, err := r.newInstance(newSysState(ic.Stderr, ic.WallClock))
		if err != nil {
			return nil, err
		}
		if err := s.restore(in, s.image); err == nil {
			in.started()
			return in, nil
		}
		in.store.Close() // half restored: start one the long way instead
	}
	return r.instantiate(ctx, ic)
}

// template makes an instance the ordinary way, and saves its image. Its
// _initialize runs on the fake wall clock whatever ic says.
func (s *starter) template(ctx context.Context, r *wtRuntime, ic engine.InstanceConfig) (*instance, error) {
	in, err := r.newInstance(newSysState(ic.Stderr, false))
	if err != nil {
		return nil, err
	}
	before := bytes.Clone(in.mem.UnsafeData(in.store))
	if err := s.initialize(in, ctx); err != nil {
		in.store.Close()
		return nil, err
	}
	in.sys.wallClock = ic.WallClock
	s.image = s.save(in, before)
	return in, nil
}

// save captures the image of in, initialized from memory before; nil
// when it cannot be kept.
func (s *starter) save(in *instance, before []byte) *image {
	img := &image{pages: in.mem.Size(in.store), sys: in.sys.position()}
	after := in.mem.UnsafeData(in.store)
	if len(after) < len(before) || len(before)%imagePage != 0 || len(after)%imagePage != 0 {
		return nil
	}
	changed := func(off int) bool {
		page := after[off : off+imagePage]
		if off < len(before) {
			return !bytes.Equal(page, before[off:off+imagePage])
		}
		return !isZero(page)
	}
	for off := 0; off < len(after); off += imagePage {
		if !changed(off) {
			continue
		}
		page := after[off : off+imagePage]
		if n := len(img.runs); n > 0 && img.runs[n-1].off+len(img.runs[n-1].data) == off {
			img.runs[n-1].data = append(img.runs[n-1].data, page...)
		} else {
			img.runs = append(img.runs, run{off: off, data: bytes.Clone(page)})
		}
	}
	for _, name := range s.globals {
		ex := in.inst.GetExport(in.store, name)
		if ex == nil || ex.Global() == nil {
			return nil
		}
		g := ex.Global()
		if !g.Type(in.store).Mutable() {
			continue // set by its constant initializer, as in the template
		}
		img.globals = append(img.globals, savedGlobal{name: name, val: g.Get(in.store)})
	}
	return img
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// restore gives in, just instantiated, the template's state from img.
func (s *starter) restore(in *instance, img *image) error {
	if cur := in.mem.Size(in.store); cur < img.pages {
		if _, err := in.mem.Grow(in.store, img.pages-cur); err != nil {
			return fmt.Errorf("wasmtimeengine: growing the memory to the image's size: %w", err)
		}
	} else if cur > img.pages {
		return errors.New("wasmtimeengine: the memory starts larger than the image")
	}
	mem := in.mem.UnsafeData(in.store)
	for _, r := range img.runs {
		if r.off+len(r.data) > len(mem) {
			return errors.New("wasmtimeengine: the image does not fit in the memory")
		}
		copy(mem[r.off:], r.data)
	}
	for _, g := range img.globals {
		ex := in.inst.GetExport(in.store, g.name)
		if ex == nil || ex.Global() == nil {
			return fmt.Errorf("wasmtimeengine: the instance has no global %s", g.name)
		}
		if err := ex.Global().Set(in.store, g.val); err != nil {
			return err
		}
	}
	in.sys.continueFrom(img.sys)
	return nil
}

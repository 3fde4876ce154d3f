package wasmtimeengine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/bytecodealliance/wasmtime-go/v39"

	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/engine/enginetest"
)

// state is what makes two instances the same to the guest: memory, every
// global it defines, and where its clocks and random source are.
type state struct {
	mem     []byte
	globals []wasmtime.Val
	sys     sysPosition
}

func stateOf(t *testing.T, in *instance) state {
	t.Helper()
	st := state{mem: bytes.Clone(in.mem.UnsafeData(in.store)), sys: in.sys.position()}
	for _, name := range in.rt.start.globals {
		st.globals = append(st.globals, in.inst.GetExport(in.store, name).Global().Get(in.store))
	}
	return st
}

func sameState(t *testing.T, what string, got, want state) {
	t.Helper()
	if !bytes.Equal(got.mem, want.mem) {
		t.Fatalf("%s: another memory (%d bytes, want %d)", what, len(got.mem), len(want.mem))
	}
	if len(got.globals) != len(want.globals) {
		t.Fatalf("%s: %d globals, want %d", what, len(got.globals), len(want.globals))
	}
	for i := range got.globals {
		if got.globals[i].Get() != want.globals[i].Get() {
			t.Fatalf("%s: global %d is %v, want %v", what, i, got.globals[i].Get(), want.globals[i].Get())
		}
	}
	if got.sys != want.sys {
		t.Fatalf("%s: WASI state %+v, want %+v", what, got.sys, want.sys)
	}
}

// nextRandom is the next n bytes of the instance's random source.
func nextRandom(t *testing.T, in *instance, n uint32) []byte {
	t.Helper()
	buf := make([]byte, n)
	if e := in.sys.randomGet(buf, 0, n); e != errnoSuccess {
		t.Fatalf("random_get: errno %d", e)
	}
	return buf
}

// TestInstancesStartFromTheImage: the first instance is the template; the
// next ones start from its image in exactly the state of an instance
// initialized the ordinary way, stay so through an evaluation, and each
// writes only its own memory.
func TestInstancesStartFromTheImage(t *testing.T) {
	r := enginetest.Runtime(t, Provider{}).(*wtRuntime)
	if r.start == nil {
		t.Fatal("the guest module could not be prepared for images")
	}
	ctx := context.Background()
	// The template's caller is granted the wall clock, which must not
	// reach the image.
	tmplIn, err := r.Instantiate(ctx, engine.InstanceConfig{Stderr: io.Discard, WallClock: true})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := tmplIn.(*instance)
	if r.start.image == nil {
		t.Fatal("no image after the first instance")
	}
	if !tmpl.sys.wallClock {
		t.Fatal("the template lost the wall clock its caller was granted")
	}
	if len(r.start.image.runs) == 0 || len(r.start.image.globals) == 0 {
		t.Fatalf("an image with %d runs and %d globals", len(r.start.image.runs), len(r.start.image.globals))
	}
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	ordinary, err := r.instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := stateOf(t, ordinary)
	sameState(t, "the template", stateOf(t, tmpl), want)

	aIn, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := aIn.(*instance)
	sameState(t, "an instance from the image", stateOf(t, a), want)
	if a.base == nil || a.size != uintptr(len(want.mem)) {
		t.Fatalf("Interrupt's view of the memory: %d bytes, want %d", a.size, len(want.mem))
	}

	// Writing to one instance's memory leaves the others be.
	mem := a.mem.UnsafeData(a.store)
	for off := 0; off < len(mem); off += imagePage {
		mem[off] = ^want.mem[off]
	}
	bIn, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := bIn.(*instance)
	sameState(t, "an instance from the image after a write to another", stateOf(t, b), want)
	sameState(t, "the template after a write to another", stateOf(t, tmpl), want)

	// The same evaluation leaves an instance from the image and an ordinary
	// one in the same state, and their random sources go on alike.
	enginetest.EvalOnce(t, b)
	enginetest.EvalOnce(t, ordinary)
	sameState(t, "after an evaluation", stateOf(t, b), stateOf(t, ordinary))
	if x, y := nextRandom(t, b, 100), nextRandom(t, ordinary, 100); !bytes.Equal(x, y) {
		t.Fatalf("random bytes %x, want %x", x, y)
	}
	enginetest.EvalOnce(t, tmpl)
}

// TestImageFallback: when an instance cannot start from the image, it
// starts the ordinary way and is no different.
func TestImageFallback(t *testing.T) {
	r := enginetest.Runtime(t, Provider{}).(*wtRuntime)
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	if _, err := r.Instantiate(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	ordinary, err := r.instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := stateOf(t, ordinary)
	img := r.start.image
	for _, spoil := range []struct {
		name string
		do   func(img *image)
	}{
		{"memory over the limit", func(img *image) { img.pages = uint64(r.cfg.MemoryPages) + 1 }},
		{"memory under the module's", func(img *image) { img.pages = 1 }},
		{"no such global", func(img *image) {
			img.globals = append(slices.Clip(img.globals), savedGlobal{name: "no_such_global", val: wasmtime.ValI32(0)})
		}},
		{"a global of another type", func(img *image) {
			img.globals = slices.Clone(img.globals)
			img.globals[0].val = wasmtime.ValF64(0.5)
		}},
	} {
		t.Run(spoil.name, func(t *testing.T) {
			bad := *img
			spoil.do(&bad)
			r.start.image = &bad
			defer func() { r.start.image = img }()
			in, err := r.Instantiate(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			sameState(t, "an instance started after the image failed", stateOf(t, in.(*instance)), want)
			enginetest.EvalOnce(t, in)
		})
	}
}

// TestTemplateOnce: instances asked for at once, before there is a
// template, get one template between them and all start alike.
func TestTemplateOnce(t *testing.T) {
	r := enginetest.Runtime(t, Provider{}).(*wtRuntime)
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	ins := make([]*instance, 4)
	errs := make(chan error, len(ins))
	for i := range ins {
		go func() {
			in, err := r.Instantiate(ctx, cfg)
			if err == nil {
				ins[i] = in.(*instance)
			}
			errs <- err
		}()
	}
	for range ins {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if r.start.image == nil {
		t.Fatal("no image")
	}
	want := stateOf(t, ins[0])
	for i, in := range ins {
		sameState(t, fmt.Sprint("instance ", i), stateOf(t, in), want)
		enginetest.EvalOnce(t, in)
	}
}

// TestTemplateRetried: when the first instance fails to become the
// template, its caller gets the error, and the next instance becomes the
// template instead; the ones after it start from its image.
func TestTemplateRetried(t *testing.T) {
	r := enginetest.Runtime(t, Provider{}).(*wtRuntime)
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	failed := errors.New("the first _initialize fails")
	calls := 0
	r.start.initialize = func(in *instance, ctx context.Context) error {
		if calls++; calls == 1 {
			return failed
		}
		return in.initialize(ctx)
	}
	if _, err := r.Instantiate(ctx, cfg); !errors.Is(err, failed) {
		t.Fatalf("first instance: error %v, want %v", err, failed)
	}
	if r.start.image != nil {
		t.Fatal("an image from a template that failed")
	}
	tmpl, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || r.start.image == nil {
		t.Fatalf("after the second instance: %d template starts, image %v; want 2 and an image", calls, r.start.image != nil)
	}
	later, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Fatalf("the third instance ran _initialize as a template (%d template starts)", calls)
	}
	sameState(t, "an instance after the retried template", stateOf(t, later.(*instance)), stateOf(t, tmpl.(*instance)))
	enginetest.EvalOnce(t, later)
}

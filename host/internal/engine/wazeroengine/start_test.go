package wazeroengine

import (
	"bytes"
	"context"
	"io"
	"slices"
	"testing"

	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/engine/enginetest"
)

func memoryOf(in engine.Instance) []byte {
	m := in.(*instance).mod.Memory()
	b, _ := m.Read(0, m.Size())
	return bytes.Clone(b)
}

func globalsOf(in engine.Instance, names []string) []uint64 {
	var out []uint64
	for _, n := range names {
		out = append(out, in.(*instance).mod.ExportedGlobal(n).Get())
	}
	return out
}

// TestInstancesStartFromTheImage: the first instance is the template; the
// next ones start from its image with exactly its memory and globals,
// each writes only its own copy, and each works.
func TestInstancesStartFromTheImage(t *testing.T) {
	if !imagesSupported {
		t.Skip("no memory images on this system")
	}
	r := enginetest.Runtime(t, Provider{}).(*wzRuntime)
	if r.start == nil {
		t.Fatal("the guest module could not be prepared for images")
	}
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	tmpl, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.start.image == nil {
		t.Fatal("no image after the first instance")
	}
	wantMem, wantGlobals := memoryOf(tmpl), globalsOf(tmpl, r.start.globals)

	a, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(memoryOf(a), wantMem) {
		t.Fatal("an instance from the image has another memory than the template")
	}
	if got := globalsOf(a, r.start.globals); !slices.Equal(got, wantGlobals) {
		t.Fatalf("globals %v, want %v", got, wantGlobals)
	}
	// Writing to one instance's memory leaves the image and the others be.
	mem := a.(*instance).mod.Memory()
	for off := uint32(0); off < mem.Size(); off += 65536 {
		mem.WriteByte(off, ^wantMem[off])
	}
	b, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(memoryOf(b), wantMem) || !bytes.Equal(memoryOf(tmpl), wantMem) {
		t.Fatal("a write to one instance's memory reached another's")
	}
	// Both work: a session and an evaluation each.
	for _, in := range []engine.Instance{tmpl, b} {
		enginetest.EvalOnce(t, in)
	}
}

// TestImageFallback: when the image cannot be mapped, instances start the
// ordinary way and still work.
func TestImageFallback(t *testing.T) {
	if !imagesSupported {
		t.Skip("no memory images on this system")
	}
	r := enginetest.Runtime(t, Provider{}).(*wzRuntime)
	ctx := context.Background()
	cfg := engine.InstanceConfig{Stderr: io.Discard}
	if _, err := r.Instantiate(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	r.start.image.mem.close()
	r.start.image.mem.fd = -1 // mapping it fails from now on
	in, err := r.Instantiate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	enginetest.EvalOnce(t, in)
}

package host_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/host"
)

// newHost is host.New on the test runtime (testRuntime), with the run's
// compilation cache (testCacheDir; an option in opts may name another);
// every test and benchmark makes its engines with it.
func newHost(ctx context.Context, opts ...host.Option) (*host.Engine, error) {
	_, rt := testRuntime()
	return host.New(ctx, append([]host.Option{rt, host.WithCompilationCacheDir(testCacheDir)}, opts...)...)
}

// TestWithEngine: the test runtime runs programs; an unknown engine name
// is refused with an error that names the choices, and "wasmtime" with
// one that says which module has it.
func TestWithEngine(t *testing.T) {
	ctx := context.Background()
	name, _ := testRuntime()
	t.Logf("engine: %s", name)
	r, err := newSession(t).Eval(ctx, "(+ 1 2)", host.Options{})
	if err != nil || r.Printed != "3" {
		t.Fatalf("got %+v %v", r, err)
	}
	if _, err := host.New(ctx, host.WithEngine("v8")); !errors.Is(err, host.ErrUnknownEngine) || !strings.Contains(err.Error(), `"wazero"`) {
		t.Errorf("unknown engine: want ErrUnknownEngine naming the engines, got %v", err)
	}
	_, err = host.New(ctx, host.WithEngine("wasmtime"))
	if !errors.Is(err, host.ErrUnknownEngine) || !strings.Contains(err.Error(), "import github.com/ptc-wasm/ptc/host/wasmtime") {
		t.Errorf("wasmtime by name: want ErrUnknownEngine saying what to import, got %v", err)
	}
}

// TestWithRuntimeLastWins: of WithEngine and WithRuntime the last one
// counts, so a bad name given first does not spoil a runtime given after,
// and nil is the default runtime.
func TestWithRuntimeLastWins(t *testing.T) {
	ctx := context.Background()
	e, err := host.New(ctx, host.WithEngine("v8"), host.WithRuntime(nil), host.WithPoolSize(1))
	if err != nil {
		t.Fatalf("WithRuntime(nil) after a bad WithEngine: %v", err)
	}
	e.Close(ctx)
	if _, err := host.New(ctx, host.WithRuntime(nil), host.WithEngine("v8")); !errors.Is(err, host.ErrUnknownEngine) {
		t.Fatalf("a bad WithEngine last: want ErrUnknownEngine, got %v", err)
	}
}

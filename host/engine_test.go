package host_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/host"
)

// testEngineName is the runtime the host tests and benchmarks run on:
// $PTC_ENGINE when set, else the build's default (defaultTestEngine:
// "wazero", or "wasmtime" when built with -tags wasmtime).
func testEngineName() string {
	if name := os.Getenv("PTC_ENGINE"); name != "" {
		return name
	}
	return defaultTestEngine
}

// newHost is host.New on the test engine, with the run's compilation
// cache (testCacheDir; an option in opts may name another); every test
// and benchmark makes its engines with it.
func newHost(ctx context.Context, opts ...host.Option) (*host.Engine, error) {
	return host.New(ctx, append([]host.Option{host.WithEngine(testEngineName()), host.WithCompilationCacheDir(testCacheDir)}, opts...)...)
}

// TestWithEngine: the test engine runs programs, and an unknown engine
// name is refused with an error that names the choices.
func TestWithEngine(t *testing.T) {
	ctx := context.Background()
	t.Logf("engine: %s", testEngineName())
	r, err := newSession(t).Eval(ctx, "(+ 1 2)", host.Options{})
	if err != nil || r.Printed != "3" {
		t.Fatalf("got %+v %v", r, err)
	}
	if _, err := host.New(ctx, host.WithEngine("v8")); !errors.Is(err, host.ErrUnknownEngine) || !strings.Contains(err.Error(), `"wasmtime"`) {
		t.Fatalf("unknown engine: want ErrUnknownEngine naming the engines, got %v", err)
	}
}

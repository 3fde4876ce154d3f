package host_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

func TestEngineOptions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := newEngine(t, host.WithMemoryLimitPages(512), host.WithPoolSize(1), host.WithCompilationCacheDir(dir))
	s := openSession(t, e)
	// 32 MiB of guest memory is not enough for a 100-million-element range.
	lim := lisp.Limits{MaxSteps: 1 << 50, MaxCollection: 1 << 40}
	_, err := s.Eval(ctx, `(count (vec (range 100000000)))`, host.Options{Limits: lim})
	var te *host.TrapError
	if !errors.As(err, &te) || te.Limit != "memory" {
		t.Fatalf("want a memory trap with 512 pages, got %v", err)
	}
	// A second engine reuses the compilation cache.
	e2, err := newHost(ctx, host.WithCompilationCacheDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close(ctx)
}

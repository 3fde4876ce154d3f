//go:build !wasmtime

package host_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/host"
)

const defaultTestEngine = "wazero"

// TestWasmtimeNotBuilt: without the wasmtime tag, asking for wasmtime is a
// clear error.
func TestWasmtimeNotBuilt(t *testing.T) {
	_, err := host.New(context.Background(), host.WithEngine("wasmtime"))
	if err == nil || !strings.Contains(err.Error(), "-tags wasmtime") {
		t.Fatalf("want an error saying how to build wasmtime in, got %v", err)
	}
}

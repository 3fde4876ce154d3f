package host_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/ptc-wasm/ptc/host"
)

// TestJSModuleMatchesJSWasm checks that JSModule(4096) is the module make
// js-wasm commits as js/ptc.wasm, so the playground server and the
// JavaScript package load the same guest.
func TestJSModuleMatchesJSWasm(t *testing.T) {
	mod, err := host.JSModule(4096)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../js/ptc.wasm")
	if err != nil {
		t.Skipf("js/ptc.wasm: %v", err)
	}
	if !bytes.Equal(mod, want) {
		t.Errorf("JSModule(4096) differs from js/ptc.wasm (%d vs %d bytes): run make js-wasm", len(mod), len(want))
	}
	if _, err := host.JSModule(0); err == nil {
		t.Error("JSModule(0) succeeded, want an error")
	}
}

package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/internal/cli"
)

// TestEngineWasmtime: this ptc-host runs programs with --engine
// wasmtime, and still has wazero.
func TestEngineWasmtime(t *testing.T) {
	// No ptc-host cache: wazero compiles in memory, and wasmtime uses its
	// own cache in the user cache directory, shared with the host tests.
	t.Setenv(cli.CacheDirEnv, "off")
	for _, engine := range []string{"wasmtime", "wazero"} {
		var out, errOut bytes.Buffer
		code := run([]string{"run", "--engine", engine, "--data-json", `{"x": 20}`, "-"}, strings.NewReader("(+ data/x 1)"), &out, &errOut)
		if code != 0 || out.String() != "21\n" {
			t.Errorf("run --engine %s: exit %d, %q %q", engine, code, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"run", "--engine", "v8", "-"}, strings.NewReader("1"), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "this ptc-host has wazero, wasmtime") {
		t.Errorf("--engine v8: exit %d, %q", code, errOut.String())
	}
}

package abi_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/ptc-wasm/ptc/abi"
)

// TestExtismPluginImports builds the Extism plugin and fails when it
// imports anything outside abi.ExtismAllowedImports or lacks an export of
// abi.ExtismExports.
func TestExtismPluginImports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the plugin; skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found in PATH: cannot build the plugin")
	}
	out := filepath.Join(t.TempDir(), "ptc-extism.wasm")
	cmd := exec.Command(goBin, "build", "-buildmode=c-shared", "-trimpath", "-o", out, "../guest/cmd/ptc-extism")
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the plugin: %v\n%s", err, msg)
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	m, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	imports := m.ImportedFunctions()
	if len(imports) == 0 {
		t.Fatal("the plugin imports nothing: is it the real plugin?")
	}
	for _, f := range imports {
		mod, name, _ := f.Import()
		if !slices.Contains(abi.ExtismAllowedImports, mod+"."+name) {
			t.Errorf("the plugin imports %s.%s, which is not in abi.ExtismAllowedImports", mod, name)
		}
	}
	exports := m.ExportedFunctions()
	for _, name := range abi.ExtismExports {
		f, ok := exports[name]
		if !ok {
			t.Errorf("the plugin does not export %s", name)
		} else if len(f.ParamTypes()) != 0 || len(f.ResultTypes()) != 1 {
			t.Errorf("export %s: %v -> %v, want () -> i32", name, f.ParamTypes(), f.ResultTypes())
		}
	}
}

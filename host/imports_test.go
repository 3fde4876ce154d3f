package host_test

import (
	"context"
	"os"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/ptc-wasm/ptc/abi"
)

// TestGuestImportsAllowlisted fails when the guest imports anything outside
// abi.AllowedImports: no filesystem, sockets, environment or arguments.
func TestGuestImportsAllowlisted(t *testing.T) {
	ctx := context.Background()
	wasm, err := os.ReadFile("ptc.wasm")
	if err != nil {
		t.Fatal(err)
	}
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	m, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, a := range abi.AllowedImports {
		allowed[a] = true
	}
	for _, f := range m.ImportedFunctions() {
		mod, name, _ := f.Import()
		if !allowed[mod+"."+name] {
			t.Errorf("guest imports %s.%s, which is not in abi.AllowedImports", mod, name)
		}
	}
	if len(m.ImportedFunctions()) == 0 {
		t.Fatal("no imports found: is ptc.wasm a real guest?")
	}
}

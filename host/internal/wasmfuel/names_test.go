package wasmfuel

import "testing"

func TestFunctionNamesOfGuest(t *testing.T) {
	m := guest(t)
	names, imported, err := FunctionNames(m)
	if err != nil {
		t.Fatal(err)
	}
	if imported == 0 || imported > 100 {
		t.Errorf("%d imported functions", imported)
	}
	if len(names) < 1000 {
		t.Errorf("%d names", len(names))
	}
	found := false
	for idx, n := range names {
		if n == "main.eval" {
			found = idx >= imported
		}
	}
	if !found {
		t.Error("no defined function main.eval (the ptc_eval export's body) among the names")
	}
	if _, _, err := FunctionNames(m[:len(m)/2]); err == nil {
		t.Error("no error for a truncated module")
	}
	if _, _, err := FunctionNames([]byte("not wasm at all")); err == nil {
		t.Error("no error for bytes that are not a module")
	}
}

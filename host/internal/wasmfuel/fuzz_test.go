package wasmfuel

import (
	"bytes"
	"testing"
)

// FuzzInstrument: Instrument never panics, and when it accepts a module
// its output decodes again, with the metering of the first pass intact
// (instrumenting twice only adds code), and re-encoding is stable. (Compiling the output with wazero
// is left to the unit tests: wazero's decoder allocates by the vector
// lengths it reads, which a fuzzer turns into out-of-memory crashes.)
func FuzzInstrument(f *testing.F) {
	for _, m := range [][]byte{infinite, countdown, features, module(typeVoid, oneFunc, code([]byte{0x00, opEnd}))} {
		f.Add(m, uint32(0))
		f.Add(m, uint32(2))
	}
	f.Fuzz(func(t *testing.T, m []byte, maxPages uint32) {
		out, err := Instrument(m, Options{FuelExport: "fuel", MaxMemoryPages: maxPages})
		if err != nil {
			return
		}
		again, err := Instrument(out, Options{FuelExport: "fuel2", MaxMemoryPages: maxPages})
		if err != nil {
			t.Fatalf("the output does not decode again: %v", err)
		}
		if len(again) < len(out) {
			t.Fatalf("instrumenting twice shrank the module from %d to %d bytes", len(out), len(again))
		}
		// Without options Instrument only re-encodes sizes canonically: a
		// second pass changes nothing.
		plain, err := Instrument(m, Options{})
		if err != nil {
			t.Fatalf("accepted with fuel but not without: %v", err)
		}
		if plain2, err := Instrument(plain, Options{}); err != nil || !bytes.Equal(plain, plain2) {
			t.Fatalf("re-encoding is not stable: %v", err)
		}
	})
}

package host

import (
	"fmt"
	"math"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

// JSModule returns the embedded guest module instrumented for a JavaScript
// host (js/ in this repository, e.g. in a browser): the exported ptc_fuel
// global, initially 2^63-1 so initialization runs unmetered, and a memory
// maximum of memoryPages 64 KiB pages. It is the module `make js-wasm`
// writes to js/ptc.wasm when memoryPages is 4096. Instrumenting takes about
// 50 ms; callers that serve it should compute it once.
//
// # Errors
//
// memoryPages outside 1..65536, or a module the instrumenter rejects.
func JSModule(memoryPages uint32) ([]byte, error) {
	if memoryPages == 0 || memoryPages > 65536 {
		return nil, fmt.Errorf("host: memory maximum %d pages: want 1 to 65536 (64 KiB pages)", memoryPages)
	}
	mod, err := wasmfuel.Instrument(guestWasm, wasmfuel.Options{
		FuelExport:     abi.ExportFuel,
		InitialFuel:    math.MaxInt64,
		MaxMemoryPages: memoryPages,
	})
	if err != nil {
		return nil, fmt.Errorf("host: instrumenting the guest module: %w", err)
	}
	return mod, nil
}

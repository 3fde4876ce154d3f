// Command jswasm writes the guest module as the JavaScript host loads it:
// host/ptc.wasm instrumented the way host.New instruments it at load time
// (the exported ptc_fuel global, initially 2^63-1, and a memory maximum).
// A JavaScript host cannot run the Go instrumenter, so `make js-wasm`
// commits the result as js/ptc.wasm and `make check-js-wasm` fails when it
// no longer matches host/ptc.wasm.
//
// With -fuel=false it adds only the memory maximum: `make extism` uses it
// for the Extism plugin, whose hosts bound calls with their own timeouts.
//
//	go run ./host/internal/cmd/jswasm -o js/ptc.wasm -pages 4096
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

func main() {
	in := flag.String("in", "host/ptc.wasm", "the guest module as built by make wasm")
	out := flag.String("o", "js/ptc.wasm", "where to write the instrumented module")
	pages := flag.Uint("pages", 4096, "memory maximum in 64 KiB pages (4096 = 256 MiB, the Go host's default)")
	check := flag.Bool("check", false, "do not write: exit 1 when -o differs from a fresh instrumentation")
	fuel := flag.Bool("fuel", true, "add the ptc_fuel global; false: only the memory maximum (the Extism plugin)")
	flag.Parse()
	if err := run(*in, *out, uint32(*pages), *check, *fuel); err != nil {
		fmt.Fprintln(os.Stderr, "jswasm:", err)
		os.Exit(1)
	}
}

func run(in, out string, pages uint32, check, fuel bool) error {
	if pages == 0 || pages > 65536 {
		return fmt.Errorf("-pages %d: want 1 to 65536 (64 KiB pages)", pages)
	}
	guest, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	// Kept in step with host.JSModule, which the playground serves. Data
	// segments stay unmerged here: merging fills gaps with zeros and
	// makes the file ~0.6 MB bigger, which browsers download.
	opts := wasmfuel.Options{MaxMemoryPages: pages}
	if fuel {
		opts.FuelExport, opts.InitialFuel = abi.ExportFuel, math.MaxInt64
	}
	mod, err := wasmfuel.Instrument(guest, opts)
	if err != nil {
		return fmt.Errorf("instrumenting %s: %w", in, err)
	}
	if check {
		old, err := os.ReadFile(out)
		if err != nil || !bytes.Equal(old, mod) {
			return fmt.Errorf("%s is stale (does not match %s instrumented): rebuild it (make js-wasm, or make extism for the Extism plugin)", out, in)
		}
		fmt.Printf("%s matches %s\n", out, in)
		return nil
	}
	return os.WriteFile(out, mod, 0o644)
}

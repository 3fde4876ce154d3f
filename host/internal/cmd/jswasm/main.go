// Command jswasm writes the guest module as the JavaScript host loads it:
// the guest embedded in package host (host/ptc.wasm), instrumented by
// host.JSModule the way host.New instruments it at load time (the
// exported ptc_fuel global, initially 2^63-1, and a memory maximum). A
// JavaScript host cannot run the Go instrumenter, so `make js-wasm`
// commits the result as js/ptc.wasm and `make check-js-wasm` fails when it
// no longer matches host/ptc.wasm.
//
//	go run ./host/internal/cmd/jswasm -o js/ptc.wasm -pages 4096
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/ptc-wasm/ptc/host"
)

func main() {
	out := flag.String("o", "js/ptc.wasm", "where to write the instrumented module")
	pages := flag.Uint("pages", 4096, "memory maximum in 64 KiB pages (4096 = 256 MiB, the Go host's default)")
	check := flag.Bool("check", false, "do not write: exit 1 when -o differs from a fresh instrumentation")
	flag.Parse()
	if err := run(*out, uint32(*pages), *check); err != nil {
		fmt.Fprintln(os.Stderr, "jswasm:", err)
		os.Exit(1)
	}
}

func run(out string, pages uint32, check bool) error {
	mod, err := host.JSModule(pages)
	if err != nil {
		return err
	}
	if check {
		old, err := os.ReadFile(out)
		if err != nil || !bytes.Equal(old, mod) {
			return fmt.Errorf("%s is stale (does not match host/ptc.wasm instrumented): run make js-wasm and commit it", out)
		}
		fmt.Printf("%s matches host/ptc.wasm\n", out)
		return nil
	}
	return os.WriteFile(out, mod, 0o644)
}

// Command ptc-host is cmd/ptc-host with the wasmtime runtime added: the
// same commands and flags, and --engine wasmtime (cgo). See docs/cli.md,
// or run `ptc-host --help`.
//
// Build it from a clone of the repository:
//
//	cd host/wasmtime && go install ./cmd/ptc-host
package main

import (
	"io"
	"os"

	"github.com/ptc-wasm/ptc/host/wasmtime"
	"github.com/ptc-wasm/ptc/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the command with wasmtime among its runtimes.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Run(args, stdin, stdout, stderr, wasmtime.Runtime())
}

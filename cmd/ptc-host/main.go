// Command ptc-host runs PTC-Lisp programs in a WebAssembly sandbox: run a
// program, a multi-turn repl, or check a program without running it. See
// docs/cli.md, or run `ptc-host --help`.
package main

import (
	"os"

	"github.com/ptc-wasm/ptc/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

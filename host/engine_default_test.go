package host_test

import "github.com/ptc-wasm/ptc/host"

// testRuntime is the runtime every host test and benchmark runs on
// (newHost), as a host.New option, and its name.
//
// This is the suite's only engine-specific file. The wasmtime module's
// tests put their own file in its place with go test -overlay (make
// test-wasmtime), which runs this whole suite on wasmtime.
func testRuntime() (string, host.Option) { return "wazero", host.WithEngine("wazero") }

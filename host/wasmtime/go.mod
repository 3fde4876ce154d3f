module github.com/ptc-wasm/ptc/host/wasmtime

go 1.26

require (
	github.com/bytecodealliance/wasmtime-go/v39 v39.0.1
	github.com/ptc-wasm/ptc v0.0.0
)

require (
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)

// The engine is developed with the host it plugs into: this module always
// builds against the ptc module of the same checkout.
replace github.com/ptc-wasm/ptc => ../..

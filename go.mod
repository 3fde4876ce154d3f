module github.com/ptc-wasm/ptc

go 1.26

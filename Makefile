# ptc-wasm — developer targets. `make test` is what CI runs.
GO ?= go

.PHONY: test bench conformance fuzz docs

test:
	$(GO) test ./...

# Benchmarks over ../shared/bench workloads and the interpreter internals.
bench:
	$(GO) test ./guest/... -run '^$$' -bench . -benchmem

# Conformance corpus only, with per-category detail.
conformance:
	$(GO) test ./guest/internal/lang -run Conformance -v

fuzz:
	$(GO) test ./guest/internal/reader -run '^$$' -fuzz FuzzReadAll -fuzztime 10m
	$(GO) test ./guest/internal/lang -run '^$$' -fuzz '^FuzzEval$$' -fuzztime 10m
	$(GO) test ./guest/internal/lang -run '^$$' -fuzz '^FuzzBuiltins$$' -fuzztime 10m

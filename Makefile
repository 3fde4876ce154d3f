# ptc-wasm — developer targets. `make test` is what CI runs.
GO ?= go

.PHONY: test bench conformance fuzz docs wasm check-wasm

# The Wasm guest, embedded by host/. Reproducible: -trimpath, no build ID,
# fixed flags; CI rebuilds it and fails if the committed file differs.
WASM_FLAGS = -buildmode=c-shared -trimpath -buildvcs=false -ldflags=-buildid=

wasm:
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASM_FLAGS) -o host/ptc.wasm ./guest/cmd/ptc-guest

check-wasm:
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASM_FLAGS) -o /tmp/ptc-check.wasm ./guest/cmd/ptc-guest
	@cmp -s /tmp/ptc-check.wasm host/ptc.wasm || { echo "host/ptc.wasm is stale: run make wasm and commit it"; exit 1; }
	@echo "host/ptc.wasm matches its source"

# Every test, then the conformance report (pass counts per corpus file).
test:
	$(GO) test ./...
	@echo "conformance report:"
	@$(GO) test ./guest/internal/lang -run Conformance -v -count=1 | grep -E '^(conformance |  category|  [a-z-]+ +[0-9]+/)' || true

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

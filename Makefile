# ptc-wasm — developer targets. `make test` is what CI runs.
GO ?= go

.PHONY: test test-wasmtime bench conformance fuzz docs wasm check-wasm js-wasm check-js-wasm js-test

# The Wasm guest, embedded by host/. Reproducible: -trimpath, no build ID,
# fixed flags; CI rebuilds it and fails if the committed file differs.
WASM_FLAGS = -buildmode=c-shared -trimpath -buildvcs=false -ldflags=-buildid=

wasm:
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASM_FLAGS) -o host/ptc.wasm ./guest/cmd/ptc-guest

check-wasm:
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASM_FLAGS) -o /tmp/ptc-check.wasm ./guest/cmd/ptc-guest
	@cmp -s /tmp/ptc-check.wasm host/ptc.wasm || { echo "host/ptc.wasm is stale: run make wasm and commit it"; exit 1; }
	@echo "host/ptc.wasm matches its source"

# The guest as the JavaScript host (js/) loads it: host/ptc.wasm with the
# fuel global and the memory maximum host.New adds at load time. Rebuild
# after make wasm; CI fails when the committed file is stale.
js-wasm:
	$(GO) run ./host/internal/cmd/jswasm -in host/ptc.wasm -o js/ptc.wasm

check-js-wasm:
	$(GO) run ./host/internal/cmd/jswasm -in host/ptc.wasm -o js/ptc.wasm -check

# The JavaScript host's tests (Node 20 or later); skipped without node.
js-test:
	@if command -v node >/dev/null 2>&1; then node --test js/test/; \
	else echo "js-test: node not found, skipping the JavaScript host's tests"; fi

# Every test, then the conformance report (pass counts per corpus file).
test:
	$(GO) test ./...
	@$(MAKE) --no-print-directory js-test
	@echo "conformance report:"
	@$(GO) test ./guest/internal/lang -run Conformance -v -count=1 | grep -E '^(conformance |  category|  [a-z-]+ +[0-9]+/)' || true

# The host tests again on the wasmtime engine (cgo; the first run
# compiles the guest for wasmtime and caches it in the user cache dir).
test-wasmtime:
	$(GO) test -tags wasmtime ./host/...

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

# ptc-wasm — developer targets. `make test` is what CI runs.
GO ?= go

.PHONY: test bench conformance fuzz docs wasm check-wasm js-wasm check-js-wasm js-test js-browser-test

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

# The JavaScript host's tests in Node (20 or later); skipped without node.
# The browser test (browser.test.mjs) is js-browser-test.
js-test:
	@if command -v node >/dev/null 2>&1; then node --test js/test/*.test.js; \
	else echo "js-test: node not found, skipping the JavaScript host's tests"; fi

# The JavaScript host in Chromium (JSPI and the portable path), driven by
# playwright-core (a devDependency, installed by npm ci when missing) over
# /usr/bin/chromium or $$PTC_CHROMIUM; skipped with a message without them.
js-browser-test:
	@command -v node >/dev/null 2>&1 || { echo "js-browser-test: node not found, skipping"; exit 0; }; \
	if [ ! -d js/node_modules/playwright-core ]; then \
	  if command -v npm >/dev/null 2>&1; then (cd js && npm ci --no-audit --no-fund) || exit 1; \
	  else echo "js-browser-test: npm not found, cannot install playwright-core"; fi; \
	fi; \
	node --test js/test/browser.test.mjs

# Every test, then the conformance report (pass counts per corpus file).
test:
	$(GO) test ./...
	@$(MAKE) --no-print-directory js-test
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

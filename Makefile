# ptc-wasm — developer targets. `make test` is what CI runs.
GO ?= go

.PHONY: test test-wasmtime test-race bench bench-host bench-wasmtime profile-guest conformance fuzz docs wasm check-wasm js-wasm check-js-wasm js-test playground check-playground playground-test extism check-extism extism-test js-browser-test

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
	$(GO) run ./host/internal/cmd/jswasm -o js/ptc.wasm

check-js-wasm:
	$(GO) run ./host/internal/cmd/jswasm -o js/ptc.wasm -check

# The JavaScript host's tests in Node (20 or later); skipped without node.
# The browser test (browser.test.mjs) is js-browser-test.
js-test:
	@if command -v node >/dev/null 2>&1; then node --test js/test/*.test.js; \
	else echo "js-test: node not found, skipping the JavaScript host's tests"; fi

# The browser playground (js/playground): its page is built with esbuild
# into js/playground/dist/, which is committed because ptc-host playground
# embeds it. make playground also lays out js/playground/site/ (ignored):
# the page plus js/ptc.wasm, servable by any static file server.
PLAYGROUND = js/playground

$(PLAYGROUND)/node_modules: $(PLAYGROUND)/package-lock.json
	cd $(PLAYGROUND) && npm ci --no-audit --no-fund
	@touch $@

playground: $(PLAYGROUND)/node_modules
	cd $(PLAYGROUND) && node build.mjs
	rm -rf $(PLAYGROUND)/site && cp -r $(PLAYGROUND)/dist $(PLAYGROUND)/site && cp js/ptc.wasm $(PLAYGROUND)/site/

# Fails when the committed dist/ is not what the sources build to.
check-playground: $(PLAYGROUND)/node_modules
	@rm -rf /tmp/ptc-playground-check
	cd $(PLAYGROUND) && node build.mjs /tmp/ptc-playground-check
	@diff -r /tmp/ptc-playground-check $(PLAYGROUND)/dist >/dev/null || { echo "js/playground/dist is stale: run make playground and commit it"; exit 1; }
	@echo "js/playground/dist matches its sources"

# Browser tests: headless Chromium (/usr/bin/chromium) on the page that
# ptc-host playground serves; they skip, saying why, without Chromium.
playground-test:
	@command -v node >/dev/null 2>&1 || { echo "playground-test: node not found, skipping the browser tests"; exit 0; }; \
	$(MAKE) --no-print-directory playground && node --test $(PLAYGROUND)/test/

# The Extism plugin (guest/cmd/ptc-extism) with a 256 MiB memory maximum
# (jswasm -fuel=false adds only that). Reproducible like host/ptc.wasm;
# make check-extism fails when extism/ptc-extism.wasm is stale.
EXTISM_BUILD = raw=$$(mktemp) && trap 'rm -f "$$raw"' EXIT && \
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASM_FLAGS) -o "$$raw" ./guest/cmd/ptc-extism && \
	$(GO) run ./host/internal/cmd/jswasm -fuel=false -in "$$raw" -o extism/ptc-extism.wasm

extism:
	@mkdir -p extism
	@$(EXTISM_BUILD)
	@echo "wrote extism/ptc-extism.wasm"

check-extism:
	@$(EXTISM_BUILD) -check

# The Extism examples' tests: the plugin is rebuilt when missing or stale;
# the Node example runs when node and npm are installed.
extism-test:
	@$(MAKE) --no-print-directory check-extism >/dev/null 2>&1 || $(MAKE) --no-print-directory extism
	cd examples/extism-go && $(GO) test ./...
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		cd examples/extism-node && npm ci --no-audit --no-fund && node --test; \
	else echo "extism-test: node/npm not found, skipping examples/extism-node"; fi

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
	@$(MAKE) --no-print-directory js-browser-test
	@$(MAKE) --no-print-directory extism-test
	@$(MAKE) --no-print-directory playground-test
	@echo "conformance report:"
	@$(GO) test ./guest/internal/lang -run Conformance -v -count=1 | grep -E '^(conformance |  category|  [a-z-]+ +[0-9]+/)' || true

# The wasmtime engine, a module of its own (host/wasmtime: cgo, so that
# the root module does not require wasmtime-go): its vet and tests, then
# the whole host test suite on wasmtime (hostsuite.sh swaps the suite's
# engine file with go -overlay). The first run compiles the guest for
# wasmtime and caches it in the user cache dir.
test-wasmtime:
	cd host/wasmtime && $(GO) vet ./... && $(GO) test ./...
	GO=$(GO) sh host/wasmtime/hostsuite.sh vet
	GO=$(GO) sh host/wasmtime/hostsuite.sh test

# The race detector over the host (pool refills, deadlines and their
# backstop, concurrent tool batches, Close during Evals) and the
# interpreter (pmap workers). Takes a few minutes; CI runs it. The
# examples are left out: each compiles the guest, slowly under -race.
test-race:
	$(GO) test -race -run "^Test" ./host/ ./guest/...

# Benchmarks over ../shared/bench workloads and the interpreter internals.
bench:
	$(GO) test ./guest/... -run '^$$' -bench . -benchmem

# The sandbox's numbers (docs/design.md, "Engines"): session start, a warm
# small Eval, tool round trips, the workloads in the guest, fuel's cost and
# memory per session; bench-wasmtime runs the same on wasmtime (cgo).
# A few minutes each. The machine's noise is 10-30%: compare builds by
# running their test binaries alternately.
HOST_BENCH = -run '^$$' -benchmem
HOST_BENCH_FAST = -bench 'NewSessionFirstEval|PooledSessionFirstEval|WarmEvalW6|ToolCallRoundTrip'
HOST_BENCH_SLOW = -bench 'GuestWorkloads/.*/fuel=on|FuelOverhead|ThousandSessions' -benchtime 2x
bench-host:
	$(GO) test ./host $(HOST_BENCH) $(HOST_BENCH_FAST)
	$(GO) test ./host $(HOST_BENCH) $(HOST_BENCH_SLOW)

bench-wasmtime:
	sh host/wasmtime/hostsuite.sh test $(HOST_BENCH) $(HOST_BENCH_FAST)
	sh host/wasmtime/hostsuite.sh test $(HOST_BENCH) $(HOST_BENCH_SLOW)

# Profile the guest under wazero with Linux perf, call graphs included:
#   make profile-guest PROG='(->> [1 2 3] (map inc) (reduce +))' [SECS=10] [TOOL=maps|string]
# guestprof writes the perf map that names the guest's compiled functions.
PROG ?= (->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))
SECS ?= 10
TOOL ?=
profile-guest:
	$(GO) build -o /tmp/ptc-guestprof ./host/internal/cmd/guestprof
	perf record -g -o /tmp/ptc-guest.perf /tmp/ptc-guestprof -e '$(PROG)' -d $(SECS)s -tool '$(TOOL)'
	perf report -i /tmp/ptc-guest.perf --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v 'wazevo/\|^$$' | head -60

# Conformance corpus only, with per-category detail.
conformance:
	$(GO) test ./guest/internal/lang -run Conformance -v

fuzz:
	$(GO) test ./guest/internal/reader -run '^$$' -fuzz FuzzReadAll -fuzztime 10m
	$(GO) test ./guest/internal/lang -run '^$$' -fuzz '^FuzzEval$$' -fuzztime 10m
	$(GO) test ./guest/internal/lang -run '^$$' -fuzz '^FuzzBuiltins$$' -fuzztime 10m

// Command guestprof runs a PTC-Lisp program over and over in the Wasm
// guest under wazero, so that Linux perf can profile the guest's own Go
// functions, and writes the perf map that names them.
//
// wazero compiles the guest to anonymous executable memory, which perf
// shows as "[JIT] tid N" with bare addresses. perf reads names for such
// code from /tmp/perf-PID.map. guestprof builds that map after its run
// from three things: the offsets of the compiled functions in wazero's
// compilation cache file (guestprof gives wazero a cache directory of its
// own, kept between runs), the address of the code in /proc/self/maps,
// and the function names in the module's "name" section
// (wasmfuel.FunctionNames). The host's fuel instrumentation keeps
// function indices, so the names of host/ptc.wasm apply. wazero keeps
// frame pointers, so perf record -g gives call graphs through the guest.
//
//	go build -o /tmp/guestprof ./host/internal/cmd/guestprof
//	perf record -g -o /tmp/guest.perf /tmp/guestprof -e '(reduce + (range 1000))' -d 10s
//	perf report -i /tmp/guest.perf --children --sort sym --stdio -g none
//
// `make profile-guest PROG='...'` does the three steps.
//
// # Notes
//
// Linux only (perf maps and /proc/self/maps). The cache file layout is
// wazero's (v1.12: magic "WAZEVO", version, function count, offsets,
// code length, code); guestprof checks the magic and stops with an error
// when the layout is not what it expects. The first seconds of a profile
// are the module's compilation: profile for several seconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ptc-wasm/ptc/host"
	"github.com/ptc-wasm/ptc/host/internal/wasmfuel"
)

func main() {
	src := flag.String("e", "", "the program to run (required)")
	dur := flag.Duration("d", 10*time.Second, "how long to keep evaluating")
	fuel := flag.Bool("fuel", true, "meter fuel (host.WithFuel)")
	wasmPath := flag.String("wasm", "host/ptc.wasm", "the guest module the host embeds, for its function names (run from the repository root)")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "ptc-guestprof-cache"), "wazero's compilation cache: kept between runs, so a second profile has no compilation in it")
	steps := flag.Int64("steps", 0, "Limits.MaxSteps (0: the default); big workloads need more")
	tool := flag.String("tool", "", `give the program data/p and a tool/echo that returns its "p" argument: "maps" (16 small maps, ~1 KiB of JSON) or "string" (1 KiB)`)
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "guestprof: -e PROGRAM is required")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*src, *dur, *fuel, *wasmPath, *cache, *tool, *steps); err != nil {
		fmt.Fprintln(os.Stderr, "guestprof:", err)
		os.Exit(1)
	}
}

func run(src string, dur time.Duration, fuel bool, wasmPath, cache, tool string, steps int64) error {
	module, err := os.ReadFile(wasmPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	opts, err := toolOptions(tool)
	if err != nil {
		return err
	}
	opts.Limits.MaxSteps = steps
	ctx := context.Background()
	e, err := host.New(ctx, host.WithCompilationCacheDir(cache), host.WithFuel(fuel), host.WithPoolSize(0))
	if err != nil {
		return err
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		return err
	}
	n := 0
	start := time.Now()
	for time.Since(start) < dur {
		r, err := s.Eval(ctx, src, opts)
		if err != nil {
			return err
		}
		if r.Error != nil {
			return fmt.Errorf("the program failed: %s: %s", r.Error.Kind, r.Error.Message)
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "guestprof: %d evaluations, %v each\n", n, time.Since(start)/time.Duration(max(n, 1)))
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return err
	}
	code, base, err := compiledCode(cache, string(maps))
	if err != nil {
		return err
	}
	names, imported, err := wasmfuel.FunctionNames(module)
	if err != nil {
		return err
	}
	path := perfMapPath()
	if err := os.WriteFile(path, perfMap(code, base, names, imported), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "guestprof: wrote %s (%d functions)\n", path, len(code.offsets))
	return nil
}

// toolOptions is the data and tool of -tool.
func toolOptions(kind string) (host.Options, error) {
	var opts host.Options
	switch kind {
	case "":
		return opts, nil
	case "maps":
		p := make([]any, 16)
		for i := range p {
			p[i] = map[string]any{"id": i, "name": "item-" + strings.Repeat("x", 30), "ok": true}
		}
		opts.Data = map[string]any{"p": p}
	case "string":
		opts.Data = map[string]any{"p": strings.Repeat("x", 1024)}
	default:
		return opts, fmt.Errorf(`-tool %q: want "maps" or "string"`, kind)
	}
	opts.Tools = map[string]host.Tool{"echo": func(_ context.Context, args map[string]any) (any, error) {
		return args["p"], nil
	}}
	return opts, nil
}

// perfMapPath is where perf looks for this process's map.
func perfMapPath() string { return fmt.Sprintf("/tmp/perf-%d.map", os.Getpid()) }

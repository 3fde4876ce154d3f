// Package cli is the ptc-host command: run, repl, check, playground and
// version. Programs always run in the WebAssembly sandbox (package host, or
// the browser's own WebAssembly for the playground), never in the native
// interpreter. cmd/ptc-host/main.go only calls Run, so the whole command
// is testable in-process. It sits at the module's root, not under
// cmd/ptc-host, so that the wasmtime build of the command
// (host/wasmtime/cmd/ptc-host, in a module of its own) can import it.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// Exit codes, documented in the usage text and docs/cli.md.
const (
	exitOK       = 0 // the program produced a value (or returned one)
	exitProgram  = 1 // the program failed: an error, or (fail v)
	exitUsage    = 2 // bad flags or arguments, unreadable files, a bad tools file
	exitLimit    = 3 // a limit was hit: steps, depth, size, timeout, or the sandbox's memory
	exitInternal = 4 // the sandbox could not start, or an interpreter bug
)

// CacheDirEnv names the environment variable that overrides where the
// compiled sandbox is cached ("off" disables the cache).
const CacheDirEnv = "PTC_HOST_CACHE_DIR"

const usageText = `ptc-host runs PTC-Lisp programs in a WebAssembly sandbox.

Usage:

	ptc-host run [flags] FILE|-     run a program (- reads it from stdin)
	ptc-host repl [flags]           a multi-turn session; reads forms from stdin
	ptc-host check [flags] FILE|-   find problems without running the program
	ptc-host playground [flags]     serve the browser playground (programs run in the browser)
	ptc-host version                print the version

Run 'ptc-host COMMAND --help' for the flags of a command.

Exit codes:

	0  the program produced a value
	1  the program failed: an error, or (fail v); check: problems found
	2  usage error: bad flags, unreadable files, a bad tools or data file
	3  a limit was hit: steps, depth, size, tool calls, timeout, memory
	4  internal error: the sandbox could not start, or an interpreter bug

The compiled sandbox is cached under the user cache directory
(` + CacheDirEnv + ` overrides it; "off" or --no-cache disables it).
See docs/cli.md.
`

// Run is the whole command: it parses args (without the program name),
// runs the subcommand and returns the exit code. runtimes are the
// WebAssembly runtimes --engine may name besides wazero, which package
// host has built in: none for cmd/ptc-host, wasmtime for the ptc-host of
// github.com/ptc-wasm/ptc/host/wasmtime.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, runtimes ...host.Runtime) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr, runtimes: runtimes}
	switch args[0] {
	case "run":
		return env.run(args[1:])
	case "repl":
		return env.repl(args[1:])
	case "check":
		return env.check(args[1:])
	case "playground":
		return env.playground(args[1:])
	case "version":
		return env.version(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stderr, usageText)
		return exitOK
	}
	fmt.Fprintf(stderr, "ptc-host: unknown command %q\n\n", args[0])
	fmt.Fprint(stderr, usageText)
	return exitUsage
}

// env is one invocation's streams, and the runtimes it was given.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	runtimes       []host.Runtime
}

// usageErr reports a usage error and returns exitUsage.
func (e *env) usageErr(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "ptc-host: "+format+"\n", args...)
	return exitUsage
}

// newFlagSet makes a flag set whose usage goes to stderr and starts with
// the given synopsis.
func (e *env) newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("ptc-host "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags that may come before or after the positional
// arguments (`run prog.ptc --json` works as well as `run --json
// prog.ptc`). It returns the positional arguments, or an exit code when
// parsing ended the command (help: 0, bad flags: 2).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// sandboxFlags are the flags of run and repl that shape the sandbox and
// each evaluation.
type sandboxFlags struct {
	dataFile, dataJSON, toolsFile string
	memory                        string
	timeout                       time.Duration
	maxToolCalls                  int
	maxSteps                      int64
	fuel                          uint64
	noCache                       bool
	engine                        string
}

// register defines the flags on fs; engines are the names --engine
// accepts.
func (f *sandboxFlags) register(fs *flag.FlagSet, engines []string) {
	fs.StringVar(&f.dataFile, "data", "", "JSON `file` with the context: an object whose keys the program reads as data/key")
	fs.StringVar(&f.dataJSON, "data-json", "", "the context as inline `JSON`, e.g. '{\"xs\": [1, 2]}' (merged over --data)")
	fs.StringVar(&f.toolsFile, "tools", "", "tools `file` (JSON) declaring the tools the program may call")
	fs.StringVar(&f.memory, "memory", "256MiB", "the sandbox's memory `limit`: a size with a unit, e.g. 64MiB, 1GiB, 512M (binary units; at most 4GiB)")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "wall-clock limit for each evaluation, e.g. 500ms, 1m; 0 for none")
	fs.IntVar(&f.maxToolCalls, "max-tool-calls", 0, "most tool calls per evaluation (0: the default, "+strconv.Itoa(lisp.DefaultLimits().MaxToolCalls)+")")
	fs.Int64Var(&f.maxSteps, "max-steps", 0, "the interpreter's step budget per evaluation (0: the default, "+strconv.FormatInt(lisp.DefaultLimits().MaxSteps, 10)+")")
	fs.Uint64Var(&f.fuel, "fuel", 0, "the sandbox's fuel per evaluation, a backstop under --max-steps (0: max-steps x "+strconv.Itoa(host.FuelPerStep)+")")
	fs.BoolVar(&f.noCache, "no-cache", false, "do not read or write the compiled-sandbox cache")
	fs.StringVar(&f.engine, "engine", "wazero", "the WebAssembly `runtime`: "+strings.Join(engines, " or ")+engineNote(engines))
}

// sandbox is what the sandbox flags resolve to.
type sandbox struct {
	engine *host.Engine
	opts   host.Options
	tools  *toolSet
	flags  *sandboxFlags

	lastTrap *host.TrapError // the trap of the last eval, if it trapped
}

// load reads the data and tools files and checks the limits; the errors
// are usage errors.
func (f *sandboxFlags) load() (host.Options, *toolSet, uint32, error) {
	var opts host.Options
	pages, err := parseMemory(f.memory)
	if err != nil {
		return opts, nil, 0, err
	}
	if f.maxToolCalls < 0 || f.maxSteps < 0 || f.timeout < 0 {
		return opts, nil, 0, errors.New("limits must not be negative")
	}
	opts.Limits.MaxToolCalls = f.maxToolCalls
	opts.Limits.MaxSteps = f.maxSteps
	opts.Fuel = f.fuel
	if opts.Data, err = loadData(f.dataFile, f.dataJSON); err != nil {
		return opts, nil, 0, err
	}
	var ts *toolSet
	if f.toolsFile != "" {
		if ts, err = loadTools(f.toolsFile); err != nil {
			return opts, nil, 0, err
		}
		opts.Tools = ts.hostTools()
	}
	return opts, ts, pages, nil
}

// openSandbox loads the flags' files and starts the engine. It returns an
// exit code when that fails (and has reported why).
func (e *env) openSandbox(ctx context.Context, f *sandboxFlags) (*sandbox, int) {
	opts, ts, pages, err := f.load()
	if err != nil {
		return nil, e.usageErr("%v", err)
	}
	runtime, err := e.runtimeOption(f.engine)
	if err != nil {
		return nil, e.usageErr("--engine %s: %v", f.engine, err)
	}
	eng, err := e.newEngine(ctx, f.noCache, host.WithMemoryLimitPages(pages), host.WithPoolSize(1), runtime)
	if err != nil {
		fmt.Fprintf(e.stderr, "ptc-host: cannot start the sandbox: %v\n", err)
		return nil, exitInternal
	}
	return &sandbox{engine: eng, opts: opts, tools: ts, flags: f}, 0
}

// engineNames are the runtimes --engine accepts: wazero, then the ones
// Run was given.
func (e *env) engineNames() []string {
	names := []string{"wazero"}
	for _, r := range e.runtimes {
		names = append(names, r.Name())
	}
	return names
}

// wasmtimeHint says where the ptc-host with wasmtime is. Its module has
// a replace directive to the repository's root, which go install
// refuses for a module@version, so it is built from a clone.
const wasmtimeHint = "the ptc-host of the module github.com/ptc-wasm/ptc/host/wasmtime has wasmtime (cgo); build it in a clone of the repository with: cd host/wasmtime && go install ./cmd/ptc-host"

// engineNote completes --engine's help when wasmtime is not among
// engines.
func engineNote(engines []string) string {
	if slices.Contains(engines, "wasmtime") {
		return ""
	}
	return "; " + wasmtimeHint
}

// runtimeOption is the host.New option of --engine name: one of the
// runtimes Run was given, or wazero.
func (e *env) runtimeOption(name string) (host.Option, error) {
	for _, r := range e.runtimes {
		if r.Name() == name {
			return host.WithRuntime(r), nil
		}
	}
	switch name {
	case "wazero":
		return host.WithEngine(name), nil
	case "wasmtime":
		return nil, errors.New("this ptc-host is built without wasmtime; " + wasmtimeHint)
	}
	return nil, fmt.Errorf("no such runtime (this ptc-host has %s)", strings.Join(e.engineNames(), ", "))
}

// evalContext applies --timeout to one evaluation.
func (sb *sandbox) evalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if sb.flags.timeout > 0 {
		return context.WithTimeout(ctx, sb.flags.timeout)
	}
	return context.WithCancel(ctx)
}

// parseMemory reads a memory size such as 64MiB and returns it in 64 KiB
// Wasm pages, rounding up.
func parseMemory(s string) (uint32, error) {
	bad := fmt.Errorf("--memory %q: give a size with a unit, e.g. 64MiB, 512M or 1GiB (between 16MiB and 4GiB)", s)
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, err := strconv.ParseUint(t[:i], 10, 64)
	if err != nil {
		return 0, bad
	}
	var unit uint64
	switch strings.ToLower(strings.TrimSpace(t[i:])) {
	case "k", "kb", "kib":
		unit = 1 << 10
	case "m", "mb", "mib":
		unit = 1 << 20
	case "g", "gb", "gib":
		unit = 1 << 30
	default:
		return 0, bad
	}
	if n > 4<<30/unit {
		return 0, bad
	}
	bytes := n * unit
	if bytes < 16<<20 {
		return 0, bad
	}
	return uint32((bytes + 65535) / 65536), nil
}

// loadData reads the context from a JSON file and/or inline JSON; inline
// keys win.
func loadData(file, inline string) (map[string]any, error) {
	var data map[string]any
	read := func(what string, b []byte) error {
		v, err := decodeJSON(b)
		if err != nil {
			return fmt.Errorf("%s: not JSON: %v", what, err)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: the context must be a JSON object (its keys become data/key), got %s", what, jsonType(v))
		}
		if data == nil {
			data = map[string]any{}
		}
		for k, x := range m {
			data[k] = x
		}
		return nil
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--data: %w", err)
		}
		if err := read("--data "+file, b); err != nil {
			return nil, err
		}
	}
	if inline != "" {
		if err := read("--data-json", []byte(inline)); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// newEngine starts the sandbox with the compilation cache when it can:
// a cold cache shows a one-line note on a terminal, since the first
// compilation takes seconds. Without a usable cache it compiles in memory.
func (e *env) newEngine(ctx context.Context, noCache bool, opts ...host.Option) (*host.Engine, error) {
	dir := ""
	if !noCache {
		dir = cacheDir()
	}
	if dir != "" {
		cold := isEmptyDir(dir)
		if cold && isTerminal(e.stderr) {
			fmt.Fprintln(e.stderr, "ptc-host: compiling the sandbox (first run only, a few seconds)...")
		}
		eng, err := host.New(ctx, append(opts, host.WithCompilationCacheDir(dir))...)
		if err == nil {
			return eng, nil
		}
	} else if isTerminal(e.stderr) && !noCache {
		fmt.Fprintln(e.stderr, "ptc-host: compiling the sandbox (no cache directory)...")
	}
	return host.New(ctx, opts...)
}

// cacheDir is the compilation cache directory, or "" when there is none:
// $PTC_HOST_CACHE_DIR, else ptc-host under the user cache directory.
func cacheDir() string {
	dir := os.Getenv(CacheDirEnv)
	if dir == "off" {
		return ""
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "ptc-host")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	return dir
}

func isEmptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (e *env) version(args []string) int {
	fs := e.newFlagSet("version", "ptc-host version")
	if pos, code, ok := parseFlags(fs, args); !ok {
		return code
	} else if len(pos) > 0 {
		return e.usageErr("version takes no arguments")
	}
	fmt.Fprintln(e.stdout, versionString())
	return exitOK
}

// versionString is "ptc-host VERSION (abi N, wazero V, goX)", with
// ", wasmtime-go V" after wazero's in the build that has wasmtime, from
// the build information the Go toolchain embeds.
func versionString() string {
	v, wz, wt, goV := "(devel)", "unknown", "", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goV = bi.GoVersion
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if v == "(devel)" && rev != "" {
			v += " " + rev[:min(12, len(rev))]
			if dirty {
				v += "+dirty"
			}
		}
		for _, d := range bi.Deps {
			if d.Path == "github.com/tetratelabs/wazero" {
				wz = d.Version
			}
			if strings.HasPrefix(d.Path, "github.com/bytecodealliance/wasmtime-go/") {
				wt = ", wasmtime-go " + d.Version
			}
		}
	}
	return fmt.Sprintf("ptc-host %s (abi %d, wazero %s%s, %s)", v, abi.Version, wz, wt, goV)
}

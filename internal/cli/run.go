package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"

	"github.com/ptc-wasm/ptc/host"
)

// run is `ptc-host run [flags] FILE|-`: one program in a fresh sandbox.
func (e *env) run(args []string) int {
	fs := e.newFlagSet("run", "ptc-host run [flags] FILE|-\n\nRuns the program in FILE (- reads stdin) in a fresh WebAssembly sandbox and prints\nits prints and then its value as PTC-Lisp; errors go to stderr with the source\nline. With --json, one JSON document on stdout instead.")
	var sf sandboxFlags
	sf.register(fs, e.engineNames())
	asJSON := fs.Bool("json", false, "print a machine-readable JSON result (value, outcome, prints, tool calls, steps, duration, error)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		e.usageErr("run takes one program file (or - for stdin), got %d arguments", len(pos))
		fs.Usage()
		return exitUsage
	}
	src, err := e.readProgram(pos[0])
	if err != nil {
		return e.usageErr("%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sb, code := e.openSandbox(ctx, &sf)
	if sb == nil {
		return code
	}
	defer sb.engine.Close(ctx)
	res, code := sb.eval(ctx, nil, src)
	if *asJSON {
		writeJSON(e.stdout, jsonResult{res, code})
	} else {
		writeHuman(e.stdout, e.stderr, src, res)
	}
	return code
}

// eval runs src in sess (a new session when nil) under --timeout and
// returns the result and its exit code; host failures become results.
func (sb *sandbox) eval(ctx context.Context, sess *host.Session, src string) (*host.Result, int) {
	if sess == nil {
		s, err := sb.engine.NewSession(ctx)
		if err != nil {
			return hostFailure(err, sb.flags.memory)
		}
		defer s.Close(ctx)
		sess = s
	}
	ctx, cancel := sb.evalContext(ctx)
	defer cancel()
	res, err := sess.Eval(ctx, src, sb.opts)
	sb.lastTrap = nil
	if err != nil {
		errors.As(err, &sb.lastTrap)
		return hostFailure(err, sb.flags.memory)
	}
	return res, exitCode(res)
}

// readProgram reads the program file, or stdin for "-".
func (e *env) readProgram(name string) (string, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(e.stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	return string(b), err
}

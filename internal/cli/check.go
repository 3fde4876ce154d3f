package cli

import (
	"context"
	"fmt"

	"github.com/ptc-wasm/ptc/host"
)

// check is `ptc-host check [flags] FILE|-`: analyze without running.
func (e *env) check(args []string) int {
	fs := e.newFlagSet("check", "ptc-host check [flags] FILE|-\n\nFinds the problems a run would hit before running anything: syntax errors,\nmalformed forms, unknown symbols (with suggestions) and, with --tools, calls of\ntools the tools file does not declare. Exits 0 when there are none, 1 when there\nare.")
	toolsFile := fs.String("tools", "", "tools `file` (JSON); tool/name references not declared in it are reported")
	asJSON := fs.Bool("json", false, "print {\"diagnostics\": [...]} as JSON")
	noCache := fs.Bool("no-cache", false, "do not read or write the compiled-sandbox cache")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		e.usageErr("check takes one program file (or - for stdin), got %d arguments", len(pos))
		fs.Usage()
		return exitUsage
	}
	src, err := e.readProgram(pos[0])
	if err != nil {
		return e.usageErr("%v", err)
	}
	var tools []string
	if *toolsFile != "" {
		ts, err := loadTools(*toolsFile)
		if err != nil {
			return e.usageErr("%v", err)
		}
		tools = ts.names()
	}
	ctx := context.Background()
	eng, err := e.newEngine(ctx, *noCache, host.WithPoolSize(1))
	if err != nil {
		fmt.Fprintf(e.stderr, "ptc-host: cannot start the sandbox: %v\n", err)
		return exitInternal
	}
	defer eng.Close(ctx)
	ds, err := eng.Check(ctx, src, tools)
	if err != nil {
		fmt.Fprintf(e.stderr, "ptc-host: check failed: %v\n", err)
		return exitInternal
	}
	if *asJSON {
		writeJSON(e.stdout, map[string]any{"diagnostics": ds})
	} else {
		for _, d := range ds {
			writeProblem(e.stdout, src, problem{kind: d.Kind, message: d.Message, hint: d.Hint, line: d.Pos.Line, col: d.Pos.Col})
		}
		if len(ds) > 0 {
			fmt.Fprintf(e.stdout, "%d problem%s\n", len(ds), map[bool]string{true: "", false: "s"}[len(ds) == 1])
		}
	}
	if len(ds) > 0 {
		return exitProgram
	}
	return exitOK
}

package cli

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ptc-wasm/ptc/host"
)

const replHelp = `Type PTC-Lisp forms; an input ends when its brackets and strings are closed, so
a form may span lines. Definitions persist across inputs; *1 *2 *3 are the last
three values. Commands:

  :help      this text
  :reset     start a fresh session (forgets definitions and *1 *2 *3)
  :limits    the limits each evaluation runs under
  :tools     the tools from --tools
  :history   the inputs so far, numbered
  :quit      leave (or end the input: Ctrl-D)
`

// repl is `ptc-host repl [flags]`: a multi-turn session over stdin. On a
// terminal it shows prompts; otherwise it reads forms silently and prints
// each result, so it can be scripted.
func (e *env) repl(args []string) int {
	fs := e.newFlagSet("repl", "ptc-host repl [flags]\n\nA multi-turn session in one sandbox: definitions persist between inputs. Reads\nforms from stdin (prompts on a terminal only) and prints each input's prints and\nvalue, or its error with the line and a hint, on stdout. Exits 0 at the end of\nthe input. For line editing run it under rlwrap.")
	var sf sandboxFlags
	sf.register(fs, e.engineNames())
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		e.usageErr("repl takes no arguments, got %q", pos[0])
		fs.Usage()
		return exitUsage
	}
	ctx := context.Background()
	sb, code := e.openSandbox(ctx, &sf)
	if sb == nil {
		return code
	}
	defer sb.engine.Close(ctx)
	r := &repl{env: e, sb: sb, tty: isTerminal(e.stdin)}
	if err := r.reset(ctx); err != nil {
		fmt.Fprintf(e.stderr, "ptc-host: cannot open a session: %v\n", err)
		return exitInternal
	}
	defer func() { r.sess.Close(ctx) }()
	if r.tty {
		fmt.Fprintln(e.stdout, "ptc-host repl: PTC-Lisp in a WebAssembly sandbox. :help for help, Ctrl-D to leave.")
	}
	return r.loop(ctx)
}

type repl struct {
	*env
	sb      *sandbox
	sess    *host.Session
	tty     bool
	history []string
}

func (r *repl) reset(ctx context.Context) error {
	if r.sess != nil {
		r.sess.Close(ctx)
	}
	s, err := r.sb.engine.NewSession(ctx)
	r.sess = s
	return err
}

func (r *repl) prompt(more bool) {
	if !r.tty {
		return
	}
	if more {
		fmt.Fprint(r.stdout, "...> ")
	} else {
		fmt.Fprint(r.stdout, "ptc> ")
	}
}

func (r *repl) loop(ctx context.Context) int {
	in := bufio.NewReader(r.stdin)
	var buf strings.Builder
	for {
		r.prompt(buf.Len() > 0)
		line, err := in.ReadString('\n')
		if line == "" && err != nil {
			if strings.TrimSpace(buf.String()) != "" {
				// The input ended inside a form: evaluate it so the
				// reader says what is missing.
				r.evalInput(ctx, buf.String())
			}
			if r.tty {
				fmt.Fprintln(r.stdout)
			}
			return exitOK
		}
		if buf.Len() == 0 && strings.HasPrefix(strings.TrimSpace(line), ":") {
			if quit := r.command(ctx, strings.Fields(line)); quit {
				return exitOK
			}
			continue
		}
		buf.WriteString(line)
		if needsMore(buf.String()) {
			continue
		}
		src := strings.TrimRight(buf.String(), "\n")
		buf.Reset()
		if isBlank(src) {
			continue
		}
		r.evalInput(ctx, src)
	}
}

// isBlank reports whether src holds only whitespace and comments.
func isBlank(src string) bool {
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, ";") {
			return false
		}
	}
	return true
}

func (r *repl) evalInput(ctx context.Context, src string) {
	r.history = append(r.history, src)
	res, _ := r.sb.eval(ctx, r.sess, src)
	writeHuman(r.stdout, r.stdout, src, res)
	switch trap := r.sb.lastTrap; {
	case trap != nil && trap.Recovered:
		fmt.Fprintln(r.stdout, "note: the sandbox was replaced; earlier definitions were kept")
	case res.Error != nil && res.Error.Kind == "trap":
		if err := r.reset(ctx); err == nil {
			fmt.Fprintln(r.stdout, "note: the sandbox was replaced; this is a fresh session and earlier definitions are gone")
		}
	}
}

// command runs a :command and reports whether the repl should end.
func (r *repl) command(ctx context.Context, words []string) bool {
	switch words[0] {
	case ":help", ":h", ":?":
		fmt.Fprint(r.stdout, replHelp)
	case ":quit", ":q", ":exit":
		return true
	case ":reset":
		if err := r.reset(ctx); err != nil {
			fmt.Fprintf(r.stdout, "error: cannot open a new session: %v\n", err)
			return true
		}
		fmt.Fprintln(r.stdout, "session reset: definitions and *1 *2 *3 are cleared")
	case ":limits":
		r.showLimits()
	case ":tools":
		r.showTools()
	case ":history":
		for i, h := range r.history {
			fmt.Fprintf(r.stdout, "%3d  %s\n", i+1, strings.ReplaceAll(h, "\n", "\n     "))
		}
	default:
		fmt.Fprintf(r.stdout, "unknown command %s; :help lists the commands\n", words[0])
	}
	return false
}

func (r *repl) showLimits() {
	f := r.sb.flags
	timeout := "none"
	if f.timeout > 0 {
		timeout = f.timeout.String()
	}
	lim := r.sb.opts.Limits.WithDefaults()
	rows := [][2]string{
		{"memory (--memory)", f.memory},
		{"timeout (--timeout)", timeout},
		{"MaxSteps (--max-steps)", strconv.FormatInt(lim.MaxSteps, 10)},
		{"fuel (--fuel)", fuelText(r.sb.opts)},
		{"MaxToolCalls (--max-tool-calls)", strconv.Itoa(lim.MaxToolCalls)},
		{"MaxDepth", strconv.Itoa(lim.MaxDepth)},
		{"MaxCollection", strconv.Itoa(lim.MaxCollection)},
		{"MaxStringBytes", strconv.Itoa(lim.MaxStringBytes)},
		{"MaxResultBytes", strconv.Itoa(lim.MaxResultBytes)},
		{"MaxPrintBytes", strconv.Itoa(lim.MaxPrintBytes)},
	}
	for _, row := range rows {
		fmt.Fprintf(r.stdout, "  %-32s %s\n", row[0], row[1])
	}
}

// fuelText shows an evaluation's fuel budget.
func fuelText(opts host.Options) string {
	if opts.Fuel != 0 {
		return strconv.FormatUint(opts.Fuel, 10)
	}
	return "max-steps x " + strconv.Itoa(host.FuelPerStep)
}

func (r *repl) showTools() {
	if r.sb.tools == nil || len(r.sb.tools.defs) == 0 {
		fmt.Fprintln(r.stdout, "no tools (give a tools file with --tools)")
		return
	}
	for _, d := range r.sb.tools.defs {
		fmt.Fprintf(r.stdout, "  tool/%-20s %-8s %s\n", d.name, d.kind, d.description)
	}
}

package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// problem is an error or a diagnostic as shown to people.
type problem struct {
	kind, message, hint, limit string
	line, col                  int
}

// writeProblem writes p for people:
//
//	error[unbound_symbol] at 2:5: unable to resolve symbol: fitler
//	  2 | (->> xs (fitler odd?))
//	    |          ^
//	hint: did you mean filter?
//
// The source line and caret appear when the position is inside src.
func writeProblem(w io.Writer, src string, p problem) {
	var b strings.Builder
	b.WriteString("error[" + p.kind + "]")
	if p.line > 0 {
		fmt.Fprintf(&b, " at %d:%d", p.line, p.col)
	}
	b.WriteString(": " + p.message + "\n")
	if line, ok := sourceLine(src, p.line); ok && p.col > 0 {
		num := strconv.Itoa(p.line)
		pad := strings.Repeat(" ", len(num))
		fmt.Fprintf(&b, "  %s | %s\n", num, line)
		fmt.Fprintf(&b, "  %s | %s^\n", pad, caretIndent(line, p.col))
	}
	if p.hint != "" {
		b.WriteString("hint: " + p.hint + "\n")
	}
	io.WriteString(w, b.String())
}

// sourceLine returns line n (1-based) of src without its newline.
func sourceLine(src string, n int) (string, bool) {
	if n < 1 {
		return "", false
	}
	lines := strings.Split(src, "\n")
	if n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
}

// caretIndent is the whitespace that puts a caret under column col
// (1-based, in characters) of line, keeping tabs so it lines up.
func caretIndent(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// errorProblem converts an evaluation error.
func errorProblem(e *lisp.Error) problem {
	return problem{kind: string(e.Kind), message: e.Message, hint: e.Hint, limit: e.Limit, line: e.Pos.Line, col: e.Pos.Col}
}

// limitKinds are the error kinds that mean a limit was hit (exit 3); see
// docs/errors.md.
var limitKinds = map[lisp.ErrorKind]bool{
	"step_limit": true, "depth_limit": true, "size_limit": true, "timeout": true,
}

// exitCode maps an evaluation's outcome to the documented exit codes.
func exitCode(res *host.Result) int {
	switch {
	case res.Outcome == lisp.OutcomeValue || res.Outcome == lisp.OutcomeReturn:
		return exitOK
	case res.Error != nil && limitKinds[res.Error.Kind]:
		return exitLimit
	case res.Error != nil && res.Error.Kind == "internal_error":
		return exitInternal
	}
	return exitProgram
}

// hostFailure turns an error from Session.Eval (not a program error: the
// guest trapped, or the host failed) into a result with kind "trap" (a
// limit such as "memory" when the trap was one) or "host_error", so the
// JSON and human outputs stay uniform. The code is 3 for a limit, else 4.
func hostFailure(err error, memory string) (*host.Result, int) {
	res := &host.Result{Outcome: lisp.OutcomeError, Prints: []string{}, ToolCalls: []lisp.ToolCall{}}
	var trap *host.TrapError
	if errors.As(err, &trap) {
		res.Error = &lisp.Error{Kind: "trap", Message: err.Error(), Limit: trap.Limit}
		switch trap.Limit {
		case "memory":
			res.Error.Message = "the program used all of the sandbox's memory (--memory " + memory + ")"
			res.Error.Hint = "work on less data at a time, or raise --memory"
		case "fuel":
			res.Error.Message = fmt.Sprintf("the program used all of its fuel (%d units)", trap.Fuel)
			res.Error.Hint = "make the program do less work, or raise --fuel"
		case "deadline", "cancelled":
			res.Error.Message = "the program did not stop when its time ran out, so the sandbox stopped it"
			res.Error.Hint = "make the program do less work, or raise --timeout"
		}
		if trap.Limit != "" {
			return res, exitLimit
		}
		if trap.Detail != "" {
			res.Error.Message += ": " + firstLine(trap.Detail)
		}
		return res, exitInternal
	}
	res.Error = &lisp.Error{Kind: "host_error", Message: err.Error()}
	return res, exitInternal
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// jsonResult is the --json output of run: the evaluation result (the
// shape of abi/README.md, with duration_ns) and the exit code.
type jsonResult struct {
	*host.Result
	ExitCode int `json:"exit_code"`
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// writeHuman writes a result for people: the prints, then the value as
// PTC-Lisp on stdout; a failure or error on errw, with the source line.
func writeHuman(out, errw io.Writer, src string, res *host.Result) {
	for _, p := range res.Prints {
		fmt.Fprintln(out, p)
	}
	switch res.Outcome {
	case lisp.OutcomeValue, lisp.OutcomeReturn:
		fmt.Fprintln(out, res.Printed)
	case lisp.OutcomeFail:
		p := errorProblem(res.Error)
		p.message = "the program failed with " + res.Printed
		writeProblem(errw, src, p)
	default:
		writeProblem(errw, src, errorProblem(res.Error))
	}
}

package lang

import (
	"strconv"
	"strings"
)

// ErrorKind classifies an error. The set is fixed and documented in
// docs/errors.md; hosts and models can branch on it.
type ErrorKind string

// The error kinds.
const (
	ParseError      ErrorKind = "parse_error"      // the reader rejected the source
	AnalysisError   ErrorKind = "analysis_error"   // malformed special form, bad binding vector, recur not in tail position
	UnboundSymbol   ErrorKind = "unbound_symbol"   // unknown symbol, missing data/ name, var used before its def ran
	ArityError      ErrorKind = "arity_error"      // wrong number of arguments
	TypeError       ErrorKind = "type_error"       // wrong argument type
	ArithmeticError ErrorKind = "arithmetic_error" // division by zero, integer overflow
	IndexError      ErrorKind = "index_error"      // index out of bounds (nth, subvec, ...)
	ValueError      ErrorKind = "value_error"      // right type, unusable value (bad regex, bad format string, ...)
	NotCallable     ErrorKind = "not_callable"     // calling something that is not a function
	UnknownTool     ErrorKind = "unknown_tool"     // tool/x where the host granted no tool x
	ToolError       ErrorKind = "tool_error"       // the host tool failed
	StepLimit       ErrorKind = "step_limit"       // Limits.MaxSteps exhausted
	DepthLimit      ErrorKind = "depth_limit"      // Limits.MaxDepth (call depth) exceeded
	SizeLimit       ErrorKind = "size_limit"       // a collection, string, program, result or tool-call count over its limit
	Timeout         ErrorKind = "timeout"          // the deadline passed
	Cancelled       ErrorKind = "cancelled"        // the host cancelled the evaluation
	Fail            ErrorKind = "fail"             // the program called (fail v)
	InternalError   ErrorKind = "internal_error"   // a bug in the interpreter; please report it
)

// Pos is a 1-based source position.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

func (p Pos) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) }

// IsValid reports whether p names a position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Error is an evaluation error: a kind, a short message, the source
// position, and where possible a hint that says how to fix the program.
type Error struct {
	Kind    ErrorKind `json:"kind"`
	Message string    `json:"message"`
	Pos     Pos       `json:"pos"`
	Hint    string    `json:"hint,omitempty"`
	Limit   string    `json:"limit,omitempty"` // for limit errors: the Limits field, e.g. "MaxSteps", or "deadline" for a timeout
	Value   Value     `json:"-"`               // for Fail: the value given to (fail v)
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Pos.IsValid() {
		b.WriteString(e.Pos.String())
		b.WriteString(": ")
	}
	b.WriteString(string(e.Kind))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.Hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Errorf makes an error of the given kind.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: sprintf(format, args...)}
}

// WithHint returns e with a hint attached.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = sprintf(format, args...)
	return e
}

// throw raises e; Eval recovers it. Builtins signal errors this way so that
// the happy path carries no error plumbing.
func throw(e *Error) {
	panic(e)
}

func throwf(kind ErrorKind, format string, args ...any) {
	panic(Errorf(kind, format, args...))
}

// typeErr is the common "wrong argument type" error.
func typeErr(fn string, want string, got Value) *Error {
	return Errorf(TypeError, "%s expects %s, got %s", fn, want, describeForError(got))
}

// describeForError renders a value briefly for an error message: its type
// and a short printed form.
func describeForError(v Value) string {
	switch v.(type) {
	case nil:
		return "nil"
	case bool:
		if v.(bool) {
			return "boolean true"
		}
		return "boolean false"
	}
	s := PrStr(v)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return TypeName(v) + " " + s
}

// signal is a non-error control transfer (return) carried by panic.
type signal struct {
	value Value
}

package lang

import (
	"sort"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// Diagnostic is one problem Check found in a program: the kind an
// evaluation would fail with, a message, the position and a hint.
type Diagnostic struct {
	Kind    ErrorKind `json:"kind"`
	Message string    `json:"message"`
	Pos     Pos       `json:"pos"`
	Hint    string    `json:"hint,omitempty"`
}

// Check analyzes src without running it and reports every problem it can
// find before evaluation: read errors, malformed special forms, unknown
// symbols (with a did-you-mean) and, when tools is not nil, tool/name
// references to tools not in tools. An empty result means the program
// would start running; it may still fail at run time (types, arity of
// calls through values, limits, missing data/ names).
//
//	Check("(fitler odd? [1 2])", nil)
//	// [{unbound_symbol "unable to resolve symbol: fitler" 1:2 "did you mean filter?"}]
//
// # Notes
//
// Each top-level form is analyzed on its own, so one bad form does not
// hide problems in the next; defs of every top-level form are known to
// all of them, as when the program runs. A read error ends the reading:
// the forms before it are analyzed, the rest of the text is not. A nil
// tools slice means "tools unknown" and tool references are not checked;
// an empty one means the program may call no tools. data/ names are not
// checked: the context is only known when the program runs.
func Check(src string, tools []string) []Diagnostic {
	lim := Limits{}.WithDefaults()
	forms, readErr := reader.ReadPrefix(src, reader.Limits{MaxSourceBytes: lim.MaxSourceBytes, MaxDepth: lim.MaxNesting, MaxNodes: lim.MaxForms})
	var errs []*Error
	a := &analyzer{sess: NewSession(), reg: theRegistry()}
	if tools != nil {
		names := append([]string(nil), tools...)
		sort.Strings(names)
		a.tools = declaredTools(names)
		a.toolErrs = &errs
	}
	for _, f := range forms {
		collectDefs(f, &a.forward)
	}
	for _, f := range forms {
		if e := a.checkTop(f); e != nil {
			errs = append(errs, e)
		}
	}
	if readErr != nil {
		errs = append(errs, readError(readErr))
	}
	out := make([]Diagnostic, len(errs))
	for i, e := range errs {
		out[i] = Diagnostic{Kind: e.Kind, Message: e.Message, Pos: e.Pos, Hint: e.Hint}
	}
	sort.SliceStable(out, func(i, j int) bool {
		p, q := out[i].Pos, out[j].Pos
		return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col
	})
	return out
}

// checkTop analyzes one top-level form and returns the error that stopped
// it, if any.
func (a *analyzer) checkTop(f *reader.Form) (err *Error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if e, ok := r.(*Error); ok {
			err = e
		} else {
			err = &Error{Kind: InternalError, Message: sprintf("internal error: %v", r),
				Hint: "this is a bug in the interpreter; please report it with the program"}
		}
		if !err.Pos.IsValid() {
			err.Pos = posOf(f)
		}
	}()
	a.analyzeTop(f)
	return nil
}

// declaredTools is the ToolHost Check analyzes against: names only, never
// called.
type declaredTools []string

func (d declaredTools) HasTool(name string) bool {
	i := sort.SearchStrings(d, name)
	return i < len(d) && d[i] == name
}

func (d declaredTools) ToolNames() []string { return append([]string(nil), d...) }

func (d declaredTools) CallTool(name string, _ *Map) (Value, error) {
	return nil, Errorf(InternalError, "tool/%s called during Check", name)
}

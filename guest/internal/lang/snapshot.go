package lang

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// A session snapshot is PTC-Lisp text: a header form, then one entry per
// defined name, then the *1 *2 *3 history. Each value is written as an
// expression that rebuilds it when evaluated in the restored session:
//
//	(ptc/snapshot 1)
//	(ptc/var "orders" nil "(def orders (tool/get-orders))" '[{:id 1}])
//	(ptc/var "big?" nil "(defn big? ...)" (fn big? [o] (> (:amount o) 100)))
//	(ptc/var "add-n" nil "(def add-n ...)" ((fn [n] (fn [x] (+ x n))) 5))
//	(ptc/source "inc2" nil "(def inc2 (comp inc inc))")
//	(ptc/history 3 nil nil)
//
// Data is quoted literally. A closure is its fn form applied to the values
// it captured, so the captures come back without re-running the code that
// made them (tool calls included). A value with no literal form (a
// function made by comp or partial) falls back to re-evaluating the def's
// own source, with no tools; if that fails too, restoring reports the name
// as lost. The text is readable and diffable, and restoring it runs under
// the interpreter's limits like any program.

// SnapshotFormat is the version written in a snapshot's header.
const SnapshotFormat = 1

// snapshotLimits bound reading a snapshot: larger than a program's
// defaults, since a snapshot holds data, but still bounded.
var snapshotLimits = reader.Limits{MaxSourceBytes: 256 << 20, MaxDepth: 10000, MaxNodes: 50_000_000}

// Snapshot writes the whole session: every defined name and the history.
func (s *Session) Snapshot() string {
	var b strings.Builder
	b.WriteString("(ptc/snapshot " + strconv.Itoa(SnapshotFormat) + ")\n")
	b.WriteString(s.SnapshotVars(s.Vars()))
	b.WriteString("(ptc/history")
	for _, h := range s.history {
		var e strings.Builder
		w := snapWriter{&e, s.vars}
		if reason := w.expr(h, 0); reason != "" {
			e.Reset()
			e.WriteString("nil")
		}
		b.WriteString(" " + e.String())
	}
	b.WriteString(")\n")
	return b.String()
}

// SnapshotVars writes the entries of the named vars (names that are not
// defined are skipped). Hosts that keep a session's state outside the
// guest call it after each evaluation with Result.Defined, and join the
// entries (newest per name) after a header to make a full snapshot.
func (s *Session) SnapshotVars(names []string) string {
	var b strings.Builder
	for _, name := range names {
		v, ok := s.vars[name]
		if !ok || !v.bound {
			continue
		}
		doc := v.doc
		if f, ok := v.value.(*Fn); ok {
			doc = f.doc
		}
		var e strings.Builder
		e.WriteString("(ptc/var " + strconv.Quote(name) + " ")
		writeOptString(&e, doc)
		e.WriteByte(' ')
		writeOptString(&e, v.src)
		e.WriteByte(' ')
		w := snapWriter{&e, s.vars}
		reason := w.expr(v.value, 0)
		e.WriteString(")\n")
		switch {
		case reason == "":
			b.WriteString(e.String())
		case v.src != "":
			b.WriteString("(ptc/source " + strconv.Quote(name) + " ")
			writeOptString(&b, doc)
			b.WriteByte(' ')
			writeOptString(&b, v.src)
			b.WriteString(")\n")
		default:
			b.WriteString("(ptc/lost " + strconv.Quote(name) + " " + strconv.Quote(reason) + ")\n")
		}
	}
	return b.String()
}

func writeOptString(b *strings.Builder, s string) {
	if s == "" {
		b.WriteString("nil")
		return
	}
	writeValue(b, s, true)
}

// maxSnapshotDepth bounds the nesting of values written to a snapshot.
const maxSnapshotDepth = 5000

// isData reports whether v and everything in it has a literal form that
// quote gives back unchanged.
func isData(v Value, depth int) bool {
	if depth > maxSnapshotDepth {
		return false
	}
	ok := true
	switch x := v.(type) {
	case nil, bool, int64, float64, string, *Regex:
	case Keyword:
		return readableName(string(x), false)
	case Symbol:
		return readableName(string(x), true)
	case *Vector:
		x.Each(func(_ int, e Value) bool { ok = isData(e, depth+1); return ok })
	case *List:
		x.Each(func(_ int, e Value) bool { ok = isData(e, depth+1); return ok })
	case *Set:
		x.Each(func(e Value) bool { ok = isData(e, depth+1); return ok })
	case *Map:
		x.Each(func(k, e Value) bool { ok = isData(k, depth+1) && isData(e, depth+1); return ok })
	default:
		return false
	}
	return ok
}

// readableName reports whether a keyword's or symbol's name reads back as
// itself; others (made by keyword or symbol from odd strings) are written
// as calls.
func readableName(s string, symbol bool) bool {
	if s == "" || s[0] == ':' || s[0] == '#' || s[len(s)-1] == '/' && s != "/" {
		return false
	}
	if symbol && (s[0] >= '0' && s[0] <= '9' || s == "nil" || s == "true" || s == "false" ||
		(s[0] == '+' || s[0] == '-' || s[0] == '.') && len(s) > 1 && s[1] >= '0' && s[1] <= '9') {
		return false
	}
	return !strings.ContainsAny(s, " \t\n\r\f,()[]{}\"';@^`~\\")
}

// snapWriter writes values as expressions. Library functions are written
// qualified (clojure.core/vector), so a def that shadows a library name
// cannot capture them.
type snapWriter struct {
	b    *strings.Builder
	vars map[string]*Var // the session's names, which a restore defines first
}

// expr writes an expression that evaluates to v. It returns "" or, when v
// has no such expression, why not (and what it wrote is unusable).
func (w *snapWriter) expr(v Value, depth int) string {
	b := w.b
	if depth > maxSnapshotDepth {
		return "the value is nested too deeply"
	}
	if isData(v, depth) {
		switch v.(type) {
		case nil, bool, int64, float64, string, Keyword, *Regex:
		default:
			b.WriteByte('\'')
		}
		writeValue(b, v, true)
		return ""
	}
	var reason string
	each := func(x Value) bool {
		b.WriteByte(' ')
		reason = w.expr(x, depth+1)
		return reason == ""
	}
	switch x := v.(type) {
	case *Vector:
		b.WriteString("(clojure.core/vector")
		x.Each(func(_ int, e Value) bool { return each(e) })
		b.WriteByte(')')
	case *List:
		b.WriteString("(clojure.core/list")
		x.Each(func(_ int, e Value) bool { return each(e) })
		b.WriteByte(')')
	case *Set:
		b.WriteString("(clojure.core/hash-set")
		x.Each(each)
		b.WriteByte(')')
	case *Map:
		b.WriteString("(clojure.core/array-map")
		x.Each(func(k, e Value) bool { return each(k) && each(e) })
		b.WriteByte(')')
	case Keyword:
		b.WriteString("(clojure.core/keyword ")
		writeValue(b, string(x), true)
		b.WriteByte(')')
	case Symbol:
		b.WriteString("(clojure.core/symbol ")
		writeValue(b, string(x), true)
		b.WriteByte(')')
	case VarRef:
		b.WriteString("(var " + string(x) + ")")
	case *Builtin:
		name, ok := builtinName(x)
		if !ok {
			return "a function made by " + x.Name + " has no source form"
		}
		b.WriteString(name)
	case *Fn:
		return w.fn(x, depth)
	default:
		return "a " + TypeName(v) + " value cannot be saved"
	}
	return reason
}

// fn writes a closure as its fn form, applied to the values it captured
// when it has any: ((fn [n] (fn [x] (+ x n))) 5). Names in the form that
// meant library functions but are now also session vars are listed in a
// (ptc/builtins [names] form) wrapper, which only a restore understands.
func (w *snapWriter) fn(f *Fn, depth int) string {
	if f.src == nil {
		return "the function's source is not known"
	}
	b := w.b
	form := f.src.form
	if f.name != "" && (len(form.Items) < 2 || form.Items[1].Kind != reader.Symbol) {
		// A defn's function: keep its name for messages and recursion.
		items := append([]*reader.Form{form.Items[0], sym(form.Pos, f.name)}, form.Items[1:]...)
		form = &reader.Form{Kind: reader.List, Pos: form.Pos, Items: items}
	}
	var names []string
	vals := map[string]Value{}
	for i, lam := range f.arities {
		for j, n := range lam.capNames {
			if strings.HasPrefix(n, "#") {
				return "the function captured a local made by a macro"
			}
			if _, dup := vals[n]; !dup {
				names = append(names, n)
				vals[n] = f.free[i][j]
			}
		}
	}
	shadowed := w.shadowed(f.src)
	text := form.String()
	if len(shadowed) > 0 {
		text = "(ptc/builtins [" + strings.Join(shadowed, " ") + "] " + text + ")"
	}
	if len(names) == 0 {
		b.WriteString(text)
		return ""
	}
	b.WriteString("((fn [" + strings.Join(names, " ") + "] " + text + ")")
	for _, n := range names {
		b.WriteByte(' ')
		if reason := w.expr(vals[n], depth+1); reason != "" {
			return reason
		}
	}
	b.WriteByte(')')
	return ""
}

// shadowed lists the names in src's form that meant library functions
// when it was analyzed but are session vars now: those made later, and
// those a restore already marked.
func (w *snapWriter) shadowed(src *fnSource) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(f *reader.Form)
	walk = func(f *reader.Form) {
		if f.Kind == reader.Symbol && !seen[f.Str] {
			seen[f.Str] = true
			v, isVar := w.vars[f.Str]
			if isVar && (v.stamp > src.stamp || src.builtins[f.Str]) && theRegistry().core(f.Str) != nil {
				out = append(out, f.Str)
			}
		}
		for _, x := range f.Items {
			walk(x)
		}
	}
	walk(src.form)
	sort.Strings(out)
	return out
}

// restoreBuiltins analyzes (ptc/builtins [names] form), written by
// snapshots: form is analyzed with names meaning library functions.
func (a *analyzer) restoreBuiltins(f *reader.Form, tail bool) node {
	if len(f.Items) != 3 || f.Items[1].Kind != reader.Vector {
		a.fail(f, "ptc/builtins takes a vector of names and a form")
	}
	saved := a.preferBuiltin
	a.preferBuiltin = map[string]bool{}
	for k := range saved {
		a.preferBuiltin[k] = true
	}
	for _, n := range f.Items[1].Items {
		if n.Kind == reader.Symbol {
			a.preferBuiltin[n.Str] = true
		}
	}
	defer func() { a.preferBuiltin = saved }()
	return a.analyze(f.Items[2], tail)
}

// builtinName is how a program names b, qualified, when b is a library
// function rather than one made at run time (by comp, partial ...).
func builtinName(b *Builtin) (string, bool) {
	d := b.Doc
	if d == nil || d.Kind == "method" || d.Kind == "constructor" || theRegistry().byNS[d.NS][d.Name] != b {
		return "", false
	}
	return d.NS + "/" + d.Name, true
}

// RestoreLimits are the limits hosts use to rebuild a snapshot's values:
// the default step budget (rebuilding data costs no steps; only closures'
// captures and re-run defs do), and generous sizes, since the values were
// built under the limits of the evaluations that made them (a sandbox's
// memory limit still holds).
func RestoreLimits() Limits {
	return Limits{MaxCollection: 1 << 30, MaxStringBytes: 1 << 30}
}

// RestoreReport says what Restore brought back.
type RestoreReport struct {
	Restored []string          `json:"restored"`
	Lost     map[string]string `json:"lost,omitempty"` // name -> why it could not be restored
}

// Restore reads a snapshot into the session, defining its names and
// setting its history. Each value is rebuilt under lim, with no tools and
// no context data. Names that cannot be rebuilt are listed in the report
// (and left undefined); the others are restored.
//
// # Errors
//
// A *Error of kind parse_error when the text is not a snapshot of a
// format this version reads.
func (s *Session) Restore(text string, lim Limits) (*RestoreReport, error) {
	forms, err := reader.ReadAll(text, snapshotLimits)
	if err != nil {
		return nil, readError(err)
	}
	bad := func(f *reader.Form, msg string) error {
		e := Errorf(ParseError, "not a session snapshot: %s", msg)
		if f != nil {
			e.Pos = posOf(f)
		}
		return e
	}
	if len(forms) == 0 || !isCall(forms[0], "ptc/snapshot") || len(forms[0].Items) != 2 || forms[0].Items[1].Kind != reader.Int {
		return nil, bad(nil, "it must start with (ptc/snapshot 1)")
	}
	if n := forms[0].Items[1].Int; n != SnapshotFormat {
		return nil, bad(forms[0], "format "+strconv.FormatInt(n, 10)+" is not one this version reads ("+strconv.Itoa(SnapshotFormat)+")")
	}
	type entry struct {
		name, doc, src string
		expr           *reader.Form // the value's expression; for ptc/source, the def form
	}
	var vars, sources []entry
	var history *reader.Form
	rep := &RestoreReport{Restored: []string{}}
	lost := func(name, why string) {
		if rep.Lost == nil {
			rep.Lost = map[string]string{}
		}
		rep.Lost[name] = why
	}
	for _, f := range forms[1:] {
		switch {
		case isCall(f, "ptc/var") && len(f.Items) == 5 && f.Items[1].Kind == reader.String:
			vars = append(vars, entry{f.Items[1].Str, optString(f.Items[2]), optString(f.Items[3]), f.Items[4]})
		case isCall(f, "ptc/source") && len(f.Items) == 4 && f.Items[1].Kind == reader.String:
			e := entry{name: f.Items[1].Str, doc: optString(f.Items[2]), src: optString(f.Items[3])}
			def, err := reader.ReadAll(e.src, snapshotLimits)
			if err != nil || len(def) != 1 || !isDefForm(def[0], e.name) {
				lost(e.name, "its source is not a def of "+e.name)
				continue
			}
			e.expr = def[0]
			sources = append(sources, e)
		case isCall(f, "ptc/lost") && len(f.Items) == 3 && f.Items[1].Kind == reader.String:
			lost(f.Items[1].Str, optString(f.Items[2]))
		case isCall(f, "ptc/history") && len(f.Items) == 4:
			history = f
		default:
			return nil, bad(f, "unexpected form "+shorten(f.String()))
		}
	}
	// Every name exists before any value is rebuilt, so functions that
	// refer to each other resolve to the session's vars (not builtins of
	// the same name).
	for _, es := range [][]entry{vars, sources} {
		for _, e := range es {
			if _, ok := s.vars[e.name]; !ok {
				s.vars[e.name] = s.newVar(e.name)
			}
		}
	}
	bind := func(e entry, val Value) {
		v := s.vars[e.name]
		v.value, v.bound, v.doc, v.src = val, true, e.doc, e.src
		if f, ok := val.(*Fn); ok && e.doc != "" {
			f.doc = e.doc
		}
		rep.Restored = append(rep.Restored, e.name)
	}
	for _, e := range vars {
		val, err := s.evalDetached(e.expr, lim)
		if err != nil {
			lost(e.name, err.Error())
			continue
		}
		bind(e, val)
	}
	// Values restored from their def's source may depend on each other:
	// retry until a round makes no progress.
	for len(sources) > 0 {
		var again []entry
		var lastErr = map[string]string{}
		for _, e := range sources {
			if _, err := s.evalDetached(e.expr, lim); err != nil {
				lastErr[e.name] = err.Error()
				again = append(again, e)
				continue
			}
			v := s.vars[e.name]
			if !v.bound {
				lastErr[e.name] = "its def did not bind it"
				again = append(again, e)
				continue
			}
			v.doc, v.src = e.doc, e.src
			rep.Restored = append(rep.Restored, e.name)
		}
		if len(again) == len(sources) {
			for _, e := range again {
				lost(e.name, "re-evaluating its def failed: "+lastErr[e.name])
			}
			break
		}
		sources = again
	}
	if history != nil {
		var h [3]Value
		for i, f := range history.Items[1:] {
			if v, err := s.evalDetached(f, lim); err == nil {
				h[i] = v
			}
		}
		s.history = h
	}
	sort.Strings(rep.Restored)
	return rep, nil
}

// evalDetached evaluates one form in the session with no tools, no data
// and no history update; defs it makes are published.
func (s *Session) evalDetached(f *reader.Form, lim Limits) (v Value, err *Error) {
	t := newThread(lim)
	t.session = s
	a := &analyzer{sess: s, reg: theRegistry(), restoring: true}
	defer func() {
		if r := recover(); r != nil {
			t.rollback()
			if e, ok := r.(*Error); ok {
				v, err = nil, e
				return
			}
			v, err = nil, Errorf(InternalError, "restoring failed: %v", r)
		}
	}()
	top := a.analyzeTop(f)
	frame := t.alloc(top.nslots)
	v = top.body.eval(t, frame)
	t.release(frame)
	for name, pv := range a.pending {
		if pv.bound {
			s.vars[name] = pv
		}
	}
	return v, nil
}

func isCall(f *reader.Form, head string) bool {
	return f.Kind == reader.List && len(f.Items) > 0 && f.Items[0].Kind == reader.Symbol && f.Items[0].Str == head
}

func isDefForm(f *reader.Form, name string) bool {
	if f.Kind != reader.List || len(f.Items) < 2 || f.Items[0].Kind != reader.Symbol || f.Items[1].Kind != reader.Symbol {
		return false
	}
	switch f.Items[0].Str {
	case "def", "defn", "defn-", "defonce":
		return f.Items[1].Str == name
	}
	return false
}

func optString(f *reader.Form) string {
	if f.Kind == reader.String {
		return f.Str
	}
	return ""
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

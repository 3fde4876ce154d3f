package lang

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// The analyzer turns reader forms into nodes once: locals are resolved to
// frame slots, globals to *Var, builtins to constants, and the built-in
// macros are expanded. All errors it reports are analysis errors found
// before anything runs, so a program with a typo makes no tool calls.

type binding struct {
	name string
	slot int
}

type capture struct {
	name  string
	outer int // slot in the enclosing frame
	slot  int // slot in this frame
}

// scope is one function's (or the top level's) frame layout.
type scope struct {
	parent *scope
	names  []binding
	nslots int
	caps   []capture
	// count of each visible name, kept once names grows past a few
	// dozen so that looking up a global is not a scan of every local
	// (generated code such as a long cond-> binds thousands).
	count map[string]int
}

func (s *scope) newSlot() int {
	s.nslots++
	return s.nslots - 1
}

func (s *scope) bind(name string, slot int) {
	s.names = append(s.names, binding{name, slot})
	if s.count != nil {
		s.count[name]++
	} else if len(s.names) > 32 {
		s.count = make(map[string]int, len(s.names))
		for _, b := range s.names {
			s.count[b.name]++
		}
	}
}

// truncate drops the names bound after mark.
func (s *scope) truncate(mark int) {
	if s.count != nil {
		for _, b := range s.names[mark:] {
			if s.count[b.name]--; s.count[b.name] == 0 {
				delete(s.count, b.name)
			}
		}
	}
	s.names = s.names[:mark]
}

// lookup finds a visible local, capturing it from enclosing functions
// when needed.
func (s *scope) lookup(name string) (int, bool) {
	for i := len(s.names) - 1; i >= 0; i-- {
		if s.count != nil && s.count[name] == 0 {
			break
		}
		if s.names[i].name == name {
			return s.names[i].slot, true
		}
	}
	for _, c := range s.caps {
		if c.name == name {
			return c.slot, true
		}
	}
	if s.parent == nil {
		return 0, false
	}
	outer, ok := s.parent.lookup(name)
	if !ok {
		return 0, false
	}
	slot := s.newSlot()
	s.caps = append(s.caps, capture{name: name, outer: outer, slot: slot})
	return slot, true
}

type recurTarget struct {
	slots []int
	what  string // "loop" or "fn"
}

type analyzer struct {
	sess    *Session
	reg     *registry
	pending map[string]*Var
	forward map[string]bool
	aliases map[string]string // ns aliases from (require '[x :as y])
	tools   ToolHost
	// toolErrs, when set (by Check), collects unknown_tool errors instead
	// of stopping at the first, so every undeclared tool is reported.
	toolErrs *[]*Error

	sc    *scope
	top   scope // the top level's scope (analyzeTop)
	recur *recurTarget
	gen   int

	// keptForms is set once a node keeps a form beyond the analysis
	// (fnSource): the reader's scratch memory may not be reused then.
	keptForms bool

	// preferBuiltin names resolve to the library even where a session var
	// of the same name exists (set only while restoring a snapshot).
	preferBuiltin map[string]bool
	restoring     bool
}

func posOf(f *reader.Form) Pos { return Pos{Line: int(f.Pos.Line), Col: int(f.Pos.Col)} }

func (a *analyzer) errf(f *reader.Form, kind ErrorKind, format string, args ...any) *Error {
	e := Errorf(kind, format, args...)
	if f != nil {
		e.Pos = posOf(f)
	}
	return e
}

func (a *analyzer) fail(f *reader.Form, format string, args ...any) {
	throw(a.errf(f, AnalysisError, format, args...))
}

func (a *analyzer) gensym(prefix string) string {
	a.gen++
	return "#" + prefix + strconv.Itoa(a.gen)
}

// Form construction helpers for macro expansion.
func sym(p reader.Pos, name string) *reader.Form {
	return &reader.Form{Kind: reader.Symbol, Pos: p, Str: name}
}

func list(p reader.Pos, items ...*reader.Form) *reader.Form {
	return &reader.Form{Kind: reader.List, Pos: p, Items: items}
}

func vec(p reader.Pos, items ...*reader.Form) *reader.Form {
	return &reader.Form{Kind: reader.Vector, Pos: p, Items: items}
}

func isSym(f *reader.Form, name string) bool {
	return f != nil && f.Kind == reader.Symbol && f.Str == name
}

// boxInt returns an int64 as a Value, sharing boxes for small integers.
func boxInt(i int64) Value {
	if i >= smallIntMin && i < smallIntMax {
		return smallInts[i-smallIntMin]
	}
	return i
}

const smallIntMin, smallIntMax = -128, 1024

// smallIntNodes are shared constant nodes for the literals 0..255.
var smallIntNodes = func() [256]constNode {
	var t [256]constNode
	for i := range t {
		t[i].v = boxInt(int64(i))
	}
	return t
}()

// smallInts is a read-only table of boxed small integers.
var smallInts = func() [smallIntMax - smallIntMin]Value {
	var t [smallIntMax - smallIntMin]Value
	for i := range t {
		t[i] = int64(i + smallIntMin)
	}
	return t
}()

// topForm is an analyzed top-level form: its body runs in a frame of
// nslots slots.
type topForm struct {
	body   node
	nslots int
}

// analyzeTop analyzes one top-level form. Its scope is a.top, reset: no
// node keeps a scope, so one serves every top-level form.
func (a *analyzer) analyzeTop(f *reader.Form) topForm {
	a.top = scope{}
	a.sc = &a.top
	a.recur = nil
	body := a.analyze(f, false)
	return topForm{body: body, nslots: a.top.nslots}
}

func (a *analyzer) analyze(f *reader.Form, tail bool) node {
	switch f.Kind {
	case reader.Int:
		if f.Int >= 0 && f.Int < int64(len(smallIntNodes)) {
			return &smallIntNodes[f.Int]
		}
		return &constNode{boxInt(f.Int)}
	case reader.Nil, reader.Bool, reader.Float, reader.String, reader.Char, reader.Keyword:
		return &constNode{literalValue(f)}
	case reader.Regex:
		re, err := compileRegex(f.Str)
		if err != nil {
			err.Pos = posOf(f)
			throw(err)
		}
		return &constNode{re}
	case reader.Symbol:
		return a.resolve(f)
	case reader.Vector:
		vals, items := a.analyzeItems(f.Items)
		if items == nil {
			return &constNode{NewVector(vals)}
		}
		return &vectorNode{items}
	case reader.Map:
		vals, items := a.analyzeItems(f.Items)
		if items == nil {
			a.checkDistinctAt(f, vals, 2)
			return &constNode{NewMapFromPairs(vals)}
		}
		dyn := false
		keys := make([]Value, 0, len(items)/2)
		for i := 0; i < len(items); i += 2 {
			if k, ok := items[i].(*constNode); ok {
				keys = append(keys, k.v)
			} else {
				dyn = true
			}
		}
		if !dyn {
			// The reader rejects repeated key forms, but two forms can
			// stand for one key ('a and (quote a)); Clojure rejects those
			// as it reads, and so does the analysis, which lets mapNode
			// build the map without looking for repeats.
			a.checkDistinctAt(f, keys, 1)
		}
		return &mapNode{kvs: items, dynKeys: dyn}
	case reader.Set:
		vals, items := a.analyzeItems(f.Items)
		if items == nil {
			a.checkDistinctAt(f, vals, 1)
			return &constNode{NewSet(vals)}
		}
		return &setNode{items}
	case reader.VarQuote:
		return a.varQuote(f)
	case reader.FnLit:
		return a.analyze(a.expandFnLit(f), tail)
	case reader.List:
		if len(f.Items) == 0 {
			return &constNode{EmptyList()}
		}
		return a.analyzeList(f, tail)
	}
	a.fail(f, "unsupported form %s", f.Kind)
	return nil
}

// checkDistinctAt reports duplicate constant keys the reader could not
// compare (collections as keys, e.g. {{:a 1 :b 2} :x {:b 2 :a 1} :y}).
func (a *analyzer) checkDistinctAt(f *reader.Form, vals []Value, stride int) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok && !e.Pos.IsValid() {
				e.Pos = posOf(f)
			}
			panic(r)
		}
	}()
	checkDistinct(vals, stride)
}

func (a *analyzer) analyzeAll(fs []*reader.Form) []node {
	out := make([]node, len(fs))
	for i, x := range fs {
		out[i] = a.analyze(x, false)
	}
	return out
}

// literalValue is the value of a scalar literal form (see isLiteral):
// nil, a boolean, a number, a string, a character or a keyword.
func literalValue(f *reader.Form) Value {
	switch f.Kind {
	case reader.Bool:
		return f.Bool
	case reader.Int:
		return boxInt(f.Int)
	case reader.Float:
		return f.Float
	case reader.String, reader.Char:
		// Clone: reader strings share the source text, which a def kept
		// across turns would otherwise keep alive.
		return strings.Clone(f.Str)
	case reader.Keyword:
		return Keyword(strings.Clone(f.Str))
	}
	return nil
}

// isLiteral reports whether literalValue takes f.
func isLiteral(f *reader.Form) bool {
	switch f.Kind {
	case reader.Nil, reader.Bool, reader.Int, reader.Float, reader.String, reader.Char, reader.Keyword:
		return true
	}
	return false
}

// analyzeItems analyzes the items of a collection literal: vals are their
// values when all are constant (items is then nil), else items are their
// nodes. Items that are all scalar literals, as in [1 2 3] or {:a 1},
// become values without nodes in between.
func (a *analyzer) analyzeItems(fs []*reader.Form) (vals []Value, items []node) {
	for _, x := range fs {
		if !isLiteral(x) {
			items = a.analyzeAll(fs)
			if vals, ok := constValues(items); ok {
				return vals, nil
			}
			return nil, items
		}
	}
	vals = make([]Value, len(fs))
	for i, x := range fs {
		vals[i] = literalValue(x)
	}
	return vals, nil
}

func constValues(ns []node) ([]Value, bool) {
	vals := make([]Value, len(ns))
	for i, n := range ns {
		c, ok := n.(*constNode)
		if !ok {
			return nil, false
		}
		vals[i] = c.v
	}
	return vals, true
}

// body analyzes an implicit do.
func (a *analyzer) body(f *reader.Form, forms []*reader.Form, tail bool) node {
	switch len(forms) {
	case 0:
		return &constNode{nil}
	case 1:
		return a.analyze(forms[0], tail)
	}
	d := &doNode{}
	for _, x := range forms[:len(forms)-1] {
		d.body = append(d.body, a.analyze(x, false))
	}
	d.last = a.analyze(forms[len(forms)-1], tail)
	return d
}

func (a *analyzer) varQuote(f *reader.Form) node {
	s := f.Items[0]
	if v := a.lookupVar(s.Str); v != nil {
		return &constNode{VarRef(v.name)}
	}
	throw(a.errf(s, UnboundSymbol, "unable to resolve var: %s", s.Str))
	return nil
}

// lookupVar finds a session var, a var defined earlier in this program, or
// (as a forward reference) one defined later at top level.
func (a *analyzer) lookupVar(name string) *Var {
	if v, ok := a.pending[name]; ok {
		return v
	}
	if v, ok := a.sess.vars[name]; ok {
		return v
	}
	return nil
}

// internVar returns the var a def of name binds.
func (a *analyzer) internVar(name string) *Var {
	if v := a.lookupVar(name); v != nil {
		return v
	}
	v := a.sess.newVar(name)
	if a.pending == nil {
		a.pending = map[string]*Var{}
	}
	a.pending[name] = v
	return v
}

// builtinRef refers to the library function or constant b.
func builtinRef(b *Builtin) node {
	if b.Doc.Kind == "constant" {
		return &constNode{b.Const}
	}
	return b.node()
}

// resolve analyzes a symbol in value position.
func (a *analyzer) resolve(f *reader.Form) node {
	name := f.Str
	if i := strings.IndexByte(name, '/'); i > 0 && i < len(name)-1 || (i > 0 && name[i+1:] == "/") {
		return a.resolveQualified(f, name[:i], name[i+1:])
	}
	if slot, ok := a.sc.lookup(name); ok {
		return &localNode{slot}
	}
	switch name {
	case "*1":
		return &historyNode{0}
	case "*2":
		return &historyNode{1}
	case "*3":
		return &historyNode{2}
	}
	b := a.reg.core(name)
	if b != nil && a.preferBuiltin[name] {
		return builtinRef(b)
	}
	if v := a.lookupVar(name); v != nil {
		return &varNode{v: v, pos: posOf(f)}
	}
	if b != nil {
		return builtinRef(b)
	}
	if a.forward[name] {
		return &varNode{v: a.internVar(name), pos: posOf(f)}
	}
	if _, ok := specialForms[name]; ok {
		throw(a.errf(f, AnalysisError, "%s is a special form and cannot be used as a value", name).
			WithHint("wrap it in a function, e.g. #(%s %%1 %%2)", name))
	}
	throw(a.unknownSymbol(f, name))
	return nil
}

func (a *analyzer) resolveQualified(f *reader.Form, ns, name string) node {
	switch ns {
	case "data":
		return &dataNode{name: name, pos: posOf(f)}
	case "tool":
		a.checkTool(f, name)
		return &constNode{a.toolFn(name)}
	}
	if real, ok := a.aliases[ns]; ok {
		ns = real
	}
	if b, err := a.reg.qualified(ns, name); err == nil {
		if b.Doc.Kind == "constant" {
			return &constNode{b.Const}
		}
		return b.node()
	} else {
		err.Pos = posOf(f)
		throw(err)
	}
	return nil
}

func (a *analyzer) checkTool(f *reader.Form, name string) {
	if a.tools == nil || a.tools.HasTool(name) {
		return
	}
	e := a.unknownTool(f, name)
	if a.toolErrs != nil {
		*a.toolErrs = append(*a.toolErrs, e)
		return
	}
	throw(e)
}

// unknownTool builds the error for tool/name, which the host did not
// grant, with a did-you-mean and the available tools.
func (a *analyzer) unknownTool(f *reader.Form, name string) *Error {
	e := a.errf(f, UnknownTool, "unknown tool: tool/%s", name)
	names := a.tools.ToolNames()
	if len(names) == 0 {
		e.Hint = "no tools are available in this evaluation"
	} else {
		if s := closest(name, names); s != "" {
			e.Hint = "did you mean tool/" + s + "? "
		}
		for i := range names {
			names[i] = "tool/" + names[i]
		}
		e.Hint += "available tools: " + strings.Join(names, ", ")
	}
	return e
}

// unknownSymbol builds the error for an unresolvable symbol, with a
// did-you-mean and hints for Clojure features PTC-Lisp leaves out.
func (a *analyzer) unknownSymbol(f *reader.Form, name string) *Error {
	e := a.errf(f, UnboundSymbol, "unable to resolve symbol: %s", name)
	if h, ok := unsupportedHints[name]; ok {
		e.Message = name + " is not supported"
		e.Hint = h
		return e
	}
	var cands []string
	for s := a.sc; s != nil; s = s.parent {
		for _, b := range s.names {
			cands = append(cands, b.name)
		}
	}
	for n := range a.sess.vars {
		cands = append(cands, n)
	}
	for n := range a.pending {
		cands = append(cands, n)
	}
	cands = append(cands, a.reg.coreNames()...)
	for n := range specialForms {
		cands = append(cands, n)
	}
	if s := closest(name, cands); s != "" {
		e.Hint = "did you mean " + s + "?"
	}
	return e
}

// closest returns the candidate nearest to name by edit distance, or "".
func closest(name string, cands []string) string {
	best, bestD := "", 1<<30
	limit := 2
	if len(name) > 6 {
		limit = 3
	}
	sort.Strings(cands)
	for _, c := range cands {
		if c == name || strings.HasPrefix(c, "#") {
			continue
		}
		d := editDistance(name, c)
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= limit {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			if prev[j]+1 < c {
				c = prev[j] + 1
			}
			if cur[j-1]+1 < c {
				c = cur[j-1] + 1
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

var unsupportedHints = map[string]string{
	"try":              "there is no try/catch: check inputs with if/when and use the nil-returning helpers (parse-long, get, re-find)",
	"catch":            "there is no try/catch: check inputs with if/when and use the nil-returning helpers",
	"throw":            "there is no throw: use (fail value) to end the program with a failure",
	"atom":             "there is no mutable state: accumulate with reduce or loop/recur, and use def to keep a value across turns",
	"swap!":            "there is no mutable state: accumulate with reduce or loop/recur, and use def to keep a value across turns",
	"reset!":           "there is no mutable state: use def to rebind a name",
	"deref":            "there are no atoms or refs to deref",
	"defmacro":         "macros are not supported: write a function with defn",
	"eval":             "eval is not available",
	"load-string":      "eval is not available",
	"read-string":      "read-string is not available; for JSON use json/parse-string, for numbers parse-long or parse-double",
	"slurp":            "there is no file or network access: ask the host for a tool",
	"spit":             "there is no file or network access: ask the host for a tool",
	"iterate":          "lazy sequences are not supported: use (range n), loop/recur, or reduce over (range n)",
	"cycle":            "lazy sequences are not supported: build a finite vector, e.g. (take n (apply concat (repeat k coll)))",
	"repeatedly":       "lazy sequences are not supported: use (repeat n x) or (mapv (fn [_] ...) (range n))",
	"lazy-seq":         "lazy sequences are not supported: build the collection eagerly with loop/recur or reduce",
	"lazy-cat":         "lazy sequences are not supported: use concat",
	"future":           "futures are not supported: use pmap or pcalls to run tool calls in parallel",
	"promise":          "promises are not supported",
	"agent":            "agents are not supported",
	"ref":              "refs are not supported: use def",
	"set!":             "set! is not supported: use def to rebind a name",
	"binding":          "dynamic binding is not supported: pass values as arguments",
	"defmulti":         "multimethods are not supported: dispatch with case or cond",
	"defmethod":        "multimethods are not supported: dispatch with case or cond",
	"defprotocol":      "protocols are not supported: use maps and functions",
	"defrecord":        "records are not supported: use maps",
	"deftype":          "types are not supported: use maps",
	"reify":            "reify is not supported: use maps and functions",
	"proxy":            "proxy is not supported",
	"new":              "constructing Java objects is not supported (except java.util.Date.)",
	"println-str":      "use (str ...) to build strings",
	"letfn":            "letfn is not supported: use (let [f (fn f [x] ...)] ...) or defn",
	"transduce":        "transducers are not supported: use ->> with map/filter and reduce",
	"sequence":         "lazy sequences are not supported: use vec or into []",
	"volatile!":        "there is no mutable state: accumulate with reduce or loop/recur",
	"System/exit":      "there is no process access: use (return v) or (fail v) to end the program",
	"rand":             "randomness is not available: results must be deterministic",
	"rand-int":         "randomness is not available: results must be deterministic",
	"rand-nth":         "randomness is not available: results must be deterministic",
	"shuffle":          "randomness is not available: results must be deterministic",
	"random-uuid":      "randomness is not available: ask the host for a tool",
	"with-open":        "there is no file or network access",
	"import":           "Java classes cannot be imported; the available interop is listed in the function reference",
	"time":             "timing is not available",
	"memoize":          "memoize is not supported (no mutable state): compute once with let or def",
	"trampoline":       "trampoline is not supported: use loop/recur",
	"delay":            "delay is not supported: evaluation is eager",
	"force":            "delay is not supported: evaluation is eager",
	"realized?":        "lazy values are not supported",
	"add-watch":        "there is no mutable state",
	"compare-and-set!": "there is no mutable state",
}

// checkArgs raises an analysis error unless form has between min and max
// arguments (max -1: any).
func (a *analyzer) checkArgs(f *reader.Form, min, max int, usage string) {
	n := len(f.Items) - 1
	if n < min || (max >= 0 && n > max) {
		e := a.errf(f, AnalysisError, "%s takes %s, got %d", f.Items[0].Str, argCountText(min, max), n)
		e.Hint = "usage: " + usage
		throw(e)
	}
}

func argCountText(min, max int) string {
	switch {
	case max < 0:
		return sprintf("at least %d argument%s", min, plural(min))
	case min == max:
		return sprintf("%d argument%s", min, plural(min))
	}
	return sprintf("%d to %d arguments", min, max)
}

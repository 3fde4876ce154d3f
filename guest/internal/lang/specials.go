package lang

import (
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

type specialFn func(a *analyzer, f *reader.Form, tail bool) node

// specialForms maps the special forms and built-in macros to their
// analyzers. Locals cannot shadow these names.
var specialForms map[string]specialFn

func init() {
	specialForms = map[string]specialFn{
		"quote": (*analyzer).quote, "do": (*analyzer).do, "if": (*analyzer).ifForm,
		"let": (*analyzer).let, "let*": (*analyzer).let, "fn": (*analyzer).fn, "fn*": (*analyzer).fn,
		"loop": (*analyzer).loop, "recur": (*analyzer).recurForm,
		"def": (*analyzer).def, "defn": (*analyzer).defn, "defn-": (*analyzer).defn,
		"defonce": (*analyzer).def, "declare": (*analyzer).declare,
		"and": (*analyzer).and, "or": (*analyzer).or,
		"case": (*analyzer).caseForm, "for": (*analyzer).forForm, "doseq": (*analyzer).forForm,
		"dotimes": (*analyzer).dotimes,
		"return":  (*analyzer).returnForm, "fail": (*analyzer).failForm,
		"comment": (*analyzer).comment, "var": (*analyzer).varForm, "doc": (*analyzer).docForm, "apropos": (*analyzer).aproposForm,
		"source": (*analyzer).sourceForm, "dir": (*analyzer).dirForm,
		"ns": (*analyzer).nsForm, "require": (*analyzer).nsForm, "in-ns": (*analyzer).nsForm,
		"refer": (*analyzer).nsForm, "use": (*analyzer).nsForm,
		// macros, expanded to the forms above
		"if-not": expand((*analyzer).expandIfNot), "when": expand((*analyzer).expandWhen),
		"when-not": expand((*analyzer).expandWhenNot), "cond": expand((*analyzer).expandCond),
		"condp": expand((*analyzer).expandCondp), "if-let": expand((*analyzer).expandIfLet),
		"when-let": expand((*analyzer).expandWhenLet), "if-some": expand((*analyzer).expandIfSome),
		"when-some": expand((*analyzer).expandWhenSome), "when-first": expand((*analyzer).expandWhenFirst),
		"->": expand((*analyzer).expandThreadFirst), "->>": expand((*analyzer).expandThreadLast),
		"as->": expand((*analyzer).expandAs), "cond->": expand((*analyzer).expandCondThreadFirst),
		"cond->>": expand((*analyzer).expandCondThreadLast), "some->": expand((*analyzer).expandSomeFirst),
		"some->>": expand((*analyzer).expandSomeLast),
	}
}

func expand(fn func(a *analyzer, f *reader.Form) *reader.Form) specialFn {
	return func(a *analyzer, f *reader.Form, tail bool) node {
		return a.analyze(fn(a, f), tail)
	}
}

func (a *analyzer) analyzeList(f *reader.Form, tail bool) node {
	head := f.Items[0]
	if head.Kind == reader.Symbol {
		name := head.Str
		if a.restoring && name == "ptc/builtins" {
			return a.restoreBuiltins(f, tail)
		}
		if sf, ok := specialForms[name]; ok {
			if _, local := a.sc.lookup(name); !local || isCoreSpecial(name) {
				return sf(a, f, tail)
			}
		}
		if strings.HasPrefix(name, "tool/") && len(name) > 5 {
			return a.toolCall(f, name[5:])
		}
		if len(name) > 1 && name[0] == '.' && name != ".." {
			return a.methodCall(f, name[1:])
		}
		if len(name) > 1 && strings.HasSuffix(name, ".") && !strings.Contains(name, "/") {
			return a.constructorCall(f, name)
		}
	}
	fn := a.analyze(head, false)
	a.checkCharArgs(f, fn)
	// The arguments are analyzed into a buffer on Go's stack; the node
	// made of them copies them (into itself, when there are few).
	var buf [4]node
	args := buf[:0]
	if n := len(f.Items) - 1; n > len(buf) {
		args = make([]node, 0, n)
	}
	for _, x := range f.Items[1:] {
		args = append(args, a.analyze(x, false))
	}
	if c, ok := fn.(*constNode); ok {
		if b, ok := c.v.(*Builtin); ok {
			if sp := a.reg.specialize(b, args, posOf(f)); sp != nil {
				return sp
			}
			if len(args) == 1 {
				return &builtin1{pos: posOf(f), b: b, a: args[0]}
			}
			return newBuiltinCall(posOf(f), b, args)
		}
	}
	n := &callNode{pos: posOf(f), fn: fn}
	if vn, ok := fn.(*varNode); ok {
		n.fnVar = vn.v
	}
	n.args = n.inl.hold(args)
	return n
}

// charRejecting lists builtins that, in Clojure, reject a character where
// they expect a string or a named value, with the argument positions.
// Characters are one-character strings at run time, so only a character
// literal written in such a position can be caught; it is, at analysis.
var charRejecting = map[string][]int{
	"re-find": {2}, "re-matches": {2}, "re-seq": {2}, "re-pattern": {1}, "name": {1},
}

func (a *analyzer) checkCharArgs(f *reader.Form, fn node) {
	if !hasChar(f.Items[1:]) {
		return // the common case, without looking the function up
	}
	c, ok := fn.(*constNode)
	if !ok {
		return
	}
	b, ok := c.v.(*Builtin)
	if !ok || b.Doc == nil || b.Doc.NS != nsCore {
		return
	}
	for _, i := range charRejecting[b.Doc.Name] {
		if i < len(f.Items) && f.Items[i].Kind == reader.Char {
			throw(a.errf(f.Items[i], TypeError, "%s expects a string, got the character %s", b.Doc.Name, f.Items[i].String()).
				WithHint("write the string %s instead of the character literal", PrStr(f.Items[i].Str)))
		}
	}
}

// hasChar reports whether a character literal is among fs.
func hasChar(fs []*reader.Form) bool {
	for _, x := range fs {
		if x.Kind == reader.Char {
			return true
		}
	}
	return false
}

// isCoreSpecial names the forms a local binding cannot shadow.
func isCoreSpecial(name string) bool {
	switch name {
	case "quote", "do", "if", "let*", "fn*", "loop*", "recur", "def", "var":
		// The true special forms; let, fn, loop and the macros can be
		// shadowed by locals, as in Clojure.
		return true
	}
	return false
}

func (a *analyzer) quote(f *reader.Form, _ bool) node {
	a.checkArgs(f, 1, 1, "(quote form)")
	return &constNode{formToValue(f.Items[1])}
}

// formToValue converts quoted source to data.
func formToValue(f *reader.Form) Value {
	if isLiteral(f) {
		return literalValue(f)
	}
	switch f.Kind {
	case reader.Symbol:
		return Symbol(f.Str)
	case reader.Regex:
		if re, err := compileRegex(f.Str); err == nil {
			return re
		}
		return f.Str
	case reader.List, reader.FnLit:
		items := make([]Value, len(f.Items))
		for i, x := range f.Items {
			items[i] = formToValue(x)
		}
		return NewList(items)
	case reader.Vector:
		items := make([]Value, len(f.Items))
		for i, x := range f.Items {
			items[i] = formToValue(x)
		}
		return NewVector(items)
	case reader.Map:
		items := make([]Value, len(f.Items))
		for i, x := range f.Items {
			items[i] = formToValue(x)
		}
		return NewMapFromPairs(items)
	case reader.Set:
		items := make([]Value, len(f.Items))
		for i, x := range f.Items {
			items[i] = formToValue(x)
		}
		return NewSet(items)
	case reader.VarQuote:
		return NewList([]Value{Symbol("var"), formToValue(f.Items[0])})
	}
	return nil
}

func (a *analyzer) do(f *reader.Form, tail bool) node {
	return a.body(f, f.Items[1:], tail)
}

func (a *analyzer) ifForm(f *reader.Form, tail bool) node {
	a.checkArgs(f, 2, 3, "(if test then else?)")
	n := &ifNode{test: a.analyze(f.Items[1], false), then: a.analyze(f.Items[2], tail)}
	if len(f.Items) == 4 {
		n.els = a.analyze(f.Items[3], tail)
	} else {
		n.els = &constNode{nil}
	}
	return n
}

func (a *analyzer) comment(*reader.Form, bool) node { return &constNode{nil} }

func (a *analyzer) varForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 1, 1, "(var name)")
	if f.Items[1].Kind != reader.Symbol {
		a.fail(f, "var expects a symbol")
	}
	return a.varQuote(&reader.Form{Kind: reader.VarQuote, Pos: f.Pos, Items: f.Items[1:2]})
}

// nsForm accepts ns/require/in-ns and records :as aliases of the known
// namespaces, so (require '[clojure.string :as s]) makes s/join work.
func (a *analyzer) nsForm(f *reader.Form, _ bool) node {
	var walk func(x *reader.Form)
	walk = func(x *reader.Form) {
		switch x.Kind {
		case reader.Vector, reader.List:
			for i := 0; i+2 < len(x.Items); i++ {
				if x.Items[i+1].Kind == reader.Keyword && x.Items[i+1].Str == "as" &&
					x.Items[i].Kind == reader.Symbol && x.Items[i+2].Kind == reader.Symbol {
					if a.aliases == nil {
						a.aliases = map[string]string{}
					}
					a.aliases[x.Items[i+2].Str] = x.Items[i].Str
				}
			}
			for _, y := range x.Items {
				walk(y)
			}
		}
	}
	for _, x := range f.Items[1:] {
		walk(x)
	}
	return &constNode{nil}
}

// bindingVector checks a let/loop/for style binding vector.
func (a *analyzer) bindingVector(f *reader.Form, what string) []*reader.Form {
	if len(f.Items) < 2 || f.Items[1].Kind != reader.Vector {
		e := a.errf(f, AnalysisError, "%s needs a binding vector", what)
		e.Hint = "usage: (" + what + " [name value ...] body...)"
		throw(e)
	}
	bv := f.Items[1]
	if len(bv.Items)%2 != 0 {
		e := a.errf(bv, AnalysisError, "%s binding vector needs an even number of forms (name value pairs), got %d", what, len(bv.Items))
		e.Hint = "write [name1 value1 name2 value2]"
		throw(e)
	}
	return bv.Items
}

func (a *analyzer) let(f *reader.Form, tail bool) node {
	bs := a.bindingVector(f, "let")
	mark := len(a.sc.names)
	var stmts []node
	for i := 0; i < len(bs); i += 2 {
		val := a.analyze(bs[i+1], false)
		stmts = a.bindPattern(bs[i], val, stmts)
	}
	b := a.body(f, f.Items[2:], tail)
	a.sc.truncate(mark)
	if len(stmts) == 0 {
		return b
	}
	return &doNode{body: stmts, last: b}
}

func (a *analyzer) loop(f *reader.Form, tail bool) node {
	bs := a.bindingVector(f, "loop")
	mark := len(a.sc.names)
	n := &loopNode{pos: posOf(f)}
	target := &recurTarget{what: "loop"}
	type pat struct {
		form *reader.Form
		slot int
	}
	var pats []pat
	for i := 0; i < len(bs); i += 2 {
		val := a.analyze(bs[i+1], false)
		slot := a.sc.newSlot()
		n.init = append(n.init, &storeNode{slot: slot, expr: val})
		target.slots = append(target.slots, slot)
		if bs[i].Kind == reader.Symbol {
			a.checkBindable(bs[i])
			a.sc.bind(bs[i].Str, slot)
		} else {
			pats = append(pats, pat{bs[i], slot})
		}
	}
	var destr []node
	for _, p := range pats {
		destr = a.bindPattern(p.form, &localNode{p.slot}, destr)
	}
	saved := a.recur
	a.recur = target
	b := a.body(f, f.Items[2:], true)
	a.recur = saved
	if len(destr) > 0 {
		b = &doNode{body: destr, last: b}
	}
	n.body = b
	a.sc.truncate(mark)
	return n
}

func (a *analyzer) recurForm(f *reader.Form, tail bool) node {
	if a.recur == nil {
		throw(a.errf(f, AnalysisError, "recur is only allowed inside loop or fn").
			WithHint("wrap the iteration in (loop [name init ...] ... (recur ...))"))
	}
	if !tail {
		throw(a.errf(f, AnalysisError, "recur must be in tail position (the last thing its %s does)", a.recur.what).
			WithHint("make recur the result of the loop body, e.g. (if done acc (recur ...)); to combine results use reduce"))
	}
	n := len(f.Items) - 1
	if n != len(a.recur.slots) {
		throw(a.errf(f, AnalysisError, "recur called with %d argument%s, but its %s binds %d", n, plural(n), a.recur.what, len(a.recur.slots)))
	}
	return &recurNode{slots: a.recur.slots, args: a.analyzeAll(f.Items[1:])}
}

func (a *analyzer) and(f *reader.Form, tail bool) node {
	switch len(f.Items) {
	case 1:
		return &constNode{true}
	case 2:
		return a.analyze(f.Items[1], false)
	}
	return &andNode{a.analyzeAll(f.Items[1:])}
}

func (a *analyzer) or(f *reader.Form, tail bool) node {
	switch len(f.Items) {
	case 1:
		return &constNode{nil}
	case 2:
		return a.analyze(f.Items[1], false)
	}
	return &orNode{a.analyzeAll(f.Items[1:])}
}

func (a *analyzer) returnForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 0, 1, "(return value)")
	if len(f.Items) == 1 {
		return &returnNode{expr: &constNode{nil}}
	}
	return &returnNode{expr: a.analyze(f.Items[1], false)}
}

func (a *analyzer) failForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 0, 1, "(fail value)")
	if len(f.Items) == 1 {
		return &failNode{expr: &constNode{nil}, pos: posOf(f)}
	}
	return &failNode{expr: a.analyze(f.Items[1], false), pos: posOf(f)}
}

// checkBindable rejects binding names that cannot be locals.
func (a *analyzer) checkBindable(s *reader.Form) {
	if strings.Contains(s.Str, "/") && s.Str != "/" {
		a.fail(s, "cannot bind a qualified name: %s", s.Str)
	}
}

// def, defonce.
func (a *analyzer) def(f *reader.Form, _ bool) node {
	what := f.Items[0].Str
	if len(f.Items) < 2 || f.Items[1].Kind != reader.Symbol {
		throw(a.errf(f, AnalysisError, "%s needs a name", what).WithHint("usage: (%s name value)", what))
	}
	name := f.Items[1].Str
	if strings.Contains(name, "/") {
		a.fail(f.Items[1], "cannot def a qualified name: %s", name)
	}
	rest := f.Items[2:]
	doc := ""
	if len(rest) == 2 && rest[0].Kind == reader.String {
		doc, rest = rest[0].Str, rest[1:]
	}
	if len(rest) > 1 {
		throw(a.errf(f, AnalysisError, "%s takes a name, an optional docstring and one value, got %d forms", what, len(f.Items)-1).
			WithHint("usage: (%s name value); to run several expressions wrap them in (do ...)", what))
	}
	v := a.internVar(name)
	if len(rest) == 0 {
		if what == "defonce" {
			a.fail(f, "defonce needs a value")
		}
		return &constNode{VarRef(name)}
	}
	return &defNode{v: v, expr: a.analyze(rest[0], false), once: what == "defonce", doc: doc, src: defSource(f)}
}

func (a *analyzer) declare(f *reader.Form, _ bool) node {
	for _, s := range f.Items[1:] {
		if s.Kind != reader.Symbol {
			a.fail(s, "declare expects names")
		}
		a.internVar(s.Str)
	}
	return &constNode{nil}
}

func (a *analyzer) defn(f *reader.Form, _ bool) node {
	what := f.Items[0].Str
	if len(f.Items) < 3 || f.Items[1].Kind != reader.Symbol {
		throw(a.errf(f, AnalysisError, "%s needs a name and a parameter vector", what).
			WithHint("usage: (defn name [params] body...)"))
	}
	name := f.Items[1].Str
	if strings.Contains(name, "/") {
		a.fail(f.Items[1], "cannot def a qualified name: %s", name)
	}
	rest := f.Items[2:]
	doc := ""
	if len(rest) > 1 && rest[0].Kind == reader.String {
		doc, rest = rest[0].Str, rest[1:]
	}
	if len(rest) > 1 && rest[0].Kind == reader.Map {
		rest = rest[1:]
	}
	v := a.internVar(name)
	fnForm := &reader.Form{Kind: reader.List, Pos: f.Pos, Items: append([]*reader.Form{sym(f.Pos, "fn")}, rest...)}
	fn := a.fnNamed(fnForm, rest, name, false)
	fn.proto.doc = doc
	return &defNode{v: v, expr: fn, doc: doc, src: defSource(f)}
}

func (a *analyzer) fn(f *reader.Form, _ bool) node {
	rest := f.Items[1:]
	name := ""
	if len(rest) > 0 && rest[0].Kind == reader.Symbol {
		name, rest = rest[0].Str, rest[1:]
	}
	return a.fnNamed(f, rest, name, name != "")
}

// fnNamed analyzes the arities in rest: either [params] body... or
// ([params] body...)+. selfBind binds name inside the body to the function.
func (a *analyzer) fnNamed(f *reader.Form, rest []*reader.Form, name string, selfBind bool) *fnNode {
	if len(rest) == 0 {
		throw(a.errf(f, AnalysisError, "fn needs a parameter vector").WithHint("usage: (fn [x y] body...)"))
	}
	var arities [][]*reader.Form
	if rest[0].Kind == reader.Vector {
		arities = [][]*reader.Form{rest}
	} else {
		for _, ar := range rest {
			if ar.Kind != reader.List || len(ar.Items) == 0 || ar.Items[0].Kind != reader.Vector {
				throw(a.errf(ar, AnalysisError, "fn needs a parameter vector, got %s", ar.Kind).
					WithHint("usage: (fn [x y] body...) or (fn ([x] ...) ([x y] ...))"))
			}
			arities = append(arities, ar.Items)
		}
	}
	proto := &Fn{name: name, src: &fnSource{form: f, stamp: a.sess.stamp, builtins: a.preferBuiltin}}
	a.keptForms = true
	n := &fnNode{proto: proto}
	for i, ar := range arities {
		lam, caps := a.lambda(ar[0], ar[1:], name, selfBind)
		lam.idx = i
		proto.arities = append(proto.arities, lam)
		n.caps = append(n.caps, caps)
		if lam.variadic {
			if proto.variadic != nil {
				a.fail(ar[0], "a function can have only one variadic arity")
			}
			proto.variadic = lam
			continue
		}
		for len(proto.fixed) <= lam.nparams {
			proto.fixed = append(proto.fixed, nil)
		}
		if proto.fixed[lam.nparams] != nil {
			a.fail(ar[0], "a function cannot have two arities with %d parameters", lam.nparams)
		}
		proto.fixed[lam.nparams] = lam
	}
	if v := proto.variadic; v != nil {
		// The variadic arity must come last in Fn.arities for lambdaFor.
		for i, l := range proto.arities {
			if l == v && i != len(proto.arities)-1 {
				proto.arities[i], proto.arities[len(proto.arities)-1] = proto.arities[len(proto.arities)-1], proto.arities[i]
				n.caps[i], n.caps[len(n.caps)-1] = n.caps[len(n.caps)-1], n.caps[i]
				proto.arities[i].idx, proto.arities[len(proto.arities)-1].idx = i, len(proto.arities)-1
			}
		}
		for _, l := range proto.fixed {
			if l != nil && l.nparams > v.nparams {
				a.fail(f, "a fixed arity cannot have more parameters than the variadic one")
			}
		}
	}
	return n
}

// lambda analyzes one arity in a new scope. It returns the lambda and the
// slots of the enclosing frame that the closure captures.
func (a *analyzer) lambda(params *reader.Form, body []*reader.Form, name string, selfBind bool) (*lambda, []int) {
	outer, outerRecur := a.sc, a.recur
	a.sc = &scope{parent: outer}
	lam := &lambda{name: name, selfSlot: -1, pos: posOf(params), params: params.String()}
	target := &recurTarget{what: "fn"}
	type pat struct {
		form *reader.Form
		slot int
	}
	var pats []pat
	ps := params.Items
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if isSym(p, "&") {
			if i+2 != len(ps) {
				a.fail(params, "& must be followed by exactly one parameter")
			}
			lam.variadic = true
			p = ps[i+1]
			i++
		} else {
			lam.nparams++
		}
		slot := a.sc.newSlot()
		target.slots = append(target.slots, slot)
		if p.Kind == reader.Symbol {
			a.checkBindable(p)
			a.sc.bind(p.Str, slot)
		} else {
			pats = append(pats, pat{p, slot})
		}
	}
	if selfBind {
		lam.selfSlot = a.sc.newSlot()
		// Parameters shadow the function's own name.
		a.sc.names = append([]binding{{name, lam.selfSlot}}, a.sc.names...)
		if a.sc.count != nil {
			a.sc.count[name]++
		}
	}
	var destr []node
	for _, p := range pats {
		destr = a.bindPattern(p.form, &localNode{p.slot}, destr)
	}
	a.recur = target
	b := a.body(params, body, true)
	if len(destr) > 0 {
		b = &doNode{body: destr, last: b}
	}
	lam.body = b
	lam.nslots = a.sc.nslots
	caps := make([]int, len(a.sc.caps))
	lam.capSlots = make([]int, len(a.sc.caps))
	lam.capNames = make([]string, len(a.sc.caps))
	for i, c := range a.sc.caps {
		caps[i] = c.outer
		lam.capSlots[i] = c.slot
		lam.capNames[i] = c.name
	}
	a.sc, a.recur = outer, outerRecur
	return lam, caps
}

// expandFnLit turns #(...) into (fn [%1 %2 & %&] (...)).
func (a *analyzer) expandFnLit(f *reader.Form) *reader.Form {
	maxN, rest := 0, false
	var walk func(x *reader.Form) *reader.Form
	walk = func(x *reader.Form) *reader.Form {
		switch x.Kind {
		case reader.Symbol:
			switch {
			case x.Str == "%":
				if maxN < 1 {
					maxN = 1
				}
				return sym(x.Pos, "%1")
			case x.Str == "%&":
				rest = true
			case len(x.Str) > 1 && x.Str[0] == '%':
				n := 0
				for _, c := range x.Str[1:] {
					if c < '0' || c > '9' {
						return x
					}
					n = n*10 + int(c-'0')
				}
				if n < 1 || n > 20 {
					a.fail(x, "invalid argument %s in #()", x.Str)
				}
				if n > maxN {
					maxN = n
				}
			}
			return x
		case reader.List, reader.Vector, reader.Map, reader.Set:
			if x.Kind == reader.List && len(x.Items) > 0 && isSym(x.Items[0], "quote") {
				return x
			}
			c := *x
			c.Items = make([]*reader.Form, len(x.Items))
			for i, y := range x.Items {
				c.Items[i] = walk(y)
			}
			return &c
		}
		return x
	}
	bodyItems := make([]*reader.Form, len(f.Items))
	for i, y := range f.Items {
		bodyItems[i] = walk(y)
	}
	var params []*reader.Form
	for i := 1; i <= maxN; i++ {
		params = append(params, sym(f.Pos, "%"+itoa(i)))
	}
	if rest {
		params = append(params, sym(f.Pos, "&"), sym(f.Pos, "%&"))
	}
	return list(f.Pos, sym(f.Pos, "fn"), vec(f.Pos, params...), list(f.Pos, bodyItems...))
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func (a *analyzer) dotimes(f *reader.Form, tail bool) node {
	bs := a.bindingVector(f, "dotimes")
	if len(bs) != 2 || bs[0].Kind != reader.Symbol {
		a.fail(f, "dotimes takes one binding: (dotimes [i n] body...)")
	}
	p := f.Pos
	n := sym(p, a.gensym("n"))
	i := bs[0]
	body := append([]*reader.Form{sym(p, "do")}, f.Items[2:]...)
	body = append(body, list(p, sym(p, "recur"), list(p, sym(p, "clojure.core/inc"), i), n))
	return a.analyze(list(p, sym(p, "loop"), vec(p, i, &reader.Form{Kind: reader.Int, Pos: p}, n, bs[1]),
		list(p, sym(p, "when"), list(p, sym(p, "clojure.core/<"), i, n), list(p, body...))), tail)
}

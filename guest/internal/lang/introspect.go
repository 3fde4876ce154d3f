package lang

import (
	"sort"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// Introspection: (doc name) prints a catalogue entry, (apropos "text")
// lists matching names. Both read the same catalogue the function
// reference is generated from, so a model can look things up mid-session.

// docNode prints the documentation of a name known at analysis time or
// computed at run time.
type docNode struct {
	name node
	reg  *registry
	v    *Var // the session or program definition the name refers to
}

func (n *docNode) eval(t *Thread, l []Value) Value {
	var name string
	switch v := n.name.eval(t, l).(type) {
	case string:
		name = v
	case Symbol:
		name = string(v)
	case Keyword:
		name = string(v)
	default:
		throw(typeErr("doc", "a name (symbol or string)", v))
	}
	if n.v != nil && n.v.bound {
		t.print(varDoc(n.v))
		return nil
	}
	t.print(docText(t, n.reg, name))
	return nil
}

func (a *analyzer) docForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 1, 1, "(doc name)")
	arg := f.Items[1]
	if arg.Kind == reader.Symbol {
		return &docNode{name: &constNode{arg.Str}, reg: a.reg, v: a.lookupVar(arg.Str)}
	}
	return &docNode{name: a.analyze(arg, false), reg: a.reg}
}

// docText renders the documentation of name: a user definition in the
// session, or a builtin/special form from the catalogue.
func docText(t *Thread, r *registry, name string) string {
	if s := t.session; s != nil {
		if v, ok := s.vars[name]; ok && v.bound {
			return varDoc(v)
		}
	}
	for _, d := range docsFor(r, name) {
		var b strings.Builder
		full := d.Name
		if d.NS != "" {
			full = d.NS + "/" + d.Name
		}
		b.WriteString(full)
		if d.Kind != "function" {
			b.WriteString(" (" + d.Kind + ")")
		}
		b.WriteString("\n" + strings.Join(d.Arities, " "))
		b.WriteString("\n  " + d.Doc)
		for _, e := range d.Examples {
			b.WriteString("\n  " + e.Code + " ;=> " + e.Result)
		}
		return b.String()
	}
	msg := "no documentation for " + name
	if s := closest(name, catalogueNames(r)); s != "" {
		msg += "; did you mean " + s + "?"
	}
	return msg
}

// varDoc renders a user definition: its name, parameters and docstring.
func varDoc(v *Var) string {
	var b strings.Builder
	b.WriteString("user/" + v.name)
	if f, ok := v.value.(*Fn); ok {
		var ps []string
		for _, a := range f.arities {
			ps = append(ps, a.params)
		}
		b.WriteString("\n(" + strings.Join(ps, " ") + ")")
		if f.doc != "" {
			b.WriteString("\n  " + f.doc)
		}
	} else {
		b.WriteString("\n  a value: " + TypeName(v.value))
	}
	return b.String()
}

// docsFor finds catalogue entries by name, accepting ns/name spellings.
func docsFor(r *registry, name string) []*Doc {
	ns, base := "", name
	if i := strings.IndexByte(name, '/'); i > 0 && i < len(name)-1 {
		ns, base = name[:i], name[i+1:]
		if c, ok := nsAliases[ns]; ok {
			ns = c
		}
	}
	var out []*Doc
	for _, d := range r.catalogue() {
		if d.Name != base {
			continue
		}
		if ns == "" && d.NS != nsCore && !d.Bare && d.Kind != "method" && d.Kind != "constructor" {
			continue
		}
		if ns != "" && d.NS != ns {
			continue
		}
		out = append(out, d)
	}
	return out
}

func catalogueNames(r *registry) []string {
	var out []string
	for _, d := range r.catalogue() {
		if d.NS == nsCore || d.NS == "" {
			out = append(out, d.Name)
		} else {
			out = append(out, d.NS+"/"+d.Name)
		}
	}
	return out
}

// aproposNode lists catalogue names matching a query.
type aproposNode struct {
	q   node
	reg *registry
}

func (a *analyzer) aproposForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 1, 1, "(apropos text)")
	return &aproposNode{q: a.analyze(f.Items[1], false), reg: a.reg}
}

func (n *aproposNode) eval(t *Thread, l []Value) Value {
	var q string
	switch v := n.q.eval(t, l).(type) {
	case string:
		q = v
	case Symbol:
		q = string(v)
	default:
		throw(typeErr("apropos", "a string", v))
	}
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return EmptyVector()
	}
	seen := map[string]bool{}
	var names []string
	for _, d := range n.reg.catalogue() {
		name := d.Name
		if d.NS != nsCore && d.NS != "" && d.Kind != "method" && d.Kind != "constructor" {
			name = d.NS + "/" + d.Name
		}
		if seen[name] {
			continue
		}
		if strings.Contains(strings.ToLower(name), q) || strings.Contains(strings.ToLower(d.Doc), q) {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	items := make([]Value, len(names))
	for i, n := range names {
		items[i] = n
	}
	t.charge(len(items))
	return NewVector(items)
}

// defSource is the text kept for (source name): the def form as written,
// bounded so a huge literal does not bloat the session.
func defSource(f *reader.Form) string {
	const max = 4096
	s := f.String()
	if len(s) > max {
		s = truncateUTF8(s, max) + " ..."
	}
	return s
}

// sourceNode prints the defining form of a session definition.
type sourceNode struct {
	name string
	v    *Var
	reg  *registry
}

func (a *analyzer) sourceForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 1, 1, "(source name)")
	arg := f.Items[1]
	name := arg.Str
	switch {
	case arg.Kind == reader.Symbol, arg.Kind == reader.String:
	case arg.Kind == reader.List && len(arg.Items) == 2 && isSym(arg.Items[0], "quote") && arg.Items[1].Kind == reader.Symbol:
		name = arg.Items[1].Str
	default:
		a.fail(arg, "source takes a name, e.g. (source my-fn)")
	}
	return &sourceNode{name: name, v: a.lookupVar(name), reg: a.reg}
}

func (n *sourceNode) eval(t *Thread, _ []Value) Value {
	v := n.v
	if v == nil && t.session != nil {
		v = t.session.vars[n.name]
	}
	switch {
	case v != nil && v.bound && v.src != "":
		t.print(v.src)
	case len(docsFor(n.reg, n.name)) > 0:
		t.print(n.name + " is built in; (doc " + n.name + ") describes it")
	default:
		t.print("no source available for " + n.name)
	}
	return nil
}

// dirNode lists namespaces, or the names in one: the builtin namespaces,
// and "user" for the session's own definitions.
type dirNode struct {
	ns  node // nil: list namespaces
	reg *registry
	a   *analyzer // for the definitions this program makes before committing
}

func (a *analyzer) dirForm(f *reader.Form, _ bool) node {
	a.checkArgs(f, 0, 1, "(dir) or (dir namespace)")
	n := &dirNode{reg: a.reg, a: a}
	if len(f.Items) == 2 {
		arg := f.Items[1]
		if arg.Kind == reader.Symbol {
			n.ns = &constNode{arg.Str}
		} else {
			n.ns = a.analyze(arg, false)
		}
	}
	return n
}

func (n *dirNode) eval(t *Thread, l []Value) Value {
	var names []string
	if n.ns == nil {
		seen := map[string]bool{"user": true}
		names = append(names, "user")
		for _, d := range n.reg.catalogue() {
			if d.Kind == "method" || d.Kind == "constructor" || seen[d.NS] {
				continue
			}
			seen[d.NS] = true
			names = append(names, d.NS)
		}
	} else {
		var ns string
		switch v := n.ns.eval(t, l).(type) {
		case string:
			ns = v
		case Symbol:
			ns = string(v)
		default:
			throw(typeErr("dir", "a namespace name", v))
		}
		if c, ok := nsAliases[ns]; ok {
			ns = c
		}
		if ns == "user" {
			if t.session != nil {
				names = t.session.Vars()
			}
			for name, v := range n.a.pending {
				if v.bound {
					names = append(names, name)
				}
			}
		} else {
			for _, d := range n.reg.catalogue() {
				if d.NS == ns && d.Kind != "method" && d.Kind != "constructor" {
					names = append(names, d.Name)
				}
			}
		}
	}
	sort.Strings(names)
	items := make([]Value, len(names))
	for i, s := range names {
		items[i] = s
	}
	t.charge(len(items))
	return NewVector(items)
}

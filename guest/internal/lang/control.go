package lang

import (
	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// case

type caseNode struct {
	expr    node
	table   *Map // constant -> index into results
	results []node
	def     node // nil: no default, a miss is an error
	pos     Pos
}

func (n *caseNode) eval(t *Thread, l []Value) Value {
	v := n.expr.eval(t, l)
	if i, ok := n.table.Get(v); ok {
		return n.results[i.(int64)].eval(t, l)
	}
	if n.def != nil {
		return n.def.eval(t, l)
	}
	throw(&Error{Kind: ValueError, Pos: n.pos, Message: "case: no clause matches " + PrStr(v),
		Hint: "add a default expression as the last argument of case"})
	return nil
}

func (a *analyzer) caseForm(f *reader.Form, tail bool) node {
	a.checkArgs(f, 1, -1, "(case expr const result ... default?)")
	n := &caseNode{expr: a.analyze(f.Items[1], false), pos: posOf(f)}
	cl := f.Items[2:]
	b := NewMapBuilder()
	for i := 0; i+1 < len(cl); i += 2 {
		idx := boxInt(int64(len(n.results)))
		k := cl[i]
		var keys []Value
		if k.Kind == reader.List {
			for _, x := range k.Items {
				keys = append(keys, formToValue(x))
			}
		} else {
			keys = []Value{formToValue(k)}
		}
		for _, kv := range keys {
			if _, dup := b.Get(kv); dup {
				a.fail(k, "case has a duplicate test constant: %s", PrStr(kv))
			}
			b.Set(kv, idx)
		}
		n.results = append(n.results, a.analyze(cl[i+1], tail))
	}
	if len(cl)%2 == 1 {
		n.def = a.analyze(cl[len(cl)-1], tail)
	}
	n.table = b.Build()
	return n
}

// for and doseq

type forClause struct {
	kind  byte // 'b' binding, 'l' :let, 'w' :when, 'h' :while
	expr  node
	slot  int    // binding: the element slot
	destr []node // binding: destructuring stores; :let: stores
}

type forNode struct {
	clauses []forClause
	body    node
	collect bool // for (true) or doseq (false)
	pos     Pos
}

func (n *forNode) eval(t *Thread, l []Value) Value {
	var out *VectorBuilder
	if n.collect {
		out = NewVectorBuilder(0)
	}
	n.run(t, l, 0, out)
	if !n.collect {
		return nil
	}
	return out.Build()
}

// run evaluates clauses[i:], returning false when a :while stopped the
// enclosing binding.
func (n *forNode) run(t *Thread, l []Value, i int, out *VectorBuilder) bool {
	if i == len(n.clauses) {
		v := n.body.eval(t, l)
		if out != nil {
			out.Add(v)
			t.checkCollection(out.Len())
		}
		return true
	}
	c := &n.clauses[i]
	switch c.kind {
	case 'l':
		for _, s := range c.destr {
			s.eval(t, l)
		}
		return n.run(t, l, i+1, out)
	case 'w':
		if Truthy(c.expr.eval(t, l)) {
			return n.run(t, l, i+1, out)
		}
		return true
	case 'h':
		if Truthy(c.expr.eval(t, l)) {
			return n.run(t, l, i+1, out)
		}
		return false
	}
	coll := c.expr.eval(t, l)
	name := "for"
	if !n.collect {
		name = "doseq"
	}
	eachSeq(t, name, coll, func(x Value) bool {
		l[c.slot] = x
		for _, s := range c.destr {
			s.eval(t, l)
		}
		return n.run(t, l, i+1, out)
	})
	return true
}

func (a *analyzer) forForm(f *reader.Form, _ bool) node {
	what := f.Items[0].Str
	bs := a.bindingVector(f, what)
	if len(bs) == 0 {
		a.fail(f, "%s needs at least one binding", what)
	}
	n := &forNode{collect: what == "for", pos: posOf(f)}
	mark := len(a.sc.names)
	saved := a.recur
	a.recur = nil
	for i := 0; i < len(bs); i += 2 {
		k, v := bs[i], bs[i+1]
		if k.Kind == reader.Keyword {
			switch k.Str {
			case "let":
				if v.Kind != reader.Vector || len(v.Items)%2 != 0 {
					a.fail(v, ":let in %s takes a binding vector with name value pairs", what)
				}
				var stmts []node
				for j := 0; j < len(v.Items); j += 2 {
					stmts = a.bindPattern(v.Items[j], a.analyze(v.Items[j+1], false), stmts)
				}
				n.clauses = append(n.clauses, forClause{kind: 'l', destr: stmts})
			case "when":
				n.clauses = append(n.clauses, forClause{kind: 'w', expr: a.analyze(v, false)})
			case "while":
				n.clauses = append(n.clauses, forClause{kind: 'h', expr: a.analyze(v, false)})
			default:
				a.fail(k, "unknown %s modifier :%s (use :let, :when or :while)", what, k.Str)
			}
			continue
		}
		expr := a.analyze(v, false)
		slot := a.sc.newSlot()
		var destr []node
		if k.Kind == reader.Symbol {
			a.checkBindable(k)
			a.sc.bind(k.Str, slot)
		} else {
			destr = a.bindPattern(k, &localNode{slot}, nil)
		}
		n.clauses = append(n.clauses, forClause{kind: 'b', expr: expr, slot: slot, destr: destr})
	}
	if n.clauses[0].kind != 'b' {
		a.fail(f, "%s must start with a binding, not a modifier", what)
	}
	n.body = a.body(f, f.Items[2:], false)
	a.recur = saved
	a.sc.truncate(mark)
	return n
}

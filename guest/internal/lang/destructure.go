package lang

import (
	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// bindPattern compiles the binding of pat to the value of val into store
// nodes appended to stmts, and makes the pattern's names visible. Patterns
// are symbols, vectors ([a b & rest :as all]) and maps ({:keys [a]
// :strs [b] :syms [c] :or {a 1} :as m, x :x}), nested freely.
func (a *analyzer) bindPattern(pat *reader.Form, val node, stmts []node) []node {
	switch pat.Kind {
	case reader.Symbol:
		if pat.Str == "&" {
			a.fail(pat, "& is only allowed in a vector pattern or parameter list")
		}
		a.checkBindable(pat)
		slot := a.sc.newSlot()
		stmts = append(stmts, &storeNode{slot: slot, expr: val})
		a.sc.bind(pat.Str, slot)
		return stmts
	case reader.Vector:
		return a.bindVector(pat, val, stmts)
	case reader.Map:
		return a.bindMap(pat, val, stmts)
	}
	throw(a.errf(pat, AnalysisError, "cannot bind to %s: a binding name must be a symbol, a vector pattern or a map pattern", pat.String()).
		WithHint("write [name value], [[a b] pair] or [{:keys [k]} m]"))
	return nil
}

// tmpSlot stores val in a fresh hidden slot and returns it.
func (a *analyzer) tmpSlot(val node, stmts []node) (int, []node) {
	if l, ok := val.(*localNode); ok {
		return l.slot, stmts
	}
	slot := a.sc.newSlot()
	return slot, append(stmts, &storeNode{slot: slot, expr: val})
}

func (a *analyzer) bindVector(pat *reader.Form, val node, stmts []node) []node {
	src, stmts := a.tmpSlot(val, stmts)
	items := pat.Items
	for i := 0; i < len(items); i++ {
		p := items[i]
		switch {
		case isSym(p, "&"):
			if i+1 >= len(items) {
				a.fail(pat, "& in a vector pattern must be followed by a name")
			}
			stmts = a.bindPattern(items[i+1], &nthRestNode{src: src, from: i}, stmts)
			i++
			if i+1 < len(items) && !(items[i+1].Kind == reader.Keyword && items[i+1].Str == "as") {
				a.fail(pat, "only :as may follow the & rest binding in a vector pattern")
			}
		case p.Kind == reader.Keyword && p.Str == "as":
			if i+1 >= len(items) || items[i+1].Kind != reader.Symbol {
				a.fail(pat, ":as in a vector pattern must be followed by a name")
			}
			stmts = a.bindPattern(items[i+1], &localNode{src}, stmts)
			i++
		default:
			// Positional patterns all come before & and :as, so i is
			// the element index.
			stmts = a.bindPattern(p, &nthDestrNode{src: src, i: i}, stmts)
		}
	}
	return stmts
}

func (a *analyzer) bindMap(pat *reader.Form, val node, stmts []node) []node {
	slot, stmts := a.tmpSlot(&mapSourceNode{val}, stmts)
	// Defaults from :or, by name.
	defaults := map[string]*reader.Form{}
	var asName *reader.Form
	for i := 0; i < len(pat.Items); i += 2 {
		k, v := pat.Items[i], pat.Items[i+1]
		if k.Kind == reader.Keyword && k.Str == "or" {
			if v.Kind != reader.Map {
				a.fail(v, ":or in a map pattern takes a map of name to default")
			}
			for j := 0; j < len(v.Items); j += 2 {
				if v.Items[j].Kind != reader.Symbol {
					a.fail(v.Items[j], ":or keys must be names")
				}
				defaults[v.Items[j].Str] = v.Items[j+1]
			}
		}
		if k.Kind == reader.Keyword && k.Str == "as" {
			if v.Kind != reader.Symbol {
				a.fail(v, ":as in a map pattern must be followed by a name")
			}
			asName = v
		}
	}
	bindKey := func(name *reader.Form, key Value) {
		var def node
		if d, ok := defaults[name.Str]; ok {
			def = a.analyze(d, false)
		}
		stmts = a.bindPattern(name, &getDestrNode{src: slot, key: key, def: def}, stmts)
	}
	for i := 0; i < len(pat.Items); i += 2 {
		k, v := pat.Items[i], pat.Items[i+1]
		if k.Kind == reader.Keyword {
			switch k.Str {
			case "or", "as":
				continue
			case "keys", "strs", "syms":
				if v.Kind != reader.Vector {
					a.fail(v, ":%s takes a vector of names", k.Str)
				}
				for _, n := range v.Items {
					var nameForm *reader.Form
					var key Value
					switch {
					case n.Kind == reader.Symbol:
						local := n.Str
						if j := lastSlash(local); j >= 0 {
							local = local[j+1:]
						}
						nameForm = sym(n.Pos, local)
						switch k.Str {
						case "keys":
							key = Keyword(n.Str)
						case "strs":
							key = n.Str
						default:
							key = Symbol(n.Str)
						}
					case n.Kind == reader.Keyword && k.Str == "keys":
						local := n.Str
						if j := lastSlash(local); j >= 0 {
							local = local[j+1:]
						}
						nameForm = sym(n.Pos, local)
						key = Keyword(n.Str)
					default:
						a.fail(n, ":%s names must be symbols, got %s", k.Str, n.String())
					}
					bindKey(nameForm, key)
				}
				continue
			}
		}
		// {pattern key}
		var def node
		if v.Kind == reader.Symbol {
			if d, ok := defaults[v.Str]; ok {
				def = a.analyze(d, false)
			}
		}
		key := formToValue(v)
		if v.Kind == reader.Symbol {
			key = Symbol(v.Str)
		}
		stmts = a.bindPattern(k, &getDestrNode{src: slot, key: key, def: def}, stmts)
	}
	if asName != nil {
		stmts = a.bindPattern(asName, &localNode{slot}, stmts)
	}
	return stmts
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// nthDestrNode is positional destructuring: nth with nil for missing.
type nthDestrNode struct {
	src, i int
}

func (n *nthDestrNode) eval(t *Thread, l []Value) Value {
	switch c := l[n.src].(type) {
	case nil:
		return nil
	case *Vector:
		if n.i < c.Len() {
			return c.Nth(n.i)
		}
		return nil
	case *List:
		x := c
		for k := 0; k < n.i && x.count > 0; k++ {
			x = x.rest
		}
		if x.count > 0 {
			return x.first
		}
		return nil
	case string:
		s, _ := runeAt(c, n.i)
		if s == "" {
			return nil
		}
		return s
	case *Map, *Set:
		// Clojure: nth not supported on this type; we allow the seq view
		// so [[k v]] over a map entry works, and [a b] over a map/set.
		items := seqItems(t, c)
		if n.i < len(items) {
			return items[n.i]
		}
		return nil
	}
	throw(Errorf(TypeError, "cannot destructure %s with a vector pattern", describeForError(l[n.src])).
		WithHint("a vector pattern [a b] needs a vector, list or string"))
	return nil
}

// nthRestNode is the & rest of a vector pattern: the remaining elements as
// a list, or nil when there are none.
type nthRestNode struct {
	src, from int
}

func (n *nthRestNode) eval(t *Thread, l []Value) Value {
	switch c := l[n.src].(type) {
	case nil:
		return nil
	case *List:
		x := c
		for k := 0; k < n.from && x.count > 0; k++ {
			x = x.rest
		}
		if x.count == 0 {
			return nil
		}
		return x
	case *Vector:
		if n.from >= c.Len() {
			return nil
		}
		t.charge(c.Len() - n.from)
		return NewList(c.Slice(n.from, c.Len()).ToSlice())
	}
	items := seqItems(t, l[n.src])
	if n.from >= len(items) {
		return nil
	}
	return NewList(append([]Value(nil), items[n.from:]...))
}

// mapSourceNode prepares a value for map destructuring: a list of
// alternating keys and values (keyword arguments after &) becomes a map.
type mapSourceNode struct{ val node }

func (n *mapSourceNode) eval(t *Thread, l []Value) Value {
	v := n.val.eval(t, l)
	if lst, ok := v.(*List); ok {
		items := lst.ToSlice()
		if len(items) == 1 {
			if m, ok := items[0].(*Map); ok {
				return m
			}
		}
		if len(items)%2 == 1 {
			items = append(items, nil)
		}
		return NewMapFromPairs(items)
	}
	return v
}

// getDestrNode is keyed destructuring, with flexible key matching and an
// optional default used when the key is missing.
type getDestrNode struct {
	src int
	key Value
	def node
}

func (n *getDestrNode) eval(t *Thread, l []Value) Value {
	if v, ok := getFound(l[n.src], n.key); ok {
		return v
	}
	if n.def != nil {
		return n.def.eval(t, l)
	}
	return nil
}

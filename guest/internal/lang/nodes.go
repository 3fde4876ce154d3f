package lang

// node is an analyzed expression. eval runs it with l as the current
// function's frame.
type node interface {
	eval(t *Thread, l []Value) Value
}

// recurSignal is returned by a recur node; loops and function bodies run
// again when their body yields it. recur is only allowed in tail position,
// so the signal always reaches its loop through tail positions.
var recurSignal Value = &struct{ _ byte }{}

type constNode struct{ v Value }

func (n *constNode) eval(*Thread, []Value) Value { return n.v }

type localNode struct{ slot int }

func (n *localNode) eval(_ *Thread, l []Value) Value { return l[n.slot] }

// Var is a named value in the session namespace.
type Var struct {
	name  string
	value Value
	bound bool
	doc   string
	src   string // the def form that bound it, for (source name)
	stamp uint64 // creation order in its session (Session.newVar)
}

type varNode struct {
	v   *Var
	pos Pos
}

func (n *varNode) eval(t *Thread, _ []Value) Value {
	if !n.v.bound {
		throw(&Error{Kind: UnboundSymbol, Pos: n.pos,
			Message: sprintf("%s is used before its def has run", n.v.name),
			Hint:    "move the (def " + n.v.name + " ...) above its first use"})
	}
	return n.v.value
}

// historyNode reads *1, *2 or *3 when it runs, like Clojure's dynamic
// vars: a function defined in one turn sees the history of the turn that
// calls it.
type historyNode struct{ i int }

func (n *historyNode) eval(t *Thread, _ []Value) Value {
	if t.session == nil {
		return nil
	}
	return t.session.history[n.i]
}

type dataNode struct {
	name string
	pos  Pos
}

func (n *dataNode) eval(t *Thread, _ []Value) Value {
	v, ok := t.data[n.name]
	if !ok {
		throw(t.missingData(n.name, n.pos))
	}
	return v
}

type ifNode struct{ test, then, els node }

func (n *ifNode) eval(t *Thread, l []Value) Value {
	switch c := n.test.eval(t, l).(type) {
	case nil:
		return n.els.eval(t, l)
	case bool:
		if !c {
			return n.els.eval(t, l)
		}
	}
	return n.then.eval(t, l)
}

type doNode struct {
	body []node // all but the last
	last node
}

func (n *doNode) eval(t *Thread, l []Value) Value {
	for _, b := range n.body {
		b.eval(t, l)
	}
	return n.last.eval(t, l)
}

// storeNode evaluates expr into a slot (let, loop and destructuring).
type storeNode struct {
	slot int
	expr node
}

func (n *storeNode) eval(t *Thread, l []Value) Value {
	l[n.slot] = n.expr.eval(t, l)
	return nil
}

type loopNode struct {
	init []node // stores into the loop slots
	body node
	pos  Pos
}

func (n *loopNode) eval(t *Thread, l []Value) Value {
	for _, s := range n.init {
		s.eval(t, l)
	}
	// A step_limit or timeout inside a loop whose body calls no builtin
	// (inc, +, < and recur are nodes of their own) points at the loop.
	t.pos = n.pos
	for {
		v := n.body.eval(t, l)
		if v != recurSignal {
			return v
		}
	}
}

type recurNode struct {
	slots []int
	args  []node
}

func (n *recurNode) eval(t *Thread, l []Value) Value {
	switch len(n.args) {
	case 0:
	case 1:
		l[n.slots[0]] = n.args[0].eval(t, l)
	case 2:
		a := n.args[0].eval(t, l)
		b := n.args[1].eval(t, l)
		l[n.slots[0]], l[n.slots[1]] = a, b
	case 3:
		a := n.args[0].eval(t, l)
		b := n.args[1].eval(t, l)
		c := n.args[2].eval(t, l)
		l[n.slots[0]], l[n.slots[1]], l[n.slots[2]] = a, b, c
	default:
		tmp := t.alloc(len(n.args))
		for i, a := range n.args {
			tmp[i] = a.eval(t, l)
		}
		for i, s := range n.slots {
			l[s] = tmp[i]
		}
		t.release(tmp)
	}
	t.step()
	return recurSignal
}

type andNode struct{ args []node }

func (n *andNode) eval(t *Thread, l []Value) Value {
	var v Value = true
	for _, a := range n.args {
		v = a.eval(t, l)
		if !Truthy(v) {
			return v
		}
	}
	return v
}

type orNode struct{ args []node }

func (n *orNode) eval(t *Thread, l []Value) Value {
	var v Value
	for _, a := range n.args {
		v = a.eval(t, l)
		if Truthy(v) {
			return v
		}
	}
	return v
}

// fnNode makes a closure, copying the captured values out of the frame.
type fnNode struct {
	proto *Fn     // name, fixed, variadic, arities; free is filled per closure
	caps  [][]int // per arity: the slots in the enclosing frame to capture
}

func (n *fnNode) eval(t *Thread, l []Value) Value {
	f := &Fn{name: n.proto.name, fixed: n.proto.fixed, variadic: n.proto.variadic,
		arities: n.proto.arities, doc: n.proto.doc, src: n.proto.src}
	f.free = make([][]Value, len(n.caps))
	for i, c := range n.caps {
		if len(c) == 0 {
			continue
		}
		vals := make([]Value, len(c))
		for j, s := range c {
			vals[j] = l[s]
		}
		f.free[i] = vals
	}
	return f
}

type callNode struct {
	pos   Pos
	fn    node
	fnVar *Var // the var fn reads, when it is one: read in place (see operand)
	args  []node
	inl   inlineArgs
}

// inlineArgs is room for a call's argument nodes inside the call's own
// node: most calls have a few arguments, and a node with its arguments
// in one allocation is made (and read) faster than two.
type inlineArgs [3]node

// hold returns a copy of args, in h when they fit.
func (h *inlineArgs) hold(args []node) []node {
	if len(args) <= len(h) {
		n := copy(h[:], args)
		return h[:n:n]
	}
	return append([]node(nil), args...)
}

func (n *callNode) eval(t *Thread, l []Value) Value {
	var f Value
	if v := n.fnVar; v != nil && v.bound {
		f = v.value
	} else {
		f = n.fn.eval(t, l)
	}
	switch fn := f.(type) {
	case *Fn:
		lam := fn.lambdaFor(len(n.args))
		if lam == nil {
			e := fn.arityError(len(n.args))
			e.Pos = n.pos
			throw(e)
		}
		if !lam.variadic {
			frame := t.alloc(lam.nslots)
			for i, a := range n.args {
				frame[i] = a.eval(t, l)
			}
			t.pos = n.pos
			v := t.invoke(fn, lam, frame)
			t.release(frame)
			return v
		}
	case *Builtin:
		args := t.alloc(len(n.args))
		for i, a := range n.args {
			args[i] = a.eval(t, l)
		}
		t.pos = n.pos
		t.step()
		v := fn.call(t, args)
		t.release(args)
		return v
	}
	args := t.alloc(len(n.args))
	for i, a := range n.args {
		args[i] = a.eval(t, l)
	}
	t.pos = n.pos
	v := t.Call(f, args)
	t.release(args)
	return v
}

// builtinCall is a call whose head is a builtin known at analysis time.
type builtinCall struct {
	pos  Pos
	b    *Builtin
	args []node
	inl  inlineArgs
}

// newBuiltinCall calls b with args, which it copies.
func newBuiltinCall(pos Pos, b *Builtin, args []node) *builtinCall {
	n := &builtinCall{pos: pos, b: b}
	n.args = n.inl.hold(args)
	return n
}

func (n *builtinCall) eval(t *Thread, l []Value) Value {
	args := t.alloc(len(n.args))
	for i, a := range n.args {
		args[i] = a.eval(t, l)
	}
	t.pos = n.pos
	t.step()
	v := n.b.call(t, args)
	t.release(args)
	return v
}

// builtin1 and builtin2 are builtinCall for one and two arguments with
// the argument values kept in Go locals.
type builtin1 struct {
	pos Pos
	b   *Builtin
	a   node
}

func (n *builtin1) eval(t *Thread, l []Value) Value {
	args := t.alloc(1)
	args[0] = n.a.eval(t, l)
	t.pos = n.pos
	t.step()
	v := n.b.call(t, args)
	t.release(args)
	return v
}

type defNode struct {
	v    *Var
	expr node
	once bool
	doc  string
	src  string
}

func (n *defNode) eval(t *Thread, l []Value) Value {
	if n.once && n.v.bound {
		return VarRef(n.v.name)
	}
	val := n.expr.eval(t, l)
	if f, ok := val.(*Fn); ok && f.name == "" {
		f.name = n.v.name
	}
	t.setVar(n.v, val, n.src)
	return VarRef(n.v.name)
}

type vectorNode struct{ items []node }

func (n *vectorNode) eval(t *Thread, l []Value) Value {
	items := make([]Value, len(n.items))
	for i, x := range n.items {
		items[i] = x.eval(t, l)
	}
	return NewVector(items)
}

type mapNode struct {
	kvs     []node
	dynKeys bool // some key is computed, so keys may collide at run time; else they are distinct constants
}

func (n *mapNode) eval(t *Thread, l []Value) Value {
	// Constant keys are distinct (checked by the analysis): then the
	// pairs are the array map's entries as they are, allocated with it.
	var m *Map
	var kvs []Value
	if !n.dynKeys && len(n.kvs) <= 2*mapArrayMax {
		m, kvs = mapArrayAlloc[Map](len(n.kvs))
	} else {
		kvs = make([]Value, len(n.kvs))
	}
	for i, x := range n.kvs {
		kvs[i] = x.eval(t, l)
	}
	switch {
	case m != nil:
		*m = Map{count: len(kvs) / 2, kvs: kvs}
		return m
	case n.dynKeys:
		checkDistinct(kvs, 2)
	}
	return NewMapFromPairs(kvs)
}

// checkDistinct raises on a repeated key of a map literal (stride 2) or
// element of a set literal (stride 1), as Clojure does: {(keyword "a") 1
// :a 2} is an error, not a silent merge.
func checkDistinct(items []Value, stride int) {
	n := len(items) / stride
	if n < 2 {
		return
	}
	if n <= 16 {
		for i := 0; i < len(items); i += stride {
			for j := i + stride; j < len(items); j += stride {
				if Equal(items[i], items[j]) {
					throw(duplicateKey(items[i]))
				}
			}
		}
		return
	}
	seen := NewSetBuilder()
	for i := 0; i < len(items); i += stride {
		if seen.Contains(items[i]) {
			throw(duplicateKey(items[i]))
		}
		seen.Add(items[i])
	}
}

func duplicateKey(k Value) *Error {
	return Errorf(ValueError, "duplicate key in literal: %s", PrStr(k)).
		WithHint("each key of a map literal (element of a set literal) must be distinct; use assoc or conj to overwrite")
}

type setNode struct{ items []node }

func (n *setNode) eval(t *Thread, l []Value) Value {
	items := make([]Value, len(n.items))
	for i, x := range n.items {
		items[i] = x.eval(t, l)
	}
	checkDistinct(items, 1)
	return NewSet(items)
}

type returnNode struct {
	expr node
}

func (n *returnNode) eval(t *Thread, l []Value) Value {
	panic(&signal{value: n.expr.eval(t, l)})
}

type failNode struct {
	expr node
	pos  Pos
}

func (n *failNode) eval(t *Thread, l []Value) Value {
	v := n.expr.eval(t, l)
	panic(&Error{Kind: Fail, Pos: n.pos, Message: Str(v), Value: v})
}

// errorNode raises a fixed error when evaluated; used for code the
// analyzer accepts but that must fail if it runs.
type errorNode struct{ err *Error }

func (n *errorNode) eval(*Thread, []Value) Value {
	e := *n.err
	panic(&e)
}

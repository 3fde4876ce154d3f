package lang

import (
	"strconv"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// lambda is one analyzed arity of a function: its frame layout and body.
type lambda struct {
	name     string
	nparams  int  // fixed parameters
	variadic bool // takes & rest into slot nparams
	nslots   int  // frame size: params, captures, locals
	capSlots []int
	capNames []string // the captured locals' names, matching capSlots (for snapshots)
	selfSlot int      // slot that holds the function itself (named fn), or -1
	body     node
	pos      Pos
	params   string // printed parameter vector, for messages and docs
	idx      int    // position in Fn.arities and Fn.free
}

// Fn is a closure: a set of arities plus the values it captured.
type Fn struct {
	name     string
	fixed    []*lambda // fixed[i] is the arity taking exactly i args, or nil
	variadic *lambda   // the & rest arity, or nil
	free     [][]Value // captured values, per arity (index matches arities order)
	arities  []*lambda
	doc      string
	src      *fnSource // where it came from, for snapshots
}

// fnSource is what a snapshot needs to write a closure back as code,
// shared by every closure made from one fn form.
type fnSource struct {
	form *reader.Form // the (fn ...) form
	// stamp is the session's var count when form was analyzed: a later
	// var cannot be what a name in form refers to.
	stamp uint64
	// builtins are names form must resolve to library functions although
	// session vars of the same name existed (a restored ptc/builtins).
	builtins map[string]bool
}

// Name is the function's name, or "fn" when anonymous.
func (f *Fn) Name() string {
	if f.name == "" {
		return "fn"
	}
	return f.name
}

// lambdaFor picks the arity for n arguments.
func (f *Fn) lambdaFor(n int) *lambda {
	if n < len(f.fixed) {
		if l := f.fixed[n]; l != nil {
			return l
		}
	}
	if v := f.variadic; v != nil && n >= v.nparams {
		return v
	}
	return nil
}

func (f *Fn) arityError(n int) *Error {
	var ps []string
	for _, a := range f.arities {
		ps = append(ps, a.params)
	}
	return Errorf(ArityError, "%s called with %d argument%s, but it takes %s",
		f.Name(), n, plural(n), strings.Join(ps, " or "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// invoke runs lam with its parameters already in frame[0:nparams] (and the
// rest list in frame[nparams] when variadic).
func (t *Thread) invoke(f *Fn, lam *lambda, frame []Value) Value {
	if free := f.free[lam.idx]; len(free) > 0 {
		for i, s := range lam.capSlots {
			frame[s] = free[i]
		}
	}
	if lam.selfSlot >= 0 {
		frame[lam.selfSlot] = f
	}
	t.depth++
	if t.depth > t.limits.MaxDepth {
		t.depthErr()
	}
	t.step()
	v := lam.body.eval(t, frame)
	for v == recurSignal {
		v = lam.body.eval(t, frame)
	}
	t.depth--
	return v
}

// Builtin is a library function. Builtins receive their arguments in a
// slice that is only valid during the call: copy it to keep it.
type Builtin struct {
	Name string // the name as written in programs, e.g. "map", "clojure.string/join"
	// MinArgs and MaxArgs bound the argument count; MaxArgs -1 means any.
	MinArgs, MaxArgs int
	Fn               func(t *Thread, args []Value) Value
	Doc              *Doc
	// Const, with Doc.Kind "constant", makes the name a value rather than
	// a function (Double/NaN, Math/PI).
	Const Value

	cnode *constNode // shared node for references to this builtin (set by the registry)
}

// node returns the constant node that refers to b.
func (b *Builtin) node() *constNode {
	if b.cnode != nil {
		return b.cnode
	}
	return &constNode{b}
}

// Doc is the catalogue entry of a builtin or special form: the data from
// which the function reference, LLM prompts and REPL completion are made.
type Doc struct {
	Name     string    `json:"name"`
	NS       string    `json:"ns"`
	Kind     string    `json:"kind"` // "function", "special form", "macro"
	Arities  []string  `json:"arities"`
	Doc      string    `json:"doc"`
	Examples []Example `json:"examples,omitempty"`
	Group    string    `json:"group"`
	PTC      bool      `json:"ptc,omitempty"`  // a PTC extension with no clojure.core equivalent
	Bare     bool      `json:"bare,omitempty"` // also reachable without its namespace (e.g. join)
	Note     string    `json:"note,omitempty"`
}

// Example is a program and the pr-str of its value (or "error: kind").
type Example struct {
	Code   string `json:"code"`
	Result string `json:"result"`
}

func (b *Builtin) call(t *Thread, args []Value) Value {
	n := len(args)
	if n < b.MinArgs || (b.MaxArgs >= 0 && n > b.MaxArgs) {
		throw(b.arityError(n))
	}
	return b.Fn(t, args)
}

func (b *Builtin) arityError(n int) *Error {
	want := ""
	switch {
	case b.MaxArgs < 0:
		want = "at least " + strconv.Itoa(b.MinArgs)
	case b.MinArgs == b.MaxArgs:
		want = strconv.Itoa(b.MinArgs)
	default:
		want = strconv.Itoa(b.MinArgs) + " to " + strconv.Itoa(b.MaxArgs)
	}
	e := Errorf(ArityError, "%s called with %d argument%s, but it takes %s", b.Name, n, plural(n), want)
	if b.Doc != nil && len(b.Doc.Arities) > 0 {
		e.Hint = "usage: " + strings.Join(b.Doc.Arities, ", ")
	}
	return e
}

// Call calls any callable value with args: functions, keywords, maps, sets,
// vectors and symbols, as Clojure's IFn does.
func (t *Thread) Call(f Value, args []Value) Value {
	switch fn := f.(type) {
	case *Fn:
		lam := fn.lambdaFor(len(args))
		if lam == nil {
			throw(fn.arityError(len(args)))
		}
		frame := t.alloc(lam.nslots)
		if lam.variadic {
			copy(frame, args[:lam.nparams])
			if len(args) > lam.nparams {
				frame[lam.nparams] = NewList(append([]Value(nil), args[lam.nparams:]...))
			}
		} else {
			copy(frame, args)
		}
		v := t.invoke(fn, lam, frame)
		t.release(frame)
		return v
	case *Builtin:
		t.step()
		return fn.call(t, args)
	}
	return t.callValue(f, args)
}

// call1 calls f with one argument; the common case of map, filter & co.
func (t *Thread) call1(f Value, x Value) Value {
	switch fn := f.(type) {
	case *Fn:
		lam := fn.lambdaFor(1)
		if lam == nil || lam.variadic {
			break
		}
		frame := t.alloc(lam.nslots)
		frame[0] = x
		v := t.invoke(fn, lam, frame)
		t.release(frame)
		return v
	case Keyword:
		return keywordGet(f, x, nil)
	}
	args := t.alloc(1)
	args[0] = x
	v := t.Call(f, args)
	t.release(args)
	return v
}

// call2 calls f with two arguments; the common case of reduce.
func (t *Thread) call2(f Value, x, y Value) Value {
	if fn, ok := f.(*Fn); ok {
		lam := fn.lambdaFor(2)
		if lam != nil && !lam.variadic {
			frame := t.alloc(lam.nslots)
			frame[0] = x
			frame[1] = y
			v := t.invoke(fn, lam, frame)
			t.release(frame)
			return v
		}
	}
	args := t.alloc(2)
	args[0] = x
	args[1] = y
	v := t.Call(f, args)
	t.release(args)
	return v
}

// callValue invokes the non-function callables.
func (t *Thread) callValue(f Value, args []Value) Value {
	switch c := f.(type) {
	case Keyword:
		switch len(args) {
		case 1:
			return keywordGet(f, args[0], nil)
		case 2:
			return keywordGet(f, args[0], args[1])
		}
		throwf(ArityError, "keyword %s called with %d arguments, but it takes 1 or 2 (a map and an optional default)", PrStr(c), len(args))
	case *Map:
		switch len(args) {
		case 1:
			v, _ := flexGet(c, args[0])
			return v
		case 2:
			if v, ok := flexGet(c, args[0]); ok {
				return v
			}
			return args[1]
		}
		throwf(ArityError, "a map called as a function takes 1 or 2 arguments (key and optional default), got %d", len(args))
	case *Set:
		if len(args) != 1 {
			throwf(ArityError, "a set called as a function takes 1 argument, got %d", len(args))
		}
		v, _ := c.Get(args[0])
		return v
	case *Vector:
		if len(args) != 1 {
			throwf(ArityError, "a vector called as a function takes 1 argument (an index), got %d", len(args))
		}
		i, ok := args[0].(int64)
		if !ok {
			throw(Errorf(TypeError, "a vector called as a function expects an integer index, got %s", describeForError(args[0])))
		}
		if i < 0 || i >= int64(c.Len()) {
			throw(Errorf(IndexError, "index %d out of bounds for vector of %d", i, c.Len()).WithHint("use (get v i) to get nil instead of an error"))
		}
		return c.Nth(int(i))
	case Symbol:
		switch len(args) {
		case 1:
			return getValue(args[0], c, nil)
		case 2:
			return getValue(args[0], c, args[1])
		}
	}
	e := Errorf(NotCallable, "%s is not a function", describeForError(f))
	switch f.(type) {
	case string:
		e.Hint = "strings cannot be called; to build a string use (str ...)"
	case int64, float64:
		e.Hint = "numbers cannot be called; check for extra parentheses around a value"
	case nil:
		e.Hint = "the function position holds nil; check the name and that the value was defined"
	case *List:
		e.Hint = "a list is not callable; check for an extra pair of parentheses"
	}
	throw(e)
	return nil
}

package lang

import (
	"github.com/ptc-wasm/ptc/guest/internal/reader"
)

// Built-in macros, expanded into simpler forms. Expansions keep the
// original positions so errors point into the user's source. Generated
// names start with '#', which the reader never produces in a symbol.

func (a *analyzer) expandIfNot(f *reader.Form) *reader.Form {
	a.checkArgs(f, 2, 3, "(if-not test then else?)")
	p := f.Pos
	items := []*reader.Form{sym(p, "if"), list(p, sym(p, "clojure.core/not"), f.Items[1]), f.Items[2]}
	if len(f.Items) == 4 {
		items = append(items, f.Items[3])
	}
	return list(p, items...)
}

func (a *analyzer) expandWhen(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(when test body...)")
	p := f.Pos
	return list(p, sym(p, "if"), f.Items[1], list(p, append([]*reader.Form{sym(p, "do")}, f.Items[2:]...)...))
}

func (a *analyzer) expandWhenNot(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(when-not test body...)")
	p := f.Pos
	return list(p, sym(p, "if"), f.Items[1], &reader.Form{Kind: reader.Nil, Pos: p},
		list(p, append([]*reader.Form{sym(p, "do")}, f.Items[2:]...)...))
}

func (a *analyzer) expandCond(f *reader.Form) *reader.Form {
	cl := f.Items[1:]
	if len(cl)%2 != 0 {
		throw(a.errf(f, AnalysisError, "cond needs an even number of forms (test result pairs), got %d", len(cl)).
			WithHint("end with :else default, e.g. (cond (> x 0) :pos :else :neg)"))
	}
	var build func(i int) *reader.Form
	build = func(i int) *reader.Form {
		if i >= len(cl) {
			return &reader.Form{Kind: reader.Nil, Pos: f.Pos}
		}
		t := cl[i]
		if t.Kind == reader.Keyword || (t.Kind == reader.Bool && t.Bool) {
			return cl[i+1]
		}
		return list(t.Pos, sym(t.Pos, "if"), t, cl[i+1], build(i+2))
	}
	return build(0)
}

func (a *analyzer) expandCondp(f *reader.Form) *reader.Form {
	a.checkArgs(f, 2, -1, "(condp pred expr test result ... default?)")
	p := f.Pos
	pred, expr := sym(p, a.gensym("pred")), sym(p, a.gensym("expr"))
	cl := f.Items[3:]
	var build func(i int) *reader.Form
	build = func(i int) *reader.Form {
		switch len(cl) - i {
		case 0:
			return list(p, sym(p, "#no-match"), expr)
		case 1:
			return cl[i]
		}
		t := cl[i]
		if i+2 < len(cl) && cl[i+1].Kind == reader.Keyword && cl[i+1].Str == ">>" {
			r := sym(p, a.gensym("r"))
			return list(p, sym(p, "let"), vec(p, r, list(t.Pos, pred, t, expr)),
				list(p, sym(p, "if"), r, list(p, cl[i+2], r), build(i+3)))
		}
		return list(t.Pos, sym(p, "if"), list(t.Pos, pred, t, expr), cl[i+1], build(i+2))
	}
	return list(p, sym(p, "let"), vec(p, pred, f.Items[1], expr, f.Items[2]), build(0))
}

// ifLetParts checks the binding vector of if-let and friends.
func (a *analyzer) ifLetParts(f *reader.Form, what string) (*reader.Form, *reader.Form) {
	bs := a.bindingVector(f, what)
	if len(bs) != 2 {
		throw(a.errf(f.Items[1], AnalysisError, "%s takes exactly one binding, got %d", what, len(bs)/2).
			WithHint("usage: (%s [name expr] then else?); nest them for more bindings", what))
	}
	return bs[0], bs[1]
}

func (a *analyzer) expandIfLet(f *reader.Form) *reader.Form {
	a.checkArgs(f, 2, 3, "(if-let [name expr] then else?)")
	return a.condBind(f, "if-let", "if", f.Items[2], elseOf(f, 3))
}

func (a *analyzer) expandWhenLet(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(when-let [name expr] body...)")
	return a.condBind(f, "when-let", "if", doOf(f, 2), nil)
}

func (a *analyzer) expandIfSome(f *reader.Form) *reader.Form {
	a.checkArgs(f, 2, 3, "(if-some [name expr] then else?)")
	return a.condBind(f, "if-some", "some", f.Items[2], elseOf(f, 3))
}

func (a *analyzer) expandWhenSome(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(when-some [name expr] body...)")
	return a.condBind(f, "when-some", "some", doOf(f, 2), nil)
}

func (a *analyzer) expandWhenFirst(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(when-first [name coll] body...)")
	pat, expr := a.ifLetParts(f, "when-first")
	p := f.Pos
	s := sym(p, a.gensym("s"))
	return list(p, sym(p, "let"), vec(p, s, list(p, sym(p, "clojure.core/seq"), expr)),
		list(p, sym(p, "if"), s, list(p, sym(p, "let"), vec(p, pat, list(p, sym(p, "clojure.core/first"), s)), doOf(f, 2))))
}

func elseOf(f *reader.Form, i int) *reader.Form {
	if len(f.Items) > i {
		return f.Items[i]
	}
	return &reader.Form{Kind: reader.Nil, Pos: f.Pos}
}

func doOf(f *reader.Form, i int) *reader.Form {
	return list(f.Pos, append([]*reader.Form{sym(f.Pos, "do")}, f.Items[i:]...)...)
}

// condBind expands if-let/when-let (test "if") and if-some/when-some
// (test "some") into let + if, destructuring only on success.
func (a *analyzer) condBind(f *reader.Form, what, test string, then, els *reader.Form) *reader.Form {
	pat, expr := a.ifLetParts(f, what)
	p := f.Pos
	t := sym(p, a.gensym("t"))
	cond := t
	if test == "some" {
		cond = list(p, sym(p, "clojure.core/some?"), t)
	}
	if els == nil {
		els = &reader.Form{Kind: reader.Nil, Pos: p}
	}
	return list(p, sym(p, "let"), vec(p, t, expr),
		list(p, sym(p, "if"), cond, list(p, sym(p, "let"), vec(p, pat, t), then), els))
}

// threadStep inserts x into step as the first (last=false) or last argument.
func threadStep(step, x *reader.Form, last bool) *reader.Form {
	if step.Kind == reader.List && len(step.Items) > 0 && !isSym(step.Items[0], "fn") && !isSym(step.Items[0], "fn*") {
		items := make([]*reader.Form, 0, len(step.Items)+1)
		if last {
			items = append(items, step.Items...)
			items = append(items, x)
		} else {
			items = append(items, step.Items[0], x)
			items = append(items, step.Items[1:]...)
		}
		return list(step.Pos, items...)
	}
	return list(step.Pos, step, x)
}

func (a *analyzer) expandThreadFirst(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(-> x forms...)")
	return threadAll(f.Items[1], f.Items[2:], false)
}

func (a *analyzer) expandThreadLast(f *reader.Form) *reader.Form {
	a.checkArgs(f, 1, -1, "(->> x forms...)")
	return threadAll(f.Items[1], f.Items[2:], true)
}

// threadForms is room for the forms a short thread makes, and their
// items, in one allocation.
type threadForms struct {
	forms [threadSteps]reader.Form
	items [threadItems]*reader.Form
}

const threadSteps, threadItems = 4, 16

// threadAll threads x through steps, building the new call forms in two
// allocations (one for the forms, one for their items) however many
// steps there are, and in one for a few short steps.
func threadAll(x *reader.Form, steps []*reader.Form, last bool) *reader.Form {
	if len(steps) == 0 {
		return x
	}
	total := 0
	for _, st := range steps {
		total += threadArity(st)
	}
	var forms []reader.Form
	var items []*reader.Form
	if len(steps) <= threadSteps && total <= threadItems {
		tf := new(threadForms)
		forms, items = tf.forms[:len(steps)], tf.items[:0:total]
	} else {
		forms, items = make([]reader.Form, len(steps)), make([]*reader.Form, 0, total)
	}
	for i, st := range steps {
		start := len(items)
		if st.Kind == reader.List && len(st.Items) > 0 && !isSym(st.Items[0], "fn") && !isSym(st.Items[0], "fn*") {
			if last {
				items = append(items, st.Items...)
				items = append(items, x)
			} else {
				items = append(items, st.Items[0], x)
				items = append(items, st.Items[1:]...)
			}
		} else {
			items = append(items, st, x)
		}
		forms[i] = reader.Form{Kind: reader.List, Pos: st.Pos, Items: items[start:len(items):len(items)]}
		x = &forms[i]
	}
	return x
}

// threadArity is the length of the call form threading makes of step.
func threadArity(step *reader.Form) int {
	if step.Kind == reader.List && len(step.Items) > 0 && !isSym(step.Items[0], "fn") && !isSym(step.Items[0], "fn*") {
		return len(step.Items) + 1
	}
	return 2
}

func (a *analyzer) expandAs(f *reader.Form) *reader.Form {
	a.checkArgs(f, 2, -1, "(as-> expr name forms...)")
	p := f.Pos
	name := f.Items[2]
	if name.Kind != reader.Symbol {
		a.fail(name, "as-> needs a name as its second argument")
	}
	bs := []*reader.Form{name, f.Items[1]}
	for _, s := range f.Items[3:] {
		bs = append(bs, name, s)
	}
	return list(p, sym(p, "let"), vec(p, bs...), name)
}

func (a *analyzer) condThread(f *reader.Form, last bool, what string) *reader.Form {
	a.checkArgs(f, 1, -1, "("+what+" x test form ...)")
	cl := f.Items[2:]
	if len(cl)%2 != 0 {
		a.fail(f, "%s needs test/form pairs after the initial value", what)
	}
	p := f.Pos
	g := sym(p, a.gensym("g"))
	bs := []*reader.Form{g, f.Items[1]}
	for i := 0; i < len(cl); i += 2 {
		bs = append(bs, g, list(p, sym(p, "if"), cl[i], threadStep(cl[i+1], g, last), g))
	}
	return list(p, sym(p, "let"), vec(p, bs...), g)
}

func (a *analyzer) expandCondThreadFirst(f *reader.Form) *reader.Form {
	return a.condThread(f, false, "cond->")
}

func (a *analyzer) expandCondThreadLast(f *reader.Form) *reader.Form {
	return a.condThread(f, true, "cond->>")
}

func (a *analyzer) someThread(f *reader.Form, last bool, what string) *reader.Form {
	a.checkArgs(f, 1, -1, "("+what+" x forms...)")
	p := f.Pos
	var build func(x *reader.Form, i int) *reader.Form
	build = func(x *reader.Form, i int) *reader.Form {
		if i >= len(f.Items) {
			return x
		}
		g := sym(p, a.gensym("g"))
		return list(p, sym(p, "let"), vec(p, g, x),
			list(p, sym(p, "if"), list(p, sym(p, "clojure.core/nil?"), g), &reader.Form{Kind: reader.Nil, Pos: p},
				build(threadStep(f.Items[i], g, last), i+1)))
	}
	return build(f.Items[1], 2)
}

func (a *analyzer) expandSomeFirst(f *reader.Form) *reader.Form {
	return a.someThread(f, false, "some->")
}

func (a *analyzer) expandSomeLast(f *reader.Form) *reader.Form {
	return a.someThread(f, true, "some->>")
}

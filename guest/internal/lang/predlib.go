package lang

import (
	"math"
	"strings"
	"unicode/utf8"
)

// predLib: type predicates, numeric predicates, type, and the keyword /
// symbol / name functions.
//
// Characters are one-character strings, so char? is true for a string of
// exactly one character (and string? is true as well). Numeric predicates
// (zero? pos? even? NaN? ...) raise a type_error for non-numbers, as Clojure
// does; even? and odd? take integers only.
func predLib() []*Builtin {
	const g = "Predicates"
	p := func(name, doc string, test func(Value) bool, examples ...Example) *Builtin {
		return fn(nsCore, g, name, 1, 1, []string{"(" + name + " x)"}, doc,
			func(t *Thread, a []Value) Value { return test(a[0]) }, examples...)
	}
	num := func(name, doc string, test func(fname string, x Value) bool, examples ...Example) *Builtin {
		return fn(nsCore, g, name, 1, 1, []string{"(" + name + " x)"}, doc,
			func(t *Thread, a []Value) Value { return test(name, a[0]) }, examples...)
	}
	return []*Builtin{
		p("nil?", "True when x is nil.", func(x Value) bool { return x == nil }, ex("(nil? nil)", "true"), ex("(nil? false)", "false")),
		p("some?", "True when x is not nil (false counts as some).", func(x Value) bool { return x != nil }, ex("(some? false)", "true"), ex("(some? nil)", "false")),
		p("true?", "True when x is the boolean true.", func(x Value) bool { b, ok := x.(bool); return ok && b }, ex("(true? true)", "true"), ex("(true? 1)", "false")),
		p("false?", "True when x is the boolean false.", func(x Value) bool { b, ok := x.(bool); return ok && !b }, ex("(false? false)", "true"), ex("(false? nil)", "false")),
		p("boolean?", "True when x is true or false.", func(x Value) bool { _, ok := x.(bool); return ok }, ex("(boolean? false)", "true")),
		p("number?", "True when x is an integer or a float.", mpIsNumber, ex("(number? 1.5)", "true"), ex(`(number? "1")`, "false")),
		p("int?", "True when x is an integer.", mpIsInt, ex("(int? 5)", "true"), ex("(int? 5.0)", "false")),
		p("integer?", "True when x is an integer.", mpIsInt, ex("(integer? 42)", "true"), ex("(integer? 3.14)", "false")),
		p("float?", "True when x is a float (double).", mpIsFloat, ex("(float? 1.0)", "true"), ex("(float? 1)", "false")),
		p("double?", "True when x is a float (double).", mpIsFloat, ex("(double? 3.14)", "true")),
		p("decimal?", "Always false: there are no BigDecimals.", func(Value) bool { return false }, ex("(decimal? 1.0)", "false")),
		p("ratio?", "Always false: there are no ratios (integer division that is not exact gives a float).", func(Value) bool { return false }, ex("(ratio? 1)", "false")),
		p("rational?", "True when x is an integer (the only rationals, as there are no ratios).", mpIsInt, ex("(rational? 1)", "true"), ex("(rational? 0.5)", "false")),
		p("string?", "True when x is a string (characters are one-character strings).", func(x Value) bool { _, ok := x.(string); return ok }, ex(`(string? "a")`, "true"), ex("(string? :a)", "false")),
		p("char?", "True when x is a one-character string: characters are strings here.", func(x Value) bool {
			s, ok := x.(string)
			return ok && s != "" && utf8.RuneCountInString(s) == 1
		}, ex(`(char? \a)`, "true"), ex(`(char? "ab")`, "false")),
		p("keyword?", "True when x is a keyword.", func(x Value) bool { _, ok := x.(Keyword); return ok }, ex("(keyword? :a)", "true"), ex(`(keyword? "a")`, "false")),
		p("symbol?", "True when x is a symbol ('x).", func(x Value) bool { _, ok := x.(Symbol); return ok }, ex("(symbol? 'x)", "true"), ex("(symbol? :x)", "false")),
		p("fn?", "True when x is a function (not a keyword, map or set used as one).", func(x Value) bool {
			switch x.(type) {
			case *Fn, *Builtin:
				return true
			}
			return false
		}, ex("(fn? inc)", "true"), ex("(fn? :a)", "false")),
		p("ifn?", "True when x can be called: functions, keywords, symbols, maps, sets and vectors.", func(x Value) bool {
			switch x.(type) {
			case *Fn, *Builtin, Keyword, Symbol, *Map, *Set, *Vector:
				return true
			}
			return false
		}, ex("(ifn? :a)", "true"), ex("(ifn? #{1})", "true"), ex(`(ifn? "s")`, "false")),
		p("coll?", "True when x is a vector, list, map or set.", mpIsColl, ex("(coll? {})", "true"), ex(`(coll? "ab")`, "false"), ex("(coll? nil)", "false")),
		p("seq?", "True only for lists ('(1 2), (list ...)); vectors are not seqs.", func(x Value) bool { _, ok := x.(*List); return ok }, ex("(seq? '(1 2))", "true"), ex("(seq? [1 2])", "false")),
		p("seqable?", "True when seq works on x: nil, strings and collections.", isSeqable, ex(`(seqable? "ab")`, "true"), ex("(seqable? 42)", "false")),
		p("sequential?", "True for ordered collections: vectors and lists.", mpIsSequential, ex("(sequential? [1])", "true"), ex("(sequential? #{1})", "false")),
		p("vector?", "True when x is a vector.", func(x Value) bool { _, ok := x.(*Vector); return ok }, ex("(vector? [1])", "true"), ex("(vector? '(1))", "false")),
		p("list?", "True when x is a list.", func(x Value) bool { _, ok := x.(*List); return ok }, ex("(list? '(1))", "true"), ex("(list? [1])", "false")),
		p("map?", "True when x is a map.", func(x Value) bool { _, ok := x.(*Map); return ok }, ex("(map? {:a 1})", "true"), ex("(map? [1 2])", "false")),
		p("set?", "True when x is a set.", func(x Value) bool { _, ok := x.(*Set); return ok }, ex("(set? #{1})", "true"), ex("(set? [1])", "false")),
		p("counted?", "True when x is a collection that knows its count: vector, list, map or set.", mpIsColl, ex("(counted? [1])", "true"), ex(`(counted? "ab")`, "false")),
		p("indexed?", "True when x is a vector (indexed access).", func(x Value) bool { _, ok := x.(*Vector); return ok }, ex("(indexed? [1])", "true"), ex("(indexed? '(1))", "false")),
		p("reversible?", "True when x is a vector.", func(x Value) bool { _, ok := x.(*Vector); return ok }, ex("(reversible? [1])", "true"), ex("(reversible? {:a 1})", "false")),
		p("sorted?", "Always false: maps and sets here are not sorted collections.", func(Value) bool { return false }, ex("(sorted? {:a 1})", "false")),
		p("associative?", "True for maps and vectors (collections with assoc).", func(x Value) bool {
			switch x.(type) {
			case *Map, *Vector:
				return true
			}
			return false
		}, ex("(associative? [1])", "true"), ex("(associative? #{1})", "false")),
		p("map-entry?", "Always false: map entries are plain [k v] vectors.", func(Value) bool { return false }, ex("(map-entry? [:a 1])", "false")),
		p("any?", "Always true.", func(Value) bool { return true }, ex("(any? nil)", "true")),
		num("zero?", "True when the number x is zero.", func(f string, x Value) bool { return toFloat(f, x) == 0 }, ex("(zero? 0)", "true"), ex("(zero? 0.0)", "true"), ex("(zero? nil)", "error: type_error")),
		num("pos?", "True when the number x is greater than zero.", func(f string, x Value) bool { return toFloat(f, x) > 0 }, ex("(pos? 5)", "true"), ex("(pos? 0)", "false")),
		num("neg?", "True when the number x is less than zero.", func(f string, x Value) bool { return toFloat(f, x) < 0 }, ex("(neg? -1)", "true"), ex("(neg? 0)", "false")),
		num("even?", "True when the integer x is even. Floats are a type_error.", func(f string, x Value) bool { return mpIntArg(f, x)%2 == 0 }, ex("(even? 4)", "true"), ex("(even? 4.0)", "error: type_error")),
		num("odd?", "True when the integer x is odd. Floats are a type_error.", func(f string, x Value) bool { return mpIntArg(f, x)%2 != 0 }, ex("(odd? 3)", "true"), ex("(odd? -3)", "true")),
		p("pos-int?", "True when x is an integer greater than zero.", func(x Value) bool { i, ok := x.(int64); return ok && i > 0 }, ex("(pos-int? 1)", "true"), ex("(pos-int? 1.0)", "false")),
		p("neg-int?", "True when x is an integer less than zero.", func(x Value) bool { i, ok := x.(int64); return ok && i < 0 }, ex("(neg-int? -1)", "true")),
		p("nat-int?", "True when x is an integer of zero or more.", func(x Value) bool { i, ok := x.(int64); return ok && i >= 0 }, ex("(nat-int? 0)", "true"), ex("(nat-int? -1)", "false")),
		num("NaN?", "True when the number x is ##NaN.", func(f string, x Value) bool { return math.IsNaN(toFloat(f, x)) }, ex("(NaN? ##NaN)", "true"), ex("(NaN? 1)", "false")),
		num("infinite?", "True when the number x is ##Inf or ##-Inf.", func(f string, x Value) bool { return math.IsInf(toFloat(f, x), 0) }, ex("(infinite? ##-Inf)", "true"), ex("(infinite? 1.0)", "false")),
		fn(nsCore, g, "distinct?", 1, -1, []string{"(distinct? x & more)"}, "True when no two arguments are equal (=).",
			func(t *Thread, a []Value) Value {
				if len(a) == 2 {
					return !Equal(a[0], a[1])
				}
				var b SetBuilder
				for _, x := range a {
					t.step()
					if b.Contains(x) {
						return false
					}
					b.Add(x)
				}
				return true
			}, ex("(distinct? 1 2 3)", "true"), ex("(distinct? 1 2 1)", "false")),

		fn(nsCore, g, "type", 1, 1, []string{"(type x)"},
			"A keyword naming the type of x: :integer :float :string :keyword :symbol :boolean :vector :list :map :set :function :regex :var; nil for nil.",
			func(t *Thread, a []Value) Value { return mpType(a[0]) },
			ex("(type 1)", ":integer"), ex(`(type "s")`, ":string"), ex("(type nil)", "nil")),
		fn(nsCore, g, "boolean", 1, 1, []string{"(boolean x)"}, "false for nil and false, true for anything else.",
			func(t *Thread, a []Value) Value { return Truthy(a[0]) }, ex("(boolean nil)", "false"), ex("(boolean 0)", "true")),
		fn(nsCore, g, "keyword", 1, 2, []string{"(keyword name)", "(keyword ns name)"},
			"A keyword from a string, symbol or keyword; nil for nil or other values. With two arguments, the keyword ns/name.",
			func(t *Thread, a []Value) Value {
				if len(a) == 2 {
					ns, name := mpNSPart("keyword", a[0]), mpNamePart("keyword", a[1])
					if ns == "" {
						return Keyword(name)
					}
					return Keyword(ns + "/" + name)
				}
				switch x := a[0].(type) {
				case Keyword:
					return x
				case string:
					return Keyword(x)
				case Symbol:
					return Keyword(x)
				}
				return nil
			}, ex(`(keyword "status")`, ":status"), ex(`(keyword "user" "id")`, ":user/id"), ex("(keyword nil)", "nil")),
		fn(nsCore, g, "symbol", 1, 2, []string{"(symbol name)", "(symbol ns name)"},
			"A symbol from a string, keyword or symbol. With two arguments, the symbol ns/name.",
			func(t *Thread, a []Value) Value {
				if len(a) == 2 {
					ns, name := mpNSPart("symbol", a[0]), mpNamePart("symbol", a[1])
					if ns == "" {
						return Symbol(name)
					}
					return Symbol(ns + "/" + name)
				}
				switch x := a[0].(type) {
				case Symbol:
					return x
				case string:
					return Symbol(x)
				case Keyword:
					return Symbol(x)
				}
				throw(typeErr("symbol", "a string, keyword or symbol", a[0]))
				return nil
			}, ex(`(symbol "x")`, "x"), ex("(symbol :a)", "a")),
		fn(nsCore, g, "name", 1, 1, []string{"(name x)"},
			"The name of a keyword or symbol as a string, without its namespace; a string is returned as is.",
			func(t *Thread, a []Value) Value {
				switch x := a[0].(type) {
				case string:
					return x
				case Keyword:
					return mpName(string(x))
				case Symbol:
					return mpName(string(x))
				}
				e := typeErr("name", "a keyword, symbol or string", a[0])
				if a[0] == nil {
					e.Hint = "the value is nil; check where it came from"
				} else {
					e.Hint = "to turn any value into a string use (str x)"
				}
				throw(e)
				return nil
			}, ex("(name :status)", `"status"`), ex("(name :user/id)", `"id"`), ex(`(name "s")`, `"s"`)),
		fn(nsCore, g, "namespace", 1, 1, []string{"(namespace x)"},
			"The namespace of a keyword or symbol as a string, or nil when it has none.",
			func(t *Thread, a []Value) Value {
				var s string
				switch x := a[0].(type) {
				case Keyword:
					s = string(x)
				case Symbol:
					s = string(x)
				default:
					throw(typeErr("namespace", "a keyword or symbol", a[0]))
				}
				if ns, ok := mpNamespace(s); ok {
					return ns
				}
				return nil
			}, ex("(namespace :user/id)", `"user"`), ex("(namespace :id)", "nil")),
	}
}

func mpIsNumber(x Value) bool {
	switch x.(type) {
	case int64, float64:
		return true
	}
	return false
}

func mpIsInt(x Value) bool { _, ok := x.(int64); return ok }

func mpIsFloat(x Value) bool { _, ok := x.(float64); return ok }

func mpIsColl(x Value) bool {
	switch x.(type) {
	case *Vector, *List, *Map, *Set:
		return true
	}
	return false
}

func mpIsSequential(x Value) bool {
	switch x.(type) {
	case *Vector, *List:
		return true
	}
	return false
}

// mpIntArg accepts an integer for even?/odd?.
func mpIntArg(fname string, x Value) int64 {
	switch v := x.(type) {
	case int64:
		return v
	case float64:
		e := Errorf(TypeError, "%s expects an integer, got %s", fname, describeForError(x))
		if v == math.Trunc(v) && !math.IsInf(v, 0) {
			e.Hint = "convert whole floats first: (" + fname + " (long x))"
		} else {
			e.Hint = "only integers are even or odd; round first with (long x) or (Math/round x)"
		}
		throw(e)
	}
	throw(numErr(fname, x))
	return 0
}

// mpType is the keyword returned by type.
func mpType(x Value) Value {
	switch x.(type) {
	case nil:
		return nil
	case bool:
		return Keyword("boolean")
	case int64:
		return Keyword("integer")
	case float64:
		return Keyword("float")
	case string:
		return Keyword("string")
	case Keyword:
		return Keyword("keyword")
	case Symbol:
		return Keyword("symbol")
	case *Vector:
		return Keyword("vector")
	case *List:
		return Keyword("list")
	case *Map:
		return Keyword("map")
	case *Set:
		return Keyword("set")
	case *Fn, *Builtin:
		return Keyword("function")
	case *Regex:
		return Keyword("regex")
	case VarRef:
		return Keyword("var")
	}
	return Keyword(TypeName(x))
}

// mpNamespace splits a keyword or symbol string at its first slash.
func mpNamespace(s string) (string, bool) {
	if s == "/" {
		return "", false
	}
	i := strings.IndexByte(s, '/')
	if i <= 0 {
		return "", false
	}
	return s[:i], true
}

// mpName is the part of a keyword or symbol string after its namespace.
func mpName(s string) string {
	if _, ok := mpNamespace(s); ok {
		return s[strings.IndexByte(s, '/')+1:]
	}
	return s
}

// mpNSPart is the namespace argument of (keyword ns name): a string or nil.
func mpNSPart(fname string, x Value) string {
	switch v := x.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	throw(typeErr(fname, "a string namespace", x))
	return ""
}

func mpNamePart(fname string, x Value) string {
	if s, ok := x.(string); ok {
		return s
	}
	throw(typeErr(fname, "a string name", x))
	return ""
}

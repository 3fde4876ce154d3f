package lang

import (
	"math"
	"strings"
)

// coreLib: arithmetic, comparison, equality, printing.
func coreLib() []*Builtin {
	const g = "Arithmetic"
	const gc = "Comparison"
	const gp = "Printing"
	return []*Builtin{
		fn(nsCore, g, "+", 0, -1, []string{"(+)", "(+ x)", "(+ x y & more)"}, "Sum of the numbers; 0 with none. Integer overflow is an arithmetic_error.",
			func(t *Thread, args []Value) Value {
				var acc Value = int64(0)
				for i, x := range args {
					if i == 0 {
						toFloat("+", x)
						acc = x
						continue
					}
					acc = t.arith('+', acc, x)
				}
				return acc
			}, ex("(+ 1 2 3)", "6"), ex("(+ 1 2.5)", "3.5")),
		fn(nsCore, g, "-", 1, -1, []string{"(- x)", "(- x y & more)"}, "Negation of one number, or the first minus the rest.",
			func(t *Thread, args []Value) Value {
				if len(args) == 1 {
					return t.arith('-', int64(0), args[0])
				}
				acc := args[0]
				for _, x := range args[1:] {
					acc = t.arith('-', acc, x)
				}
				return acc
			}, ex("(- 10 3 2)", "5"), ex("(- 5)", "-5")),
		fn(nsCore, g, "*", 0, -1, []string{"(*)", "(* x y & more)"}, "Product of the numbers; 1 with none.",
			func(t *Thread, args []Value) Value {
				var acc Value = int64(1)
				for i, x := range args {
					if i == 0 {
						toFloat("*", x)
						acc = x
						continue
					}
					acc = t.arith('*', acc, x)
				}
				return acc
			}, ex("(* 2 3 4)", "24")),
		fn(nsCore, g, "/", 1, -1, []string{"(/ x)", "(/ x y & more)"}, "Division. Integers that divide exactly give an integer; otherwise the result is a float (there are no ratios). Integer division by zero is an arithmetic_error; float division by zero gives ##Inf or ##NaN.",
			func(t *Thread, args []Value) Value {
				if len(args) == 1 {
					return divide(int64(1), args[0])
				}
				acc := args[0]
				for _, x := range args[1:] {
					acc = divide(acc, x)
				}
				return acc
			}, ex("(/ 10 2)", "5"), ex("(/ 10 4)", "2.5"), ex("(/ 1.0 0)", "##Inf")),
		fn(nsCore, g, "inc", 1, 1, []string{"(inc x)"}, "x plus one.", func(t *Thread, a []Value) Value { return t.arith('+', a[0], int64(1)) }, ex("(inc 41)", "42")),
		fn(nsCore, g, "dec", 1, 1, []string{"(dec x)"}, "x minus one.", func(t *Thread, a []Value) Value { return t.arith('-', a[0], int64(1)) }, ex("(dec 43)", "42")),
		fn(nsCore, g, "quot", 2, 2, []string{"(quot n d)"}, "Integer division truncated toward zero.", func(t *Thread, a []Value) Value { return t.intDiv("quot", a[0], a[1]) }, ex("(quot 7 2)", "3"), ex("(quot -7 2)", "-3")),
		fn(nsCore, g, "rem", 2, 2, []string{"(rem n d)"}, "Remainder of truncated division: the sign follows n.", func(t *Thread, a []Value) Value { return t.intDiv("rem", a[0], a[1]) }, ex("(rem -7 2)", "-1")),
		fn(nsCore, g, "mod", 2, 2, []string{"(mod n d)"}, "Modulus of floored division: the sign follows d.", func(t *Thread, a []Value) Value { return t.intDiv("mod", a[0], a[1]) }, ex("(mod -7 2)", "1")),

		fn(nsCore, gc, "=", 1, -1, []string{"(= x)", "(= x y & more)"}, "Equality as in Clojure: 1 and 1.0 differ (use == for numbers); a vector equals a list with equal elements.",
			func(t *Thread, args []Value) Value {
				for i := 0; i+1 < len(args); i++ {
					if !Equal(args[i], args[i+1]) {
						return false
					}
				}
				return true
			}, ex("(= [1 2] '(1 2))", "true"), ex("(= 1 1.0)", "false")),
		fn(nsCore, gc, "not=", 1, -1, []string{"(not= x)", "(not= x y & more)"}, "(not (= ...)).",
			func(t *Thread, args []Value) Value {
				for i := 0; i+1 < len(args); i++ {
					if !Equal(args[i], args[i+1]) {
						return true
					}
				}
				return false
			}, ex("(not= 1 2)", "true")),
		fn(nsCore, gc, "==", 1, -1, []string{"(== x)", "(== x y & more)"}, "Numeric equality regardless of integer or float.",
			func(t *Thread, args []Value) Value {
				if len(args) == 1 {
					toFloat("==", args[0])
					return true
				}
				for i := 0; i+1 < len(args); i++ {
					eq, ok := NumEqual(args[i], args[i+1])
					if !ok {
						if _, ok := args[i].(int64); !ok {
							if _, ok := args[i].(float64); !ok {
								throw(numErr("==", args[i]))
							}
						}
						throw(numErr("==", args[i+1]))
					}
					if !eq {
						return false
					}
				}
				return true
			}, ex("(== 1 1.0)", "true")),
		fn(nsCore, gc, "<", 1, -1, []string{"(< x)", "(< x y & more)"}, "True when the numbers increase strictly.", relational("<"), ex("(< 1 2 3)", "true")),
		fn(nsCore, gc, ">", 1, -1, []string{"(> x)", "(> x y & more)"}, "True when the numbers decrease strictly.", relational(">"), ex("(> 3 2 1)", "true")),
		fn(nsCore, gc, "<=", 1, -1, []string{"(<= x)", "(<= x y & more)"}, "True when the numbers do not decrease.", relational("<="), ex("(<= 1 1 2)", "true")),
		fn(nsCore, gc, ">=", 1, -1, []string{"(>= x)", "(>= x y & more)"}, "True when the numbers do not increase.", relational(">="), ex("(>= 2 2 1)", "true")),
		fn(nsCore, gc, "compare", 2, 2, []string{"(compare x y)"}, "-1, 0 or 1 as x sorts before, with or after y. nil sorts first; numbers, strings, keywords, booleans and vectors compare among themselves.",
			func(t *Thread, a []Value) Value { return boxInt(int64(Compare(a[0], a[1]))) }, ex("(compare 1 2)", "-1"), ex(`(compare "b" "a")`, "1")),
		fn(nsCore, "Logic", "not", 1, 1, []string{"(not x)"}, "true when x is nil or false.", func(t *Thread, a []Value) Value { return !Truthy(a[0]) }, ex("(not nil)", "true")),
		fn(nsCore, "Functions", "identity", 1, 1, []string{"(identity x)"}, "Returns x.", func(t *Thread, a []Value) Value { return a[0] }, ex("(identity 5)", "5")),
		fn(nsCore, "#internal", "#no-match", 1, 1, nil, "", func(t *Thread, a []Value) Value {
			throw(Errorf(ValueError, "condp: no clause matches %s", PrStr(a[0])).WithHint("add a default expression as the last argument of condp"))
			return nil
		}),

		fn(nsCore, gp, "str", 0, -1, []string{"(str)", "(str x & more)"}, "Concatenates the printed forms of its arguments; nil prints as nothing.",
			func(t *Thread, args []Value) Value {
				if len(args) == 1 {
					if s, ok := args[0].(string); ok {
						return s
					}
				}
				var b strings.Builder
				b.Grow(strSizeHint(args))
				for _, x := range args {
					writeStr(&b, x)
					t.checkString(b.Len())
				}
				t.charge(b.Len() / 64)
				return b.String()
			}, ex(`(str "a" 1 nil :k)`, `"a1:k"`), ex("(str [1 \"x\"])", `"[1 \"x\"]"`)),
		fn(nsCore, gp, "println", 0, -1, []string{"(println & xs)"}, "Records its arguments, printed as by str and joined by spaces, as one line of output. Output goes to the result's prints, never to stdout. Returns nil.",
			func(t *Thread, args []Value) Value {
				t.print(joinPrinted(args, false))
				return nil
			}, ex(`(println "total:" 42)`, "nil")),
		fn(nsCore, gp, "print", 0, -1, []string{"(print & xs)"}, "Like println (output is recorded as one line).",
			func(t *Thread, args []Value) Value {
				t.print(joinPrinted(args, false))
				return nil
			}),
		fn(nsCore, gp, "prn", 0, -1, []string{"(prn & xs)"}, "Like println but prints readably (strings quoted).",
			func(t *Thread, args []Value) Value {
				t.print(joinPrinted(args, true))
				return nil
			}, ex(`(prn "a" 1)`, "nil")),
		fn(nsCore, gp, "pr-str", 0, -1, []string{"(pr-str & xs)"}, "The readable printed form of the arguments, joined by spaces.",
			func(t *Thread, args []Value) Value { return joinPrinted(args, true) }, ex(`(pr-str "a" [1 nil])`, `"\"a\" [1 nil]"`)),
		fn(nsCore, gp, "prn-str", 0, -1, []string{"(prn-str & xs)"}, "pr-str followed by a newline.",
			func(t *Thread, args []Value) Value { return joinPrinted(args, true) + "\n" }),
		fn(nsCore, gp, "print-str", 0, -1, []string{"(print-str & xs)"}, "The str-style printed form of the arguments, joined by spaces.",
			func(t *Thread, args []Value) Value { return joinPrinted(args, false) }, ex(`(print-str "a" 1)`, `"a 1"`)),
		fn(nsCore, gp, "println-str", 0, -1, []string{"(println-str & xs)"}, "print-str followed by a newline.",
			func(t *Thread, args []Value) Value { return joinPrinted(args, false) + "\n" }),
	}
}

// joinPrinted prints args separated by spaces, readably (pr) or not (print).
// print renders nil as "nil", unlike str.
func joinPrinted(args []Value, readably bool) string {
	var b strings.Builder
	for i, x := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case readably:
			writeValue(&b, x, true)
		case x == nil:
			b.WriteString("nil")
		case isHostValue(x):
			b.WriteString(Str(x))
		default:
			writeValue(&b, x, false)
		}
	}
	return b.String()
}

// isHostValue reports whether v is an interop value (a date...), which
// print shows with its String form.
func isHostValue(v Value) bool {
	switch v.(type) {
	case nil, bool, int64, float64, string, Keyword, Symbol, *Vector, *List, *Map, *Set, *Fn, *Builtin, *Regex, VarRef:
		return false
	}
	return true
}

// intDiv is intDivOp with the integer result boxed in the thread's slab.
func (t *Thread) intDiv(op string, a, b Value) Value {
	x, xi := a.(int64)
	y, yi := b.(int64)
	if xi && yi && y > 0 && x >= 0 {
		switch op {
		case "quot":
			return t.box(x / y)
		case "rem", "mod":
			return t.box(x % y)
		}
	}
	return intDivOp(op, a, b)
}

func intDivOp(op string, a, b Value) Value {
	x, xi := a.(int64)
	y, yi := b.(int64)
	if xi && yi {
		if y == 0 {
			throw(Errorf(ArithmeticError, "%s: divide by zero", op).WithHint("check the divisor first, e.g. (if (zero? d) 0 (%s n d))", op))
		}
		if x == math.MinInt64 && y == -1 {
			if op == "quot" {
				overflow(op)
			}
			return int64(0)
		}
		switch op {
		case "quot":
			return boxInt(x / y)
		case "rem":
			return boxInt(x % y)
		}
		m := x % y
		if m != 0 && (m < 0) != (y < 0) {
			m += y
		}
		return boxInt(m)
	}
	fx, fy := toFloat(op, a), toFloat(op, b)
	if fy == 0 {
		throw(Errorf(ArithmeticError, "%s: divide by zero", op))
	}
	// As Clojure: the float quotient must be finite (quot 2 ##Inf is 0.0,
	// but (rem ##Inf 2) and (mod 2 ##NaN) fail).
	if q := fx / fy; math.IsNaN(q) || math.IsInf(q, 0) {
		throw(Errorf(ArithmeticError, "%s: infinite or NaN operand", op).WithHint("check for ##Inf/##NaN with (NaN? x) or (infinite? x) first"))
	}
	if fy == 0 {
		throw(Errorf(ArithmeticError, "%s: divide by zero", op))
	}
	switch op {
	case "quot":
		return math.Trunc(fx / fy)
	case "rem":
		return math.Mod(fx, fy)
	}
	m := math.Mod(fx, fy)
	if m != 0 && (m < 0) != (fy < 0) {
		m += fy
	}
	return m
}

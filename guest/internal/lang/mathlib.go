package lang

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// mathLib: abs, min/max, rounding helpers, bit operations, numeric
// coercions and the "prime" arithmetic aliases.
func mathLib() []*Builtin {
	const g = "Math"
	ptc := func(b *Builtin) *Builtin { b.Doc.PTC = true; return b }
	return []*Builtin{
		fn(nsCore, g, "abs", 1, 1, []string{"(abs x)"}, "Absolute value of a number; integers stay integers.",
			func(t *Thread, a []Value) Value { return mxAbs("abs", a[0]) },
			ex("(abs -3)", "3"), ex("(abs -2.5)", "2.5")),
		fn(nsCore, g, "max", 1, -1, []string{"(max x)", "(max x y & more)"}, "The greatest of the numbers. If any is ##NaN the result is ##NaN. With one argument, returns it unchanged.",
			func(t *Thread, a []Value) Value { return mxMinMax("max", a, 1) },
			ex("(max 1 5 3)", "5"), ex("(max 1 2.0)", "2.0")),
		fn(nsCore, g, "min", 1, -1, []string{"(min x)", "(min x y & more)"}, "The least of the numbers. If any is ##NaN the result is ##NaN. With one argument, returns it unchanged.",
			func(t *Thread, a []Value) Value { return mxMinMax("min", a, -1) },
			ex("(min 4 2 8)", "2"), ex(`(min 1 "a")`, "error: type_error")),

		ptc(fn(nsCore, g, "ceil", 1, 1, []string{"(ceil x)"}, "Rounds toward positive infinity and returns an integer (unlike Math/ceil, which returns a float).",
			func(t *Thread, a []Value) Value { return mxRoundInt("ceil", a[0], math.Ceil) },
			ex("(ceil 1.2)", "2"), ex("(ceil -3.2)", "-3"), ex("(ceil 5)", "5"))),
		ptc(fn(nsCore, g, "floor", 1, 1, []string{"(floor x)"}, "Rounds toward negative infinity and returns an integer (unlike Math/floor, which returns a float).",
			func(t *Thread, a []Value) Value { return mxRoundInt("floor", a[0], math.Floor) },
			ex("(floor -3.7)", "-4"), ex("(floor 3.0)", "3"))),
		ptc(fn(nsCore, g, "round", 1, 1, []string{"(round x)"}, "Rounds to the nearest integer, halves away from zero, and returns an integer. (Math/round rounds halves up instead.)",
			func(t *Thread, a []Value) Value { return mxRoundInt("round", a[0], math.Round) },
			ex("(round 3.5)", "4"), ex("(round -3.5)", "-4"), ex("(round 3.4)", "3"))),
		ptc(fn(nsCore, g, "trunc", 1, 1, []string{"(trunc x)"}, "Drops the fractional part (rounds toward zero) and returns an integer.",
			func(t *Thread, a []Value) Value { return mxRoundInt("trunc", a[0], math.Trunc) },
			ex("(trunc 3.9)", "3"), ex("(trunc -3.7)", "-3"))),
		ptc(fn(nsCore, g, "sqrt", 1, 1, []string{"(sqrt x)"}, "Square root as a float; ##NaN for negative numbers.",
			func(t *Thread, a []Value) Value { return math.Sqrt(toFloat("sqrt", a[0])) },
			ex("(sqrt 16)", "4.0"), ex("(sqrt 2)", "1.4142135623730951"))),
		ptc(fn(nsCore, g, "pow", 2, 2, []string{"(pow base exponent)"}, "base raised to exponent, always a float (Java Math/pow rules for infinities, zeros and ##NaN).",
			func(t *Thread, a []Value) Value { return mxPow(toFloat("pow", a[0]), toFloat("pow", a[1])) },
			ex("(pow 2 10)", "1024.0"), ex("(pow 2 0.5)", "1.4142135623730951"), ex("(pow -2 3)", "-8.0"))),

		fn(nsCore, g, "bit-and", 2, -1, []string{"(bit-and x y & more)"}, "Bitwise AND of integers.",
			mxBitFold("bit-and", func(x, y int64) int64 { return x & y }), ex("(bit-and 12 10)", "8")),
		fn(nsCore, g, "bit-or", 2, -1, []string{"(bit-or x y & more)"}, "Bitwise OR of integers.",
			mxBitFold("bit-or", func(x, y int64) int64 { return x | y }), ex("(bit-or 12 10)", "14")),
		fn(nsCore, g, "bit-xor", 2, -1, []string{"(bit-xor x y & more)"}, "Bitwise exclusive OR of integers.",
			mxBitFold("bit-xor", func(x, y int64) int64 { return x ^ y }), ex("(bit-xor 12 10)", "6")),
		fn(nsCore, g, "bit-and-not", 2, -1, []string{"(bit-and-not x y & more)"}, "x AND the complement of each following integer: clears in x the bits set in the others.",
			mxBitFold("bit-and-not", func(x, y int64) int64 { return x &^ y }), ex("(bit-and-not 15 9)", "6")),
		fn(nsCore, g, "bit-not", 1, 1, []string{"(bit-not x)"}, "Bitwise complement of a 64-bit integer.",
			func(t *Thread, a []Value) Value { return boxInt(^mxBitArg("bit-not", a[0])) }, ex("(bit-not 0)", "-1")),
		fn(nsCore, g, "bit-shift-left", 2, 2, []string{"(bit-shift-left x n)"}, "Shifts x left by n bits. As on the JVM, integers are 64-bit and only the low 6 bits of n count (bits shifted out are lost).",
			mxBit2("bit-shift-left", func(x, n int64) Value { return boxInt(x << uint(n&63)) }), ex("(bit-shift-left 1 10)", "1024")),
		fn(nsCore, g, "bit-shift-right", 2, 2, []string{"(bit-shift-right x n)"}, "Arithmetic (sign-keeping) right shift of x by n bits; only the low 6 bits of n count.",
			mxBit2("bit-shift-right", func(x, n int64) Value { return boxInt(x >> uint(n&63)) }), ex("(bit-shift-right 256 4)", "16"), ex("(bit-shift-right -8 1)", "-4")),
		fn(nsCore, g, "unsigned-bit-shift-right", 2, 2, []string{"(unsigned-bit-shift-right x n)"}, "Right shift of x by n bits filling with zeros (x seen as unsigned 64 bits); only the low 6 bits of n count.",
			mxBit2("unsigned-bit-shift-right", func(x, n int64) Value { return boxInt(int64(uint64(x) >> uint(n&63))) }), ex("(unsigned-bit-shift-right -1 60)", "15")),
		fn(nsCore, g, "bit-set", 2, 2, []string{"(bit-set x n)"}, "x with bit n set to 1 (bit 0 is the lowest).",
			mxBit2("bit-set", func(x, n int64) Value { return boxInt(x | 1<<uint(n&63)) }), ex("(bit-set 0 3)", "8")),
		fn(nsCore, g, "bit-clear", 2, 2, []string{"(bit-clear x n)"}, "x with bit n set to 0.",
			mxBit2("bit-clear", func(x, n int64) Value { return boxInt(x &^ (1 << uint(n&63))) }), ex("(bit-clear 15 1)", "13")),
		fn(nsCore, g, "bit-flip", 2, 2, []string{"(bit-flip x n)"}, "x with bit n inverted.",
			mxBit2("bit-flip", func(x, n int64) Value { return boxInt(x ^ 1<<uint(n&63)) }), ex("(bit-flip 0 2)", "4")),
		fn(nsCore, g, "bit-test", 2, 2, []string{"(bit-test x n)"}, "true when bit n of x is 1.",
			mxBit2("bit-test", func(x, n int64) Value { return x&(1<<uint(n&63)) != 0 }), ex("(bit-test 5 0)", "true"), ex("(bit-test 5 1)", "false")),

		fn(nsCore, "Conversion", "int", 1, 1, []string{"(int x)"}, "Converts to an integer: floats are truncated toward zero (##NaN gives 0), a one-character string gives its code point. As in Clojure the value must fit in 32 bits; use long for larger numbers.",
			func(t *Thread, a []Value) Value { return mxToInt("int", a[0], math.MinInt32, math.MaxInt32) },
			ex("(int 3.7)", "3"), ex(`(int "a")`, "97"), ex("(int 1e10)", "error: arithmetic_error")),
		fn(nsCore, "Conversion", "long", 1, 1, []string{"(long x)"}, "Converts to a 64-bit integer: floats are truncated toward zero (##NaN gives 0), a one-character string gives its code point.",
			func(t *Thread, a []Value) Value { return mxToInt("long", a[0], math.MinInt64, math.MaxInt64) },
			ex("(long 3.99)", "3"), ex("(long -2.5)", "-2")),
		fn(nsCore, "Conversion", "double", 1, 1, []string{"(double x)"}, "Converts a number to a float.",
			func(t *Thread, a []Value) Value { return toFloat("double", a[0]) }, ex("(double 5)", "5.0"), ex(`(double "5")`, "error: type_error")),
		fn(nsCore, "Conversion", "float", 1, 1, []string{"(float x)"}, "Converts a number to a float rounded to single (32-bit) precision. There is one float type, so the result is an ordinary float; magnitudes beyond the 32-bit range are an arithmetic_error.",
			func(t *Thread, a []Value) Value { return mxFloat32("float", toFloat("float", a[0])) }, ex("(float 1)", "1.0"), ex("(float 0.1)", "0.1")),
		fn(nsCore, "Conversion", "num", 1, 1, []string{"(num x)"}, "Returns x when it is a number; otherwise a type_error.",
			func(t *Thread, a []Value) Value { toFloat("num", a[0]); return a[0] }, ex("(num 3)", "3")),

		fn(nsCore, "Arithmetic", "+'", 0, -1, []string{"(+')", "(+' x)", "(+' x y & more)"}, "Same as +. Integers are 64-bit and never promoted to big integers, so overflow is an arithmetic_error here too.",
			func(t *Thread, a []Value) Value { return mxFold("+'", '+', int64(0), a) }, ex("(+' 1 2)", "3")),
		fn(nsCore, "Arithmetic", "-'", 1, -1, []string{"(-' x)", "(-' x y & more)"}, "Same as - (no big-integer promotion).",
			func(t *Thread, a []Value) Value {
				if len(a) == 1 {
					toFloat("-'", a[0])
					return arith2('-', int64(0), a[0])
				}
				return mxFold("-'", '-', nil, a)
			}, ex("(-' 10 3)", "7")),
		fn(nsCore, "Arithmetic", "*'", 0, -1, []string{"(*')", "(*' x)", "(*' x y & more)"}, "Same as * (no big-integer promotion).",
			func(t *Thread, a []Value) Value { return mxFold("*'", '*', int64(1), a) }, ex("(*' 2 3)", "6")),
		fn(nsCore, "Arithmetic", "inc'", 1, 1, []string{"(inc' x)"}, "Same as inc (no big-integer promotion).",
			func(t *Thread, a []Value) Value { return arith2('+', a[0], int64(1)) }, ex("(inc' 1)", "2")),
		fn(nsCore, "Arithmetic", "dec'", 1, 1, []string{"(dec' x)"}, "Same as dec (no big-integer promotion).",
			func(t *Thread, a []Value) Value { return arith2('-', a[0], int64(1)) }, ex("(dec' 1)", "0")),
	}
}

// mxFold folds op over args; init is the value with no args (nil: start
// from the first argument).
func mxFold(name string, op byte, init Value, args []Value) Value {
	if len(args) == 0 {
		return init
	}
	acc := args[0]
	toFloat(name, acc)
	for _, x := range args[1:] {
		acc = arith2(op, acc, x)
	}
	return acc
}

// mxIsNaN reports whether v is a float NaN.
func mxIsNaN(v Value) bool {
	f, ok := v.(float64)
	return ok && f != f
}

func mxAbs(name string, v Value) Value {
	switch x := v.(type) {
	case int64:
		if x == math.MinInt64 {
			overflow(name)
		}
		if x < 0 {
			return boxInt(-x)
		}
		return v
	case float64:
		return math.Abs(x)
	}
	throw(numErr(name, v))
	return nil
}

// mxMinMax is min (dir -1) and max (dir 1): numbers only once two values
// are compared; any NaN makes the result NaN; on ties the later argument
// wins, as in Clojure.
func mxMinMax(name string, args []Value, dir int) Value {
	if len(args) == 1 {
		return args[0]
	}
	for _, x := range args {
		toFloat(name, x)
	}
	best := args[0]
	nan := mxIsNaN(best)
	for _, x := range args[1:] {
		if mxIsNaN(x) {
			nan = true
			best = x
			continue
		}
		if nan {
			continue
		}
		c := numCmp(name, x, best)
		if c == 0 {
			// Equal values: the later one wins, except that max prefers
			// 0.0 over -0.0 and min the reverse (Java Math.max/min).
			if xf, ok := x.(float64); ok && xf == 0 {
				if bf, ok := best.(float64); ok && math.Signbit(xf) != math.Signbit(bf) {
					if math.Signbit(xf) == (dir < 0) {
						best = x
					}
					continue
				}
			}
			best = x
		} else if c == dir {
			best = x
		}
	}
	return best
}

// mxRoundInt rounds with r and returns an integer; integers pass through.
func mxRoundInt(name string, v Value, r func(float64) float64) Value {
	switch x := v.(type) {
	case int64:
		return v
	case float64:
		return mxFloatToInt(name, r(x))
	}
	throw(numErr(name, v))
	return nil
}

// mxFloatToInt converts an already integral float to int64, rejecting
// NaN, infinities and values outside the 64-bit range.
func mxFloatToInt(name string, f float64) Value {
	if f != f || math.IsInf(f, 0) {
		throw(Errorf(ArithmeticError, "%s: cannot convert %s to an integer", name, PrStr(f)).
			WithHint("check for ##NaN / ##Inf first, e.g. with (NaN? x) or (infinite? x)"))
	}
	if f >= 9223372036854775807.0 || f < -9223372036854775808.0 {
		throw(Errorf(ArithmeticError, "%s: %s is outside the 64-bit integer range", name, PrStr(f)).
			WithHint("keep very large magnitudes as floats"))
	}
	return boxInt(int64(f))
}

// mxPow is Java's Math.pow: Go's math.Pow differs for a ##NaN exponent
// with base 1 and for base ±1 with an infinite exponent.
func mxPow(x, y float64) float64 {
	switch {
	case y == 0:
		return 1
	case y != y:
		return math.NaN()
	case math.IsInf(y, 0) && (x == 1 || x == -1):
		return math.NaN()
	}
	return math.Pow(x, y)
}

func mxBitArg(name string, v Value) int64 {
	if x, ok := v.(int64); ok {
		return x
	}
	e := Errorf(TypeError, "%s expects integers, got %s", name, describeForError(v))
	switch v.(type) {
	case float64:
		e.Hint = "bit operations work on integers only; convert with (long x)"
	case nil:
		e.Hint = "a value is nil: check the key or name it came from"
	}
	throw(e)
	return 0
}

func mxBitFold(name string, op func(x, y int64) int64) func(t *Thread, a []Value) Value {
	return func(t *Thread, a []Value) Value {
		acc := mxBitArg(name, a[0])
		for _, x := range a[1:] {
			acc = op(acc, mxBitArg(name, x))
		}
		return boxInt(acc)
	}
}

func mxBit2(name string, op func(x, n int64) Value) func(t *Thread, a []Value) Value {
	return func(t *Thread, a []Value) Value {
		return op(mxBitArg(name, a[0]), mxBitArg(name, a[1]))
	}
}

// mxToInt is int and long: truncation toward zero with a range check.
func mxToInt(name string, v Value, lo, hi int64) Value {
	switch x := v.(type) {
	case int64:
		if x < lo || x > hi {
			throw(Errorf(ArithmeticError, "%s: %d does not fit in 32 bits", name, x).
				WithHint("int is 32-bit as in Clojure; use (long x) for larger values"))
		}
		return v
	case float64:
		if x != x {
			return boxInt(0)
		}
		if x < float64(lo) || x > float64(hi) {
			e := Errorf(ArithmeticError, "%s: value out of range: %s", name, PrStr(x))
			if name == "int" {
				e.Hint = "int is 32-bit as in Clojure; use (long x) for larger values"
			} else {
				e.Hint = "keep very large magnitudes as floats"
			}
			throw(e)
		}
		if x >= 9223372036854775807.0 { // 2^63 as a float: saturate as the JVM does
			return int64(math.MaxInt64)
		}
		return boxInt(int64(x))
	case string:
		r, size := utf8.DecodeRuneInString(x)
		if size > 0 && size == len(x) {
			return boxInt(int64(r))
		}
		throw(Errorf(TypeError, "%s expects a number or a one-character string, got %s", name, describeForError(v)).
			WithHint("to read a number from text use (parse-long s) or (parse-double s)"))
	case bool, nil:
	}
	throw(numErr(name, v))
	return nil
}

// mxFloat32 rounds f to single precision and returns the float64 whose
// shortest printed form is the single-precision one, so (float 0.1)
// prints 0.1 as in Clojure.
func mxFloat32(name string, f float64) float64 {
	if f != f {
		return f
	}
	if math.IsInf(f, 0) || math.Abs(f) > math.MaxFloat32 {
		throw(Errorf(ArithmeticError, "%s: value out of range for a 32-bit float: %s", name, PrStr(f)).
			WithHint("use (double x) to keep the full range"))
	}
	return mxShortest32(float32(f))
}

// mxShortest32 widens a float32 to the float64 with the same shortest
// decimal form.
func mxShortest32(f float32) float64 {
	if f == 0 || math.IsInf(float64(f), 0) {
		return float64(f)
	}
	s := strconv.FormatFloat(float64(f), 'g', -1, 32)
	d, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return float64(f)
	}
	return d
}

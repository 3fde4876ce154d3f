package lang

import (
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Arithmetic and comparison. Integers are int64 and never wrap: overflow
// is an arithmetic_error. Any float operand makes the result a float.

func overflow(op string) {
	throw(Errorf(ArithmeticError, "integer overflow in %s", op).
		WithHint("integers are 64-bit; use a float (e.g. 1.0) for very large magnitudes"))
}

func numErr(op string, v Value) *Error {
	e := Errorf(TypeError, "%s expects numbers, got %s", op, describeForError(v))
	switch v.(type) {
	case nil:
		e.Hint = "a value is nil: check the key or name it came from, or default it with (or x 0) / (fnil f 0)"
	case string:
		e.Hint = "convert strings first with (parse-long s) or (parse-double s)"
	}
	return e
}

func addInt(a, b int64) int64 {
	c := a + b
	if (c > a) != (b > 0) {
		overflow("+")
	}
	return c
}

func subInt(a, b int64) int64 {
	c := a - b
	if (c < a) != (b > 0) {
		overflow("-")
	}
	return c
}

func mulInt(a, b int64) int64 {
	hi, lo := bits.Mul64(uint64(absU(a)), uint64(absU(b)))
	neg := (a < 0) != (b < 0)
	if hi != 0 || lo > math.MaxInt64+boolU(neg) {
		overflow("*")
	}
	if neg {
		return -int64(lo)
	}
	return int64(lo)
}

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// arith is arith2 with an integer result boxed in the thread's slab
// (Thread.box) rather than allocated: (reduce + xs) sums through here.
func (t *Thread) arith(op byte, a, b Value) Value {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			switch op {
			case '+':
				return t.box(addInt(x, y))
			case '-':
				return t.box(subInt(x, y))
			case '*':
				return t.box(mulInt(x, y))
			}
		}
	}
	return arith2(op, a, b)
}

// arith2 applies a binary numeric operation.
func arith2(op byte, a, b Value) Value {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			switch op {
			case '+':
				return boxInt(addInt(x, y))
			case '-':
				return boxInt(subInt(x, y))
			case '*':
				return boxInt(mulInt(x, y))
			}
		case float64:
			return floatOp(op, float64(x), y)
		default:
			throw(numErr(string(op), b))
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return floatOp(op, x, float64(y))
		case float64:
			return floatOp(op, x, y)
		default:
			throw(numErr(string(op), b))
		}
	}
	throw(numErr(string(op), a))
	return nil
}

func floatOp(op byte, x, y float64) Value {
	switch op {
	case '+':
		return x + y
	case '-':
		return x - y
	}
	return x * y
}

func divide(a, b Value) Value {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			if y == 0 {
				throw(Errorf(ArithmeticError, "divide by zero").WithHint("check the divisor first, e.g. (if (zero? d) 0 (/ n d))"))
			}
			if x%y == 0 {
				if x == math.MinInt64 && y == -1 {
					overflow("/")
				}
				return boxInt(x / y)
			}
			return float64(x) / float64(y)
		case float64:
			return float64(x) / y
		}
		throw(numErr("/", b))
	case float64:
		switch y := b.(type) {
		case int64:
			return x / float64(y)
		case float64:
			return x / y
		}
		throw(numErr("/", b))
	}
	throw(numErr("/", a))
	return nil
}

func toFloat(op string, v Value) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	throw(numErr(op, v))
	return 0
}

// numLess compares two numbers.
func numCmp(op string, a, b Value) int {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmpInt(x, y)
		case float64:
			return cmpFloat(float64(x), y)
		}
		throw(numErr(op, b))
	case float64:
		switch y := b.(type) {
		case int64:
			return cmpFloat(x, float64(y))
		case float64:
			return cmpFloat(x, y)
		}
		throw(numErr(op, b))
	}
	throw(numErr(op, a))
	return 0
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// cmpFloat orders floats; NaN compares as "unordered", which we encode as 2
// so every relational test is false, as in Java.
func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	}
	return 2
}

func relTest(op string, c int) bool {
	switch op {
	case "<":
		return c == -1
	case ">":
		return c == 1
	case "<=":
		return c == -1 || c == 0
	case ">=":
		return c == 1 || c == 0
	}
	return false
}

func relational(op string) func(t *Thread, args []Value) Value {
	return func(t *Thread, args []Value) Value {
		if len(args) == 1 {
			toFloat(op, args[0])
			return true
		}
		for i := 0; i+1 < len(args); i++ {
			if !relTest(op, numCmp(op, args[i], args[i+1])) {
				// Clojure checks the remaining operands' types too.
				for _, x := range args[i+1:] {
					toFloat(op, x)
				}
				return false
			}
		}
		return true
	}
}

// Compare is Clojure's compare: nil first, numbers by value, strings,
// keywords and symbols lexicographically, booleans false first, vectors
// by length then element by element. Other mixes are a type_error.
func Compare(a, b Value) int {
	if a == nil {
		if b == nil {
			return 0
		}
		return -1
	}
	if b == nil {
		return 1
	}
	switch x := a.(type) {
	case int64, float64:
		switch b.(type) {
		case int64, float64:
			c := numCmp("compare", a, b)
			if c == 2 {
				return 0
			}
			return c
		}
	case string:
		if y, ok := b.(string); ok {
			return compareStrings(x, y)
		}
	case Keyword:
		if y, ok := b.(Keyword); ok {
			return compareQualified(string(x), string(y))
		}
	case Symbol:
		if y, ok := b.(Symbol); ok {
			return compareQualified(string(x), string(y))
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case *Vector:
		if y, ok := b.(*Vector); ok {
			if x.Len() != y.Len() {
				return cmpInt(int64(x.Len()), int64(y.Len()))
			}
			for i := 0; i < x.Len(); i++ {
				if c := Compare(x.Nth(i), y.Nth(i)); c != 0 {
					return c
				}
			}
			return 0
		}
	}
	if c, ok := a.(interface{ Compare(Value) (int, bool) }); ok {
		if r, ok := c.Compare(b); ok {
			return r
		}
	}
	throw(Errorf(TypeError, "cannot compare %s with %s", describeForError(a), describeForError(b)).
		WithHint("sort values of one type, or give sort-by a key function that returns comparable values"))
	return 0
}

// compareStrings orders strings as Java's String.compareTo does, by UTF-16
// code units. That is byte order for UTF-8 except that characters above
// U+FFFF (surrogate pairs in UTF-16) sort before U+E000..U+FFFF.
func compareStrings(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return cmpInt(int64(len(a)), int64(len(b)))
	}
	if a[i] < utf8.RuneSelf && b[i] < utf8.RuneSelf {
		return cmpInt(int64(a[i]), int64(b[i]))
	}
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	ua, ub := utf16Unit(ra), utf16Unit(rb)
	if ua != ub {
		return cmpInt(int64(ua), int64(ub))
	}
	return cmpInt(int64(ra), int64(rb))
}

// utf16Unit is the first UTF-16 code unit of r.
func utf16Unit(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}

// compareQualified orders ns/name: names without a namespace first.
func compareQualified(a, b string) int {
	ai, bi := strings.IndexByte(a, '/'), strings.IndexByte(b, '/')
	if ai < 0 && bi >= 0 && a != "/" {
		return -1
	}
	if bi < 0 && ai >= 0 && b != "/" {
		return 1
	}
	return compareStrings(a, b)
}

// Specialized nodes for the hottest calls, with no frame traffic.

// operand is an argument of a specialized call. A local or a constant,
// the usual case ((< i n), (- n 1), (inc i)), is read in place instead of
// through its node's eval: under Wasm a call through an interface costs
// far more than the read.
type operand struct {
	n       node
	slot    int   // >= 0: the argument is the local in that slot
	k       Value // the argument when it is a constant
	isConst bool
}

func operandOf(n node) operand {
	switch x := n.(type) {
	case *localNode:
		return operand{n: n, slot: x.slot}
	case *constNode:
		return operand{n: n, slot: -1, k: x.v, isConst: true}
	}
	return operand{n: n, slot: -1}
}

// eval is the argument's value; small enough for the compiler to inline
// into each node's eval.
func (o *operand) eval(t *Thread, l []Value) Value {
	if o.isConst {
		return o.k
	}
	if o.slot >= 0 {
		return l[o.slot]
	}
	return o.n.eval(t, l)
}

// operands are the two arguments of a binary specialized call, evaluated
// a before b.
type operands struct{ a, b operand }

func newOperands(a, b node) operands { return operands{operandOf(a), operandOf(b)} }

type arithNode struct {
	op byte
	operands
	pos Pos
}

func (n *arithNode) eval(t *Thread, l []Value) Value {
	x := n.a.eval(t, l)
	y := n.b.eval(t, l)
	if xi, ok := x.(int64); ok {
		if yi, ok := y.(int64); ok {
			switch n.op {
			case '+':
				c := xi + yi
				if (c > xi) == (yi > 0) {
					return t.box(c)
				}
			case '-':
				c := xi - yi
				if (c < xi) == (yi > 0) {
					return t.box(c)
				}
			case '*':
				if xi > -(1<<31) && xi < 1<<31 && yi > -(1<<31) && yi < 1<<31 {
					return t.box(xi * yi)
				}
			}
		}
	}
	t.pos = n.pos
	return arith2(n.op, x, y)
}

type incNode struct {
	d   int64
	a   operand
	pos Pos
}

func (n *incNode) eval(t *Thread, l []Value) Value {
	x := n.a.eval(t, l)
	if xi, ok := x.(int64); ok {
		c := xi + n.d
		if (c > xi) == (n.d > 0) {
			return t.box(c)
		}
	}
	t.pos = n.pos
	name := "inc"
	if n.d < 0 {
		name = "dec"
	}
	if _, ok := x.(float64); ok {
		return x.(float64) + float64(n.d)
	}
	if _, ok := x.(int64); ok {
		overflow(name)
	}
	throw(numErr(name, x))
	return nil
}

type relNode struct {
	op string
	operands
	pos Pos
}

func (n *relNode) eval(t *Thread, l []Value) Value {
	x := n.a.eval(t, l)
	y := n.b.eval(t, l)
	if xi, ok := x.(int64); ok {
		if yi, ok := y.(int64); ok {
			switch n.op {
			case "<":
				return xi < yi
			case ">":
				return xi > yi
			case "<=":
				return xi <= yi
			case ">=":
				return xi >= yi
			}
		}
	}
	t.pos = n.pos
	return relTest(n.op, numCmp(n.op, x, y))
}

type eqNode struct {
	operands
	not bool
}

func (n *eqNode) eval(t *Thread, l []Value) Value {
	x := n.a.eval(t, l)
	y := n.b.eval(t, l)
	return Equal(x, y) != n.not
}

// specialize returns a faster node for some builtin calls, or nil.
func (r *registry) specialize(b *Builtin, args []node, pos Pos) node {
	if b.Doc == nil || b.Doc.NS != nsCore {
		return nil
	}
	switch len(args) {
	case 1:
		switch b.Doc.Name {
		case "inc":
			return &incNode{d: 1, a: operandOf(args[0]), pos: pos}
		case "dec":
			return &incNode{d: -1, a: operandOf(args[0]), pos: pos}
		}
	case 2:
		switch b.Doc.Name {
		case "+", "-", "*":
			return &arithNode{op: b.Doc.Name[0], operands: newOperands(args[0], args[1]), pos: pos}
		case "<", ">", "<=", ">=":
			return &relNode{op: b.Doc.Name, operands: newOperands(args[0], args[1]), pos: pos}
		case "=":
			return &eqNode{operands: newOperands(args[0], args[1])}
		case "not=":
			return &eqNode{operands: newOperands(args[0], args[1]), not: true}
		}
	}
	return nil
}

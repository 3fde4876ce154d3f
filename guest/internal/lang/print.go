package lang

import (
	"math"
	"strconv"
	"strings"
)

// PrStr renders v readably, as Clojure's pr-str does: strings quoted and
// escaped, floats as Java prints doubles (1.0E-4, ##NaN).
func PrStr(v Value) string {
	var b strings.Builder
	writeValue(&b, v, true)
	return b.String()
}

// AppendPrStr writes PrStr(v) to b without making the string first.
func AppendPrStr(b *strings.Builder, v Value) { writeValue(b, v, true) }

// PrintsJSONPlain reports whether PrStr(v) is plain JSON string content,
// with no character a JSON string escapes: then the printed form can be
// written straight into a JSON document between two quotes (see
// AppendPrStr). It says no for every string (pr-str quotes them) and
// for functions and regexes, whose printed forms are not worth checking.
func PrintsJSONPlain(v Value) bool {
	switch x := v.(type) {
	case nil, bool, int64, float64:
		return true
	case Keyword:
		return jsonPlainText(string(x))
	case Symbol:
		return jsonPlainText(string(x))
	case VarRef:
		return jsonPlainText(string(x))
	case *Vector:
		ok := true
		x.Each(func(_ int, e Value) bool { ok = PrintsJSONPlain(e); return ok })
		return ok
	case *List:
		for l := x; l != nil && l.count > 0; l = l.rest {
			if !PrintsJSONPlain(l.first) {
				return false
			}
		}
		return true
	case *Map:
		ok := true
		x.Each(func(k, e Value) bool { ok = PrintsJSONPlain(k) && PrintsJSONPlain(e); return ok })
		return ok
	case *Set:
		ok := true
		x.Each(func(e Value) bool { ok = PrintsJSONPlain(e); return ok })
		return ok
	}
	return false
}

// jsonPlainText reports whether s is printable ASCII without " and \.
func jsonPlainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// Str renders v as Clojure's str does for one argument: nil is "", strings
// are unquoted, collections print readably.
func Str(v Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatFloat(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case Keyword:
		return ":" + string(x)
	case Symbol:
		return string(x)
	case *Regex:
		return x.Source
	case *Vector, *Map, *Set, *List, *Fn, *Builtin, VarRef:
	default:
		if s, ok := v.(interface{ String() string }); ok {
			return s.String()
		}
	}
	// str of a collection is its readable printed form, as in Clojure.
	var b strings.Builder
	writeValue(&b, v, true)
	return b.String()
}

// FormatFloat prints a double as Java's Double.toString does (and so as
// Clojure's str does): "1.0", "0.001", "1.0E-4", "1.2345678E7", "NaN",
// "Infinity".
func FormatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	// Scientific: shortest digits, Java layout d.dddE[-]n.
	s := strconv.FormatFloat(f, 'e', -1, 64) // e.g. -1.2345e+07, 1e-04
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

func writeFloatReadable(b *strings.Builder, f float64) {
	switch {
	case math.IsNaN(f):
		b.WriteString("##NaN")
	case math.IsInf(f, 1):
		b.WriteString("##Inf")
	case math.IsInf(f, -1):
		b.WriteString("##-Inf")
	default:
		b.WriteString(FormatFloat(f))
	}
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		case '\b':
			b.WriteString(`\b`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// writeValue prints v; readably selects pr style (true: strings quoted)
// or print style (false: strings bare, as println shows them, nested ones
// included).
func writeValue(b *strings.Builder, v Value, readably bool) {
	switch x := v.(type) {
	case nil:
		b.WriteString("nil")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int64:
		writeInt(b, x)
	case float64:
		if readably {
			writeFloatReadable(b, x)
		} else {
			writeFloatReadable(b, x) // str of a float inside a collection prints ##NaN too
		}
	case string:
		if readably {
			writeString(b, x)
		} else {
			b.WriteString(x)
		}
	case Keyword:
		b.WriteByte(':')
		b.WriteString(string(x))
	case Symbol:
		b.WriteString(string(x))
	case VarRef:
		b.WriteString("#'user/")
		b.WriteString(string(x))
	case *Vector:
		b.WriteByte('[')
		x.Each(func(i int, e Value) bool {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeValue(b, e, readably)
			return true
		})
		b.WriteByte(']')
	case *List:
		b.WriteByte('(')
		i := 0
		for l := x; l != nil && l.count > 0; l = l.rest {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeValue(b, l.first, readably)
			i++
		}
		b.WriteByte(')')
	case *Map:
		b.WriteByte('{')
		first := true
		x.Each(func(k, e Value) bool {
			if !first {
				b.WriteString(", ")
			}
			first = false
			writeValue(b, k, readably)
			b.WriteByte(' ')
			writeValue(b, e, readably)
			return true
		})
		b.WriteByte('}')
	case *Set:
		b.WriteString("#{")
		first := true
		x.Each(func(e Value) bool {
			if !first {
				b.WriteByte(' ')
			}
			first = false
			writeValue(b, e, readably)
			return true
		})
		b.WriteByte('}')
	case *Regex:
		b.WriteString("#\"")
		b.WriteString(x.Source)
		b.WriteByte('"')
	case *Fn:
		b.WriteString("#fn[")
		b.WriteString(x.Name())
		b.WriteByte(']')
	case *Builtin:
		b.WriteString("#fn[")
		b.WriteString(x.Name)
		b.WriteByte(']')
	default:
		if p, ok := v.(interface{ PrStr() string }); ok {
			b.WriteString(p.PrStr())
			return
		}
		b.WriteString("#object[")
		b.WriteString(TypeName(v))
		b.WriteByte(']')
	}
}

// writeStr writes Str(x), without making the string first for the
// arguments str is most often given: strings and integers.
func writeStr(b *strings.Builder, x Value) {
	switch x := x.(type) {
	case string:
		b.WriteString(x)
	case int64:
		writeInt(b, x)
	case nil:
	default:
		b.WriteString(Str(x))
	}
}

// strSizeHint is about the length of (str args...): exact for strings,
// integers and nil, a guess for the rest. str grows its builder to it at
// once, instead of doubling it piece by piece (W3 joins 18 pieces a line).
func strSizeHint(args []Value) int {
	n := 0
	for _, x := range args {
		switch x := x.(type) {
		case string:
			n += len(x)
		case int64:
			n += intPrintedLen(x)
		case nil:
		default:
			n += 16
		}
	}
	return n
}

// writeInt writes x in decimal, through a buffer on the stack: FormatInt
// allocates the string of every integer from 100 up, and printed results
// are often collections of integers.
func writeInt(b *strings.Builder, x int64) {
	var buf [20]byte
	b.Write(strconv.AppendInt(buf[:0], x, 10))
}

// intPrintedLen is len(strconv.FormatInt(x, 10)), without making the
// string: results are often collections of integers.
func intPrintedLen(x int64) int {
	n := 1
	u := uint64(x)
	if x < 0 {
		n++
		u = -u
	}
	for ; u >= 10; u /= 10 {
		n++
	}
	return n
}

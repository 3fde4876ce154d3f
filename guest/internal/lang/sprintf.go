package lang

import (
	"strconv"
	"strings"
)

// sprintf is a small formatter for error messages. The interpreter core
// does not import fmt (fmt pulls in os and syscall, which the core must not
// depend on; a test enforces it). It supports %s %v %d %q %x %c %f %g %t
// %T and %%, with an optional width and precision for numbers and strings.
func sprintf(format string, args ...any) string {
	var b strings.Builder
	ai := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			b.WriteByte('%')
			break
		}
		// flags, width, precision
		minus, zero, plus := false, false, false
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				minus = true
				continue
			case '0':
				zero = true
				continue
			case '+':
				plus = true
				continue
			}
			break
		}
		width, prec := -1, -1
		start := i
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		if i > start {
			width, _ = strconv.Atoi(format[start:i])
		}
		if i < len(format) && format[i] == '.' {
			i++
			start = i
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
			prec, _ = strconv.Atoi(format[start:i])
		}
		if i >= len(format) {
			break
		}
		verb := format[i]
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		var arg any
		if ai < len(args) {
			arg = args[ai]
			ai++
		} else {
			b.WriteString("%!" + string(verb) + "(MISSING)")
			continue
		}
		s := formatArg(verb, arg, prec, plus)
		if width > 0 && len(s) < width {
			pad := strings.Repeat(" ", width-len(s))
			switch {
			case minus:
				s += pad
			case zero && verb != 's' && verb != 'q' && verb != 'v':
				sign := ""
				if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
					sign, s = s[:1], s[1:]
				}
				s = sign + strings.Repeat("0", width-len(s)-len(sign)) + s
			default:
				s = pad + s
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

func formatArg(verb byte, arg any, prec int, plus bool) string {
	switch verb {
	case 'd':
		switch x := arg.(type) {
		case int:
			return signed(strconv.Itoa(x), plus)
		case int64:
			return signed(strconv.FormatInt(x, 10), plus)
		case int32:
			return signed(strconv.FormatInt(int64(x), 10), plus)
		case uint64:
			return strconv.FormatUint(x, 10)
		case uint32:
			return strconv.FormatUint(uint64(x), 10)
		}
	case 'x', 'X':
		var s string
		switch x := arg.(type) {
		case int:
			s = strconv.FormatInt(int64(x), 16)
		case int64:
			s = strconv.FormatInt(x, 16)
		case uint64:
			s = strconv.FormatUint(x, 16)
		case string:
			var h strings.Builder
			for i := 0; i < len(x); i++ {
				h.WriteString(strconv.FormatUint(uint64(x[i])|0x100, 16)[1:])
			}
			s = h.String()
		default:
			s = anyString(arg)
		}
		if verb == 'X' {
			s = strings.ToUpper(s)
		}
		return s
	case 'f', 'g', 'e':
		var f float64
		switch x := arg.(type) {
		case float64:
			f = x
		case float32:
			f = float64(x)
		case int:
			f = float64(x)
		case int64:
			f = float64(x)
		default:
			return anyString(arg)
		}
		if verb == 'f' && prec < 0 {
			prec = 6
		}
		return signed(strconv.FormatFloat(f, verb, prec, 64), plus)
	case 'q':
		if s, ok := arg.(string); ok {
			return strconv.Quote(s)
		}
	case 'c':
		switch x := arg.(type) {
		case int32:
			return string(x)
		case int:
			return string(rune(x))
		case byte:
			return string(rune(x))
		}
	case 't':
		if x, ok := arg.(bool); ok {
			return strconv.FormatBool(x)
		}
	case 'T':
		return goTypeName(arg)
	}
	s := anyString(arg)
	if (verb == 's' || verb == 'v') && prec >= 0 && len(s) > prec {
		s = s[:prec]
	}
	return s
}

func signed(s string, plus bool) string {
	if plus && !strings.HasPrefix(s, "-") {
		return "+" + s
	}
	return s
}

// anyString renders a Go value for %s and %v.
func anyString(arg any) string {
	switch x := arg.(type) {
	case nil:
		return "<nil>"
	case string:
		return x
	case []byte:
		return string(x)
	case error:
		return x.Error()
	case interface{ String() string }:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case uint8:
		return strconv.FormatUint(uint64(x), 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case []string:
		return "[" + strings.Join(x, " ") + "]"
	case Keyword, Symbol, *Vector, *Map, *Set, *List, *Fn, *Builtin, *Regex, VarRef:
		return PrStr(x)
	}
	return PrStr(arg)
}

func goTypeName(arg any) string {
	switch arg.(type) {
	case nil:
		return "<nil>"
	case string:
		return "string"
	case int:
		return "int"
	case int64:
		return "int64"
	case float64:
		return "float64"
	case bool:
		return "bool"
	}
	return TypeName(arg)
}

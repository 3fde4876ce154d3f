package reader

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a position in source text. Line and Col are 1-based; Col counts
// runes, not bytes.
type Pos struct{ Line, Col int32 }

// String returns the position as "line:col", e.g. "3:14".
func (p Pos) String() string {
	return strconv.Itoa(int(p.Line)) + ":" + strconv.Itoa(int(p.Col))
}

// Kind is the syntactic kind of a Form.
type Kind uint8

const (
	// Nil is the literal nil.
	Nil Kind = iota
	// Bool is true or false, held in Form.Bool.
	Bool
	// Int is an integer literal, held in Form.Int.
	Int
	// Float is a floating point literal (including ##Inf, ##-Inf and ##NaN),
	// held in Form.Float.
	Float
	// String is a string literal; Form.Str holds the decoded text.
	String
	// Char is a character literal; Form.Str holds the one-rune string.
	Char
	// Keyword is :name or :ns/name; Form.Str holds the text after the colon.
	Keyword
	// Symbol is a symbol; Form.Str holds its name, e.g. "x" or "str/join".
	Symbol
	// List is ( ... ), and also what 'x reads as: (quote x).
	List
	// Vector is [ ... ].
	Vector
	// Map is { ... }: Form.Items holds keys and values alternately.
	Map
	// Set is #{ ... }.
	Set
	// Regex is #"..."; Form.Str holds the pattern source.
	Regex
	// FnLit is #( ... ): Form.Items are the elements inside the parens.
	FnLit
	// VarQuote is #'sym: Form.Items[0] is the symbol form.
	VarQuote
)

// String returns a short lower-case name for k, e.g. "vector".
func (k Kind) String() string {
	switch k {
	case Nil:
		return "nil"
	case Bool:
		return "bool"
	case Int:
		return "int"
	case Float:
		return "float"
	case String:
		return "string"
	case Char:
		return "char"
	case Keyword:
		return "keyword"
	case Symbol:
		return "symbol"
	case List:
		return "list"
	case Vector:
		return "vector"
	case Map:
		return "map"
	case Set:
		return "set"
	case Regex:
		return "regex"
	case FnLit:
		return "fn-literal"
	case VarQuote:
		return "var-quote"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Form is one piece of read source: a literal, a symbol or a collection of
// forms. Only the fields that belong to Kind are set.
//
// Str values may share memory with the source text passed to ReadAll.
type Form struct {
	// Kind says which of the fields below are meaningful.
	Kind Kind
	// Pos is where the form starts: its first character, or the opening
	// delimiter or prefix ('x, #'x, #(...)) of compound forms.
	Pos Pos
	// Bool is the value of a Bool form.
	Bool bool
	// Int is the value of an Int form.
	Int int64
	// Float is the value of a Float form.
	Float float64
	// Str is the decoded text of a String, the one-rune string of a Char,
	// the name without ':' of a Keyword ("a", "ns/a"), the name of a Symbol
	// ("x", "tool/get-orders", "/") or the pattern source of a Regex.
	Str string
	// Items are the elements of a List, Vector, Set or FnLit, the symbol of
	// a VarQuote, or the keys and values of a Map, alternating (k1 v1 k2 v2).
	Items []*Form
}

// String renders f back to readable source, e.g. `(map inc [1 2])`. Strings
// are quoted and escaped. Reading the result gives a form tree equal to f,
// positions aside. It is meant for error messages.
func (f *Form) String() string {
	var b strings.Builder
	f.write(&b)
	return b.String()
}

func (f *Form) write(b *strings.Builder) {
	if f == nil {
		b.WriteString("nil")
		return
	}
	switch f.Kind {
	case Nil:
		b.WriteString("nil")
	case Bool:
		if f.Bool {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Int:
		var buf [24]byte
		b.Write(strconv.AppendInt(buf[:0], f.Int, 10))
	case Float:
		writeFloat(b, f.Float)
	case String:
		writeString(b, f.Str)
	case Char:
		writeChar(b, f.Str)
	case Keyword:
		b.WriteByte(':')
		b.WriteString(f.Str)
	case Symbol:
		b.WriteString(f.Str)
	case List:
		if len(f.Items) == 2 && f.Items[0] != nil && f.Items[0].Kind == Symbol && f.Items[0].Str == "quote" {
			b.WriteByte('\'')
			f.Items[1].write(b)
			return
		}
		writeItems(b, "(", f.Items, ")", false)
	case Vector:
		writeItems(b, "[", f.Items, "]", false)
	case Map:
		writeItems(b, "{", f.Items, "}", true)
	case Set:
		writeItems(b, "#{", f.Items, "}", false)
	case FnLit:
		writeItems(b, "#(", f.Items, ")", false)
	case VarQuote:
		b.WriteString("#'")
		if len(f.Items) > 0 {
			f.Items[0].write(b)
		}
	case Regex:
		writeRegex(b, f.Str)
	default:
		b.WriteString("#<")
		b.WriteString(f.Kind.String())
		b.WriteByte('>')
	}
}

func writeItems(b *strings.Builder, open string, items []*Form, close string, pairs bool) {
	b.WriteString(open)
	for i, it := range items {
		if i > 0 {
			if pairs && i%2 == 0 {
				b.WriteString(", ")
			} else {
				b.WriteByte(' ')
			}
		}
		it.write(b)
	}
	b.WriteString(close)
}

// writeFloat writes x so that it reads back as the same float: it always
// has a '.' or an exponent, and non-finite values use the ## syntax.
func writeFloat(b *strings.Builder, x float64) {
	switch {
	case math.IsInf(x, 1):
		b.WriteString("##Inf")
		return
	case math.IsInf(x, -1):
		b.WriteString("##-Inf")
		return
	case math.IsNaN(x):
		b.WriteString("##NaN")
		return
	}
	var buf [32]byte
	var s []byte
	if a := math.Abs(x); a == 0 || (a >= 1e-4 && a < 1e21) {
		s = strconv.AppendFloat(buf[:0], x, 'f', -1, 64)
	} else {
		s = strconv.AppendFloat(buf[:0], x, 'e', -1, 64)
	}
	b.Write(s)
	for _, c := range s {
		if c == '.' || c == 'e' {
			return
		}
	}
	b.WriteString(".0")
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
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
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				writeU4(b, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

func writeU4(b *strings.Builder, r rune) {
	const hex = "0123456789abcdef"
	b.WriteString(`\u`)
	b.WriteByte(hex[r>>12&0xf])
	b.WriteByte(hex[r>>8&0xf])
	b.WriteByte(hex[r>>4&0xf])
	b.WriteByte(hex[r&0xf])
}

func writeChar(b *strings.Builder, s string) {
	r, n := utf8.DecodeRuneInString(s)
	if n != len(s) || n == 0 || (r == utf8.RuneError && n == 1) {
		// Not a single rune: only possible for hand-built forms.
		b.WriteByte('\\')
		b.WriteString(s)
		return
	}
	switch r {
	case '\n':
		b.WriteString(`\newline`)
	case ' ':
		b.WriteString(`\space`)
	case '\t':
		b.WriteString(`\tab`)
	case '\r':
		b.WriteString(`\return`)
	case '\b':
		b.WriteString(`\backspace`)
	case '\f':
		b.WriteString(`\formfeed`)
	default:
		if r <= 0xffff && (isSpaceRune(r) || !unicode.IsGraphic(r)) {
			writeU4(b, r)
			return
		}
		b.WriteByte('\\')
		b.WriteRune(r)
	}
}

// writeRegex writes the pattern between #" and ", escaping the quotes that
// the reader unescaped. Other backslash sequences are kept as they are.
func writeRegex(b *strings.Builder, s string) {
	b.WriteString(`#"`)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteByte('\\')
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else {
				b.WriteByte('\\')
			}
		case '"':
			b.WriteString(`\"`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

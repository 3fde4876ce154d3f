// Package wirejson reads and writes the JSON documents that cross the
// host↔guest boundary (abi/README.md) without reflection.
//
// encoding/json cost the Go host more per Eval than some small programs
// take to run in the guest: it reflects over structs, validates and
// compacts every json.RawMessage it writes, and decodes numbers through
// json.Number. The documents have a fixed shape, so this package writes
// them by hand and decodes JSON straight into the Go values the host
// hands out: map[string]any, []any, string, bool, nil, int64 for integer
// literals that fit and float64 for other numbers (as
// json.Number.Int64 then Float64 would).
package wirejson

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ptc-wasm/ptc/internal/jsonword"
)

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

// SyntaxError reports JSON that cannot be decoded, with the byte offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "wirejson: " + e.Msg + " at byte " + strconv.Itoa(e.Offset)
}

// Decode parses one JSON value that makes up all of b.
//
// # Errors
//
// *SyntaxError for invalid JSON or nesting deeper than 10,000.
func Decode(b []byte) (any, error) {
	d := decoder{b: b}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.ws()
	if d.i != len(d.b) {
		return nil, d.fail("data after the JSON value")
	}
	return v, nil
}

// ErrNotObject is returned by Members when b is not a JSON object.
var ErrNotObject = errors.New("wirejson: the document is not a JSON object")

// Members decodes b, a JSON object, member by member: fn gets each key
// and its value (decoded as Decode would), in order, duplicates
// included. It saves the map Decode would build, and the keys' strings,
// for documents whose members the caller reads once (the result of
// every Eval). The key's bytes are valid only during the call to fn
// (they may be b's own); switch on string(key), which does not copy.
//
// # Errors
//
// ErrNotObject when b holds another JSON value; *SyntaxError as Decode;
// the first error fn returns, which stops the decoding.
func Members(b []byte, fn func(key []byte, v any) error) error {
	d := decoder{b: b}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		if _, err := Decode(b); err != nil {
			return err
		}
		return ErrNotObject
	}
	if err := d.members(0, fn); err != nil {
		return err
	}
	d.ws()
	if d.i != len(d.b) {
		return d.fail("data after the JSON value")
	}
	return nil
}

type decoder struct {
	b []byte
	i int
}

func (d *decoder) fail(msg string) error { return &SyntaxError{Offset: d.i, Msg: msg} }

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) literal(word string, v any) (any, error) {
	if len(d.b)-d.i < len(word) || string(d.b[d.i:d.i+len(word)]) != word {
		return nil, d.fail("invalid literal")
	}
	d.i += len(word)
	return v, nil
}

func (d *decoder) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.fail("nested too deeply")
	}
	d.ws()
	if d.i >= len(d.b) {
		return nil, d.fail("unexpected end of JSON")
	}
	switch c := d.b[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.str()
	case c == 't':
		return d.literal("true", true)
	case c == 'f':
		return d.literal("false", false)
	case c == 'n':
		return d.literal("null", nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return nil, d.fail("invalid character")
}

func (d *decoder) object(depth int) (any, error) {
	m := map[string]any{}
	if err := d.members(depth, func(k []byte, v any) error {
		m[string(k)] = v
		return nil
	}); err != nil {
		return nil, err
	}
	return m, nil
}

// members reads the object at d.i, handing each key (see key) and value
// to fn in order; the first error, its own or fn's, ends it.
func (d *decoder) members(depth int, fn func(k []byte, v any) error) error {
	d.i++ // {
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return nil
	}
	for {
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return d.fail("object key is not a string")
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return d.fail("missing ':' after an object key")
		}
		d.i++
		v, err := d.value(depth + 1)
		if err != nil {
			return err
		}
		if err := fn(k, v); err != nil {
			return err
		}
		d.ws()
		if d.i >= len(d.b) {
			return d.fail("unexpected end of JSON in an object")
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return nil
		default:
			return d.fail("expected ',' or '}' in an object")
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	d.i++ // [
	a := []any{}
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return a, nil
	}
	for {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.ws()
		if d.i >= len(d.b) {
			return nil, d.fail("unexpected end of JSON in an array")
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return a, nil
		default:
			return nil, d.fail("expected ',' or ']' in an array")
		}
	}
}

func (d *decoder) number() (any, error) {
	start := d.i
	isInt := true
	if d.b[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.b) && d.b[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return nil, d.fail("invalid number")
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		isInt = false
		d.i++
		if digits() == 0 {
			return nil, d.fail("invalid number")
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		isInt = false
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, d.fail("invalid number")
		}
	}
	lit := string(d.b[start:d.i])
	if isInt {
		if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
			return n, nil
		}
	}
	// Out of float64's range is ±Inf or 0, as json.Number.Float64 gives.
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, d.fail("invalid number")
	}
	return f, nil
}

// str parses a string at its opening quote. Invalid UTF-8 and unpaired
// surrogates become U+FFFD, as with encoding/json.
// key reads a string as str does, but returns its bytes: b's own when
// the string has no escapes and is ASCII, else a copy of the decoded
// string's.
func (d *decoder) key() ([]byte, error) {
	start := d.i + 1
	if n := jsonword.PlainPrefixBytes(d.b[start:]); start+n < len(d.b) && d.b[start+n] == '"' {
		d.i = start + n + 1
		return d.b[start : start+n], nil
	}
	s, err := d.str()
	return []byte(s), err
}

func (d *decoder) str() (string, error) {
	d.i++ // "
	start := d.i
	d.i += jsonword.PlainPrefixBytes(d.b[d.i:])
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			s := string(d.b[start:d.i])
			d.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		d.i++
	}
	buf := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return string(buf), nil
		case c < 0x20:
			return "", d.fail("control character in a string")
		case c == '\\':
			if d.i+1 >= len(d.b) {
				return "", d.fail("unexpected end of JSON in a string")
			}
			e := d.b[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := d.hex4()
				if !ok {
					return "", d.fail("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := utf8.RuneError
					if d.i+1 < len(d.b) && d.b[d.i] == '\\' && d.b[d.i+1] == 'u' {
						save := d.i
						d.i += 2
						if lo, ok := d.hex4(); ok {
							if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
								r2 = dec
							} else {
								d.i = save
							}
						} else {
							d.i = save
						}
					}
					r = r2
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", d.fail("invalid escape in a string")
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			d.i++
		default:
			r, w := utf8.DecodeRune(d.b[d.i:])
			if r == utf8.RuneError && w == 1 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
			} else {
				buf = append(buf, d.b[d.i:d.i+w]...)
			}
			d.i += w
		}
	}
	return "", d.fail("unexpected end of JSON in a string")
}

func (d *decoder) hex4() (rune, bool) {
	if len(d.b)-d.i < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.b[d.i:d.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}

// AppendString appends s to b as a JSON string literal. Invalid UTF-8
// becomes U+FFFD.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if n := jsonword.PlainPrefix(s[i:]); n > 0 {
			i += n
			continue
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+w]...)
		}
		i += w
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Clone is a deep copy of a value Decode returned: new maps and slices,
// the same scalars (strings are immutable, so they are shared). It is
// how the host keeps its own copy of a tool's arguments: a tool may change
// the map it is given, and copying is several times cheaper than decoding
// the request again.
func Clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = Clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = Clone(e)
		}
		return s
	}
	return v
}

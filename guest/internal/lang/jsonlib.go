package lang

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ptc-wasm/ptc/internal/jsonword"
)

// JSON: json/parse-string, json/generate-string, json/parse-lines and the
// cheshire (encode, decode) and clojure.data.json (read-str, write-str)
// spellings. The parser and encoder are written here rather than with
// encoding/json (which the core may not import, and which would lose
// integer precision and object key order).
//
// Parsing: objects become maps with string keys in document order
// (keywords with a true second argument, as cheshire does), integers that
// fit in 64 bits become integers, other numbers floats. Invalid input gives
// nil rather than an error, so programs can test the result.
//
// Encoding: keyword and symbol values and keys are written as their names
// (as cheshire does); integer keys as decimal text; vectors, lists and sets
// as arrays. NaN, infinities, functions and other values JSON cannot hold
// are a type_error naming where in the value they are.

func jsonLib() []*Builtin {
	const g = "JSON"
	parseDoc := "Parses the JSON text s. Objects become maps with string keys (keyword keys when the second argument is true, or keys passed through key-fn when it is a function), integers become integers, other numbers floats. Returns nil when s is not valid JSON or not a string."
	genDoc := "Encodes x as JSON text. Map keys that are keywords are written as their names and integer keys as decimal text; keyword values are written as their names; vectors, lists and sets become arrays. NaN, infinities and functions are a type_error naming their position. Options map: {:pretty true} indents the output."
	parse := func(t *Thread, a []Value) Value {
		var opt Value
		if len(a) > 1 {
			opt = a[1]
		}
		p := sxJSONParser{t: t}
		switch o := opt.(type) {
		case nil:
		case bool:
			p.kw = o
		default:
			if !sxCallable(opt) {
				throw(typeErr("json/parse-string", "true, false or a key function as its second argument", opt))
			}
			p.setKeyFn(opt)
		}
		return p.parseAll(a[0])
	}
	generate := func(name string) func(t *Thread, a []Value) Value {
		return func(t *Thread, a []Value) Value {
			e := sxJSONEnc{t: t, fname: name}
			if len(a) > 1 && a[1] != nil {
				m, ok := a[1].(*Map)
				if !ok {
					throw(typeErr(name, "an options map such as {:pretty true}", a[1]))
				}
				e.options(m)
			}
			return e.encode(a[0])
		}
	}
	return []*Builtin{
		fn(nsJSON, g, "parse-string", 1, 2, []string{"(json/parse-string s)", "(json/parse-string s keywordize?)", "(json/parse-string s key-fn)"}, parseDoc, parse,
			ex(`(json/parse-string "{\"a\": 1, \"b\": [2, 3.5, null]}")`, `{"a" 1, "b" [2 3.5 nil]}`),
			ex(`(json/parse-string "{\"id\": 7}" true)`, `{:id 7}`),
			ex(`(json/parse-string "not json")`, "nil")),
		fn(nsJSON, g, "decode", 1, 2, []string{"(json/decode s)", "(json/decode s keywordize?)", "(json/decode s key-fn)"}, "Same as json/parse-string (cheshire's name).", parse,
			ex(`(json/decode "[1, \"two\"]")`, `[1 "two"]`)),
		fn(nsJSON, g, "read-str", 1, -1, []string{"(json/read-str s & {:keys [key-fn]})"},
			"Same as json/parse-string, with clojure.data.json's keyword options: (json/read-str s :key-fn keyword).",
			func(t *Thread, a []Value) Value {
				p := sxJSONParser{t: t}
				for i := 1; i+1 < len(a); i += 2 {
					if k, ok := a[i].(Keyword); ok && k == "key-fn" && a[i+1] != nil {
						if !sxCallable(a[i+1]) {
							throw(typeErr("json/read-str", "a function for :key-fn", a[i+1]))
						}
						p.setKeyFn(a[i+1])
					}
				}
				return p.parseAll(a[0])
			},
			ex(`(json/read-str "{\"n\": 1}" :key-fn keyword)`, `{:n 1}`)),
		sxPTC(fn(nsJSON, g, "parse-lines", 1, 1, []string{"(json/parse-lines s)"},
			"Parses newline-delimited JSON: a vector with one value per non-blank line; a line that is not valid JSON gives nil.",
			func(t *Thread, a []Value) Value {
				s, ok := a[0].(string)
				if !ok {
					return nil
				}
				var out []Value
				for len(s) > 0 {
					line := s
					if i := strings.IndexByte(s, '\n'); i >= 0 {
						line, s = s[:i], s[i+1:]
					} else {
						s = ""
					}
					if strings.TrimSpace(line) == "" {
						continue
					}
					p := sxJSONParser{t: t}
					out = append(out, p.parseAll(line))
					t.checkCollection(len(out))
				}
				return NewVector(out)
			},
			ex(`(json/parse-lines "{\"a\":1}\n\n[2,3]\nnope\n")`, `[{"a" 1} [2 3] nil]`))),
		fn(nsJSON, g, "generate-string", 1, 2, []string{"(json/generate-string x)", "(json/generate-string x opts)"}, genDoc, generate("json/generate-string"),
			ex(`(json/generate-string {:name "Ann" :tags ["a" "b"] :n 1.5})`, `"{\"name\":\"Ann\",\"tags\":[\"a\",\"b\"],\"n\":1.5}"`),
			ex(`(json/generate-string [nil true :ok])`, `"[null,true,\"ok\"]"`),
			ex(`(json/generate-string {:x ##NaN})`, "error: type_error")),
		fn(nsJSON, g, "encode", 1, 2, []string{"(json/encode x)", "(json/encode x opts)"}, "Same as json/generate-string (cheshire's name).", generate("json/encode"),
			ex(`(json/encode {1 "one"})`, `"{\"1\":\"one\"}"`)),
		fn(nsJSON, g, "write-str", 1, -1, []string{"(json/write-str x & {:keys [key-fn indent]})"},
			"Same as json/generate-string, with clojure.data.json's keyword options :key-fn (applied to each map key) and :indent true.",
			func(t *Thread, a []Value) Value {
				e := sxJSONEnc{t: t, fname: "json/write-str"}
				for i := 1; i+1 < len(a); i += 2 {
					k, _ := a[i].(Keyword)
					switch k {
					case "key-fn":
						if a[i+1] != nil {
							e.keyFn = a[i+1]
						}
					case "indent", "pretty":
						e.pretty = Truthy(a[i+1])
					}
				}
				return e.encode(a[0])
			},
			ex(`(json/write-str {:a [1 2]})`, `"{\"a\":[1,2]}"`)),
	}
}

// ---- parsing ----

type sxJSONParser struct {
	// t is the program's Thread, charged for the parse; nil for a
	// document at the host boundary, which is neither charged nor
	// bounded (see DecodeJSON).
	t     *Thread
	s     string
	i     int
	depth int
	kw    bool  // keyword keys
	keyFn Value // or keys passed through this function

	// stack holds the entries of the objects and arrays being parsed, so
	// each collection is made once, at its exact size, when it closes.
	stack []Value
	// keys interns object keys: documents repeat the same few keys (the
	// fields of an array of objects), and each one boxed anew would be an
	// allocation. It is a direct-mapped table in the parser itself rather
	// than a Go map, which cost an allocation and a hash per key, and
	// more so in Wasm: a key whose slot holds another key replaces it.
	keys [keySlots]Value
	// arena holds the pieces of the values made (jsonarena.go).
	arena jsonArena
}

// keySlots is the size of the key table: room for the fields of the
// objects of a typical document, small enough to clear for next to
// nothing.
const keySlots = 1 << keySlotBits

const keySlotBits = 6

// keySlot is the first table slot of key k (its pair partner, slot^1, is
// the second): a hash of its length and three of its bytes, which tells
// apart the field names of nearly every document for a few instructions.
func keySlot(k string) int {
	n := len(k)
	if n == 0 {
		return 0
	}
	h := uint32(n) | uint32(k[0])<<8 | uint32(k[n/2])<<16 | uint32(k[n-1])<<24
	return int(h * 0x9E3779B1 >> (32 - keySlotBits)) // Fibonacci hashing
}

// key returns object key k, whose slot is i (keySlot), as a Value, boxed
// once per parse while it keeps its place in the table. The keys of the
// top-level object are seen once, so they are not interned: that would
// only cost the table.
func (p *sxJSONParser) key(k string, i int) Value {
	if p.keyFn != nil {
		return p.t.call1(p.keyFn, k)
	}
	if p.depth == 1 {
		return p.boxKey(k)
	}
	for _, j := range [2]int{i, i ^ 1} {
		if p.sameKey(p.keys[j], k) {
			return p.keys[j]
		}
	}
	if p.keys[i] != nil && p.keys[i^1] == nil {
		i ^= 1
	}
	p.keys[i] = p.boxKey(k)
	return p.keys[i]
}

// boxKey is k as a key Value: a keyword with keyword keys, else a string.
func (p *sxJSONParser) boxKey(k string) Value {
	if p.kw {
		return Keyword(k)
	}
	return p.boxString(k)
}

// sameKey reports whether the interned key v is k.
func (p *sxJSONParser) sameKey(v Value, k string) bool {
	if p.kw {
		x, ok := v.(Keyword)
		return ok && string(x) == k
	}
	x, ok := v.(string)
	return ok && x == k
}

// pop removes the entries above mark from the stack and returns them in a
// slice of their own.
func (p *sxJSONParser) pop(mark int) []Value {
	items := p.newValues(len(p.stack) - mark)
	copy(items, p.stack[mark:])
	clear(p.stack[mark:])
	p.stack = p.stack[:mark]
	return items
}

const sxJSONMaxDepth = 10000

func (p *sxJSONParser) setKeyFn(f Value) {
	if b, ok := f.(*Builtin); ok && b.Name == "keyword" {
		p.kw = true
		return
	}
	p.keyFn = f
}

// parseAll parses a whole document; nil when v is not a string holding
// exactly one JSON value.
func (p *sxJSONParser) parseAll(v Value) Value {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	p.s, p.i = s, 0
	p.stack = p.stack[:0]
	p.t.charge(len(s) / 16)
	out, ok := p.value()
	if !ok {
		return nil
	}
	p.ws()
	if p.i != len(p.s) {
		return nil
	}
	return out
}

func (p *sxJSONParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *sxJSONParser) value() (Value, bool) {
	p.ws()
	if p.i >= len(p.s) {
		return nil, false
	}
	if p.t != nil {
		p.t.step()
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, ok := p.str()
		return p.boxString(s), ok
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return true, true
	case strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return false, true
	case strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return nil, true
	}
	return nil, false
}

func (p *sxJSONParser) object() (Value, bool) {
	if empty, ok := p.open('}'); empty || !ok {
		return EmptyMap(), ok
	}
	p.initStack()
	mark := len(p.stack)
	// slots has a bit for the slot of each key so far (keySlot): while no
	// two keys share one, no two are equal, and the map needs no search
	// for duplicate keys. A key function may make equal keys of any.
	var slots uint64
	distinct := p.keyFn == nil
	for {
		k, ok := p.memberKey()
		if !ok {
			return nil, false
		}
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		slot := keySlot(k)
		if slots&(1<<slot) != 0 {
			distinct = false
		}
		slots |= 1 << slot
		p.stack = append(p.stack, p.key(k, slot), v)
		if p.t != nil {
			p.t.checkCollection((len(p.stack) - mark) / 2)
		}
		if more, ok := p.next('}'); !more {
			if !ok {
				return nil, false
			}
			return p.newMap(p.pop(mark), distinct), true
		}
	}
}

func (p *sxJSONParser) array() (Value, bool) {
	if empty, ok := p.open(']'); empty || !ok {
		return EmptyVector(), ok
	}
	p.initStack()
	mark := len(p.stack)
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, v)
		if p.t != nil {
			p.t.checkCollection(len(p.stack) - mark)
		}
		if more, ok := p.next(']'); !more {
			if !ok {
				return nil, false
			}
			return NewVector(p.pop(mark)), true
		}
	}
}

// initStack gives the stack room for the entries of a few nested
// objects: growing it from nothing took five allocations for a document
// of a few KiB.
func (p *sxJSONParser) initStack() {
	if p.stack == nil {
		p.stack = make([]Value, 0, 32)
	}
}

// open enters the object or array whose opening bracket is at the
// cursor; end is its closing bracket. An empty one is read whole (empty
// is true); ok is false when it is nested too deep.
func (p *sxJSONParser) open(end byte) (empty, ok bool) {
	p.depth++
	if p.depth > sxJSONMaxDepth {
		return false, false
	}
	p.i++
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == end {
		p.i++
		p.depth--
		return true, true
	}
	return false, true
}

// memberKey reads an object member's key and the colon after it.
func (p *sxJSONParser) memberKey() (string, bool) {
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", false
	}
	k, ok := p.str()
	if !ok {
		return "", false
	}
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] != ':' {
		return "", false
	}
	p.i++
	return k, true
}

// next reads what follows an element of an object or array: a comma
// (more is true) or the closing bracket end, which leaves the
// collection. ok is false for anything else.
func (p *sxJSONParser) next(end byte) (more, ok bool) {
	p.ws()
	if p.i < len(p.s) {
		switch p.s[p.i] {
		case ',':
			p.i++
			return true, true
		case end:
			p.i++
			p.depth--
			return false, true
		}
	}
	return false, false
}

// str parses a string starting at the opening quote. Invalid UTF-8 and
// unpaired surrogate escapes become U+FFFD, as Go's encoding/json does.
func (p *sxJSONParser) str() (string, bool) {
	p.i++ // "
	start := p.i
	// Fast path: no escapes, valid UTF-8 (checked only when a byte is
	// not ASCII).
	ascii := true
	for j := start; j < len(p.s); j++ {
		if j+8 <= len(p.s) && jsonword.Plain(jsonword.Load(p.s, j)) {
			j += 7
			continue
		}
		c := p.s[j]
		if c == '"' {
			seg := p.s[start:j]
			if ascii || utf8.ValidString(seg) {
				p.i = j + 1
				return seg, true
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), true
		case c < 0x20:
			return "", false
		case c == '\\':
			p.i++
			if p.i >= len(p.s) {
				return "", false
			}
			e := p.s[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if strings.HasPrefix(p.s[p.i:], `\u`) {
						save := p.i
						p.i += 2
						if x, ok := p.hex4(); ok {
							r2 = x
						}
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r = d
						} else {
							p.i = save
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				b.WriteRune(r)
			default:
				return "", false
			}
		default:
			r, w := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && w == 1 {
				b.WriteString("\uFFFD")
			} else {
				b.WriteString(p.s[p.i : p.i+w])
			}
			p.i += w
		}
	}
	return "", false
}

func (p *sxJSONParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil || strings.ContainsAny(p.s[p.i:p.i+4], "+-_xX") {
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

// number parses -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
func (p *sxJSONParser) number() (Value, bool) {
	s, start := p.s, p.i
	i := p.i
	if s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return nil, false
	}
	isInt := true
	if i < len(s) && s[i] == '.' {
		i++
		isInt = false
		if digits() == 0 {
			return nil, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		isInt = false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	p.i = i
	text := s[start:i]
	if isInt && len(text) <= 18 {
		// At most 18 digits cannot overflow: add them up here, where
		// strconv.ParseInt would check the text all over again.
		n, neg := int64(0), text[0] == '-'
		if neg {
			text = text[1:]
		}
		for j := 0; j < len(text); j++ {
			n = n*10 + int64(text[j]-'0')
		}
		if neg {
			n = -n
		}
		return p.boxInt(n), true
	}
	if isInt {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			return p.boxInt(v), true
		}
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return nil, false
		}
	}
	return v, true
}

// ---- encoding ----

type sxJSONEnc struct {
	t      *Thread
	fname  string
	b      strings.Builder
	path   []Value
	pretty bool
	nest   int
	keyFn  Value
}

func (e *sxJSONEnc) options(m *Map) {
	if v, ok := flexGet(m, Keyword("pretty")); ok {
		e.pretty = Truthy(v)
	}
	if v, ok := flexGet(m, Keyword("key-fn")); ok && v != nil {
		e.keyFn = v
	}
}

func (e *sxJSONEnc) encode(v Value) string {
	e.value(v)
	e.t.checkString(e.b.Len())
	return e.b.String()
}

func (e *sxJSONEnc) where() string {
	if len(e.path) == 0 {
		return ""
	}
	return " at " + PrStr(NewVector(append([]Value(nil), e.path...)))
}

func (e *sxJSONEnc) fail(what, hint string) {
	throw(Errorf(TypeError, "%s: cannot encode %s as a JSON value%s", e.fname, what, e.where()).WithHint("%s", hint))
}

func (e *sxJSONEnc) value(v Value) {
	e.t.step()
	switch x := v.(type) {
	case nil:
		e.b.WriteString("null")
	case bool:
		if x {
			e.b.WriteString("true")
		} else {
			e.b.WriteString("false")
		}
	case int64:
		e.b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			e.fail(PrStr(x), "JSON has no NaN or infinity: replace the value first, e.g. with nil or a string")
		}
		e.b.WriteString(FormatFloat(x))
	case string:
		sxJSONQuote(&e.b, x)
		e.t.checkString(e.b.Len())
	case Keyword:
		sxJSONQuote(&e.b, string(x))
	case Symbol:
		sxJSONQuote(&e.b, string(x))
	case *Vector:
		e.open('[')
		x.Each(func(i int, el Value) bool {
			e.elem(i)
			e.path = append(e.path, boxInt(int64(i)))
			e.value(el)
			e.path = e.path[:len(e.path)-1]
			return true
		})
		e.close(']', x.Len())
	case *List:
		e.open('[')
		x.Each(func(i int, el Value) bool {
			e.elem(i)
			e.path = append(e.path, boxInt(int64(i)))
			e.value(el)
			e.path = e.path[:len(e.path)-1]
			return true
		})
		e.close(']', x.Len())
	case *Set:
		e.open('[')
		i := 0
		x.Each(func(el Value) bool {
			e.elem(i)
			e.path = append(e.path, boxInt(int64(i)))
			e.value(el)
			e.path = e.path[:len(e.path)-1]
			i++
			return true
		})
		e.close(']', x.Len())
	case *Map:
		e.mapValue(x)
	case *Fn, *Builtin:
		e.fail("a function", "call the function, or leave it out of the data")
	case *Regex:
		e.fail("a regex", "convert it with (str re), or leave it out of the data")
	default:
		if j, ok := v.(interface{ JSONValue() Value }); ok {
			e.value(j.JSONValue())
			return
		}
		e.fail("a "+TypeName(v), "convert it to a string, number, map or vector first, e.g. with (str x)")
	}
	if e.b.Len() > 1<<16 {
		e.t.checkString(e.b.Len())
	}
}

func (e *sxJSONEnc) open(c byte) {
	e.b.WriteByte(c)
	if c == '{' {
		e.nest++
	}
}

// elem writes the separator before element i of an array.
func (e *sxJSONEnc) elem(i int) {
	if e.pretty {
		if i == 0 {
			e.b.WriteByte(' ')
		} else {
			e.b.WriteString(", ")
		}
	} else if i > 0 {
		e.b.WriteByte(',')
	}
}

func (e *sxJSONEnc) close(c byte, n int) {
	if c == '}' {
		e.nest--
	}
	if e.pretty {
		switch {
		case n == 0:
			e.b.WriteByte(' ')
		case c == '}':
			e.b.WriteByte('\n')
			e.b.WriteString(strings.Repeat("  ", e.nest))
		default:
			e.b.WriteByte(' ')
		}
	}
	e.b.WriteByte(c)
}

func (e *sxJSONEnc) mapValue(m *Map) {
	e.open('{')
	var seen map[string]struct{}
	if m.Len() > 1 {
		seen = make(map[string]struct{}, m.Len())
	}
	i := 0
	m.Each(func(k, v Value) bool {
		name := e.key(k)
		if seen != nil {
			if _, dup := seen[name]; dup {
				throw(Errorf(TypeError, "%s: two keys of a map both encode to the JSON key %s%s", e.fname, PrStr(name), e.where()).
					WithHint("a map holding both :k and \"k\" (or 1 and \"1\") cannot become a JSON object; keep one of them"))
			}
			seen[name] = struct{}{}
		}
		if e.pretty {
			if i > 0 {
				e.b.WriteByte(',')
			}
			e.b.WriteByte('\n')
			e.b.WriteString(strings.Repeat("  ", e.nest))
		} else if i > 0 {
			e.b.WriteByte(',')
		}
		sxJSONQuote(&e.b, name)
		if e.pretty {
			e.b.WriteString(" : ")
		} else {
			e.b.WriteByte(':')
		}
		e.path = append(e.path, k)
		e.value(v)
		e.path = e.path[:len(e.path)-1]
		i++
		return true
	})
	e.close('}', m.Len())
}

// key is the JSON object key for map key k.
func (e *sxJSONEnc) key(k Value) string {
	if e.keyFn != nil {
		k = e.t.call1(e.keyFn, k)
	}
	switch x := k.(type) {
	case string:
		return x
	case Keyword:
		return string(x)
	case Symbol:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	what := describeForError(k)
	if f, ok := k.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		what = PrStr(f)
	}
	throw(Errorf(TypeError, "%s: cannot encode %s as a JSON object key%s", e.fname, what, e.where()).
		WithHint("JSON object keys are strings: use string, keyword or integer keys, e.g. (update-keys m str)"))
	return ""
}

// sxJSONQuote writes s as a JSON string literal.
func sxJSONQuote(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && jsonword.Plain(jsonword.Load(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && w == 1 {
				b.WriteString(s[start:i])
				b.WriteString(`\ufffd`)
				i++
				start = i
				continue
			}
			i += w
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
		}
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

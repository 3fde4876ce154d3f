// Package reader turns PTC-Lisp source text into forms that carry source
// positions.
//
// PTC-Lisp is a small eager subset of Clojure, and the reader follows
// Clojure's (https://clojure.org/reference/reader): the same literals,
// symbols, keywords and collections, commas as whitespace, ; comments and
// #_ discards. Syntax that PTC-Lisp leaves out (deref, syntax-quote,
// metadata, tagged literals, reader conditionals, ratios, BigDecimals ...)
// is rejected with an error that says what to write instead.
//
// The reader never panics, and recurses no deeper than Limits.MaxDepth.
package reader

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Default limits, used for zero fields of Limits.
const (
	defaultMaxSourceBytes = 1 << 20
	defaultMaxDepth       = 256
	defaultMaxNodes       = 1_000_000
)

// Limits bounds the work ReadAll does. A zero (or negative) field means its
// default.
type Limits struct {
	// MaxSourceBytes is the longest accepted source, in bytes. Default 1 MiB.
	MaxSourceBytes int
	// MaxDepth is the deepest accepted nesting of collections and prefix
	// forms such as 'x. Default 256.
	MaxDepth int
	// MaxNodes is the most forms ReadAll creates in total. Default 1,000,000.
	MaxNodes int
}

// Error is a read error: a syntax error, unsupported syntax or an exceeded
// limit. ReadAll returns no other error type.
type Error struct {
	// Pos is where the problem is. For unterminated strings and unclosed
	// collections it is the opening delimiter.
	Pos Pos
	// Msg is a short lower-case description, e.g. "unterminated string".
	Msg string
	// Hint says what to write instead; it may be empty.
	Hint string
	// Limit is "" for syntax errors, or the name of the Limits field that
	// was exceeded: "MaxSourceBytes", "MaxDepth" or "MaxNodes".
	Limit string
}

// Error returns "line:col: msg (hint: hint)", leaving out an empty hint.
func (e *Error) Error() string {
	s := e.Pos.String() + ": " + e.Msg
	if e.Hint != "" {
		s += " (hint: " + e.Hint + ")"
	}
	return s
}

const hintTooBig = "keep programs short; load data through data/ or tools instead of literals"

// ReadAll reads every top-level form in src, in order. Comments and forms
// discarded with #_ are left out. The String, Keyword, Symbol and Regex
// texts of the forms may share memory with src.
//
// # Errors
//
// The error, if any, is an *Error, and no forms are returned with it. Its
// Limit field is set when src is longer than lim.MaxSourceBytes, nests
// deeper than lim.MaxDepth or makes more than lim.MaxNodes forms.
func ReadAll(src string, lim Limits) ([]*Form, error) {
	forms, err := ReadPrefix(src, lim)
	if err != nil {
		return nil, err
	}
	return forms, nil
}

// ReadPrefix is ReadAll for tools that report as much as they can (a
// checker, an editor): on a read error it also returns the top-level forms
// read completely before the error.
//
// # Errors
//
// As ReadAll.
func ReadPrefix(src string, lim Limits) ([]*Form, error) {
	return readPrefix(src, lim, nil)
}

// Scratch is memory one read leaves for the next: a slab of forms and
// the first slab of items, each at most a few KiB. A caller that reads
// program after program, and keeps none of a read's forms once it is
// done with them, passes the same Scratch to each ReadAllReusing: a
// small program then reads without allocating its forms. The next read
// with a Scratch overwrites the forms the previous one returned, so a
// caller that keeps any of them must not pass that Scratch again.
type Scratch struct {
	forms []Form
	dirty int // forms[:dirty] were handed out
	items []*Form
	// spilled is set when the last read made forms outside forms: items
	// may then point at forms no longer in use.
	spilled bool
}

// takeItems returns s's item slab, growing it to n items first. The
// reader writes every item before it reads it, so the slab is cleared
// only when it may hold the last read's pointers to memory that is not
// s's (which it would keep from the garbage collector).
func (s *Scratch) takeItems(n int) []*Form {
	if len(s.items) < n {
		s.items = make([]*Form, n)
	} else if s.spilled {
		clear(s.items)
	}
	return s.items
}

// takeForms returns s's slab, cleared, growing it to n forms first.
func (s *Scratch) takeForms(n int) []Form {
	if len(s.forms) < n {
		s.forms = make([]Form, n)
	} else {
		clear(s.forms[:s.dirty])
	}
	s.dirty = 0
	return s.forms
}

// ReadAllReusing is ReadAll taking the first forms from s (see Scratch).
//
// # Errors
//
// As ReadAll.
func ReadAllReusing(src string, lim Limits, s *Scratch) ([]*Form, error) {
	forms, err := readPrefix(src, lim, s)
	if err != nil {
		return nil, err
	}
	return forms, nil
}

// readPrefix is ReadPrefix, taking the first forms from s when it is
// not nil.
func readPrefix(src string, lim Limits, s *Scratch) ([]*Form, error) {
	maxSrc := orDefault(lim.MaxSourceBytes, defaultMaxSourceBytes)
	if len(src) > maxSrc {
		return nil, &Error{
			Pos:   Pos{1, 1},
			Msg:   "program is too large (" + strconv.Itoa(len(src)) + " bytes, limit " + strconv.Itoa(maxSrc) + ")",
			Hint:  hintTooBig,
			Limit: "MaxSourceBytes",
		}
	}
	if !utf8.ValidString(src) {
		return nil, &Error{Pos: invalidUTF8Pos(src), Msg: "invalid UTF-8", Hint: "save the program as UTF-8 text"}
	}
	r := reader{
		src:      src,
		line:     1,
		col:      1,
		maxDepth: orDefault(lim.MaxDepth, defaultMaxDepth),
		maxNodes: orDefault(lim.MaxNodes, defaultMaxNodes),
		slabSize: min(formsEstimate(src), formSlab),
	}
	// The first slab of items and the start of r.stack (the items of the
	// open collections, above the top-level forms) are one allocation: a
	// small program then reads without growing a slice from nothing.
	var buf []*Form
	if s != nil {
		r.slab = s.takeForms(r.slabSize)
		buf = s.takeItems(min(formsEstimate(src), itemChunk) + stackStart)
		defer func() {
			s.dirty = min(r.nodes, len(s.forms))
			s.spilled = r.nodes > len(s.forms)
		}()
	} else {
		buf = make([]*Form, min(formsEstimate(src), itemChunk)+stackStart)
	}
	first := len(buf) - stackStart
	r.itemSlab = buf[:first:first]
	r.stack = buf[first:first]
	ntop := 0 // top-level forms, at the bottom of r.stack
	for {
		r.skipSpace()
		if r.eof() {
			return r.topForms(ntop), nil
		}
		f, err := r.readForm()
		if err != nil {
			return r.topForms(ntop), err
		}
		if f != nil {
			r.stack = append(r.stack[:ntop], f)
			ntop++
		}
	}
}

// topForms copies the n top-level forms off the bottom of r.stack; nil
// when there are none.
func (r *reader) topForms(n int) []*Form {
	if n == 0 {
		return nil
	}
	forms := r.items(n)
	copy(forms, r.stack[:n])
	return forms
}

// formsEstimate guesses from the source's length how many forms reading
// it makes: about one per three bytes in short programs, where most
// tokens are a byte or two. Sizing the first slabs by it reads a
// one-liner with one allocation for its forms and one for their items.
func formsEstimate(src string) int { return len(src)/3 + 3 }

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// invalidUTF8Pos returns the position of the first invalid byte in s.
func invalidUTF8Pos(s string) Pos {
	p := Pos{1, 1}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		if r == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
		i += n
	}
	return p
}

// itemChunk is the most Items allocated at once; stackStart is the
// initial capacity of reader.stack.
const itemChunk, stackStart = 256, 16

// formSlab is the most forms allocated at once. Small programs get
// smaller slabs (see slabSize) so a one-liner does not pay for 64 forms.
const formSlab = 64

// reader is the state of one ReadAll call. src is valid UTF-8.
type reader struct {
	src       string
	off       int   // byte offset of the next character
	line, col int32 // position of src[off]
	maxDepth  int
	maxNodes  int
	depth     int     // open collections and prefix forms
	nodes     int     // forms made so far
	inFn      bool    // inside #( ... )
	slab      []Form  // preallocated forms
	slabSize  int     // size of the next slab
	itemSlab  []*Form // preallocated space for Items
	stack     []*Form // items of the collections being read
}

func (r *reader) eof() bool { return r.off >= len(r.src) }

func (r *reader) pos() Pos { return Pos{r.line, r.col} }

// bump moves past the byte at r.off. Because src is valid UTF-8, counting
// the bytes that are not continuation bytes counts runes.
func (r *reader) bump() {
	c := r.src[r.off]
	r.off++
	if c == '\n' {
		r.line++
		r.col = 1
	} else if c&0xc0 != 0x80 {
		r.col++
	}
}

// advanceTo moves to byte offset end.
func (r *reader) advanceTo(end int) {
	for r.off < end {
		r.bump()
	}
}

func fail(p Pos, msg, hint string) error {
	return &Error{Pos: p, Msg: msg, Hint: hint}
}

// brief renders f for an error message, shortened if it is long.
func brief(f *Form) string {
	const max = 60
	s := f.String()
	if len(s) <= max {
		return s
	}
	i := max - 3
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// newForm makes a form, counting it against MaxNodes.
func (r *reader) newForm(k Kind, p Pos) (*Form, error) {
	r.nodes++
	if r.nodes > r.maxNodes {
		return nil, &Error{
			Pos:   p,
			Msg:   "program has too many forms (limit " + strconv.Itoa(r.maxNodes) + ")",
			Hint:  hintTooBig,
			Limit: "MaxNodes",
		}
	}
	if len(r.slab) == 0 {
		r.slab = make([]Form, r.slabSize)
		if r.slabSize < formSlab {
			r.slabSize *= 2
		}
	}
	f := &r.slab[0]
	r.slab = r.slab[1:]
	f.Kind = k
	f.Pos = p
	return f, nil
}

// items returns a slice of length n for Form.Items. Its capacity is n, so
// appending to it never writes into another form's items.
func (r *reader) items(n int) []*Form {
	if n > len(r.itemSlab) {
		if n > itemChunk/4 {
			return make([]*Form, n)
		}
		size := min(max(formsEstimate(r.src), 16), itemChunk)
		if size < n {
			size = n
		}
		r.itemSlab = make([]*Form, size)
	}
	s := r.itemSlab[:n:n]
	r.itemSlab = r.itemSlab[n:]
	return s
}

// enter opens one nesting level at p, checking MaxDepth. The caller
// undoes it with r.depth-- once the nested form is read.
func (r *reader) enter(p Pos) error {
	r.depth++
	if r.depth > r.maxDepth {
		return &Error{
			Pos:   p,
			Msg:   "forms are nested too deeply (limit " + strconv.Itoa(r.maxDepth) + ")",
			Hint:  "flatten the nesting; build deep structures with code instead of literals",
			Limit: "MaxDepth",
		}
	}
	return nil
}

// skipSpace skips whitespace, ; comments and #! comments.
func (r *reader) skipSpace() {
	for r.off < len(r.src) {
		c := r.src[r.off]
		switch {
		case c == ';' || (c == '#' && r.off+1 < len(r.src) && r.src[r.off+1] == '!'):
			r.skipLine()
		case c < utf8.RuneSelf:
			if !isSpaceByte(c) {
				return
			}
			r.bump()
		default:
			ru, n := utf8.DecodeRuneInString(r.src[r.off:])
			if !isSpaceRune(ru) {
				return
			}
			r.off += n
			r.col++
		}
	}
}

// skipLine moves to the next newline (or the end).
func (r *reader) skipLine() {
	end := strings.IndexByte(r.src[r.off:], '\n')
	if end < 0 {
		end = len(r.src) - r.off
	}
	r.col += int32(utf8.RuneCountInString(r.src[r.off : r.off+end]))
	r.off += end
}

// scanToken moves past a token: everything up to whitespace or a
// delimiter, and returns src[start:r.off]. Symbols and keywords end at
// terminating macro characters; numbers (number true) at any macro
// character, as in Clojure.
func (r *reader) scanToken(start int, number bool) string {
	lo, hi := uint64(spaceLo|terminatingLo), uint64(macroHi)
	if number {
		lo = spaceLo | macroLo
	}
	src, off, col := r.src, r.off, r.col
	for off < len(src) {
		c := src[off]
		if c < utf8.RuneSelf {
			if inClass(c, lo, hi) {
				break
			}
			off++
			col++
			continue
		}
		ru, n := utf8.DecodeRuneInString(src[off:])
		if isSpaceRune(ru) {
			break
		}
		off += n
		col++
	}
	r.off, r.col = off, col
	return src[start:off]
}

// readForm reads the form starting at r.off, which is not whitespace. It
// returns a nil form for syntax that makes none (#_ and #! comments).
func (r *reader) readForm() (*Form, error) {
	p := r.pos()
	c := r.src[r.off]
	switch c {
	case '(':
		r.bump()
		return r.readColl(List, p, "(", ')')
	case '[':
		r.bump()
		return r.readColl(Vector, p, "[", ']')
	case '{':
		r.bump()
		f, err := r.readColl(Map, p, "{", '}')
		if err != nil {
			return nil, err
		}
		if len(f.Items)%2 != 0 {
			return nil, fail(p, "map literal must contain an even number of forms", "every key needs a value, e.g. {:a 1 :b 2}")
		}
		return f, checkDuplicates(f.Items, 2, "each key may appear only once in a map literal")
	case ')', ']', '}':
		return nil, fail(p, "unexpected "+string(c), "remove it, or add the matching "+opener(c)+" before it")
	case '"':
		return r.readString(p)
	case '\\':
		return r.readChar(p)
	case '\'':
		r.bump()
		return r.readQuote(p)
	case '#':
		return r.readDispatch(p)
	case '@':
		return nil, fail(p, "deref (@) is not supported", "there are no atoms or refs; bind values with let, or use def to keep them across turns")
	case '`':
		return nil, fail(p, "syntax-quote (`) is not supported", "there are no macros; build data with vector/list/hash-map")
	case '~':
		return nil, fail(p, "unquote (~) is not supported", "there are no macros")
	case '^':
		return nil, fail(p, "metadata (^) is not supported", "remove the ^... annotation")
	case ';':
		r.skipLine()
		return nil, nil
	case '+', '-':
		if r.off+1 < len(r.src) && isDigit(r.src[r.off+1]) {
			return r.readNumber(p)
		}
	default:
		if isDigit(c) {
			return r.readNumber(p)
		}
	}
	return r.readSymbol(p)
}

func opener(closer byte) string {
	switch closer {
	case ')':
		return "("
	case ']':
		return "["
	}
	return "{"
}

// readColl reads the items of a collection up to close; the opening
// delimiter open, at p, has been consumed.
func (r *reader) readColl(k Kind, p Pos, open string, close byte) (*Form, error) {
	if err := r.enter(p); err != nil {
		return nil, err
	}
	f, err := r.newForm(k, p)
	if err != nil {
		return nil, err
	}
	// Items go on r.stack while the collection is open, and are copied
	// into a slice of the right size at the end.
	base := len(r.stack)
	for {
		r.skipSpace()
		if r.eof() {
			return nil, fail(p, "unexpected end of input: "+open+" opened at "+p.String()+" is not closed", "add "+string(close)+" where the "+open+" should end")
		}
		if c := r.src[r.off]; isCloser(c) {
			if c != close {
				return nil, fail(r.pos(),
					"mismatched delimiter: expected "+string(close)+" to close "+open+" at "+p.String()+", got "+string(c),
					"add "+string(close)+" before it, or remove the extra "+string(c))
			}
			r.bump()
			r.depth--
			if n := len(r.stack) - base; n > 0 {
				f.Items = r.items(n)
				copy(f.Items, r.stack[base:])
				r.stack = r.stack[:base]
			}
			return f, nil
		}
		item, err := r.readForm()
		if err != nil {
			return nil, err
		}
		if item != nil {
			r.stack = append(r.stack, item)
		}
	}
}

// readRequired reads the form that a prefix such as ' or #_ at p applies
// to, skipping whitespace, comments and discarded forms. msg and hint make
// the error when there is no such form.
func (r *reader) readRequired(p Pos, msg, hint string) (*Form, error) {
	for {
		r.skipSpace()
		if r.eof() || isCloser(r.src[r.off]) {
			return nil, fail(p, msg, hint)
		}
		f, err := r.readForm()
		if err != nil || f != nil {
			return f, err
		}
	}
}

// readQuote reads 'x as (quote x); the quote at p has been consumed.
func (r *reader) readQuote(p Pos) (*Form, error) {
	if err := r.enter(p); err != nil {
		return nil, err
	}
	x, err := r.readRequired(p, "quote (') must be followed by a form", "write 'x or (quote x)")
	if err != nil {
		return nil, err
	}
	r.depth--
	q, err := r.newForm(List, p)
	if err != nil {
		return nil, err
	}
	sym, err := r.newForm(Symbol, p)
	if err != nil {
		return nil, err
	}
	sym.Str = "quote"
	q.Items = r.items(2)
	q.Items[0], q.Items[1] = sym, x
	return q, nil
}

// readDispatch reads the # forms; the '#' is at p.
func (r *reader) readDispatch(p Pos) (*Form, error) {
	r.bump()
	if r.eof() {
		return nil, fail(p, "unexpected end of input after #", "")
	}
	c := r.src[r.off]
	switch c {
	case '(':
		if r.inFn {
			return nil, fail(p, "nested #() is not allowed", "use (fn [x] ...) for the inner function")
		}
		r.bump()
		r.inFn = true
		f, err := r.readColl(FnLit, p, "#(", ')')
		r.inFn = false
		return f, err
	case '{':
		r.bump()
		f, err := r.readColl(Set, p, "#{", '}')
		if err != nil {
			return nil, err
		}
		return f, checkDuplicates(f.Items, 1, "each element may appear only once in a set literal")
	case '\'':
		r.bump()
		return r.readVarQuote(p)
	case '"':
		r.bump()
		return r.readRegex(p)
	case '_':
		r.bump()
		if err := r.enter(p); err != nil {
			return nil, err
		}
		if _, err := r.readRequired(p, "#_ must be followed by a form to discard", "#_ removes the next form; delete it or put a form after it"); err != nil {
			return nil, err
		}
		r.depth--
		return nil, nil
	case '!':
		r.skipLine()
		return nil, nil
	case '#':
		r.bump()
		tok := r.scanToken(r.off, false)
		f, err := r.newForm(Float, p)
		if err != nil {
			return nil, err
		}
		switch tok {
		case "Inf":
			f.Float = math.Inf(1)
		case "-Inf":
			f.Float = math.Inf(-1)
		case "NaN":
			f.Float = math.NaN()
		default:
			return nil, fail(p, "invalid symbolic value: ##"+tok, "use ##Inf, ##-Inf or ##NaN")
		}
		return f, nil
	case '=':
		return nil, fail(p, "read-eval is not supported", "there is no eval; write the expression directly")
	case '^':
		return nil, fail(p, "metadata (^) is not supported", "remove the #^... annotation")
	case '?':
		return nil, fail(p, "reader conditionals are not supported", "write the Clojure branch directly")
	case ':':
		return nil, fail(p, "namespaced map literals are not supported", "write the keys out in full, e.g. {:ns/a 1}")
	case '<':
		return nil, fail(p, "unreadable form #<...>", "#<...> is how unreadable objects print; it cannot be read back")
	}
	ru, _ := utf8.DecodeRuneInString(r.src[r.off:])
	if unicode.IsLetter(ru) {
		tag := r.scanToken(r.off, false)
		hint := "remove #" + tag + " and write the value directly"
		switch tag {
		case "inst":
			hint = `parse dates with (LocalDate/parse "2024-01-15") or (Instant/parse ...)`
		case "uuid":
			hint = "write the UUID as a plain string"
		}
		return nil, fail(p, "tagged literals are not supported", hint)
	}
	return nil, fail(p, "unsupported reader syntax: #"+string(ru), "")
}

// readVarQuote reads #'sym; the #' at p has been consumed.
func (r *reader) readVarQuote(p Pos) (*Form, error) {
	const hint = "write #'name with a symbol name"
	if err := r.enter(p); err != nil {
		return nil, err
	}
	x, err := r.readRequired(p, "var quote (#') must be followed by a symbol", hint)
	if err != nil {
		return nil, err
	}
	r.depth--
	if x.Kind != Symbol {
		return nil, fail(x.Pos, "var quote (#') must be followed by a symbol, got "+x.Kind.String()+" "+brief(x), hint)
	}
	f, err := r.newForm(VarQuote, p)
	if err != nil {
		return nil, err
	}
	f.Items = r.items(1)
	f.Items[0] = x
	return f, nil
}

// readString reads a string literal starting with the quote at p.
func (r *reader) readString(p Pos) (*Form, error) {
	r.bump()
	start := r.off
	i := start
	for i < len(r.src) && r.src[i] != '"' && r.src[i] != '\\' {
		i++
	}
	if i < len(r.src) && r.src[i] == '"' {
		// No escapes: the value is the source text.
		r.advanceTo(i)
		r.bump()
		f, err := r.newForm(String, p)
		if err != nil {
			return nil, err
		}
		f.Str = r.src[start:i]
		return f, nil
	}
	var b strings.Builder
	for {
		// Copy a run of plain characters.
		j := r.off
		for j < len(r.src) && r.src[j] != '"' && r.src[j] != '\\' {
			j++
		}
		b.WriteString(r.src[r.off:j])
		r.advanceTo(j)
		if r.eof() {
			return nil, fail(p, "unterminated string", `add the closing " of the string that starts here`)
		}
		if r.src[r.off] == '"' {
			r.bump()
			break
		}
		if err := r.readEscape(p, &b); err != nil {
			return nil, err
		}
	}
	f, err := r.newForm(String, p)
	if err != nil {
		return nil, err
	}
	f.Str = b.String()
	return f, nil
}

const hintEscape = `write \\ for a backslash; supported escapes: \t \b \n \f \r \" \\ \' \uXXXX \0-\377; regex literals #"..." keep backslashes as written`

// readEscape decodes the escape sequence at r.off (a backslash) inside the
// string that starts at p, appending its value to b.
func (r *reader) readEscape(p Pos, b *strings.Builder) error {
	esc := r.pos()
	r.bump()
	if r.eof() {
		return fail(p, "unterminated string", `add the closing " of the string that starts here`)
	}
	c := r.src[r.off]
	switch c {
	case 't', 'b', 'n', 'f', 'r', '"', '\\', '\'':
		b.WriteByte(simpleEscape(c))
		r.bump()
		return nil
	case 'u':
		r.bump()
		v, ok := r.hex4()
		if !ok {
			return fail(esc, `invalid unicode escape: \u`+r.peekWord(4), `write \u followed by exactly four hex digits, e.g. \u00e9`)
		}
		if 0xdc00 <= v && v <= 0xdfff {
			return fail(esc, `invalid unicode escape: \u`+r.src[r.off-4:r.off]+" (unpaired surrogate)", "write the character itself, or a high and low surrogate pair")
		}
		if 0xd800 <= v && v <= 0xdbff {
			low, ok := rune(0), false
			if strings.HasPrefix(r.src[r.off:], `\u`) {
				off, col := r.off, r.col
				r.off += 2
				r.col += 2
				low, ok = r.hex4()
				if !ok || low < 0xdc00 || low > 0xdfff {
					r.off, r.col = off, col
					ok = false
				}
			}
			if !ok {
				return fail(esc, `invalid unicode escape: \u`+r.src[r.off-4:r.off]+" (unpaired surrogate)", "write the character itself, or a high and low surrogate pair")
			}
			v = 0x10000 + (v-0xd800)<<10 + (low - 0xdc00)
		}
		b.WriteRune(v)
		return nil
	case '0', '1', '2', '3', '4', '5', '6', '7':
		start := r.off
		v := rune(c - '0')
		r.bump()
		for k := 0; k < 2 && !r.eof(); k++ {
			d := r.src[r.off]
			if '0' <= d && d <= '7' {
				v = v*8 + rune(d-'0')
				r.bump()
				continue
			}
			if isSpaceByte(d) || isMacro(d) {
				break
			}
			ru, _ := utf8.DecodeRuneInString(r.src[r.off:])
			return fail(esc, `invalid octal escape: \`+r.src[start:r.off]+string(ru), `octal escapes are \0 to \377 and must not be followed by other digits or letters; use \uXXXX`)
		}
		if v > 0377 {
			return fail(esc, `octal escape out of range: \`+r.src[start:r.off], `octal escapes go up to \377; use \uXXXX for other characters`)
		}
		b.WriteRune(v)
		return nil
	}
	ru, _ := utf8.DecodeRuneInString(r.src[r.off:])
	return fail(esc, `unsupported escape character: \`+string(ru), hintEscape)
}

func simpleEscape(c byte) byte {
	switch c {
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'n':
		return '\n'
	case 'f':
		return '\f'
	case 'r':
		return '\r'
	}
	return c // " \ '
}

// hex4 reads exactly four hex digits.
func (r *reader) hex4() (rune, bool) {
	if len(r.src)-r.off < 4 {
		return 0, false
	}
	var v rune
	for k := 0; k < 4; k++ {
		d := digitVal(r.src[r.off+k])
		if d >= 16 {
			return 0, false
		}
		v = v<<4 | rune(d)
	}
	r.off += 4
	r.col += 4
	return v, true
}

// peekWord returns up to n letters and digits at r.off, for error messages.
func (r *reader) peekWord(n int) string {
	i := r.off
	for i < len(r.src) && i-r.off < n && digitVal(r.src[i]) < 36 {
		i++
	}
	return r.src[r.off:i]
}

const hintChar = `a character literal is \ and one character, or \newline \space \tab \return \backspace \formfeed \uXXXX \oNNN; write text in double quotes`

// readChar reads a character literal starting with the backslash at p.
func (r *reader) readChar(p Pos) (*Form, error) {
	r.bump()
	if r.eof() {
		return nil, fail(p, `unexpected end of input after \`, hintChar)
	}
	// The first character is taken as is, even a delimiter: \( \; \".
	start := r.off
	_, n := utf8.DecodeRuneInString(r.src[r.off:])
	r.advanceTo(r.off + n)
	tok := r.scanToken(start, false)

	var s string
	switch {
	case len(tok) == n:
		s = tok
	case tok == "newline":
		s = "\n"
	case tok == "space":
		s = " "
	case tok == "tab":
		s = "\t"
	case tok == "backspace":
		s = "\b"
	case tok == "formfeed":
		s = "\f"
	case tok == "return":
		s = "\r"
	case tok[0] == 'u':
		v, ok := rune(0), len(tok) == 5
		for i := 1; ok && i < 5; i++ {
			d := digitVal(tok[i])
			ok = d < 16
			v = v<<4 | rune(d)
		}
		if !ok {
			return nil, fail(p, `invalid unicode character: \`+tok, `write \u followed by exactly four hex digits, e.g. \u00e9`)
		}
		if 0xd800 <= v && v <= 0xdfff {
			return nil, fail(p, `invalid character: \`+tok+" (surrogate)", "write the character itself")
		}
		s = string(v)
	case tok[0] == 'o' && len(tok) <= 4 && allDigits(tok[1:], 8):
		v, _ := strconv.ParseUint(tok[1:], 8, 32)
		if v > 0377 {
			return nil, fail(p, `octal character out of range: \`+tok, `octal characters go up to \o377; use \uXXXX for other characters`)
		}
		s = string(rune(v))
	default:
		return nil, fail(p, `unsupported character: \`+tok, hintChar)
	}
	f, err := r.newForm(Char, p)
	if err != nil {
		return nil, err
	}
	f.Str = s
	return f, nil
}

// readRegex reads a regex literal; the #" at p has been consumed. Only \"
// is unescaped, to "; other backslash sequences are kept as written.
func (r *reader) readRegex(p Pos) (*Form, error) {
	start := r.off
	var b *strings.Builder // set once a \" is seen
	for {
		if r.eof() {
			return nil, fail(p, "unterminated regex", `add the closing " of the regex that starts here`)
		}
		c := r.src[r.off]
		if c == '"' {
			break
		}
		if c != '\\' {
			r.bump()
			continue
		}
		if r.off+1 >= len(r.src) {
			r.bump()
			continue // unterminated; reported above
		}
		if r.src[r.off+1] == '"' {
			if b == nil {
				b = new(strings.Builder)
			}
			b.WriteString(r.src[start:r.off])
			b.WriteByte('"')
			r.off += 2
			r.col += 2
			start = r.off
			continue
		}
		r.bump()
		r.bump() // the escaped character's first byte; the rest follow as plain bytes
	}
	s := r.src[start:r.off]
	if b != nil {
		b.WriteString(s)
		s = b.String()
	}
	r.bump()
	f, err := r.newForm(Regex, p)
	if err != nil {
		return nil, err
	}
	f.Str = s
	return f, nil
}

// readNumber reads a number token starting at p.
func (r *reader) readNumber(p Pos) (*Form, error) {
	tok := r.scanToken(r.off, true)
	n := parseNumber(tok)
	if n.msg != "" {
		return nil, fail(p, n.msg, n.hint)
	}
	if n.isFloat {
		f, err := r.newForm(Float, p)
		if err != nil {
			return nil, err
		}
		f.Float = n.f
		return f, nil
	}
	f, err := r.newForm(Int, p)
	if err != nil {
		return nil, err
	}
	f.Int = n.i
	return f, nil
}

// readSymbol reads a symbol, keyword, nil, true or false starting at p.
func (r *reader) readSymbol(p Pos) (*Form, error) {
	tok := r.scanToken(r.off, false)
	if tok == "" {
		// Not reachable: readForm handles every delimiter.
		ru, n := utf8.DecodeRuneInString(r.src[r.off:])
		r.off += n
		return nil, fail(p, "unexpected "+string(ru), "")
	}
	var f *Form
	var err error
	switch tok {
	case "nil":
		return r.newForm(Nil, p)
	case "true", "false":
		if f, err = r.newForm(Bool, p); err == nil {
			f.Bool = tok == "true"
		}
		return f, err
	}
	if s := tok; s[0] == '.' || ((s[0] == '+' || s[0] == '-') && len(s) > 1 && s[1] == '.') {
		// Clojure reads .5 and -.5 as symbols, which is never what was meant.
		sign := s[:len(s)-len(strings.TrimLeft(s, "+-"))]
		if fixed := sign + "0" + s[len(sign):]; len(s) > len(sign)+1 && isDigit(s[len(sign)+1]) && parseNumber(fixed).msg == "" {
			return nil, fail(p, "invalid number: "+tok, "write "+fixed)
		}
	}
	if tok[0] == ':' {
		if !validToken(tok) {
			return nil, fail(p, "invalid keyword: "+tok, tokenHint(tok))
		}
		name := tok[1:]
		if strings.HasPrefix(tok, "::") {
			// ::a is :user/a, so a must be a name that can follow a '/'.
			if _, n, ok := splitSymbol(tok[2:]); !ok || n != tok[2:] {
				return nil, fail(p, "invalid keyword: "+tok, tokenHint(tok))
			}
			name = "user/" + tok[2:]
		}
		if f, err = r.newForm(Keyword, p); err == nil {
			f.Str = name
		}
		return f, err
	}
	if !validToken(tok) {
		return nil, fail(p, "invalid symbol: "+tok, tokenHint(tok))
	}
	if f, err = r.newForm(Symbol, p); err == nil {
		f.Str = tok
	}
	return f, err
}

// constKey identifies a constant map key or set element for the duplicate
// check. Strings and characters share a kind: characters are one-character
// strings at run time.
type constKey struct {
	kind Kind
	s    string
	n    uint64
}

func constKeyOf(f *Form) (constKey, bool) {
	switch f.Kind {
	case Nil:
		return constKey{kind: Nil}, true
	case Bool:
		if f.Bool {
			return constKey{kind: Bool, n: 1}, true
		}
		return constKey{kind: Bool}, true
	case Int:
		return constKey{kind: Int, n: uint64(f.Int)}, true
	case Float:
		x := f.Float
		if x != x {
			return constKey{}, false // NaN equals nothing
		}
		if x == 0 {
			x = 0 // -0.0 and 0.0 are equal
		}
		return constKey{kind: Float, n: math.Float64bits(x)}, true
	case String, Char:
		return constKey{kind: String, s: f.Str}, true
	case Keyword:
		return constKey{kind: Keyword, s: f.Str}, true
	}
	return constKey{}, false
}

// checkDuplicates reports the first constant that repeats among items[0],
// items[step], items[2*step] ...
func checkDuplicates(items []*Form, step int, hint string) error {
	n := (len(items) + step - 1) / step
	if n < 2 {
		return nil
	}
	dup := func(f *Form) error {
		return fail(f.Pos, "duplicate key: "+brief(f), hint)
	}
	if n <= 8 {
		var keys [8]constKey
		var ok [8]bool
		for i := 0; i < n; i++ {
			keys[i], ok[i] = constKeyOf(items[i*step])
			if !ok[i] {
				continue
			}
			for j := 0; j < i; j++ {
				if ok[j] && keys[j] == keys[i] {
					return dup(items[i*step])
				}
			}
		}
		return nil
	}
	seen := make(map[constKey]struct{}, n)
	for i := 0; i < len(items); i += step {
		k, ok := constKeyOf(items[i])
		if !ok {
			continue
		}
		if _, found := seen[k]; found {
			return dup(items[i])
		}
		seen[k] = struct{}{}
	}
	return nil
}

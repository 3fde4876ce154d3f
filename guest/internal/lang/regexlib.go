package lang

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Regex functions: re-find, re-matches, re-seq, re-pattern, re-split,
// regex?, and PTC's extract / extract-int.
//
// Matching follows Java's java.util.regex.Matcher as Clojure uses it, on top
// of Go's RE2 engine (linear time, no backtracking blow-ups):
//   - re-find returns the matched string when the regex has no groups, else
//     a vector [whole g1 g2 ...] with nil for groups that did not take part.
//   - re-matches must match the whole string.
//   - successive matches (re-seq, split, replace) use Java's rules for empty
//     matches: after a non-empty match ending at i, an empty match at i is
//     still reported (Go's FindAll drops it; sxFindAll puts it back).

func regexLib() []*Builtin {
	const g = "Regex"
	return []*Builtin{
		fn(nsCore, g, "re-find", 2, 2, []string{"(re-find re s)"},
			"The first match of re in s, or nil. Without capture groups the match is a string; with groups it is a vector [whole-match group1 group2 ...] where groups that did not match are nil.",
			func(t *Thread, a []Value) Value {
				rx := sxRegexArg("re-find", a[0])
				s := sxRegexTarget("re-find", a[1])
				t.charge(len(s) / 16)
				m := rx.re.FindStringSubmatchIndex(s)
				if m == nil {
					return nil
				}
				return sxMatchValue(s, m)
			},
			ex(`(re-find #"\d+" "order 66 of 99")`, `"66"`),
			ex(`(re-find #"(\w+)@(\w+)" "mail bob@example now")`, `["bob@example" "bob" "example"]`),
			ex(`(re-find #"x" "abc")`, "nil")),
		fn(nsCore, g, "re-matches", 2, 2, []string{"(re-matches re s)"},
			"Like re-find, but re must match the whole of s; otherwise nil.",
			func(t *Thread, a []Value) Value {
				rx := sxRegexArg("re-matches", a[0])
				s := sxRegexTarget("re-matches", a[1])
				t.charge(len(s) / 16)
				m := sxExtra(rx).anchored.FindStringSubmatchIndex(s)
				if m == nil {
					return nil
				}
				return sxMatchValue(s, m)
			},
			ex(`(re-matches #"\d+" "123")`, `"123"`),
			ex(`(re-matches #"\d+" "123abc")`, "nil"),
			ex(`(re-matches #"(\d+)-(\d+)" "10-20")`, `["10-20" "10" "20"]`)),
		fn(nsCore, g, "re-seq", 2, 2, []string{"(re-seq re s)"},
			"All successive matches of re in s as a vector, each shaped as re-find returns it; nil when there is none.",
			func(t *Thread, a []Value) Value {
				rx := sxRegexArg("re-seq", a[0])
				s := sxRegexTarget("re-seq", a[1])
				ms := sxFindAll(t, rx, s, -1)
				if len(ms) == 0 {
					return nil
				}
				t.checkCollection(len(ms))
				out := make([]Value, len(ms))
				for i, m := range ms {
					out[i] = sxMatchValue(s, m)
				}
				return NewVector(out)
			},
			ex(`(re-seq #"\d+" "a1b22c333")`, `["1" "22" "333"]`),
			ex(`(re-seq #"(\d)(\w)" "1a2b")`, `[["1a" "1" "a"] ["2b" "2" "b"]]`),
			ex(`(re-seq #"z" "abc")`, "nil")),
		fn(nsCore, g, "re-pattern", 1, 1, []string{"(re-pattern s)"},
			"Compiles the string s into a regex (the same as the literal #\"...\"). A regex argument is returned as is. Syntax is RE2: like Java's without lookaround or backreferences.",
			func(t *Thread, a []Value) Value {
				switch x := a[0].(type) {
				case *Regex:
					return x
				case string:
					t.charge(len(x))
					re, err := compileRegex(x)
					if err != nil {
						throw(err)
					}
					return re
				}
				throw(typeErr("re-pattern", "a string", a[0]))
				return nil
			},
			ex(`(re-find (re-pattern "\\d+") "v12")`, `"12"`),
			ex(`(re-pattern "(")`, "error: value_error")),
		fn(nsCore, g, "re-split", 2, 2, []string{"(re-split re s)"},
			"Splits s around the matches of re, like (clojure.string/split s re): trailing empty strings are dropped.",
			func(t *Thread, a []Value) Value {
				rx := sxRegexArg("re-split", a[0])
				s := sxRegexTarget("re-split", a[1])
				return sxSplit(t, rx, s, 0)
			},
			ex(`(re-split #"\s+" "a  b   c")`, `["a" "b" "c"]`),
			ex(`(re-split #"," "a,b,,")`, `["a" "b"]`)),
		fn(nsCore, g, "regex?", 1, 1, []string{"(regex? x)"}, "True when x is a regex.",
			func(t *Thread, a []Value) Value {
				_, ok := a[0].(*Regex)
				return ok
			},
			ex(`(regex? #"a+")`, "true"), ex(`(regex? "a+")`, "false")),
		sxPTC(fn(nsCore, g, "extract", 2, 3, []string{"(extract pattern s)", "(extract pattern s n)"},
			"Capture group n (default 1; 0 is the whole match) of the first match of pattern (a regex or a regex string) in s. nil when s is nil, nothing matches, or there is no such group.",
			func(t *Thread, a []Value) Value {
				n := int64(1)
				if len(a) == 3 {
					n = sxIntArg("extract", "group number", a[2])
				}
				v, _ := sxExtract(t, "extract", a[0], a[1], n)
				return v
			},
			ex(`(extract #"ID:(\d+)" "user ID:42")`, `"42"`),
			ex(`(extract "x=(\\d+) y=(\\d+)" "x=10 y=20" 2)`, `"20"`),
			ex(`(extract #"ID:(\d+)" "no id")`, "nil"))),
		sxPTC(fn(nsCore, g, "extract-int", 2, 4, []string{"(extract-int pattern s)", "(extract-int pattern s n)", "(extract-int pattern s n default)"},
			"Like extract, then parses the group as an integer (as parse-long does). Returns default (nil unless given) when nothing matches or the text is not an integer.",
			func(t *Thread, a []Value) Value {
				n := int64(1)
				var def Value
				if len(a) >= 3 {
					n = sxIntArg("extract-int", "group number", a[2])
				}
				if len(a) == 4 {
					def = a[3]
				}
				v, _ := sxExtract(t, "extract-int", a[0], a[1], n)
				s, ok := v.(string)
				if !ok {
					return def
				}
				if i, ok := sxParseLong(s); ok {
					return boxInt(i)
				}
				return def
			},
			ex(`(extract-int #"age=(\d+)" "age=25")`, "25"),
			ex(`(extract-int #"x=(\d+) y=(\d+)" "x=10 y=20" 2)`, "20"),
			ex(`(extract-int #"age=(\d+)" "unknown" 1 0)`, "0"))),
	}
}

// sxPTC marks a builtin as a PTC extension.
func sxPTC(b *Builtin) *Builtin {
	b.Doc.PTC = true
	return b
}

// sxExtract is the shared part of extract and extract-int.
func sxExtract(t *Thread, fname string, pat, sv Value, n int64) (Value, bool) {
	rx := sxRegexArg(fname, pat)
	if sv == nil {
		return nil, false
	}
	s, ok := sv.(string)
	if !ok {
		throw(typeErr(fname, "a string to search", sv))
	}
	t.charge(len(s) / 16)
	m := rx.re.FindStringSubmatchIndex(s)
	if m == nil || n < 0 || n >= int64(len(m)/2) {
		return nil, false
	}
	i := int(n)
	if m[2*i] < 0 {
		return nil, false
	}
	return s[m[2*i]:m[2*i+1]], true
}

// sxRegexArg accepts a regex, or a string which it compiles (cached).
func sxRegexArg(fname string, v Value) *Regex {
	switch x := v.(type) {
	case *Regex:
		return x
	case string:
		return sxCompileCached(x)
	}
	e := typeErr(fname, "a regex", v)
	e.Hint = `write a regex literal like #"\d+" or build one with (re-pattern s); the regex comes first: (` + fname + ` re s)`
	throw(e)
	return nil
}

// sxRegexTarget is the string argument of the re- functions. Like Clojure,
// nil and non-strings are errors.
func sxRegexTarget(fname string, v Value) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		throw(Errorf(TypeError, "%s expects a string to search, got nil", fname).
			WithHint("the string is nil: guard with (when s (%s re s)) or default it with (or s \"\")", fname))
	case *Regex:
		throw(Errorf(TypeError, "%s expects a string to search, got a regex", fname).
			WithHint("the regex comes first: (%s re s)", fname))
	}
	throw(typeErr(fname, "a string to search", v).WithHint("convert it first with (str x)"))
	return ""
}

// sxMatchValue shapes a match as Clojure's re-groups does.
func sxMatchValue(s string, m []int) Value {
	if len(m) == 2 {
		return s[m[0]:m[1]]
	}
	out := make([]Value, len(m)/2)
	for i := range out {
		if m[2*i] >= 0 {
			out[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return NewVector(out)
}

// sxRegexExtra holds derived regexes, built once per pattern.
type sxRegexExtra struct {
	nullable bool           // the pattern can match an empty string somewhere
	anchored *regexp.Regexp // \A(?:src)\z, for re-matches
	after    *regexp.Regexp // \A(?s:.)(?:src): the match starting one character in
}

const sxCacheMax = 512

var sxCache = struct {
	sync.Mutex
	extra map[string]*sxRegexExtra
	pats  map[string]*Regex
}{extra: map[string]*sxRegexExtra{}, pats: map[string]*Regex{}}

// sxCompileCached compiles a pattern given as a string; a program that
// passes the same string in a loop compiles it once.
func sxCompileCached(src string) *Regex {
	sxCache.Lock()
	rx := sxCache.pats[src]
	sxCache.Unlock()
	if rx != nil {
		return rx
	}
	rx, err := compileRegex(src)
	if err != nil {
		throw(err)
	}
	sxCache.Lock()
	if len(sxCache.pats) >= sxCacheMax {
		sxCache.pats = map[string]*Regex{}
	}
	sxCache.pats[src] = rx
	sxCache.Unlock()
	return rx
}

func sxExtra(rx *Regex) *sxRegexExtra {
	src := rx.re.String()
	sxCache.Lock()
	x := sxCache.extra[src]
	sxCache.Unlock()
	if x != nil {
		return x
	}
	x = &sxRegexExtra{}
	var err error
	if x.anchored, err = regexp.Compile(`\A(?:` + src + `)\z`); err != nil {
		throw(Errorf(ValueError, "regex #\"%s\" cannot be anchored: %v", rx.Source, err))
	}
	if x.after, err = regexp.Compile(`\A(?s:.)(?:` + src + `)`); err != nil {
		throw(Errorf(ValueError, "regex #\"%s\": %v", rx.Source, err))
	}
	if p, err := syntax.Parse(src, syntax.Perl); err == nil {
		x.nullable = sxNullable(p)
	} else {
		x.nullable = true
	}
	sxCache.Lock()
	if len(sxCache.extra) >= sxCacheMax {
		sxCache.extra = map[string]*sxRegexExtra{}
	}
	sxCache.extra[src] = x
	sxCache.Unlock()
	return x
}

// sxNullable reports whether re may match the empty string in some context
// (assertions count as possibly true).
func sxNullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return sxNullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || sxNullable(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !sxNullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if sxNullable(s) {
				return true
			}
		}
		return false
	}
	return false
}

// sxFindAll returns up to n (all when n < 0) successive matches of rx in s
// as submatch index slices, with Java's treatment of empty matches.
func sxFindAll(t *Thread, rx *Regex, s string, n int) [][]int {
	t.charge(len(s)/16 + 1)
	ms := rx.re.FindAllStringSubmatchIndex(s, n)
	t.charge(len(ms))
	if len(ms) == 0 {
		return ms
	}
	x := sxExtra(rx)
	if !x.nullable {
		return ms
	}
	out := make([][]int, 0, len(ms))
	for i, m := range ms {
		out = append(out, m)
		if m[1] == m[0] {
			continue
		}
		b := m[1]
		if i+1 < len(ms) && ms[i+1][0] == b {
			continue
		}
		// Java searches again from b and may find an empty match there,
		// which Go drops as "abutting the previous match".
		_, w := utf8.DecodeLastRuneInString(s[:b])
		e := x.after.FindStringSubmatchIndex(s[b-w:])
		if e == nil || e[1] != w {
			continue
		}
		off := b - w
		for j := range e {
			if e[j] >= 0 {
				e[j] += off
			}
		}
		e[0] = b
		out = append(out, e)
		t.step()
	}
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// sxSplit is Java's Pattern.split(s, limit), which clojure.string/split
// uses: limit > 0 gives at most limit parts, 0 drops trailing empty
// strings, < 0 keeps them. A zero-width match at the start never makes an
// empty first part, and a string without matches is returned whole.
func sxSplit(t *Thread, rx *Regex, s string, limit int) *Vector {
	if s == "" {
		return NewVector([]Value{""})
	}
	n := -1
	if limit > 0 {
		n = limit
	}
	ms := sxFindAll(t, rx, s, n)
	var parts []Value
	index := 0
	for _, m := range ms {
		if limit > 0 && len(parts) >= limit-1 {
			break
		}
		if index == 0 && m[0] == 0 && m[1] == 0 {
			continue
		}
		parts = append(parts, s[index:m[0]])
		index = m[1]
	}
	if index == 0 {
		return NewVector([]Value{s})
	}
	parts = append(parts, s[index:])
	if limit == 0 {
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	t.checkCollection(len(parts))
	return NewVector(parts)
}

// sxReplPiece is one part of a parsed replacement string: literal text, or
// a group reference when group >= 0.
type sxReplPiece struct {
	lit   string
	group int
}

// sxParseReplacement parses a Java replacement string: $n and ${name} refer
// to groups, a backslash quotes the next character. Like Java, $ followed by
// digits takes as many digits as still name an existing group.
func sxParseReplacement(fname string, rx *Regex, repl string) []sxReplPiece {
	ngroups := rx.re.NumSubexp()
	var out []sxReplPiece
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, sxReplPiece{lit: lit.String(), group: -1})
			lit.Reset()
		}
	}
	bad := func(msg string) {
		throw(Errorf(ValueError, "%s: invalid replacement %s: %s", fname, PrStr(repl), msg).
			WithHint(`with a regex, $1 inserts group 1 and ${name} a named group; write \\$ for a literal dollar sign, or wrap the text in (clojure.string/re-quote-replacement s)`))
	}
	for i := 0; i < len(repl); {
		c := repl[i]
		switch c {
		case '\\':
			i++
			if i >= len(repl) {
				bad("character to be escaped is missing")
			}
			_, w := utf8.DecodeRuneInString(repl[i:])
			lit.WriteString(repl[i : i+w])
			i += w
		case '$':
			i++
			if i >= len(repl) {
				bad("group index is missing after $")
			}
			if repl[i] == '{' {
				end := strings.IndexByte(repl[i:], '}')
				if end < 0 {
					bad("named group is missing a closing }")
				}
				name := repl[i+1 : i+end]
				if name == "" {
					bad("named group has an empty name")
				}
				gi := rx.re.SubexpIndex(name)
				if gi < 0 {
					bad("no group named " + name)
				}
				flush()
				out = append(out, sxReplPiece{group: gi})
				i += end + 1
				continue
			}
			if repl[i] < '0' || repl[i] > '9' {
				bad("$ must be followed by a group number or {name}")
			}
			ref := int(repl[i] - '0')
			if ref > ngroups {
				throw(Errorf(IndexError, "%s: replacement refers to group %d, but the regex has %d group%s", fname, ref, ngroups, plural(ngroups)).
					WithHint(`groups are the parenthesized parts of the regex; write \\$ for a literal dollar sign`))
			}
			i++
			for i < len(repl) && repl[i] >= '0' && repl[i] <= '9' {
				next := ref*10 + int(repl[i]-'0')
				if next > ngroups {
					break
				}
				ref = next
				i++
			}
			flush()
			out = append(out, sxReplPiece{group: ref})
		default:
			j := i + 1
			for j < len(repl) && repl[j] != '\\' && repl[j] != '$' {
				j++
			}
			lit.WriteString(repl[i:j])
			i = j
		}
	}
	flush()
	return out
}

// sxRegexReplace replaces the matches of rx in s (the first only when
// first is set) with repl: a Java replacement string, or a function of the
// match (shaped as re-find returns it) whose result is used as text.
func sxRegexReplace(t *Thread, fname string, s string, rx *Regex, repl Value, first bool) string {
	n := -1
	if first {
		n = 1
	}
	var pieces []sxReplPiece
	var f Value
	switch r := repl.(type) {
	case string:
	default:
		if !sxCallable(repl) {
			throw(typeErr(fname, "a replacement string or function", repl).
				WithHint(`the replacement is a string (with $1 for groups) or a function of the match, e.g. (fn [[whole g1]] ...)`))
		}
		f = r
	}
	ms := sxFindAll(t, rx, s, n)
	if len(ms) == 0 {
		return s
	}
	if f == nil {
		pieces = sxParseReplacement(fname, rx, repl.(string))
	}
	var b strings.Builder
	prev := 0
	for _, m := range ms {
		b.WriteString(s[prev:m[0]])
		if f != nil {
			b.WriteString(Str(t.call1(f, sxMatchValue(s, m))))
		} else {
			for _, p := range pieces {
				if p.group < 0 {
					b.WriteString(p.lit)
				} else if m[2*p.group] >= 0 {
					b.WriteString(s[m[2*p.group]:m[2*p.group+1]])
				}
			}
		}
		prev = m[1]
		t.checkString(b.Len())
	}
	b.WriteString(s[prev:])
	t.checkString(b.Len())
	return b.String()
}

// sxCallable reports whether v can be called as a function.
func sxCallable(v Value) bool {
	switch v.(type) {
	case *Fn, *Builtin, Keyword, *Map, *Set:
		return true
	}
	return false
}

// sxIntArg converts an index-like argument: integers, and floats truncated
// toward zero as Clojure's int casts do.
func sxIntArg(fname, what string, v Value) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		if x != x || x > 9e18 || x < -9e18 {
			break
		}
		return int64(x)
	}
	throw(Errorf(TypeError, "%s expects an integer %s, got %s", fname, what, describeForError(v)))
	return 0
}

// sxParseLong is parse-long on a string: an optional sign and decimal
// digits, within the 64-bit range.
func sxParseLong(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9') && !(i == 0 && (c == '+' || c == '-') && len(s) > 1) {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

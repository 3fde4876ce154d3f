package lang

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String functions: clojure.string, and the core string helpers subs,
// format, parse-long & co, char, and core replace.
//
// String positions (subs, index-of, last-index-of) count Unicode code
// points, as count does; Clojure counts UTF-16 units, so the two differ only
// for characters outside the BMP (emoji).

func stringLib() []*Builtin {
	const g = "Strings"
	bare := func(b *Builtin) *Builtin {
		b.Doc.Bare = true
		return b
	}
	return []*Builtin{
		bare(fn(nsString, g, "blank?", 1, 1, []string{"(blank? s)"},
			"True when s is nil, empty, or only whitespace.",
			func(t *Thread, a []Value) Value {
				if a[0] == nil {
					return true
				}
				s := sxStrArg("clojure.string/blank?", a[0])
				t.charge(len(s) / 16)
				return strings.TrimLeftFunc(s, sxIsSpace) == ""
			},
			ex(`(clojure.string/blank? "  \n")`, "true"), ex(`(blank? nil)`, "true"), ex(`(blank? " a ")`, "false"))),
		fn(nsString, g, "capitalize", 1, 1, []string{"(capitalize s)"},
			"s with its first character upper-cased and the rest lower-cased.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/capitalize", a[0])
				t.charge(len(s) / 16)
				_, w := utf8.DecodeRuneInString(s)
				if w >= len(s) {
					return strings.ToUpper(s)
				}
				return strings.ToUpper(s[:w]) + strings.ToLower(s[w:])
			},
			ex(`(clojure.string/capitalize "hELLO world")`, `"Hello world"`)),
		bare(fn(nsString, g, "ends-with?", 2, 2, []string{"(ends-with? s suffix)"},
			"True when s ends with suffix.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/ends-with?", a[0])
				return strings.HasSuffix(s, sxNeedStr("clojure.string/ends-with?", "suffix", a[1]))
			},
			ex(`(ends-with? "report.csv" ".csv")`, "true"), ex(`(clojure.string/ends-with? "abc" "b")`, "false"))),
		fn(nsString, g, "escape", 2, 2, []string{"(escape s cmap)"},
			"Replaces each character c of s for which (cmap c) is not nil with (str (cmap c)). cmap is usually a map from characters to strings.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/escape", a[0])
				cmap := a[1]
				if !sxCallable(cmap) {
					throw(typeErr("clojure.string/escape", "a map or function from characters to replacements", cmap))
				}
				var b strings.Builder
				for i := 0; i < len(s); {
					_, w := utf8.DecodeRuneInString(s[i:])
					c := s[i : i+w]
					t.step()
					if r := t.call1(cmap, c); r != nil {
						b.WriteString(Str(r))
						t.checkString(b.Len())
					} else {
						b.WriteString(c)
					}
					i += w
				}
				return b.String()
			},
			ex(`(clojure.string/escape "a<b & c" {\< "&lt;" \& "&amp;"})`, `"a&lt;b &amp; c"`)),
		bare(fn(nsString, g, "includes?", 2, 2, []string{"(includes? s substr)"},
			"True when s contains substr.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/includes?", a[0])
				t.charge(len(s) / 32)
				return strings.Contains(s, sxNeedStr("clojure.string/includes?", "substring", a[1]))
			},
			ex(`(includes? "hello world" "o w")`, "true"), ex(`(clojure.string/includes? "abc" "x")`, "false"))),
		bare(fn(nsString, g, "index-of", 2, 3, []string{"(index-of s value)", "(index-of s value from)"},
			"Position of the first occurrence of value (a string or character) in s, searching from position from (default 0); nil when absent. Positions count characters.",
			func(t *Thread, a []Value) Value {
				const name = "clojure.string/index-of"
				s := sxStrArg(name, a[0])
				sub := sxNeedStr(name, "value to find", a[1])
				t.charge(len(s) / 32)
				from := int64(0)
				if len(a) == 3 {
					from = sxIntArg(name, "from index", a[2])
				}
				if from < 0 {
					from = 0
				}
				n := int64(utf8.RuneCountInString(s))
				if from >= n {
					if sub == "" {
						return boxInt(n)
					}
					return nil
				}
				off := sxByteOffset(s, int(from))
				i := strings.Index(s[off:], sub)
				if i < 0 {
					return nil
				}
				return boxInt(from + int64(utf8.RuneCountInString(s[off:off+i])))
			},
			ex(`(index-of "hello" "l")`, "2"), ex(`(index-of "hello" "l" 3)`, "3"), ex(`(clojure.string/index-of "hello" "z")`, "nil"))),
		bare(fn(nsString, g, "join", 1, 2, []string{"(join coll)", "(join separator coll)"},
			"The elements of coll converted with str (nil becomes \"\") and joined, with separator between them when given.",
			func(t *Thread, a []Value) Value {
				coll, sep := a[0], ""
				if len(a) == 2 {
					sep, coll = Str(a[0]), a[1]
				}
				var b strings.Builder
				first := true
				eachSeq(t, "clojure.string/join", coll, func(x Value) bool {
					if !first {
						b.WriteString(sep)
					}
					first = false
					b.WriteString(Str(x))
					t.checkString(b.Len())
					return true
				})
				return b.String()
			},
			ex(`(join ", " ["a" "b" "c"])`, `"a, b, c"`), ex(`(clojure.string/join [1 nil 2])`, `"12"`), ex(`(join "-" [])`, `""`))),
		bare(fn(nsString, g, "last-index-of", 2, 3, []string{"(last-index-of s value)", "(last-index-of s value from)"},
			"Position of the last occurrence of value in s that starts at or before position from (default: the end); nil when absent.",
			func(t *Thread, a []Value) Value {
				const name = "clojure.string/last-index-of"
				s := sxStrArg(name, a[0])
				sub := sxNeedStr(name, "value to find", a[1])
				t.charge(len(s) / 32)
				end := len(s)
				if len(a) == 3 {
					from := sxIntArg(name, "from index", a[2])
					if from < 0 {
						return nil
					}
					if from < int64(utf8.RuneCountInString(s)) {
						end = sxByteOffset(s, int(from)) + len(sub)
						if end > len(s) {
							end = len(s)
						}
					}
				}
				i := strings.LastIndex(s[:end], sub)
				if i < 0 {
					return nil
				}
				return boxInt(int64(utf8.RuneCountInString(s[:i])))
			},
			ex(`(last-index-of "hello" "l")`, "3"), ex(`(last-index-of "hello" "l" 2)`, "2"), ex(`(clojure.string/last-index-of "abc" "z")`, "nil"))),
		bare(fn(nsString, g, "lower-case", 1, 1, []string{"(lower-case s)"}, "s in lower case.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/lower-case", a[0])
				t.charge(len(s) / 16)
				return strings.ToLower(s)
			},
			ex(`(lower-case "HeLLo")`, `"hello"`))),
		bare(sxPTC(fn(nsString, g, "downcase", 1, 1, []string{"(downcase s)"}, "Same as lower-case.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("downcase", a[0])
				t.charge(len(s) / 16)
				return strings.ToLower(s)
			},
			ex(`(downcase "ABC")`, `"abc"`)))),
		bare(fn(nsString, g, "upper-case", 1, 1, []string{"(upper-case s)"}, "s in upper case.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/upper-case", a[0])
				t.charge(len(s) / 16)
				return strings.ToUpper(s)
			},
			ex(`(upper-case "hello")`, `"HELLO"`))),
		bare(sxPTC(fn(nsString, g, "upcase", 1, 1, []string{"(upcase s)"}, "Same as upper-case.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("upcase", a[0])
				t.charge(len(s) / 16)
				return strings.ToUpper(s)
			},
			ex(`(upcase "abc")`, `"ABC"`)))),
		fn(nsString, g, "re-quote-replacement", 1, 1, []string{"(re-quote-replacement s)"},
			"Escapes $ and \\ in s so that it is inserted literally when used as the replacement of a regex replace.",
			func(t *Thread, a []Value) Value {
				s := sxNeedStr("clojure.string/re-quote-replacement", "string", a[0])
				if !strings.ContainsAny(s, `\$`) {
					return s
				}
				var b strings.Builder
				for i := 0; i < len(s); i++ {
					if s[i] == '\\' || s[i] == '$' {
						b.WriteByte('\\')
					}
					b.WriteByte(s[i])
				}
				return b.String()
			},
			ex(`(clojure.string/replace "cost: X" #"X" (clojure.string/re-quote-replacement "$5"))`, `"cost: $5"`)),
		fn(nsString, g, "replace", 3, 3, []string{"(replace s match replacement)"},
			"Replaces every occurrence of match in s. match is a string or character (replaced literally) or a regex; with a regex the replacement string may use $1 for group 1 (\\$ is a literal $), or the replacement may be a function of the match (a string, or [whole g1 ...] when the regex has groups) returning its text.",
			func(t *Thread, a []Value) Value {
				return sxReplace(t, "clojure.string/replace", a[0], a[1], a[2], false)
			},
			ex(`(clojure.string/replace "a-b-c" "-" "+")`, `"a+b+c"`),
			ex(`(clojure.string/replace "2024-01-31" #"(\d+)-(\d+)-(\d+)" "$3/$2/$1")`, `"31/01/2024"`),
			ex(`(clojure.string/replace "a1b22" #"\d+" (fn [m] (str "<" m ">")))`, `"a<1>b<22>"`)),
		fn(nsString, g, "replace-first", 3, 3, []string{"(replace-first s match replacement)"},
			"Like clojure.string/replace, but replaces only the first occurrence.",
			func(t *Thread, a []Value) Value {
				return sxReplace(t, "clojure.string/replace-first", a[0], a[1], a[2], true)
			},
			ex(`(clojure.string/replace-first "a-b-c" "-" "+")`, `"a+b-c"`),
			ex(`(clojure.string/replace-first "x1y2" #"\d" "#")`, `"x#y2"`)),
		fn(nsCore, g, "replace", 2, 3, []string{"(replace smap coll)", "(replace s match replacement)"},
			"With two arguments, a vector of coll's elements where each element that is a key of smap (a map, or a vector indexed by position) is replaced by its value. With three, the same as clojure.string/replace.",
			func(t *Thread, a []Value) Value {
				if len(a) == 3 {
					return sxReplace(t, "replace", a[0], a[1], a[2], false)
				}
				smap := a[0]
				switch smap.(type) {
				case nil, *Map, *Vector:
				default:
					e := typeErr("replace", "a map or vector of replacements as its first argument", smap)
					if _, ok := smap.(string); ok {
						e.Hint = "to replace text in a string, use (replace s match replacement) with three arguments"
					}
					throw(e)
				}
				var out []Value
				eachSeq(t, "replace", a[1], func(x Value) bool {
					if v, ok := getFound(smap, x); ok {
						x = v
					}
					out = append(out, x)
					return true
				})
				t.checkCollection(len(out))
				return NewVector(out)
			},
			ex(`(replace {:a 1 :b 2} [:a :c :b])`, "[1 :c 2]"),
			ex(`(replace [:zero :one] [1 0 5])`, "[:one :zero 5]"),
			ex(`(replace "hello" "l" "L")`, `"heLLo"`)),
		fn(nsString, g, "reverse", 1, 1, []string{"(reverse s)"}, "The characters of s in reverse order.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/reverse", a[0])
				t.charge(len(s) / 16)
				b := make([]byte, 0, len(s))
				for i := len(s); i > 0; {
					_, w := utf8.DecodeLastRuneInString(s[:i])
					b = append(b, s[i-w:i]...)
					i -= w
				}
				return string(b)
			},
			ex(`(clojure.string/reverse "stressed")`, `"desserts"`)),
		bare(fn(nsString, g, "split", 2, 3, []string{"(split s re)", "(split s re limit)"},
			"Splits s around matches of re (a regex, or a one-character string). Trailing empty strings are dropped; with limit > 0 there are at most limit parts (the last holds the rest), and a negative limit keeps trailing empty strings. An empty-string delimiter splits into characters.",
			func(t *Thread, a []Value) Value {
				const name = "clojure.string/split"
				s := sxStrArg(name, a[0])
				var rx *Regex
				switch d := a[1].(type) {
				case *Regex:
					rx = d
				case string:
					if utf8.RuneCountInString(d) > 1 {
						throw(Errorf(TypeError, "%s expects a regex or a one-character delimiter, got the string %s", name, PrStr(d)).
							WithHint("use a regex for longer delimiters, e.g. (split s #\"%s\")", sxRegexLiteral(d)))
					}
					rx = sxCompileCached(regexp.QuoteMeta(d))
				default:
					throw(typeErr(name, "a regex delimiter", a[1]).WithHint(`the string comes first: (split s #","); the delimiter is a regex such as #"\s+" or a one-character string`))
				}
				limit := 0
				if len(a) == 3 {
					l := sxIntArg(name, "limit", a[2])
					switch {
					case l > math.MaxInt32:
						limit = math.MaxInt32
					case l < 0:
						limit = -1
					default:
						limit = int(l)
					}
				}
				return sxSplit(t, rx, s, limit)
			},
			ex(`(split "a,b,,c,," #",")`, `["a" "b" "" "c"]`),
			ex(`(clojure.string/split "a b  c" #"\s+")`, `["a" "b" "c"]`),
			ex(`(split "k=v=w" "=" 2)`, `["k" "v=w"]`),
			ex(`(split "a--b" "--")`, "error: type_error"))),
		bare(fn(nsString, g, "split-lines", 1, 1, []string{"(split-lines s)"},
			"Splits s at \\n or \\r\\n; trailing empty lines are dropped.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/split-lines", a[0])
				return sxSplit(t, sxCompileCached(`\r?\n`), s, 0)
			},
			ex(`(split-lines "one\ntwo\r\nthree\n")`, `["one" "two" "three"]`))),
		bare(fn(nsString, g, "starts-with?", 2, 2, []string{"(starts-with? s prefix)"},
			"True when s starts with prefix.",
			func(t *Thread, a []Value) Value {
				s := sxStrArg("clojure.string/starts-with?", a[0])
				return strings.HasPrefix(s, sxNeedStr("clojure.string/starts-with?", "prefix", a[1]))
			},
			ex(`(starts-with? "hello" "he")`, "true"), ex(`(clojure.string/starts-with? "hello" "lo")`, "false"))),
		bare(fn(nsString, g, "trim", 1, 1, []string{"(trim s)"}, "s without leading and trailing whitespace.",
			func(t *Thread, a []Value) Value {
				return strings.TrimFunc(sxStrArg("clojure.string/trim", a[0]), sxIsSpace)
			},
			ex(`(trim "  hi there \n")`, `"hi there"`))),
		bare(fn(nsString, g, "triml", 1, 1, []string{"(triml s)"}, "s without leading whitespace.",
			func(t *Thread, a []Value) Value {
				return strings.TrimLeftFunc(sxStrArg("clojure.string/triml", a[0]), sxIsSpace)
			},
			ex(`(triml "  hi ")`, `"hi "`))),
		bare(fn(nsString, g, "trimr", 1, 1, []string{"(trimr s)"}, "s without trailing whitespace.",
			func(t *Thread, a []Value) Value {
				return strings.TrimRightFunc(sxStrArg("clojure.string/trimr", a[0]), sxIsSpace)
			},
			ex(`(trimr "  hi ")`, `"  hi"`))),
		bare(fn(nsString, g, "trim-newline", 1, 1, []string{"(trim-newline s)"}, "s without trailing \\n and \\r characters.",
			func(t *Thread, a []Value) Value {
				return strings.TrimRight(sxStrArg("clojure.string/trim-newline", a[0]), "\r\n")
			},
			ex(`(trim-newline "line\r\n")`, `"line"`))),

		// Core string helpers.
		fn(nsCore, g, "subs", 2, 3, []string{"(subs s start)", "(subs s start end)"},
			"The characters of s from position start (inclusive) to end (exclusive, default the end of s). An end past the end of s is clamped, so (subs s 0 100) takes at most 100 characters; a negative start, or a start after end or after the end of s, is an index_error.",
			func(t *Thread, a []Value) Value {
				s, ok := a[0].(string)
				if !ok {
					e := typeErr("subs", "a string", a[0])
					if a[0] == nil {
						e.Hint = "the string is nil: guard with (when s (subs s ...)) or default it with (or s \"\")"
					} else {
						e.Hint = "convert it first with (str x)"
					}
					throw(e)
				}
				start := sxIntArg("subs", "start", a[1])
				n := int64(utf8.RuneCountInString(s))
				end := n
				if len(a) == 3 {
					end = sxIntArg("subs", "end", a[2])
					if end > n {
						end = n
					}
				}
				if start < 0 || start > end {
					e := Errorf(IndexError, "subs: start %d, end %d out of range for a string of %d character%s", start, end, n, plural(int(n)))
					if start < 0 {
						e.Hint = "start is negative; if it came from index-of, that returns nil when the text is absent: check it first, e.g. (when-let [i (index-of s x)] (subs s i))"
					} else {
						e.Hint = "positions run from 0 to (count s); check (count s) first, e.g. (subs s (min start (count s)))"
					}
					throw(e)
				}
				t.charge(int(end-start) / 32)
				if start == 0 && end == n {
					return s
				}
				bs := sxByteOffset(s, int(start))
				be := bs + sxByteOffset(s[bs:], int(end-start))
				return s[bs:be]
			},
			ex(`(subs "hello" 1)`, `"ello"`), ex(`(subs "hello" 1 3)`, `"el"`), ex(`(subs "hi" 0 100)`, `"hi"`), ex(`(subs "hi" 5)`, "error: index_error")),
		fn(nsCore, g, "format", 1, -1, []string{"(format fmt & args)"},
			"A string built from the Java-style format string fmt: %s (any value, as str), %d (integer), %f %e %g (number, e.g. %.2f), %x %o (hex, octal), %b, %c, %n (newline) and %% (a literal %). Width, precision and the flags - 0 + , ( # and space work as in Java; nil prints as \"null\".",
			func(t *Thread, a []Value) Value {
				f, ok := a[0].(string)
				if !ok {
					throw(typeErr("format", "a format string as its first argument", a[0]).WithHint(`the format string comes first: (format "%%s: %%d" name n)`))
				}
				return sxFormat(t, f, a[1:])
			},
			ex(`(format "%s has %d items" "cart" 3)`, `"cart has 3 items"`),
			ex(`(format "%.2f" 3.14159)`, `"3.14"`),
			ex(`(format "[%5s|%-5s|%05d]" "ab" "cd" 42)`, `"[   ab|cd   |00042]"`)),
		fn(nsCore, g, "parse-long", 1, 1, []string{"(parse-long s)"},
			"The integer written in s (optional sign, decimal digits), or nil when s is not exactly that or is not a string.",
			func(t *Thread, a []Value) Value {
				if s, ok := a[0].(string); ok {
					if v, ok := sxParseLong(s); ok {
						return boxInt(v)
					}
				}
				return nil
			},
			ex(`(parse-long "-42")`, "-42"), ex(`(parse-long "4.2")`, "nil"), ex(`(parse-long nil)`, "nil")),
		sxPTC(fn(nsCore, g, "parse-int", 1, 1, []string{"(parse-int s)"}, "Same as parse-long.",
			func(t *Thread, a []Value) Value {
				if s, ok := a[0].(string); ok {
					if v, ok := sxParseLong(s); ok {
						return boxInt(v)
					}
				}
				return nil
			},
			ex(`(parse-int "42")`, "42"), ex(`(parse-int "x")`, "nil"))),
		fn(nsCore, g, "parse-double", 1, 1, []string{"(parse-double s)"},
			"The floating-point number written in s (as Java's Double.parseDouble reads it: 1.5, -2e3, .5, NaN, Infinity; surrounding whitespace allowed), or nil when s is not a number or not a string.",
			func(t *Thread, a []Value) Value {
				if s, ok := a[0].(string); ok {
					if v, ok := sxParseDouble(s); ok {
						return v
					}
				}
				return nil
			},
			ex(`(parse-double "3.14")`, "3.14"), ex(`(parse-double "42")`, "42.0"), ex(`(parse-double "abc")`, "nil")),
		fn(nsCore, g, "parse-boolean", 1, 1, []string{"(parse-boolean s)"},
			"true for \"true\", false for \"false\", otherwise nil.",
			func(t *Thread, a []Value) Value {
				switch a[0] {
				case "true":
					return true
				case "false":
					return false
				}
				return nil
			},
			ex(`(parse-boolean "true")`, "true"), ex(`(parse-boolean "yes")`, "nil")),
		fn(nsCore, g, "char", 1, 1, []string{"(char n)"},
			"The character (a one-character string) with code point n; a character is returned as is.",
			func(t *Thread, a []Value) Value {
				if s, ok := a[0].(string); ok && s != "" && utf8.RuneCountInString(s) == 1 {
					return s
				}
				switch a[0].(type) {
				case int64, float64:
				default:
					throw(typeErr("char", "an integer code point", a[0]))
				}
				n := sxIntArg("char", "code point", a[0])
				if n < 0 || n > unicode.MaxRune || (n >= 0xD800 && n <= 0xDFFF) {
					throw(Errorf(ValueError, "char: value out of range for a character: %d", n).WithHint("code points run from 0 to 1114111, excluding 55296-57343 (surrogates)"))
				}
				return string(rune(n))
			},
			ex(`(char 65)`, `"A"`), ex(`(char 955)`, `"λ"`)),
	}
}

// sxRegexLiteral renders s as the body of a regex literal for a hint.
func sxRegexLiteral(s string) string {
	q := regexp.QuoteMeta(s)
	q = strings.ReplaceAll(q, "\"", "\\\"")
	q = strings.ReplaceAll(q, "\n", `\n`)
	q = strings.ReplaceAll(q, "\t", `\t`)
	q = strings.ReplaceAll(q, "\r", `\r`)
	return q
}

// sxStrArg is the string argument of a clojure.string function. Like
// Clojure (which calls toString), numbers, keywords, symbols and booleans
// are accepted as their printed form; nil and collections are errors.
func sxStrArg(fname string, v Value) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		throw(Errorf(TypeError, "%s expects a string, got nil", fname).
			WithHint("the value is nil: check where it came from, guard with (when s ...), or default it with (or s \"\")"))
	case int64, float64, bool, Keyword, Symbol:
		return Str(x)
	}
	throw(typeErr(fname, "a string", v).WithHint("convert it first with (str x), or map the function over the elements"))
	return ""
}

// sxNeedStr is a string argument that must be a string (or character).
func sxNeedStr(fname, what string, v Value) string {
	if s, ok := v.(string); ok {
		return s
	}
	e := Errorf(TypeError, "%s expects a string as the %s, got %s", fname, what, describeForError(v))
	if v == nil {
		e.Hint = "the value is nil: check where it came from"
	} else if _, ok := v.(*Regex); ok {
		e.Hint = "this argument is a plain string; use re-find to search with a regex"
	} else {
		e.Hint = "convert it first with (str x)"
	}
	throw(e)
	return ""
}

// sxIsSpace is Java's Character.isWhitespace, which clojure.string's trim
// functions and blank? use: ASCII whitespace, the separators U+001C-U+001F
// and Unicode space separators except the non-breaking ones.
func sxIsSpace(r rune) bool {
	switch {
	case r == ' ' || (r >= '\t' && r <= '\r') || (r >= 0x1C && r <= 0x1F):
		return true
	case r < 0x80:
		return false
	case r == 0xA0 || r == 0x2007 || r == 0x202F:
		return false
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

// sxByteOffset is the byte offset of the i-th character of s (len(s) when
// i is the character count or more).
func sxByteOffset(s string, i int) int {
	if i <= 0 {
		return 0
	}
	if i < len(s) && isASCII(s[:i]) {
		return i
	}
	n := 0
	for off := range s {
		if n == i {
			return off
		}
		n++
	}
	return len(s)
}

// sxReplace is clojure.string/replace and replace-first.
func sxReplace(t *Thread, fname string, sv, match, repl Value, first bool) string {
	s := sxStrArg(fname, sv)
	switch m := match.(type) {
	case *Regex:
		return sxRegexReplace(t, fname, s, m, repl, first)
	case string:
		t.charge(len(s) / 32)
		n := -1
		if first {
			n = 1
		}
		switch r := repl.(type) {
		case string:
			if len(r) > len(m) {
				if c := strings.Count(s, m); c > 0 {
					if n == 1 {
						c = 1
					}
					t.checkString(len(s) + c*(len(r)-len(m)))
				}
			}
			return strings.Replace(s, m, r, n)
		default:
			if !sxCallable(repl) {
				break
			}
			// A function replacement is called with each literal match.
			var b strings.Builder
			prev := 0
			for k := 0; n < 0 || k < n; k++ {
				var i int
				if m == "" {
					if k > 0 {
						if prev >= len(s) {
							break
						}
						_, w := utf8.DecodeRuneInString(s[prev:])
						b.WriteString(s[prev : prev+w])
						prev += w
					}
					i = prev
				} else {
					j := strings.Index(s[prev:], m)
					if j < 0 {
						break
					}
					i = prev + j
				}
				b.WriteString(s[prev:i])
				b.WriteString(Str(t.call1(repl, m)))
				t.checkString(b.Len())
				prev = i + len(m)
			}
			b.WriteString(s[prev:])
			return b.String()
		}
		throw(typeErr(fname, "a replacement string", repl).WithHint("with a string match the replacement is a string; use (str x) to convert it"))
	case nil:
		throw(Errorf(TypeError, "%s expects a string, character or regex to match, got nil", fname).
			WithHint("the arguments are (replace s match replacement)"))
	}
	throw(typeErr(fname, "a string, character or regex to match", match).WithHint("the arguments are (replace s match replacement)"))
	return ""
}

// sxParseDouble reads a double the way Java's Double.parseDouble does:
// surrounding characters <= ' ' are ignored; an optional sign; NaN,
// Infinity, a decimal number with optional exponent and an optional
// f/F/d/D suffix, or a hexadecimal 0x...p... number.
func sxParseDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if s == "" {
		return 0, false
	}
	body := s
	neg := false
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n := len(body); n > 0 {
		switch body[n-1] {
		case 'f', 'F', 'd', 'D':
			if !(len(body) > 1 && (body[1] == 'x' || body[1] == 'X')) || strings.ContainsAny(body, "pP") {
				body = body[:n-1]
			}
		}
	}
	if len(body) > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') {
		// Hex float: 0x<hex>[.<hex>]p<exp>
		h := body[2:]
		p := strings.IndexAny(h, "pP")
		if p < 0 {
			return 0, false
		}
		mant, exp := h[:p], h[p+1:]
		digits := 0
		dots := 0
		for i := 0; i < len(mant); i++ {
			c := mant[i]
			switch {
			case c == '.':
				dots++
			case (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'):
				digits++
			default:
				return 0, false
			}
		}
		if digits == 0 || dots > 1 || !sxDigitsWithSign(exp) {
			return 0, false
		}
	} else {
		// Decimal: digits [. digits] [e [sign] digits], at least one digit in the mantissa.
		i, digits := 0, 0
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			i++
			digits++
		}
		if i < len(body) && body[i] == '.' {
			i++
			for i < len(body) && body[i] >= '0' && body[i] <= '9' {
				i++
				digits++
			}
		}
		if digits == 0 {
			return 0, false
		}
		if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
			if !sxDigitsWithSign(body[i+1:]) {
				return 0, false
			}
			i = len(body)
		}
		if i != len(body) {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(body, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, true
}

func sxDigitsWithSign(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ---- format ----

// sxSpec is one parsed %-specifier.
type sxSpec struct {
	flags      string
	width      int // -1 when absent
	prec       int // -1 when absent
	conv       byte
	text       string // the specifier as written, for messages
	left, zero bool
}

func (sp *sxSpec) has(c byte) bool { return strings.IndexByte(sp.flags, c) >= 0 }

// sxFormat implements format: Java's Formatter for the conversions
// programs use.
func sxFormat(t *Thread, f string, args []Value) string {
	t.charge(len(f)/8 + len(args))
	var b strings.Builder
	next := 0  // next ordinary argument
	last := -1 // the argument used last, for %<s
	for i := 0; i < len(f); {
		if f[i] != '%' {
			j := strings.IndexByte(f[i:], '%')
			if j < 0 {
				b.WriteString(f[i:])
				break
			}
			b.WriteString(f[i : i+j])
			i += j
			continue
		}
		start := i
		i++
		sp := sxSpec{width: -1, prec: -1}
		explicit := 0
		// argument index n$
		j := i
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		if j > i && j < len(f) && f[j] == '$' {
			explicit, _ = strconv.Atoi(f[i:j])
			if explicit == 0 {
				throw(Errorf(ValueError, "format: argument index 0 in %s; arguments are numbered from 1", PrStr(f[start:j+1])))
			}
			i = j + 1
		}
		fs := i
		for i < len(f) && strings.IndexByte("-#+ 0,(<", f[i]) >= 0 {
			i++
		}
		sp.flags = f[fs:i]
		ws := i
		for i < len(f) && f[i] >= '0' && f[i] <= '9' {
			i++
		}
		if i > ws {
			sp.width = sxAtoiCap(f[ws:i])
		}
		if i < len(f) && f[i] == '.' {
			i++
			ps := i
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				i++
			}
			if i == ps {
				throw(Errorf(ValueError, "format: precision missing after '.' in %s", PrStr(f[start:i])).
					WithHint("write a precision such as %%.2f"))
			}
			sp.prec = sxAtoiCap(f[ps:i])
		}
		if i >= len(f) {
			throw(Errorf(ValueError, "format: incomplete format specifier %s at the end of the format string", PrStr(f[start:])).
				WithHint("write %%%% for a literal percent sign"))
		}
		sp.conv = f[i]
		i++
		sp.text = f[start:i]
		sp.left = sp.has('-')
		sp.zero = sp.has('0')
		if sp.width > 0 {
			t.checkString(sp.width)
		}
		if sp.prec > 0 {
			t.checkString(sp.prec)
		}
		t.charge((max(sp.width, 0) + max(sp.prec, 0)) / 64)
		switch sp.conv {
		case '%':
			sxPad(&b, "%", &sp, false)
			continue
		case 'n':
			b.WriteByte('\n')
			continue
		}
		// Conversions that take an argument.
		var arg Value
		idx := 0
		switch {
		case sp.has('<'):
			idx = last
		case explicit > 0:
			idx = explicit - 1
		default:
			idx = next
			next++
		}
		if idx < 0 || idx >= len(args) {
			e := Errorf(ValueError, "format: no argument for %s (%d argument%s given)", sp.text, len(args), plural(len(args)))
			e.Hint = "each %s, %d ... needs an argument; write %% for a literal percent sign"
			throw(e)
		}
		arg = args[idx]
		last = idx
		sxFormatOne(t, &b, &sp, arg)
		t.checkString(b.Len())
	}
	return b.String()
}

func sxAtoiCap(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n > 1<<30 {
		return 1 << 30
	}
	return n
}

// sxPad writes s padded to the spec's width with spaces (zeros are handled
// by the numeric conversions).
func sxPad(b *strings.Builder, s string, sp *sxSpec, upper bool) {
	if upper {
		s = strings.ToUpper(s)
	}
	n := utf8.RuneCountInString(s)
	if sp.width > n && !sp.left {
		b.WriteString(strings.Repeat(" ", sp.width-n))
	}
	b.WriteString(s)
	if sp.width > n && sp.left {
		b.WriteString(strings.Repeat(" ", sp.width-n))
	}
}

func sxFormatErr(sp *sxSpec, want string, arg Value) *Error {
	e := Errorf(TypeError, "format: %s expects %s, got %s", sp.text, want, describeForError(arg))
	switch sp.conv {
	case 'd':
		if _, ok := arg.(float64); ok {
			e.Hint = "use %.0f (or %.2f ...) for floats, or convert with (long x)"
		} else if _, ok := arg.(string); ok {
			e.Hint = "use %s for strings, or convert with (parse-long s)"
		}
	case 'f', 'e', 'g', 'E', 'G':
		if _, ok := arg.(string); ok {
			e.Hint = "use %s for strings, or convert with (parse-double s)"
		}
	}
	if e.Hint == "" {
		e.Hint = "%s formats any value"
	}
	return e
}

func sxFormatOne(t *Thread, b *strings.Builder, sp *sxSpec, arg Value) {
	upper := sp.conv >= 'A' && sp.conv <= 'Z'
	conv := sp.conv | 0x20 // lower case
	if sp.conv == 'D' || sp.conv == 'O' || sp.conv == 'F' {
		conv = 0 // no upper-case variants of these
	}
	switch conv {
	case 's':
		s := "null"
		if arg != nil {
			s = Str(arg)
		}
		if sp.prec >= 0 && utf8.RuneCountInString(s) > sp.prec {
			s = s[:sxByteOffset(s, sp.prec)]
		}
		sxPad(b, s, sp, upper)
	case 'b':
		s := "true"
		if arg == nil || arg == false {
			s = "false"
		}
		if sp.prec >= 0 && len(s) > sp.prec {
			s = s[:sp.prec]
		}
		sxPad(b, s, sp, upper)
	case 'h':
		s := "null"
		if arg != nil {
			s = strconv.FormatUint(uint64(sxJavaHash(arg)), 16)
		}
		sxPad(b, s, sp, upper)
	case 'c':
		s := "null"
		switch x := arg.(type) {
		case nil:
		case string:
			if utf8.RuneCountInString(x) != 1 {
				throw(sxFormatErr(sp, "a character", arg))
			}
			s = x
		case int64:
			if x < 0 || x > unicode.MaxRune || (x >= 0xD800 && x <= 0xDFFF) {
				throw(Errorf(ValueError, "format: %s: %d is not a valid code point", sp.text, x))
			}
			s = string(rune(x))
		default:
			throw(sxFormatErr(sp, "a character", arg))
		}
		sxPad(b, s, sp, upper)
	case 'd', 'o', 'x':
		if arg == nil {
			sxPad(b, "null", sp, upper)
			return
		}
		n, ok := arg.(int64)
		if !ok {
			throw(sxFormatErr(sp, "an integer", arg))
		}
		if sp.prec >= 0 {
			throw(Errorf(ValueError, "format: %s: integers take no precision", sp.text).WithHint("use a width with zero padding instead, e.g. %%05d"))
		}
		var digits string
		neg := false
		switch conv {
		case 'd':
			neg = n < 0
			digits = strconv.FormatUint(absU(n), 10)
			if sp.has(',') {
				digits = sxGroup(digits)
			}
		case 'o':
			digits = strconv.FormatUint(uint64(n), 8)
			if sp.has('#') {
				digits = "0" + digits
			}
		case 'x':
			digits = strconv.FormatUint(uint64(n), 16)
			if upper {
				digits = strings.ToUpper(digits)
			}
		}
		prefix := ""
		if conv == 'x' && sp.has('#') {
			prefix = "0x"
			if upper {
				prefix = "0X"
			}
		}
		sxSignPad(b, sp, neg, prefix, digits)
	case 'e', 'f', 'g':
		if arg == nil {
			sxPad(b, "null", sp, upper)
			return
		}
		var x float64
		switch v := arg.(type) {
		case float64:
			x = v
		case int64:
			x = float64(v)
		default:
			throw(sxFormatErr(sp, "a number", arg))
		}
		neg := math.Signbit(x) && !math.IsNaN(x)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s := "NaN"
			if math.IsInf(x, 0) {
				s = "Infinity"
				if neg {
					if sp.has('(') {
						s = "(Infinity)"
					} else {
						s = "-Infinity"
					}
				} else if sp.has('+') {
					s = "+Infinity"
				} else if sp.has(' ') {
					s = " Infinity"
				}
			}
			sxPad(b, s, sp, upper)
			return
		}
		prec := sp.prec
		if prec < 0 {
			prec = 6
		}
		var body string
		switch conv {
		case 'f':
			body = sxFixed(math.Abs(x), prec, sp.has(','))
		case 'e':
			body = sxSci(math.Abs(x), prec)
			if upper {
				body = strings.ToUpper(body)
			}
		case 'g':
			if prec == 0 {
				prec = 1
			}
			ax := math.Abs(x)
			if ax == 0 {
				body = sxFixed(0, prec-1, sp.has(','))
			} else {
				d, point := sxShortest(ax)
				d, point = sxRoundDigits(d, point, prec)
				if point >= -3 && point <= prec {
					body = sxFixed(ax, prec-point, sp.has(','))
				} else {
					body = sxSci(ax, prec-1)
				}
			}
			if upper {
				body = strings.ToUpper(body)
			}
		}
		sxSignPad(b, sp, neg, "", body)
	default:
		if sp.conv == 't' || sp.conv == 'T' {
			throw(Errorf(ValueError, "format: date/time conversions (%s) are not supported", sp.text).WithHint("format dates with their methods, or use %%s"))
		}
		throw(Errorf(ValueError, "format: unknown conversion %s", PrStr(sp.text)).
			WithHint("supported: %%s %%d %%f %%e %%g %%x %%o %%b %%c %%h %%n and %%%% for a literal percent sign"))
	}
}

// sxSignPad writes a number with its sign (or parentheses), prefix and
// zero or space padding, as Java's Formatter lays them out.
func sxSignPad(b *strings.Builder, sp *sxSpec, neg bool, prefix, digits string) {
	lead, trail := "", ""
	switch {
	case neg && sp.has('('):
		lead, trail = "(", ")"
	case neg:
		lead = "-"
	case sp.has('+'):
		lead = "+"
	case sp.has(' '):
		lead = " "
	}
	lead += prefix
	n := len(lead) + len(digits) + len(trail)
	if sp.zero && sp.width > n {
		b.WriteString(lead)
		b.WriteString(strings.Repeat("0", sp.width-n))
		b.WriteString(digits)
		b.WriteString(trail)
		return
	}
	sxPad(b, lead+digits+trail, sp, false)
}

// sxGroup inserts thousands separators into a run of digits.
func sxGroup(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	head := len(d) % 3
	if head > 0 {
		b.WriteString(d[:head])
	}
	for i := head; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// sxShortest returns the shortest decimal digits that read back as x
// (x >= 0) and the position of the decimal point: x = 0.d1d2... * 10^point.
// Java's Formatter rounds these digits (half up), so (format "%.2f" 2.675)
// is "2.68" and (format "%.20f" 0.1) shows zeros, not binary noise.
func sxShortest(x float64) (string, int) {
	if x == 0 {
		return "0", 1
	}
	s := strconv.FormatFloat(x, 'e', -1, 64) // d.ddddde±xx
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	return strings.Replace(mant, ".", "", 1), e + 1
}

// sxRoundDigits keeps the first keep digits of d, rounding half up.
func sxRoundDigits(d string, point, keep int) (string, int) {
	if keep >= len(d) {
		return d, point
	}
	if keep < 0 {
		return "0", point
	}
	up := d[keep] >= '5'
	r := []byte(d[:keep])
	if up {
		i := len(r) - 1
		for ; i >= 0; i-- {
			if r[i] < '9' {
				r[i]++
				break
			}
			r[i] = '0'
		}
		if i < 0 {
			r = append([]byte{'1'}, r...)
			point++
		}
	}
	if len(r) == 0 {
		return "0", point
	}
	return string(r), point
}

// sxFixed formats x >= 0 with prec digits after the point.
func sxFixed(x float64, prec int, group bool) string {
	d, point := sxShortest(x)
	if x != 0 {
		d, point = sxRoundDigits(d, point, point+prec)
	}
	digit := func(k int) byte {
		if k >= 0 && k < len(d) {
			return d[k]
		}
		return '0'
	}
	var ip strings.Builder
	if point <= 0 {
		ip.WriteByte('0')
	} else {
		for k := 0; k < point; k++ {
			ip.WriteByte(digit(k))
		}
	}
	is := ip.String()
	if d == "0" {
		is = "0"
	}
	if group {
		is = sxGroup(is)
	}
	if prec == 0 {
		return is
	}
	var b strings.Builder
	b.WriteString(is)
	b.WriteByte('.')
	for k := point; k < point+prec; k++ {
		if d == "0" {
			b.WriteByte('0')
		} else {
			b.WriteByte(digit(k))
		}
	}
	return b.String()
}

// sxSci formats x >= 0 as d.ddde±xx with prec digits after the point.
func sxSci(x float64, prec int) string {
	d, point := "0", 1
	if x != 0 {
		d, point = sxShortest(x)
		d, point = sxRoundDigits(d, point, prec+1)
	}
	var b strings.Builder
	b.WriteByte(d[0])
	if prec > 0 {
		b.WriteByte('.')
		for k := 1; k <= prec; k++ {
			if k < len(d) {
				b.WriteByte(d[k])
			} else {
				b.WriteByte('0')
			}
		}
	}
	e := point - 1
	if x == 0 {
		e = 0
	}
	b.WriteByte('e')
	if e < 0 {
		b.WriteByte('-')
		e = -e
	} else {
		b.WriteByte('+')
	}
	if e < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(e))
	return b.String()
}

// sxJavaHash approximates Java's hashCode for %h: exact for strings,
// integers, floats and booleans.
func sxJavaHash(v Value) uint32 {
	switch x := v.(type) {
	case string:
		var h uint32
		for _, r := range x {
			if r >= 0x10000 {
				r -= 0x10000
				h = 31*h + uint32(0xD800+(r>>10))
				h = 31*h + uint32(0xDC00+(r&0x3FF))
				continue
			}
			h = 31*h + uint32(r)
		}
		return h
	case int64:
		return uint32(uint64(x) ^ uint64(x)>>32)
	case float64:
		bits := math.Float64bits(x)
		if x != x {
			bits = 0x7ff8000000000000
		}
		return uint32(bits ^ bits>>32)
	case bool:
		if x {
			return 1231
		}
		return 1237
	}
	return uint32(Hash(v))
}

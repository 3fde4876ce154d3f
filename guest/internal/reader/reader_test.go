package reader

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// Form builders for expected values. Positions are not compared by equal.

func nilF() *Form              { return &Form{Kind: Nil} }
func boolF(b bool) *Form       { return &Form{Kind: Bool, Bool: b} }
func intF(i int64) *Form       { return &Form{Kind: Int, Int: i} }
func floatF(x float64) *Form   { return &Form{Kind: Float, Float: x} }
func strF(s string) *Form      { return &Form{Kind: String, Str: s} }
func charF(s string) *Form     { return &Form{Kind: Char, Str: s} }
func kwF(s string) *Form       { return &Form{Kind: Keyword, Str: s} }
func symF(s string) *Form      { return &Form{Kind: Symbol, Str: s} }
func rxF(s string) *Form       { return &Form{Kind: Regex, Str: s} }
func listF(x ...*Form) *Form   { return &Form{Kind: List, Items: x} }
func vecF(x ...*Form) *Form    { return &Form{Kind: Vector, Items: x} }
func mapF(x ...*Form) *Form    { return &Form{Kind: Map, Items: x} }
func setF(x ...*Form) *Form    { return &Form{Kind: Set, Items: x} }
func fnF(x ...*Form) *Form     { return &Form{Kind: FnLit, Items: x} }
func varF(s string) *Form      { return &Form{Kind: VarQuote, Items: []*Form{symF(s)}} }
func quoteF(x *Form) *Form     { return listF(symF("quote"), x) }
func forms(x ...*Form) []*Form { return x }

// equal compares two form trees, ignoring positions. NaN equals NaN.
func equal(a, b *Form) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || len(a.Items) != len(b.Items) {
		return false
	}
	switch a.Kind {
	case Bool:
		if a.Bool != b.Bool {
			return false
		}
	case Int:
		if a.Int != b.Int {
			return false
		}
	case Float:
		if math.Float64bits(a.Float) != math.Float64bits(b.Float) && !(math.IsNaN(a.Float) && math.IsNaN(b.Float)) {
			return false
		}
	case String, Char, Keyword, Symbol, Regex:
		if a.Str != b.Str {
			return false
		}
	}
	for i := range a.Items {
		if !equal(a.Items[i], b.Items[i]) {
			return false
		}
	}
	return true
}

func equalAll(a, b []*Form) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func render(fs []*Form) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = f.String()
	}
	return strings.Join(s, " ")
}

type valueCase struct {
	src  string
	want []*Form
}

func valueCases() []valueCase {
	return []valueCase{
		// Whitespace and comments.
		{"", nil},
		{" \t\n,,, ", nil},
		{"a,b", forms(symF("a"), symF("b"))},
		{"; comment\nx ; another\n", forms(symF("x"))},
		{"#!/usr/bin/env ptc\n(x)", forms(listF(symF("x")))},
		{"a #! rest of line\nb", forms(symF("a"), symF("b"))},
		{"#_ a b", forms(symF("b"))},
		{"#_a", nil},
		{"#_ #_ a b c", forms(symF("c"))},
		{"[1 #_2 3]", forms(vecF(intF(1), intF(3)))},
		{"[1 #_ #_ 2 3 4]", forms(vecF(intF(1), intF(4)))},
		{"(a #_(b c [d]) e)", forms(listF(symF("a"), symF("e")))},
		{"{:a 1 #_:b}", forms(mapF(kwF("a"), intF(1)))},
		{"\uFEFFx", forms(symF("x"))},
		{"a\u00a0b\u3000c", forms(symF("a"), symF("b"), symF("c"))},

		// Collections.
		{"()", forms(listF())},
		{"[]", forms(vecF())},
		{"{}", forms(mapF())},
		{"#{}", forms(setF())},
		{"(map inc [1 2])", forms(listF(symF("map"), symF("inc"), vecF(intF(1), intF(2))))},
		{"{:a 1, :b [2 3]}", forms(mapF(kwF("a"), intF(1), kwF("b"), vecF(intF(2), intF(3))))},
		{"#{1 :a \"s\"}", forms(setF(intF(1), kwF("a"), strF("s")))},
		{"{x 1 x 2}", forms(mapF(symF("x"), intF(1), symF("x"), intF(2)))},     // not literal constants
		{"#{(f) (f)}", forms(setF(listF(symF("f")), listF(symF("f"))))},        // not literal constants
		{"{1 :a 1.0 :b}", forms(mapF(intF(1), kwF("a"), floatF(1), kwF("b")))}, // 1 and 1.0 differ
		{"#{##NaN ##NaN}", forms(setF(floatF(math.NaN()), floatF(math.NaN())))},
		{"[[[[]]]]", forms(vecF(vecF(vecF(vecF()))))},

		// Strings.
		{`"hello"`, forms(strF("hello"))},
		{`""`, forms(strF(""))},
		{`"a\tb\bc\nd\fe\rf\"g\\h\'i"`, forms(strF("a\tb\bc\nd\fe\rf\"g\\h'i"))},
		{`"\u00e9\u0041\u20AC"`, forms(strF("éA€"))},
		{`"\uD83D\uDE00"`, forms(strF("😀"))},
		{`"\0\12\101\377"`, forms(strF("\x00\nA\u00ff"))},
		{`"\0 x"`, forms(strF("\x00 x"))},
		{"\"line1\nline2\"", forms(strF("line1\nline2"))},
		{`"λ→😀"`, forms(strF("λ→😀"))},
		{`"a;b" "c#d"`, forms(strF("a;b"), strF("c#d"))},

		// Characters.
		{`\a`, forms(charF("a"))},
		{`\λ`, forms(charF("λ"))},
		{`\😀`, forms(charF("😀"))},
		{`\newline \space \tab \return \backspace \formfeed`, forms(charF("\n"), charF(" "), charF("\t"), charF("\r"), charF("\b"), charF("\f"))},
		{`\u0041 \u00e9 \o101 \o0 \o377`, forms(charF("A"), charF("é"), charF("A"), charF("\x00"), charF("\u00ff"))},
		{`\r \n \t \u \o`, forms(charF("r"), charF("n"), charF("t"), charF("u"), charF("o"))},
		{`\( \) \[ \" \; \\ \,`, forms(charF("("), charF(")"), charF("["), charF("\""), charF(";"), charF("\\"), charF(","))},
		{`[\a\b]`, forms(vecF(charF("a"), charF("b")))},
		{`(\a)`, forms(listF(charF("a")))},
		{`\1`, forms(charF("1"))},

		// Integers.
		{"42 -17 +5 0 -0 +0", forms(intF(42), intF(-17), intF(5), intF(0), intF(0), intF(0))},
		{"42N 0N -3N", forms(intF(42), intF(0), intF(-3))},
		{"0xFF 0Xff -0x1f 0x7fffffffffffffff 0xFFN", forms(intF(255), intF(255), intF(-31), intF(math.MaxInt64), intF(255))},
		{"2r1010 36rZZ 16rff -8r17 36rzz", forms(intF(10), intF(1295), intF(255), intF(-15), intF(1295))},
		{"017 -017 00 0777", forms(intF(15), intF(-15), intF(0), intF(511))},
		{"9223372036854775807 -9223372036854775808", forms(intF(math.MaxInt64), intF(math.MinInt64))},
		{"[1 2]", forms(vecF(intF(1), intF(2)))},
		{"(+ 1 2)", forms(listF(symF("+"), intF(1), intF(2)))},

		// Floats.
		{"3.14 -0.5 1. 2.5e10 1.23e-4 1e3 1E3 +1.5 0.0 08.5 1.5e+2", forms(floatF(3.14), floatF(-0.5), floatF(1), floatF(2.5e10), floatF(1.23e-4), floatF(1e3), floatF(1e3), floatF(1.5), floatF(0), floatF(8.5), floatF(150))},
		{"-0.0", forms(floatF(math.Copysign(0, -1)))},
		{"##Inf ##-Inf ##NaN", forms(floatF(math.Inf(1)), floatF(math.Inf(-1)), floatF(math.NaN()))},
		{"[##Inf]", forms(vecF(floatF(math.Inf(1))))},
		{"1e999", forms(floatF(math.Inf(1)))},

		// nil, booleans, symbols.
		{"nil true false", forms(nilF(), boolF(true), boolF(false))},
		{"nil? true-ish false! nil.x", forms(symF("nil?"), symF("true-ish"), symF("false!"), symF("nil.x"))},
		{"x a.b/c ->> *1 .toLowerCase Integer/parseInt LocalDate. java.util.Date.",
			forms(symF("x"), symF("a.b/c"), symF("->>"), symF("*1"), symF(".toLowerCase"), symF("Integer/parseInt"), symF("LocalDate."), symF("java.util.Date."))},
		{"% %1 %2 %& / clojure.core// tool/get-orders clojure.string/join",
			forms(symF("%"), symF("%1"), symF("%2"), symF("%&"), symF("/"), symF("clojure.core//"), symF("tool/get-orders"), symF("clojure.string/join"))},
		{"+ - -> - + +a -a a+ <= >= not= a' a# a% a:b $x &", forms(symF("+"), symF("-"), symF("->"), symF("-"), symF("+"), symF("+a"), symF("-a"), symF("a+"),
			symF("<="), symF(">="), symF("not="), symF("a'"), symF("a#"), symF("a%"), symF("a:b"), symF("$x"), symF("&"))},
		{"a/b/c ns// λx x1 x-1", forms(symF("a/b/c"), symF("ns//"), symF("λx"), symF("x1"), symF("x-1"))},
		{"(a(b)c)", forms(listF(symF("a"), listF(symF("b")), symF("c")))},
		{`a\b`, forms(symF("a"), charF("b"))},
		{`a"b"`, forms(symF("a"), strF("b"))},

		// Keywords.
		{":a :user-id :a/b :* :a.b/c-d :a? :1 :a:b", forms(kwF("a"), kwF("user-id"), kwF("a/b"), kwF("*"), kwF("a.b/c-d"), kwF("a?"), kwF("1"), kwF("a:b"))},
		{"::a ::user-id", forms(kwF("user/a"), kwF("user/user-id"))},
		{":nil :true", forms(kwF("nil"), kwF("true"))},
		{"{:a 1}", forms(mapF(kwF("a"), intF(1)))},

		// Quote, var quote, regex, fn literal.
		{"'x", forms(quoteF(symF("x")))},
		{"'(1 2)", forms(quoteF(listF(intF(1), intF(2))))},
		{"''x", forms(quoteF(quoteF(symF("x"))))},
		{"' x", forms(quoteF(symF("x")))},
		{"'#_a b", forms(quoteF(symF("b")))},
		{"(quote x)", forms(quoteF(symF("x")))},
		{"#'x #'user/f #' y", forms(varF("x"), varF("user/f"), varF("y"))},
		{`#"a+b"`, forms(rxF("a+b"))},
		{`#"\d+\.\s" #"\\" #"a\"b" #"[\"']"`, forms(rxF(`\d+\.\s`), rxF(`\\`), rxF(`a"b`), rxF(`["']`))},
		{"#\"a\nb\"", forms(rxF("a\nb"))},
		{"#(inc %)", forms(fnF(symF("inc"), symF("%")))},
		{"#(+ %1 %2)", forms(fnF(symF("+"), symF("%1"), symF("%2")))},
		{"#()", forms(fnF())},
		{"#(vector %&)", forms(fnF(symF("vector"), symF("%&")))},
		{"[#(a) #(b)]", forms(vecF(fnF(symF("a")), fnF(symF("b"))))},
		{"#(fn [x] x)", forms(fnF(symF("fn"), vecF(symF("x")), symF("x")))},
	}
}

func TestReadAllValues(t *testing.T) {
	for _, tc := range valueCases() {
		got, err := ReadAll(tc.src, Limits{})
		if err != nil {
			t.Errorf("ReadAll(%q): %v", tc.src, err)
			continue
		}
		if !equalAll(got, tc.want) {
			t.Errorf("ReadAll(%q)\n got  %s\n want %s", tc.src, render(got), render(tc.want))
		}
	}
}

func TestPositions(t *testing.T) {
	src := "(a\n  b)\n[1 \"λx\" \\c]\n\t{:k 'q}\n#(f %) #'v #\"r\" ##Inf\n;c\n  λ 😀x y"
	got, err := ReadAll(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(f *Form, want string) {
		t.Helper()
		if f.Pos.String() != want {
			t.Errorf("%s at %s, want %s", f, f.Pos, want)
		}
	}
	check(got[0], "1:1")
	check(got[0].Items[0], "1:2")
	check(got[0].Items[1], "2:3")
	check(got[1], "3:1")
	check(got[1].Items[1], "3:4")
	check(got[1].Items[2], "3:9")
	check(got[2], "4:2")
	check(got[2].Items[0], "4:3")
	check(got[2].Items[1], "4:6")          // the quote form is at its '
	check(got[2].Items[1].Items[0], "4:6") // and so is its quote symbol
	check(got[2].Items[1].Items[1], "4:7") // q
	check(got[3], "5:1")                   // #(
	check(got[3].Items[1], "5:5")          // %
	check(got[4], "5:8")                   // #'
	check(got[4].Items[0], "5:10")         // v
	check(got[5], "5:12")                  // #"
	check(got[6], "5:17")                  // ##Inf
	check(got[7], "7:3")                   // λ
	check(got[8], "7:5")                   // 😀x: columns count runes
	check(got[9], "7:8")
}

func TestPositionAfterStrings(t *testing.T) {
	// Positions stay right after escapes, multi-line strings and regexes.
	cases := []struct {
		src, want string
	}{
		{"\"a\nbc\" x", "2:5"},
		{`"\u00e9\n\t" x`, "1:14"},
		{`"é" x`, "1:5"},
		{"#\"a\\\"\nb\" x", "2:4"},
		{`\newline x`, "1:10"},
		{"\\\n x", "2:2"},
		{"#!x\n;y\n x", "3:2"},
	}
	for _, tc := range cases {
		got, err := ReadAll(tc.src, Limits{})
		if err != nil {
			t.Errorf("ReadAll(%q): %v", tc.src, err)
			continue
		}
		last := got[len(got)-1]
		if last.Kind != Symbol || last.Str != "x" || last.Pos.String() != tc.want {
			t.Errorf("ReadAll(%q): last form %s at %s, want x at %s", tc.src, last, last.Pos, tc.want)
		}
	}
}

type errorCase struct {
	src   string
	pos   string
	msg   string
	hint  string // substring of the hint; "" means not checked
	limit string
	lim   Limits
}

func errorCases() []errorCase {
	return []errorCase{
		// Delimiters.
		{src: ")", pos: "1:1", msg: "unexpected )"},
		{src: "(a))", pos: "1:4", msg: "unexpected )"},
		{src: "]", pos: "1:1", msg: "unexpected ]"},
		{src: "\n  }", pos: "2:3", msg: "unexpected }"},
		{src: "\n\n(a b", pos: "3:1", msg: "unexpected end of input: ( opened at 3:1 is not closed"},
		{src: "[1 2", pos: "1:1", msg: "unexpected end of input: [ opened at 1:1 is not closed"},
		{src: "{:a 1", pos: "1:1", msg: "unexpected end of input: { opened at 1:1 is not closed"},
		{src: "#{1", pos: "1:1", msg: "unexpected end of input: #{ opened at 1:1 is not closed"},
		{src: "(f #(g", pos: "1:4", msg: "unexpected end of input: #( opened at 1:4 is not closed"},
		{src: "(a [b)", pos: "1:6", msg: "mismatched delimiter: expected ] to close [ at 1:4, got )"},
		{src: "(do\n    [1 2)", pos: "2:9", msg: "mismatched delimiter: expected ] to close [ at 2:5, got )"},
		{src: "{:a 1]", pos: "1:6", msg: "mismatched delimiter: expected } to close { at 1:1, got ]"},
		{src: "#(a]", pos: "1:4", msg: "mismatched delimiter: expected ) to close #( at 1:1, got ]"},
		{src: "#{a)", pos: "1:4", msg: "mismatched delimiter: expected } to close #{ at 1:1, got )"},

		// Maps and sets.
		{src: "{:a}", pos: "1:1", msg: "map literal must contain an even number of forms"},
		{src: "{:a 1 :b}", pos: "1:1", msg: "map literal must contain an even number of forms"},
		{src: "{:a #_1}", pos: "1:1", msg: "map literal must contain an even number of forms"},
		{src: "{:a 1 :a 2}", pos: "1:7", msg: "duplicate key: :a"},
		{src: `{"x" 1 "x" 2}`, pos: "1:8", msg: `duplicate key: "x"`},
		{src: "{nil 1 nil 2}", pos: "1:8", msg: "duplicate key: nil"},
		{src: "{true 1 false 2 true 3}", pos: "1:17", msg: "duplicate key: true"},
		{src: "{1 1 1 2}", pos: "1:6", msg: "duplicate key: 1"},
		{src: "{1.5 1 1.5 2}", pos: "1:8", msg: "duplicate key: 1.5"},
		{src: "{0.0 1 -0.0 2}", pos: "1:8", msg: "duplicate key: -0.0"},
		{src: `{\a 1 "a" 2}`, pos: "1:7", msg: `duplicate key: "a"`},
		{src: "#{1 1}", pos: "1:5", msg: "duplicate key: 1"},
		{src: "#{:a :b :a}", pos: "1:9", msg: "duplicate key: :a"},
		{src: "{:k0 0 :k1 1 :k2 2 :k3 3 :k4 4 :k5 5 :k6 6 :k7 7 :k8 8 :k9 9 :k3 10}", pos: "1:62", msg: "duplicate key: :k3"},
		{src: "#{0 1 2 3 4 5 6 7 8 9 10 11 5}", pos: "1:29", msg: "duplicate key: 5"},

		// Strings.
		{src: `"abc`, pos: "1:1", msg: "unterminated string"},
		{src: "(str \"a\nb", pos: "1:6", msg: "unterminated string"},
		{src: `"abc\`, pos: "1:1", msg: "unterminated string"},
		{src: `"a\qb"`, pos: "1:3", msg: `unsupported escape character: \q`, hint: `\\`},
		{src: `"\d+"`, pos: "1:2", msg: `unsupported escape character: \d`, hint: `#"..."`},
		{src: `"\8"`, pos: "1:2", msg: `unsupported escape character: \8`},
		{src: `"\λ"`, pos: "1:2", msg: `unsupported escape character: \λ`},
		{src: `"\u12"`, pos: "1:2", msg: `invalid unicode escape: \u12`, hint: "four hex digits"},
		{src: `"\u12G4"`, pos: "1:2", msg: `invalid unicode escape: \u12G4`},
		{src: `"\uD83D"`, pos: "1:2", msg: `invalid unicode escape: \uD83D (unpaired surrogate)`},
		{src: `"\uD83Dx"`, pos: "1:2", msg: `invalid unicode escape: \uD83D (unpaired surrogate)`},
		{src: `"\uDE00"`, pos: "1:2", msg: `invalid unicode escape: \uDE00 (unpaired surrogate)`},
		{src: `"\400"`, pos: "1:2", msg: `octal escape out of range: \400`},
		{src: `"\0a"`, pos: "1:2", msg: `invalid octal escape: \0a`},
		{src: `"\18"`, pos: "1:2", msg: `invalid octal escape: \18`},
		{src: `#"abc`, pos: "1:1", msg: "unterminated regex"},
		{src: `#"abc\"`, pos: "1:1", msg: "unterminated regex"},

		// Characters.
		{src: `\foo`, pos: "1:1", msg: `unsupported character: \foo`},
		{src: `\ab`, pos: "1:1", msg: `unsupported character: \ab`},
		{src: `(\newlin)`, pos: "1:2", msg: `unsupported character: \newlin`},
		{src: `\`, pos: "1:1", msg: `unexpected end of input after \`},
		{src: `\u12`, pos: "1:1", msg: `invalid unicode character: \u12`},
		{src: `\u00e9x`, pos: "1:1", msg: `invalid unicode character: \u00e9x`},
		{src: `\uD800`, pos: "1:1", msg: `invalid character: \uD800 (surrogate)`},
		{src: `\o400`, pos: "1:1", msg: `octal character out of range: \o400`},
		{src: `\o1234`, pos: "1:1", msg: `unsupported character: \o1234`},

		// Numbers.
		{src: "08", pos: "1:1", msg: "invalid number: 08", hint: "write 8"},
		{src: "-09", pos: "1:1", msg: "invalid number: -09", hint: "write -9"},
		{src: "1abc", pos: "1:1", msg: "invalid number: 1abc"},
		{src: "[1 2x]", pos: "1:4", msg: "invalid number: 2x"},
		{src: "1.5.5", pos: "1:1", msg: "invalid number: 1.5.5"},
		{src: "1e", pos: "1:1", msg: "invalid number: 1e"},
		{src: "0x", pos: "1:1", msg: "invalid number: 0x"},
		{src: "0xG", pos: "1:1", msg: "invalid number: 0xG"},
		{src: "1.5N", pos: "1:1", msg: "invalid number: 1.5N"},
		{src: "2r102", pos: "1:1", msg: "invalid number: 2r102"},
		{src: "2r", pos: "1:1", msg: "invalid number: 2r"},
		{src: "37r1", pos: "1:1", msg: "invalid number: 37r1", hint: "between 2 and 36"},
		{src: "1r1", pos: "1:1", msg: "invalid number: 1r1", hint: "between 2 and 36"},
		{src: "1.5M", pos: "1:1", msg: "invalid number: 1.5M", hint: "BigDecimal literals are not supported; write a plain float like 1.5"},
		{src: "1M", pos: "1:1", msg: "invalid number: 1M", hint: "BigDecimal literals are not supported"},
		{src: "1e3M", pos: "1:1", msg: "invalid number: 1e3M", hint: "BigDecimal literals are not supported"},
		{src: "1/2", pos: "1:1", msg: "invalid number: 1/2", hint: "ratios are not supported; write (/ 1 2) or 0.5"},
		{src: "-3/4", pos: "1:1", msg: "invalid number: -3/4", hint: "ratios are not supported"},
		{src: "9223372036854775808", pos: "1:1", msg: "integer literal too large", hint: "integers are 64-bit"},
		{src: "-9223372036854775809", pos: "1:1", msg: "integer literal too large", hint: "integers are 64-bit"},
		{src: "99999999999999999999N", pos: "1:1", msg: "integer literal too large"},
		{src: "0x8000000000000000", pos: "1:1", msg: "integer literal too large"},
		{src: "36rZZZZZZZZZZZZZZZ", pos: "1:1", msg: "integer literal too large"},
		{src: "1)", pos: "1:2", msg: "unexpected )"},
		{src: "1'", pos: "1:2", msg: "quote (') must be followed by a form"},
		{src: ".5", pos: "1:1", msg: "invalid number: .5", hint: "write 0.5"},
		{src: "-.5", pos: "1:1", msg: "invalid number: -.5", hint: "write -0.5"},
		{src: "##X", pos: "1:1", msg: "invalid symbolic value: ##X", hint: "##Inf"},
		{src: "##inf", pos: "1:1", msg: "invalid symbolic value: ##inf"},
		{src: "## Inf", pos: "1:1", msg: "invalid symbolic value: ##"},
		{src: "##", pos: "1:1", msg: "invalid symbolic value: ##"},

		// Symbols and keywords.
		{src: "a/", pos: "1:1", msg: "invalid symbol: a/"},
		{src: "/a", pos: "1:1", msg: "invalid symbol: /a"},
		{src: "//", pos: "1:1", msg: "invalid symbol: //"},
		{src: "a/1", pos: "1:1", msg: "invalid symbol: a/1"},
		{src: "a:", pos: "1:1", msg: "invalid symbol: a:"},
		{src: "a::b", pos: "1:1", msg: "invalid symbol: a::b"},
		{src: ":", pos: "1:1", msg: "invalid keyword: :"},
		{src: `{"a": 1}`, pos: "1:5", msg: "invalid keyword: :", hint: "without colons"},
		{src: ":a/", pos: "1:1", msg: "invalid keyword: :a/"},
		{src: ":a:", pos: "1:1", msg: "invalid keyword: :a:"},
		{src: ":::a", pos: "1:1", msg: "invalid keyword: :::a"},
		{src: "::", pos: "1:1", msg: "invalid keyword: ::"},
		{src: "::0", pos: "1:1", msg: "invalid keyword: ::0"},
		{src: "::a/", pos: "1:1", msg: "invalid keyword: ::a/"},
		{src: "::str/join", pos: "1:1", msg: "invalid keyword: ::str/join", hint: "aliases are not supported"},
		{src: "a@b", pos: "1:2", msg: "deref (@) is not supported"},

		// Prefix forms.
		{src: "'", pos: "1:1", msg: "quote (') must be followed by a form"},
		{src: "(a ')", pos: "1:4", msg: "quote (') must be followed by a form"},
		{src: "#'", pos: "1:1", msg: "var quote (#') must be followed by a symbol"},
		{src: "#'1", pos: "1:3", msg: "var quote (#') must be followed by a symbol, got int 1"},
		{src: "#'(f)", pos: "1:3", msg: "var quote (#') must be followed by a symbol, got list (f)"},
		{src: "#'  :k", pos: "1:5", msg: "var quote (#') must be followed by a symbol, got keyword :k"},
		{src: "#_", pos: "1:1", msg: "#_ must be followed by a form to discard"},
		{src: "[1 #_]", pos: "1:4", msg: "#_ must be followed by a form to discard"},
		{src: "#_ #_ a", pos: "1:1", msg: "#_ must be followed by a form to discard"},
		{src: "#(#(a))", pos: "1:3", msg: "nested #() is not allowed", hint: "use (fn [x] ...) for the inner function"},
		{src: "#(map #(inc %) %)", pos: "1:7", msg: "nested #() is not allowed"},
		{src: "#((fn [] #(a)))", pos: "1:10", msg: "nested #() is not allowed"},

		// Unsupported syntax.
		{src: "@x", pos: "1:1", msg: "deref (@) is not supported", hint: "there are no atoms or refs; bind values with let, or use def to keep them across turns"},
		{src: "(inc @a)", pos: "1:6", msg: "deref (@) is not supported"},
		{src: "`(a)", pos: "1:1", msg: "syntax-quote (`) is not supported", hint: "there are no macros; build data with vector/list/hash-map"},
		{src: "~x", pos: "1:1", msg: "unquote (~) is not supported", hint: "there are no macros"},
		{src: "~@xs", pos: "1:1", msg: "unquote (~) is not supported", hint: "there are no macros"},
		{src: "^:private x", pos: "1:1", msg: "metadata (^) is not supported", hint: "remove the ^... annotation"},
		{src: "(defn ^String f [])", pos: "1:7", msg: "metadata (^) is not supported"},
		{src: "#^String x", pos: "1:1", msg: "metadata (^) is not supported"},
		{src: "#?(:clj 1 :cljs 2)", pos: "1:1", msg: "reader conditionals are not supported", hint: "write the Clojure branch directly"},
		{src: "#?@(:clj [1])", pos: "1:1", msg: "reader conditionals are not supported"},
		{src: `#inst "2024-01-15"`, pos: "1:1", msg: "tagged literals are not supported", hint: `parse dates with (LocalDate/parse "2024-01-15") or (Instant/parse ...)`},
		{src: `#uuid "0000"`, pos: "1:1", msg: "tagged literals are not supported", hint: "string"},
		{src: "#foo/bar [1]", pos: "1:1", msg: "tagged literals are not supported", hint: "#foo/bar"},
		{src: "#:user{:a 1}", pos: "1:1", msg: "namespaced map literals are not supported", hint: "write the keys out in full, e.g. {:ns/a 1}"},
		{src: "#::{:a 1}", pos: "1:1", msg: "namespaced map literals are not supported"},
		{src: "#=(+ 1 2)", pos: "1:1", msg: "read-eval is not supported"},
		{src: "#<Object>", pos: "1:1", msg: "unreadable form #<...>"},
		{src: "#", pos: "1:1", msg: "unexpected end of input after #"},
		{src: "# x", pos: "1:1", msg: "unsupported reader syntax: # "},
		{src: "#1", pos: "1:1", msg: "unsupported reader syntax: #1"},
		{src: "#_ @x", pos: "1:4", msg: "deref (@) is not supported"},

		// Encoding.
		{src: "\xff", pos: "1:1", msg: "invalid UTF-8"},
		{src: "(a\n  \"λ\xc3\")", pos: "2:5", msg: "invalid UTF-8"},

		// Limits.
		{src: "(+ 1 2)", pos: "1:1", msg: "program is too large (7 bytes, limit 6)", hint: "keep programs short; load data through data/ or tools instead of literals", limit: "MaxSourceBytes", lim: Limits{MaxSourceBytes: 6}},
		{src: "[[[1]]]", pos: "1:3", msg: "forms are nested too deeply (limit 2)", limit: "MaxDepth", lim: Limits{MaxDepth: 2}},
		{src: "''x", pos: "1:2", msg: "forms are nested too deeply (limit 1)", limit: "MaxDepth", lim: Limits{MaxDepth: 1}},
		{src: "#_#_ a b", pos: "1:3", msg: "forms are nested too deeply (limit 1)", limit: "MaxDepth", lim: Limits{MaxDepth: 1}},
		{src: "[1 2 3]", pos: "1:6", msg: "program has too many forms (limit 3)", limit: "MaxNodes", lim: Limits{MaxNodes: 3}},
		{src: "'x", pos: "1:1", msg: "program has too many forms (limit 2)", limit: "MaxNodes", lim: Limits{MaxNodes: 2}},
		{src: strings.Repeat("(", 300), pos: "1:257", msg: "forms are nested too deeply (limit 256)", limit: "MaxDepth"},
	}
}

func TestReadAllErrors(t *testing.T) {
	for _, tc := range errorCases() {
		got, err := ReadAll(tc.src, tc.lim)
		if err == nil {
			t.Errorf("ReadAll(%q) = %s, want error %q", tc.src, render(got), tc.msg)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || err != error(e) {
			t.Errorf("ReadAll(%q): error %T is not *Error", tc.src, err)
			continue
		}
		if got != nil {
			t.Errorf("ReadAll(%q): forms returned with an error", tc.src)
		}
		if e.Msg != tc.msg || e.Pos.String() != tc.pos || e.Limit != tc.limit || !strings.Contains(e.Hint, tc.hint) {
			t.Errorf("ReadAll(%q)\n got  %s %q hint %q limit %q\n want %s %q hint ~%q limit %q",
				tc.src, e.Pos, e.Msg, e.Hint, e.Limit, tc.pos, tc.msg, tc.hint, tc.limit)
		}
	}
}

func TestLongFormInError(t *testing.T) {
	src := "#'[" + strings.Repeat("a ", 100) + "]"
	_, err := ReadAll(src, Limits{})
	if err == nil || len(err.Error()) > 200 || !strings.Contains(err.Error(), "got vector [a a a") || !strings.Contains(err.Error(), "...") {
		t.Errorf("got %v", err)
	}
}

func ExampleReadAll() {
	forms, err := ReadAll("(map inc [1 2])\n(:a {:a 'x})", Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range forms {
		fmt.Println(f.Pos, f.Kind, f)
	}
	_, err = ReadAll("(let [x 1]\n  @x)", Limits{})
	fmt.Println(err)
	// Output:
	// 1:1 list (map inc [1 2])
	// 2:1 list (:a {:a 'x})
	// 2:3: deref (@) is not supported (hint: there are no atoms or refs; bind values with let, or use def to keep them across turns)
}

func TestErrorString(t *testing.T) {
	e := &Error{Pos: Pos{3, 14}, Msg: "unterminated string", Hint: `add a closing "`}
	if got, want := e.Error(), `3:14: unterminated string (hint: add a closing ")`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	e.Hint = ""
	if got, want := e.Error(), "3:14: unterminated string"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLimits(t *testing.T) {
	// The defaults apply to zero fields.
	deep := strings.Repeat("[", 256) + strings.Repeat("]", 256)
	if _, err := ReadAll(deep, Limits{}); err != nil {
		t.Errorf("depth 256: %v", err)
	}
	if _, err := ReadAll("["+deep+"]", Limits{}); err == nil || err.(*Error).Limit != "MaxDepth" {
		t.Errorf("depth 257: %v", err)
	}
	big := strings.Repeat(" ", defaultMaxSourceBytes)
	if _, err := ReadAll(big, Limits{}); err != nil {
		t.Errorf("1 MiB: %v", err)
	}
	if _, err := ReadAll(big+" ", Limits{}); err == nil || err.(*Error).Limit != "MaxSourceBytes" {
		t.Errorf("1 MiB + 1: %v", err)
	}
	if _, err := ReadAll("[1 2]", Limits{MaxNodes: 3}); err != nil {
		t.Errorf("3 nodes: %v", err)
	}
	many := strings.Repeat("1 ", defaultMaxNodes+1)
	if _, err := ReadAll(many, Limits{MaxSourceBytes: len(many)}); err == nil || err.(*Error).Limit != "MaxNodes" {
		t.Errorf("1,000,001 nodes: %v", err)
	}
	// Discarded forms count too.
	if _, err := ReadAll("#_[1 2 3]", Limits{MaxNodes: 3}); err == nil || err.(*Error).Limit != "MaxNodes" {
		t.Errorf("discarded nodes: %v", err)
	}
}

func TestHugeNesting(t *testing.T) {
	// 10 MB of openers must fail cleanly at the depth limit, without
	// recursing through the whole input.
	for _, open := range []string{"(", "[", "{", "#{", "'", "#_", "#'", "#(", "(#_"} {
		src := strings.Repeat(open, 10<<20/len(open))
		_, err := ReadAll(src, Limits{MaxSourceBytes: len(src)})
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q x N: error %v", open, err)
			continue
		}
		if open == "#(" {
			if e.Msg != "nested #() is not allowed" {
				t.Errorf("%q x N: %v", open, err)
			}
			continue
		}
		if e.Limit != "MaxDepth" {
			t.Errorf("%q x N: %v", open, err)
		}
	}
}

func TestFormString(t *testing.T) {
	cases := []struct{ src, want string }{
		{"(map inc [1 2])", "(map inc [1 2])"},
		{"{:a 1 :b [2 3]}", "{:a 1, :b [2 3]}"},
		{"#{1}", "#{1}"},
		{"#(+ % 1)", "#(+ % 1)"},
		{"#'foo", "#'foo"},
		{"'x", "'x"},
		{"(quote x)", "'x"},
		{"(quote x y)", "(quote x y)"},
		{`"a\"b\\c\nd\te\u0001é"`, `"a\"b\\c\nd\te\u0001é"`},
		{`"\0"`, `"\u0000"`},
		{`\a \newline \space \tab \return \backspace \formfeed \λ \u0000 \u00a0 \( \\ \"`, `\a \newline \space \tab \return \backspace \formfeed \λ \u0000 \u00a0 \( \\ \"`},
		{`#"\d+\"x"`, `#"\d+\"x"`},
		{`#"\\"`, `#"\\"`},
		{"1.0 1. 1.5 -0.0 1e21 1e20 1e-5 1.5e-4 ##Inf ##-Inf ##NaN", "1.0 1.0 1.5 -0.0 1e+21 100000000000000000000.0 1e-05 0.00015 ##Inf ##-Inf ##NaN"},
		{"0x10 -5 017", "16 -5 15"},
		{"nil true false :a ::b :a/b x/y", "nil true false :a :user/b :a/b x/y"},
		{"()", "()"},
		{"[]", "[]"},
		{"{}", "{}"},
		{"#{}", "#{}"},
		{"#()", "#()"},
	}
	for _, tc := range cases {
		fs, err := ReadAll(tc.src, Limits{})
		if err != nil {
			t.Errorf("ReadAll(%q): %v", tc.src, err)
			continue
		}
		if got := render(fs); got != tc.want {
			t.Errorf("String of %q = %q, want %q", tc.src, got, tc.want)
		}
	}
	// Hand-built forms render without panicking.
	for _, f := range []*Form{nil, {Kind: VarQuote}, {Kind: Kind(99)}, {Kind: Char, Str: "ab"}, {Kind: Regex, Str: `a\`}, {Kind: Map, Items: []*Form{intF(1)}}} {
		_ = f.String()
	}
}

// roundTrip checks that read → String → read gives equal forms.
func roundTrip(t *testing.T, src string) {
	t.Helper()
	fs, err := ReadAll(src, Limits{})
	if err != nil {
		return
	}
	for _, f := range fs {
		s := f.String()
		again, err := ReadAll(s, Limits{MaxSourceBytes: 1 << 30})
		if err != nil {
			t.Fatalf("re-reading %q (from %q): %v", s, src, err)
		}
		if len(again) != 1 || !equal(f, again[0]) {
			t.Fatalf("round trip of %q: %q read back as %q", src, s, render(again))
		}
	}
	s := render(fs)
	again, err := ReadAll(s, Limits{MaxSourceBytes: 1 << 30})
	if err != nil || !equalAll(fs, again) {
		t.Fatalf("round trip of %q: %q read back as %q, %v", src, s, render(again), err)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range valueCases() {
		roundTrip(t, tc.src)
	}
	for _, tc := range []string{
		`"\u0000\u001f\u007f\u0080 \u2028 \uFEFF"`,
		`\u2028 \u0085 \uFEFF \u3000 \u00ad`,
		`#"\\\"" #"\"" #"a\\" #"\λ"`,
		"1e-300 5e-324 1.7976931348623157e308 0.1 123456789.125 -1e-4",
		"#_x [#_y {:a #_z 1} '#'f]",
		benchProgram,
	} {
		roundTrip(t, tc)
	}
}

func TestKindString(t *testing.T) {
	want := []string{"nil", "bool", "int", "float", "string", "char", "keyword", "symbol",
		"list", "vector", "map", "set", "regex", "fn-literal", "var-quote"}
	for k, w := range want {
		if got := Kind(k).String(); got != w {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, w)
		}
	}
	if got := Kind(200).String(); got != "Kind(200)" {
		t.Errorf("Kind(200).String() = %q", got)
	}
}

func TestPosString(t *testing.T) {
	if got := (Pos{3, 14}).String(); got != "3:14" {
		t.Errorf("got %q", got)
	}
}

// benchProgram is a realistic PTC-Lisp program of about 5 KB.
const benchProgram = `;; Summarise last quarter's orders per customer and flag anomalies.
(def cutoff (LocalDate/parse "2024-01-01"))
(def vip-threshold 10000.0)

(defn parse-amount
  "Turns a money string like \"$1,234.50\" into a float."
  [s]
  (-> s
      (clojure.string/replace #"[$,]" "")
      (Double/parseDouble)))

(defn recent? [order]
  (let [d (LocalDate/parse (:date order))]
    (.isAfter d cutoff)))

(defn normalize [order]
  {:id       (:id order)
   :customer (get-in order [:customer :id])
   :name     (clojure.string/trim (get-in order [:customer :name] ""))
   :amount   (parse-amount (:total order))
   :status   (keyword (clojure.string/lower-case (:status order "unknown")))
   :items    (count (:items order []))})

(def orders
  (->> (tool/get-orders {:since "2024-01-01" :limit 500 :include [:customer :items]})
       (filter recent?)
       (map normalize)
       (remove #(= :cancelled (:status %)))
       (vec)))

(defn summarize [[customer xs]]
  (let [total   (reduce + 0.0 (map :amount xs))
        n       (count xs)
        avg     (if (pos? n) (/ total n) 0.0)
        biggest (apply max-key :amount xs)]
    {:customer customer
     :name     (:name (first xs))
     :orders   n
     :total    total
     :average  avg
     :largest  (:id biggest)
     :vip?     (>= total vip-threshold)}))

(def by-customer
  (->> orders
       (group-by :customer)
       (map summarize)
       (sort-by :total >)
       (vec)))

(defn anomaly [summary]
  (cond
    (> (:average summary) 5000.0) :high-average
    (and (> (:orders summary) 50) (< (:average summary) 10.0)) :many-small
    (zero? (:orders summary)) :empty
    :else nil))

(def flagged
  (for [s by-customer
        :let [a (anomaly s)]
        :when a]
    (assoc s :anomaly a)))

(defn fmt-money [x]
  (str "$" (format "%.2f" x)))

(defn report-line [{:keys [name orders total anomaly]}]
  (str name ": " orders " orders, " (fmt-money total)
       (when anomaly (str " [" (name anomaly) "]"))))

(def status-counts
  (frequencies (map :status orders)))

(def top-five (take 5 by-customer))

(def totals
  {:orders     (count orders)
   :customers  (count by-customer)
   :revenue    (reduce + 0.0 (map :total by-customer))
   :vips       (count (filter :vip? by-customer))
   :statuses   status-counts
   :flagged    (mapv :customer flagged)})

(defn pct [part whole]
  (if (zero? whole) 0.0 (* 100.0 (/ part whole))))

(def vip-share
  (pct (reduce + 0.0 (map :total (filter :vip? by-customer)))
       (:revenue totals)))

(def weekly
  (->> orders
       (map (fn [o] [(quot (:items o) 7) (:amount o)]))
       (reduce (fn [acc [k v]] (update acc k (fnil + 0.0) v)) {})
       (into (sorted-map))))

(def lines
  (concat
    ["Quarterly order summary"
     (str "Orders: " (:orders totals) ", customers: " (:customers totals))
     (str "Revenue: " (fmt-money (:revenue totals)) " (VIP share "
          (format "%.1f" vip-share) "%)")
     ""
     "Top customers:"]
    (map-indexed (fn [i s] (str (inc i) ". " (report-line s))) top-five)
    [""
     (str "Flagged: " (count flagged))]
    (map report-line flagged)))

(def email-body (clojure.string/join "\n" lines))

(when (seq flagged)
  (tool/send-email {:to      "ops@example.com"
                    :subject (str "Order anomalies: " (count flagged))
                    :body    email-body
                    :tags    #{:orders :anomaly :weekly}}))

(defn check-ids [xs]
  (let [ids (map :id xs)
        dupes (->> ids frequencies (filter #(> (val %) 1)) (map key))]
    (if (empty? dupes)
      {:ok true}
      {:ok false :dupes (vec dupes) :first (first dupes)})))

(def id-check (check-ids orders))

(def thresholds [0 100 1000 10000 100000])

(defn bucket [amount]
  (or (last (filter #(<= % amount) thresholds)) 0))

(def histogram
  (->> orders
       (map (comp bucket :amount))
       (frequencies)
       (sort-by key)
       (map (fn [[k v]] {:bucket k :count v :share (pct v (count orders))}))
       (vec)))

(defn retry [f n]
  (loop [i 0 last-err nil]
    (if (< i n)
      (let [res (f i)]
        (if (:error res)
          (recur (inc i) (:error res))
          res))
      {:error (str "gave up after " n " attempts: " last-err)})))

(def enriched
  (retry (fn [attempt]
           (tool/lookup-customers {:ids (mapv :customer top-five)
                                   :fields [:email :region :tier]
                                   :attempt attempt}))
         3))

(def by-region
  (->> (:customers enriched [])
       (group-by :region)
       (reduce-kv (fn [m region cs] (assoc m region (count cs))) {})))

(case (count flagged)
  0 "no anomalies"
  1 "one anomaly"
  (str (count flagged) " anomalies"))

(def digits-only #"^\d+$")
(def sample-chars [\a \space \newline \u00e9])
(def flags {:strict true, :verbose false, :retries 3, :ratio 0.75, :nothing nil})

{:totals     totals
 :top        (mapv #(select-keys % [:name :total :orders]) top-five)
 :flagged    (count flagged)
 :id-check   id-check
 :histogram  histogram
 :weekly     weekly
 :email-sent (boolean (seq flagged))}
`

func BenchmarkReadAll(b *testing.B) {
	b.SetBytes(int64(len(benchProgram)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadAll(benchProgram, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestScratchReuse reads programs of different sizes, and ones that fail,
// one after the other into one Scratch: each read must give exactly the
// forms (positions and every field included) a read without one gives,
// whatever the previous read left in the scratch memory.
func TestScratchReuse(t *testing.T) {
	progs := []string{
		`(->> [1 2 3 4 5] (map inc) (filter even?) (reduce +))`,
		`x`,
		`{:a "s" :b 2.5 :c \x :d #"re" :e #'v :f true :g nil} 'q #(+ % 1) #{1 2}`,
		`(defn f [x] (let [y (* x 2)] (str "y=" y)))` + strings.Repeat(` (f 1)`, 40),
		`[1 2`,
		`()`,
		`(a (b (c (d (e (f (g (h (i (j))))))))))`,
		`:k`,
		`(str "unterminated`,
		`1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20`,
	}
	var s Scratch
	for round := 0; round < 3; round++ {
		for _, src := range progs {
			want, wantErr := ReadAll(src, Limits{})
			got, gotErr := ReadAllReusing(src, Limits{}, &s)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("%s: error %v, want %v", src, gotErr, wantErr)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d forms, want %d", src, len(got), len(want))
			}
			for i := range want {
				if !sameForm(got[i], want[i]) {
					t.Errorf("round %d, %s: form %d is %s, want %s", round, src, i, got[i], want[i])
				}
			}
		}
	}
}

// sameForm compares every field of two form trees, positions included.
func sameForm(a, b *Form) bool {
	if a.Kind != b.Kind || a.Pos != b.Pos || a.Bool != b.Bool || a.Int != b.Int || a.Str != b.Str ||
		math.Float64bits(a.Float) != math.Float64bits(b.Float) || len(a.Items) != len(b.Items) || (a.Items == nil) != (b.Items == nil) {
		return false
	}
	for i := range a.Items {
		if !sameForm(a.Items[i], b.Items[i]) {
			return false
		}
	}
	return true
}

// TestTokenFastPaths checks that the shortcuts for plain names and small
// decimal integers agree with the full syntax on every token, taken or
// not.
func TestTokenFastPaths(t *testing.T) {
	for _, tok := range []string{
		"x", "inc", "even?", "->>", "+", "-", "/", "..", "a#", "a'", "é", "*1", "1x", "x1",
		":", ":x", ":1", ":é", "::a", ":a:", "a:", "a::b", "a/b", ":a/b", "a/", "/a", "a//", "clojure.core//",
		"::", ":::", ":a::", "a:b",
	} {
		if got, want := validToken(tok), validTokenSyntax(tok); got != want {
			t.Errorf("validToken(%q) = %v, want %v", tok, got, want)
		}
	}
	for _, tok := range []string{
		"0", "7", "42", "00", "012", "08", "123456789012345678", "1234567890123456789",
		"9223372036854775807", "9223372036854775808", "1N", "1.5", "1e3", "0x1F", "2r101", "+1", "-0", "-12", "1/2", "1M",
	} {
		if got, want := parseNumber(tok), parseNumberSyntax(tok); got != want {
			t.Errorf("parseNumber(%q) = %+v, want %+v", tok, got, want)
		}
	}
}

// TestCharClasses checks the bit sets of the character classes against
// their definitions, written out.
func TestCharClasses(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		space := strings.IndexByte(" \t\n\v\f\r,\x1c\x1d\x1e\x1f", b) >= 0
		macro := strings.IndexByte("\";'@^`~()[]{}\\%#", b) >= 0
		terminating := macro && b != '#' && b != '\'' && b != '%'
		if isSpaceByte(b) != space || isMacro(b) != macro || isTerminating(b) != terminating {
			t.Errorf("byte %q: space %v macro %v terminating %v, want %v %v %v",
				b, isSpaceByte(b), isMacro(b), isTerminating(b), space, macro, terminating)
		}
	}
}

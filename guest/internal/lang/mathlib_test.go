package lang

import (
	"math"
	"strings"
	"testing"
)

// mxCase is one program and its expected pr-str, or "error: kind".
type mxCase struct{ src, want string }

func mxRun(t *testing.T, cases []mxCase) {
	t.Helper()
	for _, c := range cases {
		r := NewSession().Eval(c.src, Options{Clock: func() int64 { return 1763700000000 }})
		got := ""
		if r.Error != nil {
			got = "error: " + string(r.Error.Kind)
			if r.Error.Kind == InternalError {
				t.Errorf("%s: internal error: %v", c.src, r.Error)
				continue
			}
		} else {
			got = PrStr(r.Value)
		}
		if got != c.want {
			msg := ""
			if r.Error != nil {
				msg = " (" + r.Error.Error() + ")"
			}
			t.Errorf("%s\n   got  %s%s\n   want %s", c.src, got, msg, c.want)
		}
	}
}

// TestMathLibExamples evaluates the documented examples of this file
// group's builtins.
func TestMathLibExamples(t *testing.T) {
	var cases []mxCase
	for _, lib := range []func() []*Builtin{mathLib, interopLib, ptcLib} {
		for _, b := range lib() {
			if b.Doc == nil || len(b.Doc.Arities) == 0 || b.Doc.Doc == "" {
				t.Errorf("%s: missing doc or arities", b.Name)
			}
			if len(b.Doc.Examples) == 0 && b.Name != "System/currentTimeMillis" {
				t.Errorf("%s: no examples", b.Name)
			}
			for _, e := range b.Doc.Examples {
				cases = append(cases, mxCase{e.Code, e.Result})
			}
		}
	}
	mxRun(t, cases)
}

func TestMathLibCore(t *testing.T) {
	mxRun(t, []mxCase{
		{"(abs -5)", "5"}, {"(abs 5)", "5"}, {"(abs -0.0)", "0.0"}, {"(abs ##-Inf)", "##Inf"},
		{"(abs -9223372036854775808)", "error: arithmetic_error"}, {`(abs "a")`, "error: type_error"}, {"(abs nil)", "error: type_error"},
		{"(max 1)", "1"}, {`(max "a")`, `"a"`}, {"(max 1 5 3)", "5"}, {"(min 1 3 2)", "1"},
		{"(max 1 2.0)", "2.0"}, {"(max 2 1.0)", "2"}, {"(max 1 1.0)", "1.0"}, {"(max 1.0 1)", "1"}, {"(min 1 1.0)", "1.0"},
		{"(max 1 ##NaN)", "##NaN"}, {"(max ##NaN 1)", "##NaN"}, {"(min 1 ##NaN 0)", "##NaN"}, {"(max 1 2 ##NaN 3)", "##NaN"},
		{"(max -0.0 0.0)", "0.0"}, {"(max 0.0 -0.0)", "0.0"}, {"(min 0.0 -0.0)", "-0.0"}, {"(min -0.0 0.0)", "-0.0"},
		{"(max nil 1)", "error: type_error"}, {`(max "a" 1)`, "error: type_error"}, {"(min true false)", "error: type_error"},
		{"(max :a :b)", "error: type_error"}, {"(max 1 2 \"a\")", "error: type_error"}, {"(max nil ##NaN)", "error: type_error"},
		{"(ceil 1.2)", "2"}, {"(ceil -3.2)", "-3"}, {"(ceil 5)", "5"}, {"(floor -3.7)", "-4"}, {"(floor 5)", "5"}, {"(floor 3.0)", "3"},
		{"(round 3.5)", "4"}, {"(round 3.4)", "3"}, {"(round -3.5)", "-4"}, {"(round -1.5)", "-2"}, {"(round 2.5)", "3"},
		{"(trunc 3.9)", "3"}, {"(trunc -3.7)", "-3"}, {"(trunc 5)", "5"},
		{"(round ##NaN)", "error: arithmetic_error"}, {"(floor ##Inf)", "error: arithmetic_error"}, {"(ceil 1e30)", "error: arithmetic_error"},
		{`(round "1.5")`, "error: type_error"},
		{"(sqrt 16)", "4.0"}, {"(sqrt 25)", "5.0"}, {"(sqrt -1)", "##NaN"}, {`(sqrt "4")`, "error: type_error"},
		{"(pow 2 10)", "1024.0"}, {"(pow 0 -1)", "##Inf"}, {"(pow -0.0 -3)", "##-Inf"}, {"(pow 1 ##NaN)", "##NaN"}, {"(pow -1 ##Inf)", "##NaN"},
		{"(pow ##Inf 0)", "1.0"}, {"(pow -2 3)", "-8.0"}, {"(pow ##Inf ##-Inf)", "0.0"}, {"(pow 2 1024)", "##Inf"}, {"(pow -2 1025)", "##-Inf"},
		{"(pow 2 -2000)", "0.0"}, {"(pow ##-Inf 3.0)", "##-Inf"}, {"(pow ##-Inf 2)", "##Inf"}, {"(pow -0.0 -9223372036854775807)", "##Inf"},
		{"(pow -0.0 9223372036854775807)", "0.0"}, {"(pow ##NaN 0)", "1.0"},
	})
}

func TestMathLibBits(t *testing.T) {
	mxRun(t, []mxCase{
		{"(bit-and 6 3)", "2"}, {"(bit-or 4 1)", "5"}, {"(bit-not 0)", "-1"}, {"(bit-shift-left 1 3)", "8"}, {"(bit-shift-right 8 1)", "4"},
		{"(bit-clear 7 1)", "5"}, {"(bit-set 4 1)", "6"}, {"(bit-flip 4 2)", "0"}, {"(bit-and-not 7 2)", "5"},
		{"(bit-shift-left 1 -1)", "-9223372036854775808"}, {"(bit-shift-right 8 -1)", "0"}, {"(bit-set 1 -1)", "-9223372036854775807"},
		{"(bit-clear 1 -1)", "1"}, {"(bit-flip 1 -1)", "-9223372036854775807"}, {"(bit-set 0 64)", "1"}, {"(bit-clear -1 64)", "-2"},
		{"(bit-flip 0 64)", "1"}, {"(bit-clear 1 64)", "0"}, {"(bit-shift-left 1 64)", "1"}, {"(bit-shift-left 1 65)", "2"},
		{"(bit-and 7)", "error: arity_error"}, {"(bit-and-not 7)", "error: arity_error"}, {"(bit-xor 1)", "error: arity_error"},
		{"(bit-not 9223372036854775808)", "error: parse_error"}, {"(bit-or 1.0 2)", "error: type_error"}, {"(bit-and 1 nil)", "error: type_error"},
		{"(bit-and 1 2 3)", "0"}, {"(bit-xor 12 10 6)", "0"}, {"(bit-test 5 0)", "true"}, {"(bit-test 5 1)", "false"}, {"(bit-test -1 63)", "true"},
		{"(unsigned-bit-shift-right -1 60)", "15"}, {"(unsigned-bit-shift-right -1 0)", "-1"}, {"(bit-shift-right -8 1)", "-4"},
	})
}

func TestMathLibConversion(t *testing.T) {
	mxRun(t, []mxCase{
		{"(int 3.7)", "3"}, {"(int -3.7)", "-3"}, {"(int ##NaN)", "0"}, {"(int 2147483648)", "error: arithmetic_error"},
		{"(int -2147483649)", "error: arithmetic_error"}, {"(int 2147483647.5)", "error: arithmetic_error"}, {"(int ##Inf)", "error: arithmetic_error"},
		{`(int \newline)`, "10"}, {`(int \tab)`, "9"}, {`(int "a")`, "97"}, {`(int "é")`, "233"}, {`(int "ab")`, "error: type_error"}, {`(int "")`, "error: type_error"},
		{"(int nil)", "error: type_error"}, {"(int true)", "error: type_error"}, {"(int 42)", "42"},
		{"(long 3.9)", "3"}, {"(long ##NaN)", "0"}, {"(long 1e19)", "error: arithmetic_error"}, {`(long \a)`, "97"},
		{"(long 9.223372036854775807E18)", "9223372036854775807"}, {"(long -9.223372036854775808E18)", "-9223372036854775808"},
		{"(double 5)", "5.0"}, {"(double 2.5)", "2.5"}, {`(double "5")`, "error: type_error"}, {"(double nil)", "error: type_error"},
		{"(float 1.1)", "1.1"}, {"(float 1)", "1.0"}, {"(float ##NaN)", "##NaN"}, {"(float ##Inf)", "error: arithmetic_error"},
		{"(float 1e39)", "error: arithmetic_error"}, {"(float -0.0)", "-0.0"}, {"(float 1e-50)", "0.0"}, {"(float (/ 1 3))", "0.33333334"},
		{"(num 1)", "1"}, {"(num 1.5)", "1.5"}, {`(num "a")`, "error: type_error"},
		{"(+' 1 2)", "3"}, {"(+')", "0"}, {"(*')", "1"}, {"(-' 5)", "-5"}, {"(*' 2 3)", "6"}, {"(inc' 1)", "2"}, {"(dec' 1)", "0"},
		{"(+' 9223372036854775807 1)", "error: arithmetic_error"}, {"(inc' 9223372036854775807)", "error: arithmetic_error"},
		{`(+' "a")`, "error: type_error"}, {"(-' 10 1 2)", "7"}, {"(+' 1 2.5)", "3.5"},
	})
}

func TestMathLibDocs(t *testing.T) {
	for _, b := range mathLib() {
		if b.Doc.NS != nsCore || b.Doc.Group == "" {
			t.Errorf("%s: ns %q group %q", b.Name, b.Doc.NS, b.Doc.Group)
		}
		switch b.Doc.Name {
		case "ceil", "floor", "round", "trunc", "sqrt", "pow":
			if !b.Doc.PTC {
				t.Errorf("%s should be marked PTC", b.Name)
			}
		}
		if strings.Contains(b.Doc.Doc, "TODO") {
			t.Errorf("%s: unfinished doc", b.Name)
		}
	}
}

func TestInteropMath(t *testing.T) {
	mxRun(t, []mxCase{
		{"(Math/abs -7)", "7"}, {"(Math/abs -7.5)", "7.5"}, {"(Math/abs -9223372036854775808)", "error: arithmetic_error"},
		{"(Math/ceil 1.2)", "2.0"}, {"(Math/floor -1.2)", "-2.0"}, {"(Math/ceil 5)", "5.0"}, {"(str (Math/ceil 1.2))", `"2.0"`},
		{"(Math/max 1 2)", "2"}, {"(Math/min 1 2)", "1"}, {"(Math/max 1.0 2.0)", "2.0"}, {"(Math/max -0.0 0.0)", "0.0"}, {"(Math/min -0.0 0.0)", "-0.0"},
		{"(Math/max ##NaN 1.0)", "##NaN"}, {"(Math/max 1 2.0)", "error: type_error"}, {"(Math/min nil 1)", "error: type_error"},
		{`(Math/max "a" 1)`, "error: type_error"}, {"(Math/max ##NaN 1)", "error: type_error"}, {"(Math/min 1 2 3)", "error: arity_error"},
		{"(Math/round 2.5)", "3"}, {"(Math/round -2.5)", "-2"}, {"(Math/round -1.5)", "-1"}, {"(Math/round ##NaN)", "0"},
		{"(Math/round ##Inf)", "9223372036854775807"}, {"(Math/round ##-Inf)", "-9223372036854775808"}, {"(Math/round 1e20)", "9223372036854775807"},
		{"(Math/round 0.49999999999999994)", "0"}, {"(Math/round 1)", "error: type_error"},
		{"(Math/pow 2 3)", "8.0"}, {"(Math/pow -1 0.5)", "##NaN"}, {"(Math/pow 0 -1)", "##Inf"}, {"(Math/pow 1 ##NaN)", "##NaN"},
		{"(Math/pow -1 ##Inf)", "##NaN"}, {"(Math/pow -0.0 -3)", "##-Inf"}, {`(Math/pow 2 "x")`, "error: type_error"},
		{"(Math/sqrt 25)", "5.0"}, {"(Math/sqrt -1)", "##NaN"}, {"(Math/exp 1)", "2.718281828459045"}, {"(Math/log 10)", "2.302585092994046"},
		{"(Math/log10 1000)", "3.0"}, {"(Math/log -1)", "##NaN"}, {"(Math/atan2 1 1)", "0.7853981633974483"}, {"(Math/cbrt 27)", "3.0"},
		{"(Math/signum -2.5)", "-1.0"}, {"(Math/signum 3)", "error: type_error"}, {"(Math/floorDiv 7 2)", "3"}, {"(Math/floorDiv -7 2)", "-4"},
		{"(Math/floorMod -7 2)", "1"}, {"(Math/floorDiv -7 0)", "error: arithmetic_error"}, {"(Math/floorMod 7 -3)", "-2"},
		{"(Math/hypot 3 4)", "5.0"}, {"Math/PI", "3.141592653589793"}, {"Math/E", "2.718281828459045"}, {"java.lang.Math/PI", "3.141592653589793"},
		{"(Math/trunc 1.5)", "error: unbound_symbol"}, {"(Math/bit-and 1 2)", "error: unbound_symbol"},
		{"Integer/MAX_VALUE", "2147483647"}, {"Integer/MIN_VALUE", "-2147483648"}, {"Long/MAX_VALUE", "9223372036854775807"},
		{"Long/MIN_VALUE", "-9223372036854775808"}, {"Double/MAX_VALUE", "1.7976931348623157E308"},
		{"[Double/POSITIVE_INFINITY Double/NEGATIVE_INFINITY Double/NaN]", "[##Inf ##-Inf ##NaN]"}, {"(= Double/NaN Double/NaN)", "false"},
		{"(- Double/POSITIVE_INFINITY Double/POSITIVE_INFINITY)", "##NaN"}, {"(< Double/NaN 0)", "false"}, {"Boolean/TRUE", "true"},
	})
}

func TestInteropParsers(t *testing.T) {
	mxRun(t, []mxCase{
		{`(Integer/parseInt "42")`, "42"}, {`(Integer/parseInt "-42")`, "-42"}, {`(Integer/parseInt "+5")`, "5"},
		{`(Integer/parseInt "2147483647")`, "2147483647"}, {`(Integer/parseInt "-2147483648")`, "-2147483648"},
		{`(Integer/parseInt "2147483648")`, "error: value_error"}, {`(Integer/parseInt "-2147483649")`, "error: value_error"},
		{`(Integer/parseInt "x")`, "error: value_error"}, {`(Integer/parseInt "")`, "error: value_error"}, {`(Integer/parseInt nil)`, "error: value_error"},
		{`(Integer/parseInt " 1")`, "error: value_error"}, {`(Integer/parseInt "1_0")`, "error: value_error"}, {`(Integer/parseInt "-")`, "error: value_error"},
		{`(Integer/parseInt "+")`, "error: value_error"}, {`(Integer/parseInt "٣")`, "3"}, {`(Integer/parseInt "10" 16)`, "16"},
		{`(Integer/parseInt "ff" 16)`, "255"}, {`(Integer/parseInt "z" 36)`, "35"}, {`(Integer/parseInt "9" 8)`, "error: value_error"},
		{`(Integer/parseInt 42)`, "error: type_error"}, {`(Integer/parseInt "1" 99)`, "error: value_error"},
		{`(Long/parseLong "9223372036854775807")`, "9223372036854775807"}, {`(Long/parseLong "-9223372036854775808")`, "-9223372036854775808"},
		{`(Long/parseLong "+9223372036854775808")`, "error: value_error"}, {`(Long/parseLong "-9223372036854775809")`, "error: value_error"},
		{`(Long/parseLong "")`, "error: value_error"}, {`(Long/parseLong " 1")`, "error: value_error"}, {`(Long/parseLong "-0")`, "0"},
		{`(Long/parseLong "10" 16)`, "16"}, {`(Long/parseLong 42)`, "error: type_error"},
		{`(Double/parseDouble "3.14")`, "3.14"}, {`(Double/parseDouble "1.5")`, "1.5"}, {`(Double/parseDouble "0x1.8p0")`, "1.5"},
		{`(Double/parseDouble "0x1.0p0")`, "1.0"}, {`(Double/parseDouble " 1e3 ")`, "1000.0"}, {`(Double/parseDouble "NaN")`, "##NaN"},
		{`(Double/parseDouble "-Infinity")`, "##-Inf"}, {`(Double/parseDouble "1d")`, "1.0"}, {`(Double/parseDouble "1f")`, "1.0"},
		{`(Double/parseDouble ".5")`, "0.5"}, {`(Double/parseDouble "5.")`, "5.0"}, {`(Double/parseDouble "1e400")`, "##Inf"},
		{`(Double/parseDouble "1e-400")`, "0.0"}, {`(Double/parseDouble "0x10")`, "error: value_error"}, {`(Double/parseDouble "inf")`, "error: value_error"},
		{`(Double/parseDouble "x")`, "error: value_error"}, {`(Double/parseDouble "")`, "error: value_error"}, {`(Double/parseDouble nil)`, "error: value_error"},
		{`(Double/parseDouble ".")`, "error: value_error"}, {`(Double/parseDouble "1e")`, "error: value_error"}, {`(Double/parseDouble "1_000")`, "error: value_error"},
		{`(Double/parseDouble "1.9")`, "1.9"}, {`(Double/parseDouble "NaNd")`, "error: value_error"},
		{`(Float/parseFloat "1.5")`, "1.5"}, {`(Float/parseFloat " 1.5 ")`, "1.5"}, {`(Float/parseFloat "1.1")`, "1.1"}, {`(Float/parseFloat "42")`, "42.0"},
		{`(Float/parseFloat "3.4e39")`, "##Inf"}, {`(Float/parseFloat "")`, "error: value_error"}, {`(Float/parseFloat nil)`, "error: value_error"},
		{`(Boolean/parseBoolean "true")`, "true"}, {`(Boolean/parseBoolean "TrUe")`, "true"}, {`(Boolean/parseBoolean "x")`, "false"},
		{`(Boolean/parseBoolean "")`, "false"}, {`(Boolean/parseBoolean nil)`, "false"}, {`(Boolean/parseBoolean true)`, "error: type_error"},
		{`((fn [f] (f)) Boolean/parseBoolean)`, "error: arity_error"},
		{`[(Integer/parseInt "-42") (Long/parseLong "9223372036854775807") (Double/parseDouble "0x1.8p0") (Float/parseFloat " 1.5 ")]`, "[-42 9223372036854775807 1.5 1.5]"},
		{`(Integer/valueOf "42")`, "42"}, {`(Long/valueOf "7")`, "7"}, {`(Double/valueOf "1.5")`, "1.5"}, {`(Boolean/valueOf "true")`, "true"},
		{"(Double/isNaN ##NaN)", "true"}, {"(Double/isInfinite ##Inf)", "true"}, {"(Float/isNaN ##NaN)", "true"}, {"(Long/toString 42)", `"42"`},
		{"(Integer/toString 255 2)", `"11111111"`},
		{"(String/valueOf 1)", `"1"`}, {"(String/valueOf 1.5)", `"1.5"`}, {"(String/valueOf [1 2])", `"[1 2]"`}, {`(String/valueOf \a)`, `"a"`},
		{"(String/valueOf true)", `"true"`}, {"(String/valueOf nil)", `"null"`}, {`(String/join "-" ["a" "b"])`, `"a-b"`},
		{`(String/join "-" "a" "b" "c")`, `"a-b-c"`}, {`(String/join "-" [1 2])`, "error: type_error"},
		{`(Character/isDigit \5)`, "true"}, {`(Character/isLetter \a)`, "true"}, {`(Character/isWhitespace \space)`, "true"},
		{`(Character/isWhitespace "\u00a0")`, "false"}, {`(Character/isUpperCase \A)`, "true"}, {`(Character/isLowerCase \A)`, "false"},
		{`(Character/isDigit "55")`, "error: type_error"}, {`(Character/isLetterOrDigit \_)`, "false"}, {`(Character/toUpperCase \a)`, `"A"`},
		{"(int? (System/currentTimeMillis))", "true"}, {"(> (System/currentTimeMillis) 1700000000000)", "true"},
	})
}

func TestInteropStrings(t *testing.T) {
	mxRun(t, []mxCase{
		{`(.contains "abcdef" "bcd")`, "true"}, {`(.indexOf "abcdef" "cd")`, "2"}, {`(.length "abc")`, "3"}, {`(.toLowerCase "AbC")`, `"abc"`},
		{`(.toUpperCase "straße")`, `"STRASSE"`}, {`(.startsWith "abcdef" "abc")`, "true"}, {`(.endsWith "abcdef" "def")`, "true"},
		{`(.startsWith "abc" "b" 1)`, "true"}, {`(.startsWith "abc" "a" 99)`, "false"}, {`(.startsWith "abc" "" 4)`, "false"},
		{`(.startsWith "abc" "" -1)`, "false"}, {`(.startsWith "abc" "" 3)`, "true"},
		{`(.lastIndexOf "ababa" "ba" 2)`, "1"}, {`(.lastIndexOf "abcabc" "b" -1)`, "-1"}, {`(.lastIndexOf "abc" "" 2)`, "2"},
		{`(.lastIndexOf "abc" "" -1)`, "-1"}, {`(.lastIndexOf "abc" "")`, "3"}, {`(.lastIndexOf "abc" "c" 100)`, "2"},
		{`(.indexOf "abc" 98)`, "1"}, {`(.indexOf "abc" 97 1)`, "-1"}, {`(.lastIndexOf "abca" 97)`, "3"}, {`(.lastIndexOf "abc" 97 1)`, "0"},
		{`(.indexOf "abc" "")`, "0"}, {`(.indexOf "abc" "" -3)`, "0"}, {`(.indexOf "abc" "" 10)`, "3"}, {`(.indexOf "abc" "c" -5)`, "2"},
		{`(.indexOf "abc" 1.5)`, "error: type_error"}, {`(.indexOf "abc" nil)`, "error: type_error"},
		{`(.length "😀a")`, "3"}, {`(.indexOf "😀a" "a")`, "2"}, {`(.substring "😀a" 2)`, `"a"`}, {`(.substring "😀a" 0 2)`, `"😀"`},
		{`(.indexOf "😀a😀" "😀" 1)`, "3"}, {`(.lastIndexOf "😀a😀" "😀")`, "3"}, {`(.indexOf "😀a" 128512)`, "0"},
		{`(.substring "😀a" 0 1)`, "error: value_error"}, {`(.charAt "😀a" 0)`, "error: value_error"}, {`(.charAt "😀a" 2)`, `"a"`},
		{`(.substring "abcd" 1.0)`, `"bcd"`}, {`(.substring "abcd" 1.0 3.0)`, `"bc"`}, {`(.substring "abc" ##NaN)`, `"abc"`},
		{`(.substring "abc" (Math/sqrt -1.0))`, `"abc"`}, {`(.substring "abc" -2147483648.9)`, "error: index_error"},
		{`(.substring "abc" -1)`, "error: index_error"}, {`(.substring "abc" 4)`, "error: index_error"}, {`(.substring "abc" -1 2)`, "error: index_error"},
		{`(.substring "abc" 2 1)`, "error: index_error"}, {`(.substring "abc" 3)`, `""`}, {`(.substring "abc" 1 1)`, `""`},
		{`(.trim "  Ada  ")`, `"Ada"`}, {"(.trim \"\\t x \\n\")", `"x"`}, {`(.trim "\u00a0x")`, "\"\u00a0x\""},
		{`(.contains "abc" 1)`, "error: type_error"}, {`(.startsWith "abc" 1)`, "error: type_error"}, {`(.length 123)`, "error: type_error"},
		{`(.length nil)`, "error: type_error"}, {`(.indexOf 123 "x")`, "error: type_error"}, {`(.contains "AB" "䄀")`, "false"},
		{`[(.indexOf "hello" "x") (.lastIndexOf "hello" "x") (.indexOf "" "") (.length "") (.substring "abc" 3) (.length "über") (.indexOf "über" "b") (.startsWith "über" "ü") (.endsWith "über" "ber") (.contains "über" "be") (.contains "abc" "")]`,
			`[-1 -1 0 0 "" 4 1 true true true true]`},
		{`(.startsWith \a "a")`, "true"}, {`(.indexOf \a "a")`, "0"},
		{`(.equals "a" "a")`, "true"}, {`(.equals 1 1.0)`, "false"}, {`(.equals nil 1)`, "error: type_error"},
		{`(.equalsIgnoreCase "aB" "Ab")`, "true"}, {`(.equalsIgnoreCase "a" nil)`, "false"}, {`(.concat "a" "b")`, `"ab"`},
		{`(.matches "abc" "a.c")`, "true"}, {`(.matches "abc" "b")`, "false"}, {`(.matches "ab" "a|ab")`, "true"}, {`(.matches "abc" "(")`, "error: value_error"},
		{`(.isEmpty "")`, "true"}, {`(.isEmpty "a")`, "false"}, {`(.charAt "abc" 1)`, `"b"`}, {`(.charAt "abc" 5)`, "error: index_error"},
		{`(.replace "aaa" "a" "bb")`, `"bbbbbb"`}, {`(.replace "a.c" "." "x")`, `"axc"`}, {`(.replace "abc" "" "-")`, `"-a-b-c-"`},
		{`(.split "a,b,,c,," ",")`, `["a" "b" "" "c"]`}, {`(.split "" ",")`, `[""]`}, {`(.split "abc" "")`, `["a" "b" "c"]`},
		{`(.split "a,b,c" "," 2)`, `["a" "b,c"]`}, {`(.split "a,b,," "," -1)`, `["a" "b" "" ""]`}, {`(.split ",a" ",")`, `["" "a"]`},
		{`(.split "," ",")`, `[]`}, {`(.split "a1b22c" "\\d+")`, `["a" "b" "c"]`}, {`(.split "a b" #"\s")`, `["a" "b"]`},
		{`(.toString 5)`, `"5"`}, {`(.toString nil)`, "error: type_error"}, {`(.toString (LocalDate/parse "2024-01-15"))`, `"2024-01-15"`},
		{`(.noSuchMethod "a")`, "error: unbound_symbol"}, {`(.length "a" "b")`, "error: arity_error"},
	})
}

func TestInteropTime(t *testing.T) {
	mxRun(t, []mxCase{
		{`(.toEpochDay (java.time.LocalDate/parse "2024-01-02"))`, "19724"}, {`(.toEpochDay (.plusDays (java.time.LocalDate/parse "2024-01-02") 2))`, "19726"},
		{`(.toEpochDay (.minusDays (java.time.LocalDate/parse "2024-01-02") 2))`, "19722"},
		{`(.isBefore (java.time.LocalDate/parse "2024-01-02") (java.time.LocalDate/parse "2024-01-03"))`, "true"},
		{`(.isAfter (LocalDate/parse "2024-01-02") (LocalDate/parse "2024-01-03"))`, "false"},
		{`(.isBefore (java.time.Instant/parse "1970-01-01T00:00:01Z") (java.time.Instant/parse "1970-01-01T00:00:02Z"))`, "true"},
		{`(.toEpochMilli (java.time.Instant/parse "1970-01-01T00:00:01Z"))`, "1000"},
		{`(.toDays (java.time.Duration/between (java.time.Instant/parse "1970-01-01T00:00:00Z") (java.time.Instant/parse "1970-01-03T00:00:00Z")))`, "2"},
		{`(.toMillis (Duration/between (Instant/parse "2026-05-22T00:00:00Z") (Instant/parse "2026-05-22T00:00:01Z")))`, "1000"},
		{`(.toMillis (java.time.Duration/between (Instant/parse "2026-05-22T00:00:00Z") (Instant/parse "2026-05-22T00:00:01Z")))`, "1000"},
		{`(.toMillis (between (Instant/parse "2026-05-22T00:00:00Z") (Instant/parse "2026-05-22T00:00:01Z")))`, "error: unbound_symbol"},
		{`(Duration/parse "PT1S")`, "error: unbound_symbol"}, {`(LocalDate/currentTimeMillis)`, "error: unbound_symbol"},
		{`(.getTime (java.util.Date. 1))`, "1"}, {`(.before (java.util.Date. 0) (java.util.Date. 1))`, "true"},
		{`(.after (java.util.Date. 1) (java.util.Date. 0))`, "true"}, {`(.before (java.util.Date. 0) (java.util.Date. 0))`, "false"},
		{`(.getTime (java.util.Date. -1000))`, "-1000"}, {`(.isBefore (java.util.Date. 0) (java.util.Date. 1000))`, "error: type_error"},
		{`(.getTime (java.time.Instant/parse "1970-01-01T00:00:01Z"))`, "error: type_error"},
		{`(.toMillis (java.time.Duration/between (java.util.Date. 0) (java.time.Instant/parse "1970-01-01T00:00:01Z")))`, "error: type_error"},
		{`(.toEpochDay (.plusDays (java.time.LocalDate/parse "2024-01-01") ##NaN))`, "19723"},
		{`(.toEpochDay (.minusDays (java.time.LocalDate/parse "2024-01-02") 1.0))`, "19723"},
		{`(.toEpochDay (.minusDays (java.time.LocalDate/parse "2024-01-01") 1.9))`, "19722"},
		{`(.toEpochDay (.plusDays (LocalDate/parse "2024-01-01") (Double/parseDouble "1.9")))`, "19724"},
		{`(.plusDays (LocalDate/parse "2024-01-01") Double/POSITIVE_INFINITY)`, "error: type_error"},
		{`(.plusDays (LocalDate/parse "2024-01-01") (Double/parseDouble "1e30"))`, "error: type_error"},
		{`(.plusDays (LocalDate/parse "2024-01-01") "1")`, "error: type_error"},
		{`(.plusDays (LocalDate/parse "+999999999-12-31") 1)`, "error: value_error"},
		{`(.minusDays (LocalDate/parse "1970-01-02") (Long/parseLong "-9223372036854775808"))`, "error: arithmetic_error"},
		{`(.minusDays (LocalDate/parse "1970-01-01") (Long/parseLong "-9223372036854775808"))`, "error: value_error"},
		{`(java.time.Instant/parse "2024-01-02")`, "error: value_error"}, {`(java.time.Instant/parse "2024-01-02T00:00:00")`, "error: value_error"},
		{`(java.time.LocalDate/parse "2024-01-02T00:00:00")`, "error: value_error"}, {`(LocalDate/parse "2024-02-30")`, "error: value_error"},
		{`(LocalDate/parse "2024-1-5")`, "error: value_error"}, {`(LocalDate/parse "+2024-01-15")`, "error: value_error"},
		{`(LocalDate/parse "12024-01-05")`, "error: value_error"}, {`(LocalDate/parse "2023-02-29")`, "error: value_error"},
		{`(LocalDate/parse "2024-02-29")`, `#object[java.time.LocalDate "2024-02-29"]`}, {`(.toString (.plusDays (LocalDate/parse "2024-02-28") 2))`, `"2024-03-01"`},
		{`(.toString (LocalDate/parse "+12024-01-05"))`, `"+12024-01-05"`}, {`(.toString (LocalDate/parse "-0001-01-05"))`, `"-0001-01-05"`},
		{`(.toEpochDay (LocalDate/parse "-0001-01-05"))`, "-719889"}, {`(LocalDate/parse nil)`, "error: value_error"}, {`(Instant/parse nil)`, "error: value_error"},
		{`(.getDayOfWeek (LocalDate/parse "2024-01-15"))`, `"MONDAY"`}, {`(.getDayOfWeek (LocalDate/parse "1970-01-01"))`, `"THURSDAY"`},
		{`(.getDayOfWeek (LocalDate/parse "1969-12-28"))`, `"SUNDAY"`},
		{`[(.getYear (LocalDate/parse "2024-01-15")) (.getMonthValue (LocalDate/parse "2024-01-15")) (.getDayOfMonth (LocalDate/parse "2024-01-15"))]`, "[2024 1 15]"},
		{`(= (LocalDate/parse "2024-01-15") (LocalDate/parse "2024-01-15"))`, "true"},
		{`(compare (LocalDate/parse "2024-01-15") (LocalDate/parse "2024-01-16"))`, "-1"},
		{`(compare (LocalDate/parse "2024-01-15") (Instant/parse "2024-01-16T00:00:00Z"))`, "error: type_error"},
		{`(.toString (Instant/parse "2016-12-31T23:59:60.5Z"))`, `"2016-12-31T23:59:59.500Z"`},
		{`(.toString (Instant/parse "1970-01-01T24:00:00Z"))`, `"1970-01-02T00:00:00Z"`},
		{`(.toString (Instant/parse "1970-01-01t00:00:00z"))`, `"1970-01-01T00:00:00Z"`},
		{`(.toString (Instant/parse "1970-01-01T00:00:00+00:00:30"))`, `"1969-12-31T23:59:30Z"`},
		{`(.toString (Instant/parse "2024-01-02T03:04:05.123456Z"))`, `"2024-01-02T03:04:05.123456Z"`},
		{`(.toString (Instant/parse "2024-01-02T03:04:05.000Z"))`, `"2024-01-02T03:04:05Z"`},
		{`(.toString (Instant/parse "2024-01-02T03:04:05.Z"))`, `"2024-01-02T03:04:05Z"`},
		{`(.toString (Instant/parse "2024-01-02T03:04:05+01:00"))`, `"2024-01-02T02:04:05Z"`},
		{`(.toString (Instant/parse "2024-01-02T03:04:05-05:30"))`, `"2024-01-02T08:34:05Z"`},
		{`(.toString (Instant/parse "+12024-01-02T03:04:05Z"))`, `"+12024-01-02T03:04:05Z"`},
		{`(.toString (Instant/parse "-0001-01-02T03:04:05Z"))`, `"-0001-01-02T03:04:05Z"`},
		{`(Instant/parse "2024-01-02T03:04:60Z")`, "error: value_error"}, {`(Instant/parse "2024-01-02T03:04Z")`, "error: value_error"},
		{`(Instant/parse "2024-01-02T03:04:05+18:01")`, "error: value_error"}, {`(Instant/parse "2024-01-02T03:04:05+1:00")`, "error: value_error"},
		{`(Instant/parse "2024-01-02T03:04:05.1234567891Z")`, "error: value_error"},
		{`(Instant/parse "1970-01-01T24:00:00.000000001Z")`, "error: value_error"}, {`(Instant/parse "1970-01-01T00:00:00+00")`, "error: value_error"},
		{`(Instant/parse "1970-01-01T00:00:00+0000")`, "error: value_error"}, {`(Instant/parse "1970-01-01T00:00:00+000000")`, "error: value_error"},
		{`(.toEpochMilli (Instant/parse "1969-12-31T23:59:59.9995Z"))`, "-1"},
		{`(.toEpochMilli (Instant/parse "+1000000000-12-31T23:59:59.999999999Z"))`, "error: value_error"},
		{`(.toMillis (Duration/between (Instant/parse "1970-01-01T00:00:00Z") (Instant/parse "1969-12-31T23:59:59.999999999Z")))`, "0"},
		{`(.toDays (Duration/between (Instant/parse "1970-01-03T00:00:00Z") (Instant/parse "1970-01-01T00:00:01Z")))`, "-1"},
		{`(Duration/between nil (Instant/parse "1970-01-01T00:00:00Z"))`, "error: value_error"},
		{`(Duration/between (LocalDate/parse "2024-01-01") (LocalDate/parse "2024-01-02"))`, "error: type_error"},
		{`(.isBefore (LocalDate/parse "2024-01-01") nil)`, "error: value_error"}, {`(.before (java.util.Date. 0) nil)`, "error: value_error"},
		{`(.isBefore nil (LocalDate/parse "2024-01-01"))`, "error: type_error"},
		{`(.isBefore (Instant/parse "2024-01-02T03:04:05Z") (LocalDate/parse "2024-01-15"))`, "error: type_error"},
		{`(.toString (Duration/between (Instant/parse "2024-01-02T03:04:05Z") (Instant/parse "2024-01-03T04:05:06.5Z")))`, `"PT25H1M1.5S"`},
		{`(.toString (Duration/between (Instant/parse "2024-01-02T03:04:05Z") (Instant/parse "2024-01-02T03:04:04Z")))`, `"PT-1S"`},
		{`(.toString (Duration/ofMillis -1500))`, `"PT-1.5S"`}, {`(.toString (Duration/ofMillis 0))`, `"PT0S"`}, {`(.toString (Duration/ofMillis -500))`, `"PT-0.5S"`},
		{`(.toString (Duration/ofMillis 90061001))`, `"PT25H1M1.001S"`}, {`(.toString (Duration/ofHours 2))`, `"PT2H"`},
		{`(let [epoch (Instant/parse "1970-01-01T00:00:00Z") shorter (Duration/between epoch (Instant/parse "1970-01-01T00:00:00.999999999Z")) longer (Duration/between epoch (Instant/parse "1970-01-01T00:00:01Z"))] [(compare shorter longer) (.toString (min-by identity longer shorter)) (.toString (max-by identity shorter longer))])`,
			`[-1 "PT0.999999999S" "PT1S"]`},
		{`(< (Duration/ofSeconds 1) (Duration/ofSeconds 2))`, "error: type_error"},
		{`(max-by identity (Instant/parse "2024-01-02T03:04:05Z"))`, `#object[java.time.Instant "2024-01-02T03:04:05Z"]`},
		{`(.getTime (java.util.Date. "Thu Jan 01 00:00:01 UTC 1970"))`, "1000"}, {`(.getTime (java.util.Date. "Wed, 8 Jan 2026 14:30 UTC"))`, "1767882600000"},
		{`(.getTime (java.util.Date. "Thu Jan 01 00:00:01 1970"))`, "1000"}, {`(java.util.Date. "Nonsense Jan 01 1970")`, "error: value_error"},
		{`(java.util.Date. "Junk 01 1970")`, "error: value_error"}, {`(java.util.Date. "Jan 1 00:00:00 UTC 1500")`, "error: value_error"},
		{`(java.util.Date. "Jan 1 00:00:00 GMT 20")`, "error: value_error"}, {`(java.util.Date. nil)`, "error: value_error"},
		{`(.getTime (java.util.Date. (Integer/parseInt "1")))`, "1"}, {`(java.util.Date. 1.5)`, "error: type_error"},
		{`(.getTime (java.util.Date. (LocalDate/parse "1970-01-02")))`, "error: type_error"},
		{`(.getTime (java.util.Date. "Jan 1 2020"))`, "1577836800000"}, {`(.getTime (java.util.Date. "2020/01/02"))`, "1577923200000"},
		{`(.getTime (java.util.Date. "1/2/2020"))`, "1577923200000"}, {`(.getTime (java.util.Date. "Wed, 8 Jan 2026 14:30:00 GMT"))`, "1767882600000"},
		{`(.getTime (java.util.Date. "Wed, 8 Jan 2026 14:30:00 +0100"))`, "1767879000000"},
		{`(.getTime (java.util.Date. "January 8, 2026 2:30 PM"))`, "1767882600000"}, {`(.getTime (java.util.Date. "8 Jan 2026 14:30 EST"))`, "1767900600000"},
		{`(java.util.Date. "2026-01-08")`, "error: value_error"}, {`(.getTime (java.util.Date. "Sat, 12 Aug 1995 13:30:00 GMT+0430"))`, "808218000000"},
		{`(.getTime (java.util.Date. "12 Aug 1995 13:30:00 GMT-3"))`, "808245000000"}, {`(.getTime (java.util.Date. "Aug 12 1995 1:30 pm"))`, "808234200000"},
		{`(.getTime (java.util.Date. "Aug 12 1995 12:30 am"))`, "808187400000"}, {`(.getTime (java.util.Date. "Feb 30 2020"))`, "1583020800000"},
		{`(.getTime (java.util.Date. "2020 Feb 3"))`, "1580688000000"}, {`(.getTime (java.util.Date. "Mo Feb 3 2020 (comment) "))`, "1580688000000"},
		{`(.getTime (java.util.Date. "1995/08/12"))`, "808185600000"}, {`(.getTime (java.util.Date. "08/12/1995 10:11:12"))`, "808222272000"},
		{`(java.util.Date. 1234)`, `#inst "1970-01-01T00:00:01.234-00:00"`}, {`(.toString (java.util.Date. 0))`, `"Thu Jan 01 00:00:00 UTC 1970"`},
		{`(.toString (.plusMonths (LocalDate/parse "2024-01-31") -13))`, `"2022-12-31"`}, {`(.toString (.minusMonths (LocalDate/parse "2024-03-31") 25))`, `"2022-02-28"`},
		{`(.toString (.plusYears (LocalDate/parse "2024-02-29") 4))`, `"2028-02-29"`}, {`(.toString (.plusWeeks (LocalDate/parse "2024-02-29") -9))`, `"2023-12-28"`},
		{`(.getDayOfYear (LocalDate/parse "2024-12-31"))`, "366"}, {`(.lengthOfMonth (LocalDate/parse "2023-02-10"))`, "28"},
		{`(.toString (.plusMonths (LocalDate/parse "2024-01-31") 1.7))`, `"2024-02-29"`}, {`(.plusYears (LocalDate/parse "2024-01-01") 999999999)`, "error: value_error"},
		{`(.plusWeeks (LocalDate/parse "2024-01-01") 9223372036854775807)`, "error: arithmetic_error"},
		{`(= (java.util.Date. 0) (java.util.Date. 0))`, "true"}, {`(compare (java.util.Date. 0) (java.util.Date. 10))`, "-1"},
		{`(Date. 5)`, `#inst "1970-01-01T00:00:00.005-00:00"`},
	})
	// The no-argument constructor reads the clock.
	mxRun(t, []mxCase{{"(> (.getTime (java.util.Date.)) 1700000000000)", "true"}})
}

func TestPTCHelpers(t *testing.T) {
	mxRun(t, []mxCase{
		{"(sum [1 2 3 4 5])", "15"}, {"(sum [])", "0"}, {"(sum nil)", "0"}, {"(sum [1 nil 2])", "3"}, {"(sum [1 2.5])", "3.5"},
		{"(sum #{1 2 3})", "6"}, {`(sum [1 "2"])`, "error: arithmetic_error"}, {"(sum 5)", "error: type_error"},
		{"(sum [9223372036854775807 1])", "error: arithmetic_error"},
		{"(avg [1 2 3 4 5])", "3.0"}, {"(avg [10 20])", "15.0"}, {"(avg [])", "nil"}, {"(avg nil)", "nil"}, {"(avg [nil nil])", "nil"},
		{"(avg [1 nil 2])", "1.5"}, {"(avg [9223372036854775807 9223372036854775807])", "9.223372036854776E18"},
		{"(sum-by :amount [{:amount 10} {:amount nil} {:other 5}])", "10"}, {`(sum-by :amount [{"amount" 1} {:amount 2}])`, "3"},
		{`(sum-by "amount" [{"amount" 1} {:amount 2}])`, "3"}, {"(sum-by :total-amount [{:total_amount 4}])", "4"},
		{"(sum-by :x [])", "0"}, {"(sum-by :x nil)", "0"}, {`(sum-by :amount [{:amount "10"} {:amount 20}])`, "error: arithmetic_error"},
		{"(sum-by :age (set [{:name \"alice\" :age 30} {:name \"bob\" :age 25}]))", "55"}, {"(sum-by identity (set [1 3 2]))", "6"},
		{"(sum-by #(get % 1) {:a 1 :b 3 :c 2})", "6"}, {"(sum-by #(get % 1) [[\"a\" 2] [\"b\" 3]])", "5"},
		{"(sum-by [:a :b] [{:a {:b 1}} {:a {:b 2}} {:a nil}])", "3"}, {"(sum-by 1 [[0 5] [0 6]])", "11"},
		{"(sum-by [1 2] [{:a 1}])", "0"}, {"(sum-by nil [1])", "error: type_error"}, {"(sum-by [{:a 1}] :a)", "error: type_error"},
		{"(avg-by :amount [{:amount 10} {:amount nil} {:amount 20}])", "15.0"}, {"(avg-by :x [])", "nil"}, {"(avg-by :x nil)", "nil"},
		{"(avg-by #(get % 1) {:a 1 :b 3 :c 2})", "2.0"}, {"(avg-by :value [{:value {:x 1}}])", "error: arithmetic_error"},
		{"(min-by :price [{:price nil} {:price 10} {:price 5}])", "{:price 5}"}, {"(max-by :price [{:price 10} {:price 15} {:price 15 :id 2}])", "{:price 15}"},
		{"(min-by :x [])", "nil"}, {"(max-by :x [])", "nil"}, {"(min-by :x nil)", "nil"}, {"(max-by :x [{:y 1}])", "nil"},
		{"(max-by #(get % 1) {:a 1 :b 3 :c 2})", "[:b 3]"}, {"(min-by #(get % 1) {:a 1 :b 3 :c 2})", "[:a 1]"},
		{"(max-by identity (set [1 3 2]))", "3"}, {"(min-by identity (set [1 3 2]))", "1"}, {"(min-by identity 3 1 2)", "1"},
		{"(max-by identity 7)", "7"}, {`(max-by :name [{:name "bob"} {:name "al"}])`, `{:name "bob"}`}, {`(max-by :v [{:v 1} {:v "a"}])`, "error: type_error"},
		{"(max-by identity ##-Inf 0)", "0"}, {"(min-by identity ##-Inf 0)", "##-Inf"}, {"(max-by :a [{:a 1.5} {:a 2}])", "{:a 2}"},
		{"(min-by #(get % 1) [[\"a\" 10] [\"b\" 5] [\"c\" 30]])", `["b" 5]`},
		{"(distinct-by :x [])", "[]"}, {"(distinct-by :x nil)", "[]"}, {"(distinct-by #(get % 0) [[\"a\" 1] [\"a\" 2] [\"b\" 3]])", `[["a" 1] ["b" 3]]`},
		{"(distinct-by :status [{:id 1 :status nil} {:id 2 :status nil} {:id 3 :status \"active\"}])", `[{:id 1, :status nil} {:id 3, :status "active"}]`},
		{"(distinct-by [:user :role] [{:user {:role \"admin\"}} {:user {:role \"user\"}} {:user {:role \"admin\"}}])", `[{:user {:role "admin"}} {:user {:role "user"}}]`},
		{"(distinct-by :type [{:type \"a\" :val 1} {:type \"b\" :val 2} {:type \"a\" :val 3}])", `[{:type "a", :val 1} {:type "b", :val 2}]`},
		{"(distinct-by identity [1 1.0 1])", "[1 1.0]"},
		{"(combinations [1 2 3] 2)", "[[1 2] [1 3] [2 3]]"}, {"(combinations [1 2 3 4] 3)", "[[1 2 3] [1 2 4] [1 3 4] [2 3 4]]"},
		{"(combinations [1 2 3] 0)", "[[]]"}, {"(combinations [1 2] 3)", "[]"}, {"(combinations [1 2 3] 1)", "[[1] [2] [3]]"},
		{"(combinations [1 2 3] 3)", "[[1 2 3]]"}, {`(combinations "abcd" 2)`, `[["a" "b"] ["a" "c"] ["a" "d"] ["b" "c"] ["b" "d"] ["c" "d"]]`},
		{"(combinations [] 1)", "[]"}, {"(combinations [] 0)", "[[]]"}, {"(combinations nil 0)", "[[]]"}, {"(combinations [1 2] -1)", "[]"},
		{"(combinations [1 2] 1.5)", "error: type_error"},
		{"(zip [1 2 3] [:a :b :c])", "[[1 :a] [2 :b] [3 :c]]"}, {"(zip [] [])", "[]"}, {"(zip [1 2] [:a])", "[[1 :a]]"}, {"(zip nil [1])", "[]"},
		{"(zip [1] 5)", "error: type_error"},
	})
}

func TestPTCHelpersDescribe(t *testing.T) {
	mxRun(t, []mxCase{
		{`(describe [{"event" "turn"} {"event" "done" "ok" true}])`,
			`{:type "vector", :count 2, :scanned 2, :item_types {"map" 2}, :key_types {"string" 3}, :keys {"event" {:types {"string" 2}, :examples ["turn" "done"], :non_empty 2, :distinct_count 2, :present 2, :pct 100.0}, "ok" {:types {"boolean" 1}, :examples [true], :distinct_count 1, :present 1, :pct 50.0}}}`},
		{`(get-in (describe [{"data" {"tool_calls" [1]}}] {:paths true :depth 2}) [:paths "data.tool_calls" :types])`, `{"vector" 1}`},
		{`(describe {:a 1 :b "x"})`, `{:type "map", :count 2, :key_types {"keyword" 2}, :keys {"a" {:types {"integer" 1}, :examples [1], :range {:min 1, :max 1}, :distinct_count 1}, "b" {:types {"string" 1}, :examples ["x"], :non_empty 1, :distinct_count 1}}}`},
		{`(describe 42)`, `{:types {"integer" 1}, :examples [42], :range {:min 42, :max 42}, :distinct_count 1, :type "integer", :sample 42}`},
		{`(describe #{1 2})`, `{:type "set", :count 2, :scanned 2, :item_types {"integer" 2}}`},
		{`(get-in (describe [{:p "12.5"} {:p 3}]) [:keys :p :range])`, `{:min 3, :max 12.5}`},
		{`(get-in (describe [{"a" 1} {:a 2}]) [:keys "keyword:a" :present])`, "1"},
		{`(get-in (describe [{:a [1 2]} {:a []}]) [:keys :a :non_empty])`, "1"},
		{`(get-in (describe [{:a 1} {:a 2} {:a 1}] {:sample 1}) [:keys "a" :examples])`, "[1]"},
		{`(get-in (describe [{:a {:b 1}} {:a {:b 2 :c 3}}] {:paths true :depth 2}) [:paths "a.c" :pct])`, "50.0"},
		{`(describe nil)`, `{:types {"nil" 1}, :examples [nil], :distinct_count 1, :type "nil", :sample nil}`},
	})
}

func TestPTCHelpersLarge(t *testing.T) {
	big := make([]Value, 1500)
	for i := range big {
		big[i] = int64(i)
	}
	small := append([]Value(nil), big[:60]...)
	opts := Options{Data: map[string]Value{"xs": NewVector(big), "small": NewVector(small)}}
	for _, c := range []mxCase{
		{"(:truncated (describe data/xs))", "true"}, {"(:count (describe data/xs))", "1000"},
		{"(:caps_hit (describe data/xs))", `["max_items"]`}, {"(:count_capped (describe data/xs))", "true"},
		{"(sum data/xs)", "1124250"}, {"(avg data/xs)", "749.5"},
		{"(combinations data/small 30)", "error: size_limit"},
	} {
		r := NewSession().Eval(c.src, opts)
		got := ""
		if r.Error != nil {
			got = "error: " + string(r.Error.Kind)
		} else {
			got = PrStr(r.Value)
		}
		if got != c.want {
			t.Errorf("%s: got %s, want %s (%v)", c.src, got, c.want, r.Error)
		}
	}
}

// TestMathLibNoPanics calls every builtin of this file group with many
// argument shapes: errors must be *Error values, never Go runtime panics.
func TestMathLibNoPanics(t *testing.T) {
	ld, _ := mxParseLocalDate("2024-01-15")
	in, _ := mxParseInstant("2024-01-15T10:00:00.5Z")
	samples := []Value{nil, true, int64(0), int64(-1), int64(3), int64(math.MinInt64), int64(math.MaxInt64), 1.5, math.NaN(), math.Inf(-1), -0.0,
		"", "abc", "😀a", ",", Keyword("a"), NewVector([]Value{int64(1), "x"}), NewMapFromPairs([]Value{Keyword("a"), int64(1)}),
		NewSet([]Value{int64(1)}), ld, in, JavaDuration{sec: -2, nano: 5}, JavaDate{ms: -1}, theRegistry().core("identity")}
	var libs []*Builtin
	for _, lib := range []func() []*Builtin{mathLib, interopLib, ptcLib} {
		libs = append(libs, lib()...)
	}
	th := newThread(Limits{MaxCollection: 100000, MaxSteps: 1 << 50})
	for _, b := range libs {
		if b.Fn == nil {
			continue
		}
		maxN := b.MaxArgs
		if maxN < 0 || maxN > b.MinArgs+2 {
			maxN = b.MinArgs + 2
		}
		if maxN > 3 {
			maxN = 3
		}
		for n := b.MinArgs; n <= maxN; n++ {
			args := make([]Value, n)
			var rec func(i int)
			rec = func(i int) {
				if i == n {
					mxCallSafely(t, th, b, args)
					return
				}
				for _, s := range samples {
					args[i] = s
					rec(i + 1)
				}
			}
			rec(0)
		}
	}
}

func mxCallSafely(t *testing.T, th *Thread, b *Builtin, args []Value) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*Error); !ok {
				t.Errorf("%s %s: Go panic %v", b.Name, PrStr(NewVector(append([]Value(nil), args...))), r)
			}
		}
	}()
	b.call(th, append([]Value(nil), args...))
}

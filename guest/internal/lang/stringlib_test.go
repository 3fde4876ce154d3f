package lang

import (
	"strings"
	"testing"
)

// sxRun evaluates src in a fresh session and renders the outcome as the
// tables below expect it: the pr-str of the value, or "error: kind".
func sxRun(src string) (string, *Error) {
	r := NewSession().Eval(src, Options{})
	if r.Error != nil {
		return "error: " + string(r.Error.Kind), r.Error
	}
	return PrStr(r.Value), nil
}

type sxCase struct{ src, want string }

func sxCheck(t *testing.T, cases []sxCase) {
	t.Helper()
	for _, c := range cases {
		got, err := sxRun(c.src)
		if got != c.want {
			msg := ""
			if err != nil {
				msg = " (" + err.Error() + ")"
			}
			t.Errorf("%s\n   got  %s%s\n   want %s", c.src, got, msg, c.want)
		}
	}
}

func TestStringLibExamples(t *testing.T) {
	for _, lib := range []func() []*Builtin{stringLib, regexLib, jsonLib} {
		for _, b := range lib() {
			if len(b.Doc.Examples) == 0 {
				t.Errorf("%s has no examples", b.Name)
			}
			if b.Doc.Doc == "" || len(b.Doc.Arities) == 0 {
				t.Errorf("%s lacks a doc or arities", b.Name)
			}
			for _, e := range b.Doc.Examples {
				got, err := sxRun(e.Code)
				if got != e.Result {
					t.Errorf("%s example %s\n   got  %s (%v)\n   want %s", b.Name, e.Code, got, err, e.Result)
				}
			}
		}
	}
}

func TestStringLibClojureString(t *testing.T) {
	sxCheck(t, []sxCase{
		{`(clojure.string/blank? "  ")`, "true"},
		{`(clojure.string/blank? "")`, "true"},
		{`(str/blank? nil)`, "true"},
		{`(clojure.string/blank? "\u00A0")`, "false"},
		{`(clojure.string/blank? "\u2003")`, "true"},
		{`(clojure.string/trim "\u2003x\u2003")`, `"x"`},
		{`(clojure.string/trim "\u00A0x\u00A0")`, "\"\u00A0x\u00A0\""},
		{`(clojure.string/capitalize "abc")`, `"Abc"`},
		{`(clojure.string/capitalize "")`, `""`},
		{`(clojure.string/capitalize "a")`, `"A"`},
		{`(clojure.string/includes? "abc" "b")`, "true"},
		{`(clojure.string/includes? 123 "2")`, "true"},
		{`(clojure.string/includes? "abc" \a)`, "true"},
		{`(clojure.string/includes? "abc" nil)`, "error: type_error"},
		{`(clojure.string/includes? nil "a")`, "error: type_error"},
		{`(clojure.string/join "," [1 2 3])`, `"1,2,3"`},
		{`(clojure.string/join nil [1 2])`, `"12"`},
		{`(clojure.string/join "," {:a 1})`, `"[:a 1]"`},
		{`(clojure.string/join "," "abc")`, `"a,b,c"`},
		{`(clojure.string/join nil)`, `""`},
		{`(clojure.string/join "," nil)`, `""`},
		{`(clojure.string/join ", " [nil 1 :a])`, `", 1, :a"`},
		{`(join)`, "error: arity_error"},
		{`(clojure.string/lower-case "AbC")`, `"abc"`},
		{`(clojure.string/lower-case 12)`, `"12"`},
		{`(clojure.string/upper-case :a)`, `":A"`},
		{`(clojure.string/replace "a-b" "-" "+")`, `"a+b"`},
		{`(clojure.string/replace 121 "1" "x")`, `"x2x"`},
		{`(clojure.string/replace "aba" \a "x")`, `"xbx"`},
		{`(clojure.string/replace "abc" "" "-")`, `"-a-b-c-"`},
		{`(clojure.string/replace "a$b" "$" "\\")`, `"a\\b"`},
		{`(clojure.string/replace "a1" #"\d" (fn [m] "X"))`, `"aX"`},
		{`(clojure.string/replace "a1b2" #"(\d)" (fn [[m g]] (str "<" g ">")))`, `"a<1>b<2>"`},
		{`(clojure.string/replace "a1" #"(\d)" "<$1>")`, `"a<1>"`},
		{`(clojure.string/replace "a1" #"\d" "$$")`, "error: value_error"},
		{`(clojure.string/replace "a1b2" #"(\d)" "$")`, "error: value_error"},
		{`(clojure.string/replace "a1b2" #"(\d)" "$2")`, "error: index_error"},
		{`(clojure.string/replace "abc" #"x" "$2")`, `"abc"`},
		{`(clojure.string/replace "a1b2" #"(\d)" "$10")`, `"a10b20"`},
		{`(clojure.string/replace "a1b2" #"(\d)" "\\$")`, `"a$b$"`},
		{`(clojure.string/replace "a1b2" #"(?P<d>\d)" "${d}!")`, `"a1!b2!"`},
		{`(clojure.string/replace "baa" #"a*" "-")`, `"-b--"`},
		{`(clojure.string/replace "abc" #"" "-")`, `"-a-b-c-"`},
		{`(clojure.string/replace "abc" "b" nil)`, "error: type_error"},
		{`(clojure.string/replace "a.b" "." (fn [m] "!"))`, `"a!b"`},
		{`(clojure.string/replace "ab" "" (fn [m] "-"))`, `"-a-b-"`},
		{`(clojure.string/replace-first "ab" "" (fn [m] "-"))`, `"-ab"`},
		{`(clojure.string/replace-first "aXbX" "X" "$1")`, `"a$1bX"`},
		{`(clojure.string/replace-first "a1b2" #"(\d)" "<$1>")`, `"a<1>b2"`},
		{`(clojure.string/replace "a1" #"\d" (fn [m] 5))`, `"a5"`},
		{`(clojure.string/re-quote-replacement "$1\\")`, `"\\$1\\\\"`},
		{`(clojure.string/reverse "abc")`, `"cba"`},
		{`(clojure.string/reverse "a😀b")`, `"b😀a"`},
		{`(clojure.string/escape "a&b" {\& "&amp;"})`, `"a&amp;b"`},
		{`(clojure.string/escape "a<b" {\< "&lt;" \b 1})`, `"a&lt;1"`},
		{`(clojure.string/escape "abc" #(when (= % \b) "B"))`, `"aBc"`},
		{`(clojure.string/split "a,b,c" #",")`, `["a" "b" "c"]`},
		{`(clojure.string/split "abc" #"")`, `["a" "b" "c"]`},
		{`(clojure.string/split "a,b," #",")`, `["a" "b"]`},
		{`(clojure.string/split "" #",")`, `[""]`},
		{`(clojure.string/split "," #",")`, `[]`},
		{`(clojure.string/split ",a" #",")`, `["" "a"]`},
		{`(clojure.string/split "a1b2" #"(\d)")`, `["a" "b"]`},
		{`(clojure.string/split "a,b" #",*")`, `["a" "" "b"]`},
		{`(clojure.string/split "baa" #"a*")`, `["b"]`},
		{`(clojure.string/split "abc" #"" 2)`, `["a" "bc"]`},
		{`(clojure.string/split "a,,b" #"," 0)`, `["a" "" "b"]`},
		{`(clojure.string/split "a,,b" #"," 1)`, `["a,,b"]`},
		{`(clojure.string/split "a,,b," #"," -1)`, `["a" "" "b" ""]`},
		{`(clojure.string/split "abc" #"b" -1)`, `["a" "c"]`},
		{`(clojure.string/split "a..b..c" "..")`, "error: type_error"},
		{`(clojure.string/split "a,b" \,)`, `["a" "b"]`},
		{`(split "a.b" ".")`, `["a" "b"]`},
		{`(split "hello" "")`, `["h" "e" "l" "l" "o"]`},
		{`(split "a,,b" ",")`, `["a" "" "b"]`},
		{`(split "a b" 3)`, "error: type_error"},
		{`(clojure.string/split-lines "")`, `[""]`},
		{`(clojure.string/split-lines "a\r\nb\n\nc\n\n")`, `["a" "b" "" "c"]`},
		{`(split-lines "a\n\n\n")`, `["a"]`},
		{`(clojure.string/index-of "abc" "b" 1.0)`, "1"},
		{`(clojure.string/index-of "abcabc" "b" 1.9)`, "1"},
		{`(clojure.string/index-of "abc" "" 10)`, "3"},
		{`(clojure.string/index-of "abc" "b" -5)`, "1"},
		{`(clojure.string/index-of "abc" \b)`, "1"},
		{`(clojure.string/index-of 123 "2")`, "1"},
		{`(clojure.string/index-of "😀a" "a")`, "1"},
		{`(index-of "héllo" "l")`, "2"},
		{`(index-of "hello" "l" 10)`, "nil"},
		{`(index-of "hello" "")`, "0"},
		{`(clojure.string/last-index-of "ababa" "ba")`, "3"},
		{`(clojure.string/last-index-of 123 "2")`, "1"},
		{`(clojure.string/last-index-of "abc" "a" -1)`, "nil"},
		{`(clojure.string/last-index-of "abc" "" -1)`, "nil"},
		{`(clojure.string/last-index-of "ababa" "a" 3.9)`, "2"},
		{`(clojure.string/last-index-of "abc" "" 10)`, "3"},
		{`(clojure.string/last-index-of "abcb" "b" 2)`, "1"},
		{`(last-index-of "hello" "")`, "5"},
		{`(last-index-of "aaa" "aa")`, "1"},
		{`(last-index-of "aaaa" "aa")`, "2"},
		{`(clojure.string/last-index-of "😀a😀" "😀")`, "2"},
		{`(clojure.string/trim-newline "abc\n")`, `"abc"`},
		{`(clojure.string/trim-newline "a\r\n\r\n")`, `"a"`},
		{`(clojure.string/triml " abc ")`, `"abc "`},
		{`(string/trimr "  a  ")`, `"  a"`},
		{`(trim "\n\tworld\r\n")`, `"world"`},
		{`(clojure.string/ends-with? 123 "3")`, "true"},
		{`(starts-with? "hello" "")`, "true"},
		{`(upcase "hello")`, `"HELLO"`},
		{`(downcase "HELLO")`, `"hello"`},
		{`(str/upcase "x")`, `"X"`},
		{`(->> ["a" "b"] (str/join "-"))`, `"a-b"`},
		{`(clojure.string/upper-case nil)`, "error: type_error"},
		{`(clojure.string/upper-case [1])`, "error: type_error"},
	})
}

func TestStringLibCore(t *testing.T) {
	sxCheck(t, []sxCase{
		{`(replace {:a :x} [:a :b])`, "[:x :b]"},
		{`(replace [10 20 30] [0 1 2 0])`, "[10 20 30 10]"},
		{`(replace {2 :two} [1 2 3 2])`, "[1 :two 3 :two]"},
		{`(replace {} nil)`, "[]"},
		{`(replace {2 :two} '(1 2))`, "[1 :two]"},
		{`(replace "hello" "l" "L")`, `"heLLo"`},
		{`(replace "hello" "x" "y")`, `"hello"`},
		{`(replace "abc123def" (re-pattern "\\d+") "X")`, `"abcXdef"`},
		{`(replace "abc" [1 2])`, "error: type_error"},
		{`(subs "hello" 1)`, `"ello"`},
		{`(subs "hello" 1 4)`, `"ell"`},
		{`(subs "abc" 0 100)`, `"abc"`},
		{`(subs "abc" 1 99)`, `"bc"`},
		{`(subs "abc" 3)`, `""`},
		{`(subs "abc" 9)`, "error: index_error"},
		{`(subs "abc" 4 4)`, "error: index_error"},
		{`(subs "abc" -1)`, "error: index_error"},
		{`(subs "abc" 2 1)`, "error: index_error"},
		{`(subs "abcd" 1.0 2.0)`, `"b"`},
		{`(subs "abcd" 1 3.0)`, `"bc"`},
		{`(subs "abc" 1.9)`, `"bc"`},
		{`(subs "😀ab" 1)`, `"ab"`},
		{`(subs "x😀ab" 1 2)`, `"😀"`},
		{`(subs nil 1)`, "error: type_error"},
		{`(subs "abc" "1")`, "error: type_error"},
		{`(parse-long "abc")`, "nil"},
		{`(parse-long "-17")`, "-17"},
		{`(parse-long "+5")`, "5"},
		{`(parse-long "42abc")`, "nil"},
		{`(parse-long "3.14")`, "nil"},
		{`(parse-long "")`, "nil"},
		{`(parse-long "-")`, "nil"},
		{`(parse-long " 1")`, "nil"},
		{`(parse-long "9223372036854775807")`, "9223372036854775807"},
		{`(parse-long "9223372036854775808")`, "nil"},
		{`(parse-long "+9223372036854775808")`, "nil"},
		{`(parse-long "-9223372036854775809")`, "nil"},
		{`(parse-long nil)`, "nil"},
		{`(parse-long 42)`, "nil"},
		{`(parse-int "42")`, "42"},
		{`(parse-double "1.5")`, "1.5"},
		{`(parse-double " 1.5")`, "1.5"},
		{`(parse-double "1.5 ")`, "1.5"},
		{`(parse-double "\t1.5")`, "1.5"},
		{`(parse-double ".5")`, "0.5"},
		{`(parse-double "1.")`, "1.0"},
		{`(parse-double "1e5")`, "100000.0"},
		{`(parse-double "1.23e-4")`, "1.23E-4"},
		{`(parse-double "NaN")`, "##NaN"},
		{`(parse-double "+Infinity")`, "##Inf"},
		{`(parse-double "-Infinity")`, "##-Inf"},
		{`(parse-double "1d")`, "1.0"},
		{`(parse-double "2.5f")`, "2.5"},
		{`(parse-double "0x1p3")`, "8.0"},
		{`(parse-double "1e999")`, "##Inf"},
		{`(parse-double "inf")`, "nil"},
		{`(parse-double "1_000")`, "nil"},
		{`(parse-double ".")`, "nil"},
		{`(parse-double "e5")`, "nil"},
		{`(parse-double "0x10")`, "nil"},
		{`(parse-double "abc")`, "nil"},
		{`(parse-double nil)`, "nil"},
		{`(parse-double 3.14)`, "nil"},
		{`(parse-double :x)`, "nil"},
		{`(parse-boolean "true")`, "true"},
		{`(parse-boolean "false")`, "false"},
		{`(parse-boolean "TRUE")`, "nil"},
		{`(parse-boolean nil)`, "nil"},
		{`(parse-boolean :x)`, "nil"},
		{`(char 65)`, `"A"`},
		{`(char 65.9)`, `"A"`},
		{`(char 128512)`, `"😀"`},
		{`(char \a)`, `"a"`},
		{`(char -1)`, "error: value_error"},
		{`(char "ab")`, "error: type_error"},
	})
}

func TestStringLibFormat(t *testing.T) {
	sxCheck(t, []sxCase{
		{`(format "%d items" 5)`, `"5 items"`},
		{`(format "%.2f" 3.14159)`, `"3.14"`},
		{`(format "%s has %d items" "Alice" 5)`, `"Alice has 5 items"`},
		{`(format "%02d" 3)`, `"03"`},
		{`(format "%-4s!" "x")`, `"x   !"`},
		{`(format "%5s" "x")`, `"    x"`},
		{`(format "% d" 3)`, `" 3"`},
		{`(format "%04x" 15)`, `"000f"`},
		{`(format "%#x" 15)`, `"0xf"`},
		{`(format "%#06x" 15)`, `"0x000f"`},
		{`(format "%(d" -3)`, `"(3)"`},
		{`(format "%b %B" nil true)`, `"false TRUE"`},
		{`(format "a%nb")`, `"a\nb"`},
		{`(format "%n")`, `"\n"`},
		{`(format "%d" nil)`, `"null"`},
		{`(format "%o" nil)`, `"null"`},
		{`(format "%x" nil)`, `"null"`},
		{`(format "%s" nil)`, `"null"`},
		{`(format "x%s" nil)`, `"xnull"`},
		{`(format "%,d" 1000)`, `"1,000"`},
		{`(format "%,d" -1234567)`, `"-1,234,567"`},
		{`(format "%,.2f" 1234.5)`, `"1,234.50"`},
		{`(format "%(,.2f" -1234.5)`, `"(1,234.50)"`},
		{`(format "%g" 1.0)`, `"1.00000"`},
		{`(format "%.2g" 12.34)`, `"12"`},
		{`(format "%G" 1.0)`, `"1.00000"`},
		{`(format "%g" 0.0001)`, `"0.000100000"`},
		{`(format "%g" 123456789.0)`, `"1.23457e+08"`},
		{`(format "%g" 0.00001)`, `"1.00000e-05"`},
		{`(format "%g" 99999.95)`, `"100000"`},
		{`(format "%.3g" 0.00012345)`, `"0.000123"`},
		{`(format "%E" 1.0)`, `"1.000000E+00"`},
		{`(format "%e" 1234.5)`, `"1.234500e+03"`},
		{`(format "%.2e" 1500.0)`, `"1.50e+03"`},
		{`(format "%.3e" 0.0)`, `"0.000e+00"`},
		{`(format "%e" 0.000123456789)`, `"1.234568e-04"`},
		{`(format "%.0e" 5.5)`, `"6e+00"`},
		{`(format "%e" 1e-320)`, `"1.000000e-320"`},
		{`(format "%+.1e" 5.0)`, `"+5.0e+00"`},
		{`(format "%c" \A)`, `"A"`},
		{`(format "%c" 65)`, `"A"`},
		{`(format "%-5c|" \a)`, `"a    |"`},
		{`(format "%h" "abc")`, `"17862"`},
		{`(format "%H" "abc")`, `"17862"`},
		{`(format "%h" 42)`, `"2a"`},
		{`(format "%2$s %1$s" "a" "b")`, `"b a"`},
		{`(format "%2$04d %1$s" "x" 3)`, `"0003 x"`},
		{`(format "%s %<s" "a")`, `"a a"`},
		{`(format "%s" {:b 2 :a 1})`, `"{:b 2, :a 1}"`},
		{`(format "%s" [1 "a" nil])`, `"[1 \"a\" nil]"`},
		{`(format "%s" :kw)`, `":kw"`},
		{`(format "%s" 1.0E7)`, `"1.0E7"`},
		{`(format "%s" ##NaN)`, `"NaN"`},
		{`(format "%5.1s|" "abc")`, `"    a|"`},
		{`(format "%S" "abc")`, `"ABC"`},
		{`(format "%.2f" 2.675)`, `"2.68"`},
		{`(format "%.2f" 0.125)`, `"0.13"`},
		{`(format "%.20f" 0.1)`, `"0.10000000000000000000"`},
		{`(format "%.0f" 0.5)`, `"1"`},
		{`(format "%.0f" 2.5)`, `"3"`},
		{`(format "%.1f" 0.05)`, `"0.1"`},
		{`(format "%.3f" 1e-10)`, `"0.000"`},
		{`(format "%.1f" 9.96)`, `"10.0"`},
		{`(format "%.2f" -0.001)`, `"-0.00"`},
		{`(format "%f" 3.14)`, `"3.140000"`},
		{`(format "%f" 3)`, `"3.000000"`},
		{`(format "%f" 1e-320)`, `"0.000000"`},
		{`(format "%010.2f" -3.5)`, `"-000003.50"`},
		{`(format "%f" ##Inf)`, `"Infinity"`},
		{`(format "%f" ##NaN)`, `"NaN"`},
		{`(format "%08.2f" ##-Inf)`, `"-Infinity"`},
		{`(format "%x" -1)`, `"ffffffffffffffff"`},
		{`(format "%o" -8)`, `"1777777777777777777770"`},
		{`(format "%#o" 8)`, `"010"`},
		{`(format "%X" 255)`, `"FF"`},
		{`(format "%5%")`, `"    %"`},
		{`(format "%-5%|")`, `"%    |"`},
		{`(format "100%%")`, `"100%"`},
		{`(format "%s and %s" "a" "b" "c")`, `"a and b"`},
		{`(format "in %6s | out %-8s | id %08d" "12" "34" 255)`, `"in     12 | out 34       | id 00000255"`},
		{`(format "[%8.2f][%-8.1f][%08.2f]" 3.14159 3.14159 3.1)`, `"[    3.14][3.1     ][00003.10]"`},
		{`(format "%d" ##Inf)`, "error: type_error"},
		{`(format "%d" "not a number")`, "error: type_error"},
		{`(format "%d" 3.0)`, "error: type_error"},
		{`(format "%s %s" 1)`, "error: value_error"},
		{`(format "%q" 1)`, "error: value_error"},
		{`(format "%.2d" 1)`, "error: value_error"},
		{`(format "abc %")`, "error: value_error"},
		{`(format 1 2)`, "error: type_error"},
		{`(format "%999999999999s" 1)`, "error: size_limit"},
	})
}

func TestStringLibRegex(t *testing.T) {
	sxCheck(t, []sxCase{
		{`(re-find #"\d" "aaa1aaa")`, `"1"`},
		{`(re-find #"\d+" "a12b")`, `"12"`},
		{`(re-find (re-pattern "\\d+") "a12")`, `"12"`},
		{`(re-find (re-pattern "(\\d+)-(\\d+)") "10-20")`, `["10-20" "10" "20"]`},
		{`(re-find #"(\d+)" "abc123")`, `["123" "123"]`},
		{`(re-find #"a(\d+)?" "xa")`, `["a" nil]`},
		{`(re-matches #"a(\d+)?" "a")`, `["a" nil]`},
		{`(re-find #"(a)?(b)" "b")`, `["b" nil "b"]`},
		{`(re-matches #"(a)?(b)" "b")`, `["b" nil "b"]`},
		{`(re-find #"(a)?(b)?(c)" "c")`, `["c" nil nil "c"]`},
		{`(re-matches #"a|ab" "ab")`, `"ab"`},
		{`(re-matches #"\d+" "123\n")`, "nil"},
		{`(re-matches #"(?i)abc" "ABC")`, `"ABC"`},
		{`(re-find #"a" nil)`, "error: type_error"},
		{`(re-matches #"a" nil)`, "error: type_error"},
		{`(re-find #"a" 1)`, "error: type_error"},
		{`(re-find "\\d" "a1")`, `"1"`},
		{`(re-find "a" #"a")`, "error: type_error"},
		{`(re-seq #"\d+" "a1b22")`, `["1" "22"]`},
		{`(re-seq #"z" "abc")`, "nil"},
		{`(re-seq #"(a)?(b)" "b ab")`, `[["b" nil "b"] ["ab" "a" "b"]]`},
		{`(re-seq #"a*" "baa")`, `["" "aa" ""]`},
		{`(re-seq #"" "ab")`, `["" "" ""]`},
		{`(re-seq (re-pattern "(\\d)(\\w)") "1a2b3c")`, `[["1a" "1" "a"] ["2b" "2" "b"] ["3c" "3" "c"]]`},
		{`(re-pattern #"a")`, `#"a"`},
		{`(re-pattern \a)`, `error: type_error`}, // a character literal is not a string pattern (Clojure)
		{`(re-pattern 1)`, "error: type_error"},
		{`(re-pattern "a(?=b)")`, "error: value_error"},
		{`(re-split #"\s+" "a b c")`, `["a" "b" "c"]`},
		{`(re-split (re-pattern ",") "a,b,c")`, `["a" "b" "c"]`},
		{`(split "a  b c" #"\s+")`, `["a" "b" "c"]`},
		{`(regex? (re-pattern "x"))`, "true"},
		{`(extract "ID:(\\d+)" "ID:42")`, `"42"`},
		{`(extract "ID:(\\d+)" "ID:42" 0)`, `"ID:42"`},
		{`(extract "x=(\\d+)\\s+y=(\\d+)" "x=10 y=20" 2)`, `"20"`},
		{`(extract "ID:(\\d+)" "no match")`, "nil"},
		{`(extract "ID:(\\d+)" "ID:42" 5)`, "nil"},
		{`(extract "\\d+" "a12")`, "nil"},
		{`(extract "\\d+" "a12" 0)`, `"12"`},
		{`(extract "ID:(\\d+)" nil)`, "nil"},
		{`(->> "Profile ID:99 created" (extract "ID:(\\d+)"))`, `"99"`},
		{`(extract-int "age=(\\d+)" "age=25")`, "25"},
		{`(extract-int "age=(\\d+)" "no match")`, "nil"},
		{`(extract-int "age=(\\d+)" "no match" 1 0)`, "0"},
		{`(extract-int "x=(\\d+) y=(\\d+)" "x=10 y=20" 2 0)`, "20"},
		{`(extract-int "x=(\\d+)" "x=10" 5 -1)`, "-1"},
		{`(extract-int "x=(\\S+)" "x=1.5" 1 -1)`, "-1"},
		{`(let [re (re-pattern "count=(\\d+)")] (extract-int re "count=42"))`, "42"},
	})
}

func TestStringLibJSON(t *testing.T) {
	sxCheck(t, []sxCase{
		{`(json/parse-string "{\"a\": 1, \"b\": [2, 3]}")`, `{"a" 1, "b" [2 3]}`},
		{`(json/parse-string nil)`, "nil"},
		{`(json/parse-string 42)`, "nil"},
		{`(json/parse-string "null")`, "nil"},
		{`(json/parse-string "")`, "nil"},
		{`(json/parse-string "  ")`, "nil"},
		{`(json/parse-string "[1, 2,]")`, "nil"},
		{`(json/parse-string "{\"a\":1}x")`, "nil"},
		{`(json/parse-string "{'a':1}")`, "nil"},
		{`(json/parse-string "01")`, "nil"},
		{`(json/parse-string "1.")`, "nil"},
		{`(json/parse-string "-")`, "nil"},
		{`(json/parse-string "NaN")`, "nil"},
		{`(json/parse-string " 42 ")`, "42"},
		{`(json/parse-string "-0")`, "0"},
		{`(json/parse-string "1.0")`, "1.0"},
		{`(json/parse-string "1e2")`, "100.0"},
		{`(json/parse-string "9223372036854775807")`, "9223372036854775807"},
		{`(json/parse-string "9223372036854775808")`, "9.223372036854776E18"},
		{`(json/parse-string "1e400")`, "##Inf"},
		{`(json/parse-string "\"a\\u00e9\\ud83d\\ude00\\n\\\"\\/\"")`, "\"a\u00e9\U0001F600\\n\\\"/\""},
		{`(json/parse-string "\"\\ud83d x\"")`, "\"\uFFFD x\""},
		{`(json/parse-string "\"tab\there\"")`, "nil"},
		{`(json/parse-string "\"\\x\"")`, "nil"},
		{`(json/parse-string "[true,false,null,{}]")`, "[true false nil {}]"},
		{`(json/parse-string "{\"a\":1,\"a\":2}")`, `{"a" 2}`},
		{`(json/parse-string "{\"b\":1,\"a\":2,\"c\":3}")`, `{"b" 1, "a" 2, "c" 3}`},
		{`(json/parse-string "{\"a\":{\"b\":[1]}}" true)`, `{:a {:b [1]}}`},
		{`(json/parse-string "{\"a\":1}" false)`, `{"a" 1}`},
		{`(json/parse-string "{\"a\":1}" (fn [k] (str k "!")))`, `{"a!" 1}`},
		{`(json/parse-string "{\"a\":1}" 5)`, "error: type_error"},
		{`(json/read-str "{\"a\":1}")`, `{"a" 1}`},
		{`(json/read-str "{\"a\":1}" :key-fn keyword)`, `{:a 1}`},
		{`(json/decode "{\"a\":1}" true)`, `{:a 1}`},
		{`(cheshire.core/parse-string "[1]")`, "[1]"},
		{`(clojure.data.json/read-str "[1]")`, "[1]"},
		{`(:a (json/parse-string "{\"a\": 5}"))`, "5"},
		{`(json/parse-lines "{\"a\":1}\n{\"b\":2}\n")`, `[{"a" 1} {"b" 2}]`},
		{`(json/parse-lines "null\nnot json")`, "[nil nil]"},
		{`(json/parse-lines "{\"a\":1}\n\nnull\nnot json")`, `[{"a" 1} nil nil]`},
		{`(json/parse-lines "[1]\r\n[2]\r\n")`, "[[1] [2]]"},
		{`(json/parse-lines "")`, "[]"},
		{`(json/parse-lines "{}" {:strict true})`, "error: arity_error"},
		{`(json/generate-string {"a" 1, "b" [2 3]})`, `"{\"a\":1,\"b\":[2,3]}"`},
		{`(json/generate-string {:server "fs"})`, `"{\"server\":\"fs\"}"`},
		{`(json/generate-string {:max-turns 3})`, `"{\"max-turns\":3}"`},
		{`(json/generate-string {1 "a"})`, `"{\"1\":\"a\"}"`},
		{`(json/generate-string {"server" :fs})`, `"{\"server\":\"fs\"}"`},
		{`(json/generate-string :a/b)`, `"\"a/b\""`},
		{`(json/generate-string ##Inf)`, "error: type_error"},
		{`(json/generate-string ##NaN)`, "error: type_error"},
		{`(json/generate-string {:a 1 "a" 2})`, "error: type_error"},
		{`(json/generate-string {"subject" (fn [] 1)})`, "error: type_error"},
		{`(json/generate-string {##Inf 1})`, "error: type_error"},
		{`(json/generate-string {[1] 1})`, "error: type_error"},
		{`(json/generate-string #{1})`, `"[1]"`},
		{`(json/generate-string '(1 2))`, `"[1,2]"`},
		{`(json/generate-string [])`, `"[]"`},
		{`(json/generate-string {})`, `"{}"`},
		{`(json/generate-string nil)`, `"null"`},
		{`(json/generate-string 1.0)`, `"1.0"`},
		{`(json/generate-string 1.0E-4)`, `"1.0E-4"`},
		{`(json/generate-string -5)`, `"-5"`},
		{`(json/generate-string "a\"b\\c\nd\u0001é</")`, `"\"a\\\"b\\\\c\\nd\\u0001é</\""`},
		{`(json/generate-string {:a [1 {:b 2}]} {:pretty true})`, `"{\n  \"a\" : [ 1, {\n    \"b\" : 2\n  } ]\n}"`},
		{`(json/generate-string {:a [] :b {}} {:pretty true})`, `"{\n  \"a\" : [ ],\n  \"b\" : { }\n}"`},
		{`(json/generate-string 1 2)`, "error: type_error"},
		{`(json/encode {:a 1})`, `"{\"a\":1}"`},
		{`(json/write-str {:a 1} :key-fn (fn [k] (str "k_" (name k))))`, `"{\"k_a\":1}"`},
		{`(cheshire.core/generate-string [1])`, `"[1]"`},
		{`(json/parse-string (json/generate-string {"x" [1 2.5 "s" nil true]}))`, `{"x" [1 2.5 "s" nil true]}`},
	})
}

func TestStringLibErrorsHaveHints(t *testing.T) {
	for _, src := range []string{
		`(clojure.string/split "a--b" "--")`,
		`(subs "abc" -1)`,
		`(subs "abc" 5)`,
		`(format "%d" 1.5)`,
		`(format "%s %s" 1)`,
		`(re-find #"a" nil)`,
		`(clojure.string/replace "a1" #"(\d)" "$2")`,
		`(json/generate-string {:a ##NaN})`,
		`(clojure.string/upper-case nil)`,
	} {
		_, err := sxRun(src)
		if err == nil {
			t.Errorf("%s: expected an error", src)
			continue
		}
		if err.Hint == "" {
			t.Errorf("%s: error without hint: %v", src, err)
		}
	}
	_, err := sxRun(`(json/generate-string {"a" [1 {"b" ##NaN}]})`)
	if err == nil || !strings.Contains(err.Message, `at ["a" 1 "b"]`) {
		t.Errorf("NaN path not named: %v", err)
	}
	_, err = sxRun(`(clojure.string/split "a--b" "--")`)
	if err == nil || !strings.Contains(err.Hint, `#"--"`) {
		t.Errorf("split hint: %v", err)
	}
}

// TestStringLibWithCore runs programs that also need other libraries' core
// functions (map, count, apply ...); it is skipped until they exist.
func TestStringLibWithCore(t *testing.T) {
	for _, name := range []string{"map", "filter", "reduce", "count", "apply", "into", "interpose", "some?"} {
		if theRegistry().core(name) == nil {
			t.Skipf("core function %s is not registered yet", name)
		}
	}
	sxCheck(t, []sxCase{
		{`(join (interpose ", " ["a" "b" "c"]))`, `"a, b, c"`},
		{`(def s "line 1\nline 2\nline 3") (count (split s "\n"))`, "3"},
		{`(->> ["1" "2" "not-a-number" "4"] (map parse-long) (filter some?) (reduce + 0))`, "7"},
		{`(->> "foo1bar2baz3" (re-seq (re-pattern "\\d+")) count)`, "3"},
		{`(let [lines ["ID:1" "ID:2" "ID:3"]] (map #(extract-int "ID:(\\d+)" %) lines))`, "[1 2 3]"},
		{`(apply json/parse-string ["[1, 2, 3]"])`, "[1 2 3]"},
		{`(->> (json/parse-string "{\"a\": 1, \"b\": 2, \"c\": 3}") (filter (fn [[_ v]] (> v 1))) (into {}) (json/generate-string))`, `"{\"b\":2,\"c\":3}"`},
	})
}

func TestStringLibJSONDepth(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	p := sxJSONParser{t: newThread(Limits{})}
	if v := p.parseAll(deep); v != nil {
		t.Errorf("20000 nested arrays: got %s, want nil", PrStr(v))
	}
	ok := strings.Repeat("[", 100) + "1" + strings.Repeat("]", 100)
	p = sxJSONParser{t: newThread(Limits{})}
	if v := p.parseAll(ok); v == nil {
		t.Errorf("100 nested arrays: got nil")
	}
}

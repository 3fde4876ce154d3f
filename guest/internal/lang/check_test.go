package lang

import (
	"strings"
	"testing"
)

// diagString renders diagnostics compactly for comparison:
// "line:col kind message | hint" per line.
func diagString(ds []Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Pos.String() + " " + string(d.Kind) + " " + d.Message)
		if d.Hint != "" {
			b.WriteString(" | " + d.Hint)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		tools []string
		want  string
	}{
		{"clean", "(def xs [1 2 3])\n(->> xs (map inc) (reduce +))", nil, ""},
		{"typo with suggestion", "(fitler odd? [1 2])", nil,
			"1:2 unbound_symbol unable to resolve symbol: fitler | did you mean filter?\n"},
		{"keeps going after a bad form", "(let [x] x)\n(+ 1 2)\n(mapp inc [1])", nil,
			"1:6 analysis_error let binding vector needs an even number of forms (name value pairs), got 1 | write [name1 value1 name2 value2]\n" +
				"3:2 unbound_symbol unable to resolve symbol: mapp | did you mean map?\n"},
		{"later forms see earlier and later defs", "(defn f [x] (g x))\n(defn g [x] (* 2 x))\n(f total)", nil,
			"3:4 unbound_symbol unable to resolve symbol: total\n"},
		{"a def whose value is bad still defines its name", "(def n (undefined-fn))\n(inc n)", nil,
			"1:9 unbound_symbol unable to resolve symbol: undefined-fn\n"},
		{"undeclared tools, all of them", "(tool/get-order {:id 1})\n(pmap tool/fetch [1 2])\n(tool/get-orders {})", []string{"get-orders"},
			"1:1 unknown_tool unknown tool: tool/get-order | did you mean tool/get-orders? available tools: tool/get-orders\n" +
				"2:7 unknown_tool unknown tool: tool/fetch | available tools: tool/get-orders\n"},
		{"tools not checked when unknown", "(tool/anything {})", nil, ""},
		{"no tools declared", "(tool/x {})", []string{},
			"1:1 unknown_tool unknown tool: tool/x | no tools are available in this evaluation\n"},
		{"read error after good forms", "(def a 1)\n(foo)\n(+ a", nil,
			"2:2 unbound_symbol unable to resolve symbol: foo | did you mean for?\n" +
				"3:1 parse_error unexpected end of input: ( opened at 3:1 is not closed | add ) where the ( should end\n"},
		{"unsupported feature hint", "(atom 1)", nil,
			"1:2 unbound_symbol atom is not supported | there is no mutable state: accumulate with reduce or loop/recur, and use def to keep a value across turns\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := diagString(Check(c.src, c.tools)); got != c.want {
				t.Errorf("Check(%q):\ngot:\n%s\nwant:\n%s", c.src, got, c.want)
			}
		})
	}
}

// A program Check accepts reports no analysis errors when it runs, and a
// Check diagnostic has the same kind and position as the error Eval
// reports for the first bad form.
func TestCheckAgreesWithEval(t *testing.T) {
	for _, src := range []string{"(fitler odd? [1 2])", "(let [x] x)", "(inc 1)\n  (recur 1)", "(tool/x 1)", "[1 2"} {
		ds := Check(src, []string{"y"})
		r := NewSession().Eval(src, Options{Tools: declaredTools{"y"}})
		if len(ds) == 0 || r.Error == nil {
			t.Fatalf("%q: Check %v, Eval error %v: want both to fail", src, ds, r.Error)
		}
		if ds[0].Kind != r.Error.Kind || ds[0].Pos != r.Error.Pos || ds[0].Message != r.Error.Message {
			t.Errorf("%q: Check says %s, Eval says %s", src, diagString(ds[:1]), r.Error)
		}
	}
}

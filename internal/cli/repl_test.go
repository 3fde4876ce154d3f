package cli

import (
	"strings"
	"testing"
)

func TestNeedsMore(t *testing.T) {
	cases := []struct {
		src  string
		more bool
	}{
		{"(+ 1 2)", false},
		{"(+ 1", true},
		{"(defn f [x]\n  (* x 2))", false},
		{"{:a [1 2", true},
		{"#{1 2", true},
		{"#(+ % 1", true},
		{`(str "a (b")`, false},
		{`(str "a (b`, true},
		{`(str "escaped \" quote (")`, false},
		{"(count \\()", false},
		{"(str \\\" \\;)", false},
		{"(+ 1 2) ; a comment (with a bracket", false},
		{"(+ 1 ; (\n 2)", false},
		{"(re-find #\"\\((\\d+)\" s)", false},
		{"(re-find #\"(\" s", true},
		{"(+ 1 2))", false}, // extra closer: let the reader report it
		{"", false},
		{"42", false},
	}
	for _, c := range cases {
		if got := needsMore(c.src); got != c.more {
			t.Errorf("needsMore(%q) = %v, want %v", c.src, got, c.more)
		}
	}
}

// A scripted session over a non-terminal stdin: multi-line forms,
// definitions that persist, *1, errors with position and hint, :reset,
// and the commands.
func TestReplScript(t *testing.T) {
	dir := t.TempDir()
	tools := writeFile(t, dir, "tools.json", `{"tools": [{"name": "answer", "description": "The answer.", "result": 42}]}`)
	script := `(defn twice [x]
  (* 2 x))
(twice 21)
(+ *1 1)   ; *1 is the last value
; a comment alone is not an input
(println "a (paren in a string")
(map twice
     [1 2
      3])
(twcie 2)
(str "still here: " (twice 5))
(tool/answer {})
:limits
:tools
:history
:reset
(twice 1)
:nope
(let [x 1]
`
	code, out, errOut := runCLI(t, script, "repl", "--tools", tools, "--max-steps", "5000")
	want := `#'user/twice
42
43
a (paren in a string
nil
[2 4 6]
error[unbound_symbol] at 1:2: unable to resolve symbol: twcie
  1 | (twcie 2)
    |  ^
hint: did you mean twice?
"still here: 10"
42
  memory (--memory)                256MiB
  timeout (--timeout)              30s
  MaxSteps (--max-steps)           5000
  fuel (--fuel)                    max-steps x 500
  MaxToolCalls (--max-tool-calls)  1000
  MaxDepth                         5000
  MaxCollection                    10000000
  MaxStringBytes                   16777216
  MaxResultBytes                   4194304
  MaxPrintBytes                    65536
  tool/answer               result   The answer.
  1  (defn twice [x]
       (* 2 x))
  2  (twice 21)
  3  (+ *1 1)   ; *1 is the last value
  4  (println "a (paren in a string")
  5  (map twice
          [1 2
           3])
  6  (twcie 2)
  7  (str "still here: " (twice 5))
  8  (tool/answer {})
session reset: definitions and *1 *2 *3 are cleared
error[unbound_symbol] at 1:2: unable to resolve symbol: twice
  1 | (twice 1)
    |  ^
unknown command :nope; :help lists the commands
error[parse_error] at 1:1: unexpected end of input: ( opened at 1:1 is not closed
  1 | (let [x 1]
    | ^
hint: add ) where the ( should end
`
	if code != 0 || errOut != "" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if out != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", out, want)
	}
}

func TestReplHelpAndQuit(t *testing.T) {
	code, out, _ := runCLI(t, ":help\n:quit\n(+ 1 2)\n", "repl")
	if code != 0 || !strings.HasPrefix(out, "Type PTC-Lisp forms;") || strings.Contains(out, "\n3\n") {
		t.Errorf("exit %d, %q", code, out)
	}
	if code, _, errOut := runCLI(t, "", "repl", "extra"); code != 2 || !strings.HasPrefix(errOut, "ptc-host: repl takes no arguments") {
		t.Errorf("repl extra: exit %d, %q", code, errOut)
	}
}

// After the sandbox traps, the repl's session goes on with its earlier
// definitions.
func TestReplKeepsDefinitionsAfterTrap(t *testing.T) {
	script := "(def kept 41)\n(loop [i 0] (recur (inc i)))\n(inc kept)\n"
	code, out, errOut := runCLI(t, script, "repl", "--fuel", "30000000", "--max-steps", "100000000000")
	want := "#'user/kept\n" +
		"error[trap]: the program used all of its fuel (30000000 units)\nhint: make the program do less work, or raise --fuel\n" +
		"note: the sandbox was replaced; earlier definitions were kept\n" +
		"42\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr:\n%s", code, out, want, errOut)
	}
}

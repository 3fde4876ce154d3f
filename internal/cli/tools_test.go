package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// A tools file with every kind of implementation, and command tools that
// fail in each way a command can.
func TestToolKinds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "prices.json", `{"apple": 0.5, "pear": 0.75}`)
	writeFile(t, dir, "list.json", `[1, 2, 3]`)
	writeFile(t, dir, "double.sh", "#!/bin/sh\nn=$(sed -n 's/.*\"n\": *\\([0-9]*\\).*/\\1/p')\necho \"{\\\"doubled\\\": $((n * 2))}\"\n")
	writeFile(t, dir, "nonjson.sh", "#!/bin/sh\necho 'hello there'\n")
	writeFile(t, dir, "broken.sh", "#!/bin/sh\necho 'database unreachable' >&2\nexit 3\n")
	writeFile(t, dir, "slow.sh", "#!/bin/sh\nsleep 5\necho '{}'\n")
	tools := writeFile(t, dir, "tools.json", `{"tools": [
	  {"name": "version", "description": "fixed", "result": {"v": 2, "tags": ["a", "b"]}},
	  {"name": "price", "file": "prices.json", "key": "fruit",
	   "input_schema": {"type": "object", "properties": {"fruit": {"type": "string", "enum": ["apple", "pear", "plum"]}}, "required": ["fruit"]}},
	  {"name": "all", "file": "list.json"},
	  {"name": "double", "command": ["sh", "double.sh"],
	   "input_schema": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 1000}},
	                    "required": ["n"], "additionalProperties": false}},
	  {"name": "script", "command": ["./double.sh"]},
	  {"name": "nonjson", "command": ["sh", "nonjson.sh"]},
	  {"name": "broken", "command": ["sh", "broken.sh"]},
	  {"name": "slow", "command": ["sh", "slow.sh"], "timeout": "300ms"}
	]}`)
	cases := []struct {
		name, src string
		code      int
		out       string // the value, or the error message
	}{
		{"fixed result", `(tool/version {})`, 0, `{"tags" ["a" "b"], "v" 2}`},
		{"fixed result, keyword lookup", `(:v (tool/version {}))`, 0, `2`},
		{"file", `(reduce + (tool/all {}))`, 0, `6`},
		{"file entry by key", `(tool/price {:fruit "pear"})`, 0, `0.75`},
		{"file entry missing", `(tool/price {:fruit "plum"})`, 1, `no entry "plum" in prices.json`},
		{"command", `(:doubled (tool/double {:n 21}))`, 0, `42`},
		{"command path relative to the tools file", `(:doubled (tool/script {:n 4}))`, 0, `8`},
		{"schema: enum", `(tool/price {:fruit "kiwi"})`, 1,
			`invalid arguments: fruit must be one of "apple", "pear", "plum", got "kiwi"`},
		{"schema: required", `(tool/double {})`, 1, `invalid arguments: n is required`},
		{"schema: integer", `(tool/double {:n 2.5})`, 1, `invalid arguments: n must be integer, got a number 2.5`},
		{"schema: maximum", `(tool/double {:n 5000})`, 1, `invalid arguments: n must be at most 1000, got 5000`},
		{"schema: additionalProperties", `(tool/double {:n 1 :m 2})`, 1,
			`invalid arguments: m is not an accepted argument (accepted: n)`},
		{"command prints non-JSON", `(tool/nonjson {})`, 1,
			"command `sh nonjson.sh` printed output that is not JSON (invalid character 'h' looking for beginning of value): \"hello there\""},
		{"command fails", `(tool/broken {})`, 1, "command `sh broken.sh` failed: exit status 3: database unreachable"},
		{"command times out", `(tool/slow {})`, 1, "command `sh slow.sh` did not finish within 300ms (the tool's timeout)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, c.src, "run", "--json", "--tools", tools, "-")
			var res struct {
				Printed string `json:"printed"`
				Error   *struct {
					Kind, Message string
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("exit %d, not JSON (%v): %s %s", code, err, out, errOut)
			}
			got := res.Printed
			if res.Error != nil {
				got = res.Error.Message
				if res.Error.Kind != "tool_error" {
					t.Errorf("kind %s, want tool_error", res.Error.Kind)
				}
			}
			if code != c.code || !strings.HasSuffix(got, c.out) {
				t.Errorf("exit %d, got %q; want exit %d and %q", code, got, c.code, c.out)
			}
		})
	}
}

func TestToolsFileErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, doc, want string }{
		{"not json", `{"tools": [`, "unexpected end of JSON input (expected {\"tools\": [...]})"},
		{"no tools array", `{"tool": []}`, `no "tools" array`},
		{"no implementation", `{"tools": [{"name": "a"}]}`, `tool a: give exactly one implementation`},
		{"two implementations", `{"tools": [{"name": "a", "result": 1, "command": ["true"]}]}`, `tool a: give exactly one implementation`},
		{"misspelt field", `{"tools": [{"name": "a", "comand": ["true"]}]}`, `tool #1: json: unknown field "comand"`},
		{"bad name", `{"tools": [{"name": "get orders", "result": 1}]}`, `tool get orders: "name" must be a symbol name`},
		{"duplicate", `{"tools": [{"name": "a", "result": 1}, {"name": "a", "result": 2}]}`, `tool a is declared twice`},
		{"unknown type", `{"tools": [{"name": "a", "result": 1, "input_schema": {"type": "object", "properties": {"n": {"type": "int"}}}}]}`,
			`tool a: input_schema.properties.n: unknown type "int" (use object, array, string, integer, number, boolean or null)`},
		{"missing file", `{"tools": [{"name": "a", "file": "nope.json"}]}`, `tool a: open ` + dir + `/nope.json: no such file or directory`},
		{"bad timeout", `{"tools": [{"name": "a", "command": ["true"], "timeout": "soon"}]}`, `"timeout" must be a positive duration such as "5s", got "soon"`},
		{"key without file", `{"tools": [{"name": "a", "result": 1, "key": "id"}]}`, `"key" only goes with "file"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, dir, "tools.json", c.doc)
			code, out, errOut := runCLI(t, "1", "run", "--tools", p, "-")
			if code != 2 || out != "" || !strings.HasPrefix(errOut, "ptc-host: tools file "+p+": ") || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, c.want)
			}
		})
	}
}

func TestSchemaValidate(t *testing.T) {
	doc, err := decodeJSON([]byte(`{
	  "type": "object",
	  "properties": {
	    "name": {"type": "string", "minLength": 2, "maxLength": 5},
	    "qty": {"type": ["integer", "null"], "minimum": 1},
	    "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
	    "where": {"type": "object", "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90}}, "required": ["lat"]},
	    "any": {"description": "no constraints", "format": "ignored", "pattern": "ignored too"}
	  },
	  "required": ["name"]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseSchema(doc, "input_schema")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args string
		want string // "" when valid
	}{
		{`{"name": "ab"}`, ""},
		{`{"name": "héllo", "qty": null, "tags": ["a", "b"], "where": {"lat": 45.5}, "any": [1, {"x": 2}], "extra": true}`, ""},
		{`{"name": "ab", "qty": 3.0}`, ""},
		{`{}`, "name is required"},
		{`{"name": "a"}`, "name must be at least 2 characters long, got 1"},
		{`{"name": "abcdef"}`, "name must be at most 5 characters long, got 6"},
		{`{"name": 12}`, "name must be string, got an integer 12"},
		{`{"name": "ab", "qty": 0}`, "qty must be at least 1, got 0"},
		{`{"name": "ab", "qty": "3"}`, `qty must be integer or null, got a string "3"`},
		{`{"name": "ab", "tags": ["a", "c"]}`, `tags[1] must be one of "a", "b", got "c"`},
		{`{"name": "ab", "tags": "a"}`, `tags must be array, got a string "a"`},
		{`{"name": "ab", "where": {}}`, "where.lat is required"},
		{`{"name": "ab", "where": {"lat": 91}}`, "where.lat must be at most 90, got 91"},
	}
	for _, c := range cases {
		// Plain float64 numbers here; TestToolKinds covers the int64 the
		// host passes.
		var v any
		if err := json.Unmarshal([]byte(c.args), &v); err != nil {
			t.Fatal(err)
		}
		got := ""
		if err := s.validate(v, ""); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.args, got, c.want)
		}
	}
	if err := s.validate([]any{1}, ""); err == nil || err.Error() != "the arguments must be object, got an array [1]" {
		t.Errorf("top-level type: %v", err)
	}
}

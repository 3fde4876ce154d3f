package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the ptc-host command built once by TestMain, for the tests
// that run the real executable.
var binary string

// repoRoot is the module root, where the examples live.
var repoRoot = filepath.Join("..", "..")

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ptc-host-test")
	if err != nil {
		panic(err)
	}
	// One compilation cache for every test of this process and the
	// built binary: the sandbox compiles once.
	os.Setenv(CacheDirEnv, filepath.Join(dir, "cache"))
	binary = filepath.Join(dir, "ptc-host")
	build := exec.Command("go", "build", "-o", binary, "github.com/ptc-wasm/ptc/cmd/ptc-host")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building ptc-host: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCLI runs the command in-process with stdin and returns the exit code
// and what it wrote.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// writeFile writes content to name in dir and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunHuman(t *testing.T) {
	dir := t.TempDir()
	prog := writeFile(t, dir, "typo.ptc", "(def xs [1 2 3])\n(->> xs\n     (fitler odd?))\n")
	data := writeFile(t, dir, "data.json", `{"orders": [{"id": 1, "total": 30}, {"id": 2, "total": 70}], "min": 10}`)
	cases := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string // exact, or a prefix when it ends with "..."
	}{
		{"value and prints", []string{"run", "-"}, `(println "sum:" (+ 1 2)) {:a [1 2.5] :b "x"}`, 0,
			"sum: 3\n{:a [1 2.5], :b \"x\"}\n", ""},
		{"return", []string{"run", "-"}, `(return 7) 8`, 0, "7\n", ""},
		{"without the cache", []string{"run", "--no-cache", "-"}, `(* 6 7)`, 0, "42\n", ""},
		{"error with caret and hint", []string{"run", prog}, "", 1, "",
			"error[unbound_symbol] at 3:7: unable to resolve symbol: fitler\n" +
				"  3 |      (fitler odd?))\n" +
				"    |       ^\n" +
				"hint: did you mean filter?\n"},
		{"fail", []string{"run", "-"}, `(println "checking") (fail {:reason "no stock"})`, 1, "checking\n",
			"error[fail] at 1:22: the program failed with {:reason \"no stock\"}\n" +
				"  1 | (println \"checking\") (fail {:reason \"no stock\"})\n" +
				"    |                      ^\n"},
		{"data file and inline data, inline wins", []string{"run", "--data", data, "--data-json", `{"min": 50}`, "-"},
			`(->> data/orders (filter #(> (:total %) data/min)) (mapv :id))`, 0, "[2]\n", ""},
		{"flags after the file", []string{"run", "-", "--data-json", `{"x": 41}`}, `(inc data/x)`, 0, "42\n", ""},
		{"timeout is a limit", []string{"run", "--timeout", "200ms", "-"}, `(loop [i 0] (recur (inc i)))`, 3, "",
			"error[timeout] at 1:1: evaluation ran past its deadline\n  1 | (loop [i 0] (recur (inc i)))\n    | ^\n..."},
		{"step budget is a limit", []string{"run", "--max-steps", "1000", "-"}, `(reduce + (range 5000))`, 3, "",
			"error[step_limit] at 1:11: step budget exhausted (MaxSteps=1000)\n  1 | (reduce + (range 5000))\n    |           ^\nhint: the program does too much work..."},
		{"memory is a limit", []string{"run", "--memory", "32MiB", "--max-steps", "100000000", "-"},
			`(count (reduce (fn [acc i] (conj acc (str "item-" i))) [] (range 3000000)))`, 3, "",
			"error[trap]: the program used all of the sandbox's memory (--memory 32MiB)\nhint: work on less data at a time, or raise --memory\n"},
		{"fuel is a limit", []string{"run", "--fuel", "30000000", "--max-steps", "100000000000", "-"},
			`(loop [i 0] (recur (inc i)))`, 3, "",
			"error[trap]: the program used all of its fuel (30000000 units)\nhint: make the program do less work, or raise --fuel\n"},
		{"bad memory size", []string{"run", "--memory", "12", "-"}, "1", 2, "",
			"ptc-host: --memory \"12\": give a size with a unit, e.g. 64MiB, 512M or 1GiB (between 16MiB and 4GiB)\n"},
		{"missing file", []string{"run", filepath.Join(dir, "nope.ptc")}, "", 2, "",
			"ptc-host: open " + filepath.Join(dir, "nope.ptc") + ": no such file or directory\n"},
		{"data not an object", []string{"run", "--data-json", "[1]", "-"}, "1", 2, "",
			"ptc-host: --data-json: the context must be a JSON object (its keys become data/key), got an array\n"},
		{"unknown flag", []string{"run", "--fast", "-"}, "1", 2, "",
			"flag provided but not defined: -fast\nUsage: ptc-host run [flags] FILE|-\n..."},
		{"no file", []string{"run"}, "", 2, "",
			"ptc-host: run takes one program file (or - for stdin), got 0 arguments\nUsage: ptc-host run [flags] FILE|-\n..."},
		{"unknown command", []string{"fly"}, "", 2, "", "ptc-host: unknown command \"fly\"\n\nptc-host runs PTC-Lisp programs..."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, c.stdin, c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, errOut)
			}
			if out != c.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, c.stdout)
			}
			if want, ok := strings.CutSuffix(c.stderr, "..."); ok {
				if !strings.HasPrefix(errOut, want) {
					t.Errorf("stderr:\n%s\nwant prefix:\n%s", errOut, want)
				}
			} else if errOut != c.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", errOut, c.stderr)
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "(println \"hi\")\n(->> [1 2 3]\n     (map inc)\n     (reduce +)\n     (fitler))", "run", "--json", "-")
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var res struct {
		Outcome  string   `json:"outcome"`
		Prints   []string `json:"prints"`
		ExitCode int      `json:"exit_code"`
		Error    struct {
			Kind string `json:"kind"`
			Pos  struct{ Line, Col int }
			Hint string `json:"hint"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// The error is found before the program runs, so nothing is printed.
	if res.Outcome != "error" || res.ExitCode != 1 || res.Error.Kind != "unbound_symbol" ||
		res.Error.Pos.Line != 5 || res.Error.Pos.Col != 7 || res.Error.Hint != "did you mean filter?" || len(res.Prints) != 0 {
		t.Errorf("got %+v", res)
	}

	code, out, _ = runCLI(t, `(println "n" (count data/xs)) (return (mapv inc data/xs))`, "run", "--json", "--data-json", `{"xs": [1, 2]}`, "-")
	var ok map[string]any
	if err := json.Unmarshal([]byte(out), &ok); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if ok["outcome"] != "return" || ok["printed"] != "[2 3]" || fmt.Sprint(ok["value"]) != "[2 3]" ||
		fmt.Sprint(ok["prints"]) != "[n 2]" || ok["exit_code"] != 0.0 || ok["steps"] == nil || ok["duration_ns"] == nil {
		t.Errorf("got %v", ok)
	}
}

func TestVersionAndHelp(t *testing.T) {
	// In a test binary the build information has no module versions;
	// TestExampleBinary checks the real binary's.
	code, out, _ := runCLI(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "ptc-host ") || !strings.Contains(out, "(abi 1, wazero ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if code, _, errOut := runCLI(t, "", "version", "extra"); code != 2 || errOut != "ptc-host: version takes no arguments\n" {
		t.Errorf("version extra: exit %d, %q", code, errOut)
	}
	for _, cmd := range []string{"run", "repl", "check", "playground", "version"} {
		code, out, errOut := runCLI(t, "", cmd, "--help")
		if code != 0 || out != "" || !strings.HasPrefix(errOut, "Usage: ptc-host "+cmd) {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
	}
	code, _, errOut := runCLI(t, "", "--help")
	if code != 0 || !strings.Contains(errOut, "Exit codes:") || !strings.Contains(errOut, "3  a limit was hit") {
		t.Errorf("--help: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, ""); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
}

// TestEngineFlag: --engine picks the runtime; one this build lacks is a
// usage error that says how to get it.
func TestEngineFlag(t *testing.T) {
	code, out, errOut := runCLI(t, "(+ data/x 1)", "run", "--engine", "wazero", "--data-json", `{"x": 20}`, "-")
	if code != 0 || out != "21\n" {
		t.Fatalf("run --engine wazero: exit %d, %q %q", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "(+ 1 2)", "run", "--engine", "v8", "-")
	if code != 2 || !strings.Contains(errOut, "--engine v8: no such runtime (this ptc-host has wazero)") {
		t.Errorf("--engine v8: exit %d, %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "(+ 1 2)", "repl", "--engine", "wasmtime")
	if code != 2 || !strings.Contains(errOut, "built without wasmtime") || !strings.Contains(errOut, "cd host/wasmtime && go install ./cmd/ptc-host") {
		t.Errorf("--engine wasmtime: exit %d, %q", code, errOut)
	}
}

func TestParseMemory(t *testing.T) {
	for in, want := range map[string]uint32{"16MiB": 256, "64MiB": 1024, "256M": 4096, "1GiB": 16384, "4GiB": 65536, "100000KiB": 1563} {
		got, err := parseMemory(in)
		if err != nil || got != want {
			t.Errorf("parseMemory(%q) = %d, %v; want %d pages", in, got, err, want)
		}
	}
	for _, in := range []string{"", "64", "8MiB", "5GiB", "1.5GiB", "64 pages", "-1MiB", "99999999999999999999GiB"} {
		if _, err := parseMemory(in); err == nil {
			t.Errorf("parseMemory(%q) accepted", in)
		}
	}
}

func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	tools := writeFile(t, dir, "tools.json", `{"tools": [{"name": "get-orders", "result": []}]}`)
	src := "(defn total [xs] (reduce + (map :amount xs)))\n(fitler odd? [1])\n(total (tool/get-order {:id 1}))\n"
	code, out, errOut := runCLI(t, src, "check", "--tools", tools, "-")
	want := "error[unbound_symbol] at 2:2: unable to resolve symbol: fitler\n" +
		"  2 | (fitler odd? [1])\n" +
		"    |  ^\n" +
		"hint: did you mean filter?\n" +
		"error[unknown_tool] at 3:8: unknown tool: tool/get-order\n" +
		"  3 | (total (tool/get-order {:id 1}))\n" +
		"    |        ^\n" +
		"hint: did you mean tool/get-orders? available tools: tool/get-orders\n" +
		"2 problems\n"
	if code != 1 || out != want || errOut != "" {
		t.Errorf("exit %d\n%s\nwant:\n%s\nstderr %q", code, out, want, errOut)
	}
	code, out, _ = runCLI(t, src, "check", "--json", "-")
	var doc struct {
		Diagnostics []struct {
			Kind string
			Pos  struct{ Line, Col int }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 1 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	// Without --tools the tool reference is not checked.
	if len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Kind != "unbound_symbol" || doc.Diagnostics[0].Pos.Line != 2 {
		t.Errorf("got %+v", doc)
	}
	code, out, _ = runCLI(t, "(+ 1 2)", "check", "--json", "-")
	if code != 0 || strings.TrimSpace(out) != "{\n  \"diagnostics\": []\n}" {
		t.Errorf("clean program: exit %d, %q", code, out)
	}
}

// The README's example, run through the real binary from the repository
// root exactly as documented.
func TestExampleBinary(t *testing.T) {
	cmd := exec.Command(binary, "run", "examples/orders.ptc", "--tools", "examples/tools.json")
	cmd.Dir = repoRoot
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\nstderr: %s", err, errOut.String())
	}
	want := "open orders: 6 from 3 customers\n" +
		"{:top-customer \"Harbor & Pine\", :open-eur 2334, :ships-in-days 9, :ranking [\"c-42\" \"c-17\" \"c-08\"]}\n"
	if out.String() != want || errOut.String() != "" {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr: %s", out.String(), want, errOut.String())
	}
	b, err := exec.Command(binary, "version").Output()
	if err != nil || !strings.Contains(string(b), "(abi 1, wazero v1.") {
		t.Errorf("version: %v, %s", err, b)
	}
	// The binary's exit code for a program error.
	cmd = exec.Command(binary, "run", "-")
	cmd.Stdin = strings.NewReader("(nth [1 2] 5)")
	b, err = cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.HasPrefix(string(b), "error[index_error] at 1:1:") {
		t.Errorf("program error: %v, %s", err, b)
	}
}

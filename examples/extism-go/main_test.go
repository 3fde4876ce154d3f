package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	extism "github.com/extism/go-sdk"
)

const pluginPath = "../../extism/ptc-extism.wasm"

func needPlugin(tb testing.TB) {
	if _, err := os.Stat(pluginPath); err != nil {
		tb.Fatalf("%v: build the plugin first (make extism, or make extism-test)", err)
	}
}

func TestExample(t *testing.T) {
	needPlugin(t)
	var out bytes.Buffer
	if err := run(&out, pluginPath); err != nil {
		t.Fatal(err)
	}
	// The Node example (examples/extism-node) prints the same.
	want, err := os.ReadFile("testdata/output.txt")
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestBadInput: input that is not a request gets an error document, and
// the instance stays usable.
func TestBadInput(t *testing.T) {
	p := instance(t, 5000)
	for _, in := range []string{"", "not json", "[1]"} {
		out, err := call(p, "eval", []byte(in))
		if err != nil {
			t.Fatalf("eval %q: %v", in, err)
		}
		if !strings.Contains(string(out), `"message":"bad request: not a JSON object"`) {
			t.Errorf("eval %q: %s", in, out)
		}
	}
	if out, _ := call(p, "restore", []byte("hello")); !strings.HasPrefix(string(out), `{"error":{"kind":`) {
		t.Errorf("restore of junk: %s", out)
	}
	if out, _ := call(p, "check", []byte(`{"source":"(fitler odd? [1])"}`)); !strings.Contains(string(out), "did you mean filter?") {
		t.Errorf("check: %s", out)
	}
	if out, _ := call(p, "eval", []byte(`{"source":"(def x 1)"}`)); !strings.Contains(string(out), `"defined":["x"]`) {
		t.Errorf("eval after bad input: %s", out)
	}
	if out, _ := call(p, "snapshot", []byte(`["x"]`)); !strings.HasPrefix(string(out), `{"x":"(ptc/var \"x\"`) {
		t.Errorf("snapshot of names: %s", out)
	}
	call(p, "reset", nil)
	if out, _ := call(p, "eval", []byte(`{"source":"x"}`)); !strings.Contains(string(out), "unbound_symbol") {
		t.Errorf("x survived reset: %s", out)
	}
}

func instance(tb testing.TB, timeoutMs uint64) *extism.Plugin {
	needPlugin(tb)
	ctx := context.Background()
	compiled, err := load(ctx, pluginPath, timeoutMs)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { compiled.Close(ctx) })
	p, err := compiled.Instance(ctx, extism.PluginInstanceConfig{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.Close(ctx) })
	return p
}

// The per-call cost of the plugin through the Go SDK (wazero): wall time,
// and the process's CPU time per call; with a manifest timeout (the SDK
// then watches a context on every call) and without.
func BenchmarkVersion(b *testing.B) { benchCall(b, "version", "") }

func BenchmarkEvalTrivial(b *testing.B) { benchCall(b, "eval", `{"source":"(+ 1 2)"}`) }

func BenchmarkEvalOneToolCall(b *testing.B) {
	benchCall(b, "eval", `{"source":"(tool/rates {})","tools":["rates"]}`)
}

func benchCall(b *testing.B, export, input string) {
	for _, timeout := range []uint64{0, 5000} {
		b.Run(fmt.Sprintf("timeout=%dms", timeout), func(b *testing.B) {
			p := instance(b, timeout)
			benchLoop(b, p, export, []byte(input))
		})
	}
}

func benchLoop(b *testing.B, p *extism.Plugin, export string, in []byte) {
	if _, err := call(p, export, in); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := processCPU()
	for range b.N {
		if _, err := call(p, export, in); err != nil {
			b.Fatal(err)
		}
	}
	if cpu != 0 {
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1000, "cpu-µs/op")
	}
}

// TestTimeout: the manifest's timeout stops a runaway evaluation, and the
// instance is closed afterwards (README.md, "Extism plugin": restore the
// session into a new instance).
func TestTimeout(t *testing.T) {
	needPlugin(t)
	ctx := context.Background()
	compiled, err := extism.NewCompiledPlugin(ctx, extism.Manifest{
		Wasm:    []extism.Wasm{extism.WasmFile{Path: pluginPath}},
		Timeout: 300,
	}, extism.PluginConfig{EnableWasi: true}, []extism.HostFunction{toolCall})
	if err != nil {
		t.Fatal(err)
	}
	defer compiled.Close(ctx)
	p, err := compiled.Instance(ctx, extism.PluginInstanceConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	if _, err := call(p, "eval", []byte(`{"source":"(def x 1)"}`)); err != nil {
		t.Fatal(err)
	}
	_, err = call(p, "eval", []byte(`{"source":"(loop [i 0] (recur (inc i)))","limits":{"max_steps":1000000000000}}`))
	if err == nil {
		t.Fatal("a runaway evaluation was not stopped")
	}
	t.Logf("runaway evaluation: %v", err)
	if _, err := call(p, "eval", []byte(`{"source":"x"}`)); err == nil {
		t.Error("the instance still answers after a timeout; README.md says it does not")
	} else {
		t.Logf("after the timeout: %v", err)
	}
}

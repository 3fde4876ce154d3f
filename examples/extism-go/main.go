// Command extism-go runs a multi-turn PTC-Lisp session in the Extism
// plugin (extism/ptc-extism.wasm, built by `make extism`) through the
// Extism Go SDK: one host function serves two tools, a definition made in
// one turn is used in the next, and the session moves to a new plugin
// instance by snapshot and restore.
//
//	go run . -plugin ../../extism/ptc-extism.wasm
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	extism "github.com/extism/go-sdk"
)

var orders = map[float64]map[string]any{
	1: {"id": 1, "status": "open", "total": 12.5, "currency": "eur"},
	2: {"id": 2, "status": "shipped", "total": 40.0, "currency": "gbp"},
	3: {"id": 3, "status": "open", "total": 7.25, "currency": "gbp"},
}

// tools are the host's tools: name -> function of the call's arguments.
var tools = map[string]func(args map[string]any) (any, error){
	"get-order": func(args map[string]any) (any, error) {
		id, _ := args["id"].(float64)
		o, ok := orders[id]
		if !ok {
			return nil, fmt.Errorf("no order %v", args["id"])
		}
		return o, nil
	},
	"rates": func(map[string]any) (any, error) {
		return map[string]any{"eur": 1.0, "gbp": 1.17}, nil
	},
}

// toolCall is the ptc_tool_call host function: it reads the request
// {"name", "args"} from the plugin's Extism memory, runs the tool, and
// returns the offset of {"value": ...} or {"error": "..."}.
var toolCall = extism.NewHostFunctionWithStack("ptc_tool_call",
	func(ctx context.Context, p *extism.CurrentPlugin, stack []uint64) {
		resp := map[string]any{}
		var req struct {
			Name string         `json:"name"`
			Args map[string]any `json:"args"`
		}
		if b, err := p.ReadBytes(stack[0]); err != nil {
			resp["error"] = err.Error()
		} else if err := json.Unmarshal(b, &req); err != nil {
			resp["error"] = "bad request: " + err.Error()
		} else if tool, ok := tools[req.Name]; !ok {
			resp["error"] = "no tool " + req.Name
		} else if v, err := tool(req.Args); err != nil {
			resp["error"] = err.Error()
		} else {
			resp["value"] = v
		}
		out, _ := json.Marshal(resp)
		stack[0], _ = p.WriteBytes(out)
	},
	[]extism.ValueType{extism.ValueTypePTR}, []extism.ValueType{extism.ValueTypePTR})

// load compiles the plugin; each Instance of it holds one session. The Go
// runtime in the plugin needs WASI. timeoutMs bounds every call (0: no
// bound); it makes each call cost more (see the benchmarks).
func load(ctx context.Context, path string, timeoutMs uint64) (*extism.CompiledPlugin, error) {
	manifest := extism.Manifest{
		Wasm:    []extism.Wasm{extism.WasmFile{Path: path}},
		Timeout: timeoutMs,
	}
	return extism.NewCompiledPlugin(ctx, manifest, extism.PluginConfig{EnableWasi: true}, []extism.HostFunction{toolCall})
}

// call runs an export and fails on a non-zero return code.
func call(p *extism.Plugin, export string, input []byte) ([]byte, error) {
	rc, out, err := p.Call(export, input)
	if err == nil && rc != 0 {
		err = fmt.Errorf("%s returned %d", export, rc)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", export, err)
	}
	return out, nil
}

// result is the part of the eval result document this example prints.
type result struct {
	Outcome   string `json:"outcome"`
	Printed   string `json:"printed"`
	ToolCalls []struct {
		Name string `json:"name"`
	} `json:"tool_calls"`
	Error *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"error"`
}

// eval runs one turn and prints its outcome.
func eval(w io.Writer, p *extism.Plugin, label, source string) error {
	req, _ := json.Marshal(map[string]any{"source": source, "tools": []string{"get-order", "rates"}})
	out, err := call(p, "eval", req)
	if err != nil {
		return err
	}
	var r result
	if err := json.Unmarshal(out, &r); err != nil {
		return fmt.Errorf("eval: result %q: %w", out, err)
	}
	if r.Error != nil {
		fmt.Fprintf(w, "%s: %s %s: %s\n", label, r.Outcome, r.Error.Kind, r.Error.Message)
	} else {
		fmt.Fprintf(w, "%s: %s %s\n", label, r.Outcome, r.Printed)
	}
	for _, c := range r.ToolCalls {
		fmt.Fprintf(w, "  tool %s\n", c.Name)
	}
	return nil
}

func run(w io.Writer, path string) error {
	ctx := context.Background()
	compiled, err := load(ctx, path, 5000)
	if err != nil {
		return err
	}
	defer compiled.Close(ctx)
	p, err := compiled.Instance(ctx, extism.PluginInstanceConfig{})
	if err != nil {
		return err
	}
	defer p.Close(ctx)
	version, err := call(p, "version", nil)
	if err != nil {
		return err
	}
	var v struct{ ABI int }
	if err := json.Unmarshal(version, &v); err != nil || v.ABI != 1 {
		return fmt.Errorf("plugin version %s: want abi 1", version)
	}
	turns := []string{
		`(def open (->> [1 2 3] (map #(tool/get-order {:id %})) (filter #(= "open" (:status %)))))
		 (count open)`,
		`(def rates (tool/rates {}))
		 (->> open (map #(* (:total %) (get rates (:currency %)))) (reduce +))`,
		`(tool/get-order {:id 9})`,
	}
	for i, src := range turns {
		if err := eval(w, p, fmt.Sprint("turn ", i+1), src); err != nil {
			return err
		}
	}
	// Move the session to a fresh instance: its defs come back, and no
	// tool runs again.
	snap, err := call(p, "snapshot", nil)
	if err != nil {
		return err
	}
	q, err := compiled.Instance(ctx, extism.PluginInstanceConfig{})
	if err != nil {
		return err
	}
	defer q.Close(ctx)
	report, err := call(q, "restore", snap)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "restored: %s\n", report)
	return eval(w, q, "new instance", `(mapv :id open)`)
}

func main() {
	path := flag.String("plugin", "../../extism/ptc-extism.wasm", "the plugin, built by make extism")
	flag.Parse()
	if err := run(os.Stdout, *path); err != nil {
		fmt.Fprintln(os.Stderr, "extism-go:", err)
		os.Exit(1)
	}
}

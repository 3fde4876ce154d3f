package host

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/ptc-wasm/ptc/abi"
	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host/internal/wirejson"
)

// The documents of every Eval and tool call, written and read by hand
// (package wirejson): encoding/json's reflection and RawMessage
// compaction cost the host more than a small program costs in the guest.

// evalRequest writes the ptc_eval request document (abi.EvalRequest).
func evalRequest(src string, opts Options, clock bool) ([]byte, error) {
	b := make([]byte, 0, len(src)+128)
	b = append(b, `{"source":`...)
	b = wirejson.AppendString(b, src)
	if len(opts.Data) > 0 {
		keys := make([]string, 0, len(opts.Data))
		for k := range opts.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, `,"data":{`...)
		for i, k := range keys {
			// Encoded as the interpreter sees values, so the guest gets
			// the floats and integers a native session would
			// (lisp.EncodeJSON keeps 100.0 a float).
			raw, err := lisp.EncodeJSON(opts.Data[k])
			if err != nil {
				return nil, fmt.Errorf("host: data/%s cannot be passed to the program: %w", k, err)
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = wirejson.AppendString(b, k)
			b = append(b, ':')
			b = append(b, raw...)
		}
		b = append(b, '}')
	}
	if len(opts.Tools) > 0 {
		names := make([]string, 0, len(opts.Tools))
		for n := range opts.Tools {
			names = append(names, n)
		}
		sort.Strings(names)
		b = append(b, `,"tools":[`...)
		for i, n := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = wirejson.AppendString(b, n)
		}
		b = append(b, ']')
	}
	if opts.Limits != (lisp.Limits{}) {
		limits, err := json.Marshal(opts.Limits) // lisp.Limits carries the JSON names, zero fields omitted
		if err != nil {
			return nil, err
		}
		b = append(b, `,"limits":`...)
		b = append(b, limits...)
	}
	if clock {
		b = append(b, `,"clock":true`...)
	}
	// The host keeps the calls' arguments and results (Session.ledger):
	// the guest need not send them back in the result.
	b = append(b, `,"host_ledger":true`...)
	return append(b, '}'), nil
}

// decodeResult reads the guest's result document.
func decodeResult(b []byte) (*Result, error) {
	r := &Result{}
	err := wirejson.Members(b, func(k []byte, v any) error {
		switch string(k) {
		case "outcome":
			r.Outcome = lisp.Outcome(str(v))
		case "value":
			r.Value = v
		case "printed":
			r.Printed = str(v)
		case "prints":
			r.Prints = strs(v)
		case "prints_truncated":
			r.PrintsTruncated = v == true
		case "steps":
			r.Steps = num(v)
		case "defined":
			r.Defined = strs(v)
		case "error":
			r.Error = nil
			if e, ok := v.(map[string]any); ok {
				pos, _ := e["pos"].(map[string]any)
				r.Error = &lisp.Error{
					Kind:    lisp.ErrorKind(str(e["kind"])),
					Message: str(e["message"]),
					Pos:     lisp.Pos{Line: int(num(pos["line"])), Col: int(num(pos["col"]))},
					Hint:    str(e["hint"]),
					Limit:   str(e["limit"]),
				}
			}
		case "tool_calls":
			r.ToolCalls = nil
			if calls, ok := v.([]any); ok {
				r.ToolCalls = make([]lisp.ToolCall, len(calls))
				for i, c := range calls {
					cm, _ := c.(map[string]any)
					r.ToolCalls[i] = lisp.ToolCall{Name: str(cm["name"]), Args: cm["args"], Result: cm["result"],
						Error: str(cm["error"]), Batch: int(num(cm["batch"]))}
				}
			}
		}
		return nil
	})
	if errors.Is(err, wirejson.ErrNotObject) {
		return nil, errors.New("the result is not a JSON object")
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

func strs(v any) []string {
	a, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, len(a))
	for i, s := range a {
		out[i] = str(s)
	}
	return out
}

// toolRequest reads one tool request document {"name", "args"}.
func toolRequest(v any) (abi.ToolRequest, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return abi.ToolRequest{}, errors.New("a tool request is not a JSON object")
	}
	req := abi.ToolRequest{Name: str(m["name"])}
	switch a := m["args"].(type) {
	case map[string]any:
		req.Args = a
	case nil:
		req.Args = map[string]any{}
	default:
		return abi.ToolRequest{}, errors.New("a tool request's args are not a JSON object")
	}
	return req, nil
}

// toolResponse is one response document: {"value": raw} or {"error": msg}.
type toolResponse struct {
	raw []byte // the value as JSON, when err is ""
	err string
}

func appendToolResponse(b []byte, r toolResponse) []byte {
	if r.err != "" {
		b = append(b, `{"error":`...)
		b = wirejson.AppendString(b, r.err)
		return append(b, '}')
	}
	b = append(b, `{"value":`...)
	b = append(b, r.raw...)
	return append(b, '}')
}

// appendToolResponses writes the response array of a batch.
func appendToolResponses(rs []toolResponse) []byte {
	b := []byte{'['}
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendToolResponse(b, r)
	}
	return append(b, ']')
}

// servedCall is one tool call the host served during an Eval, for the
// result's ledger (the request's host_ledger).
type servedCall struct {
	name string
	args any // the arguments as the guest sent them, a copy: a tool may change its own
	resp toolResponse
}

// ledgerCopy is the ledger's own copy of a request's arguments, taken
// before the tool runs: a tool may change the map it is given, and
// copying it is several times cheaper than decoding the request again.
func ledgerCopy(r abi.ToolRequest) any { return wirejson.Clone(r.Args) }

// fillLedger completes the guest's tool_calls entries, which carry the
// name, error and batch, with the arguments and results the host served,
// in order.
func (s *Session) fillLedger(calls []lisp.ToolCall) error {
	if len(calls) != len(s.ledger) {
		return fmt.Errorf("the result lists %d tool calls, the host served %d", len(calls), len(s.ledger))
	}
	for i := range calls {
		c, sc := &calls[i], &s.ledger[i]
		if c.Name != sc.name {
			return fmt.Errorf("tool call %d is tool/%s in the result, tool/%s as served", i+1, c.Name, sc.name)
		}
		c.Args = sc.args
		if c.Error == "" && sc.resp.err == "" {
			v, err := wirejson.Decode(sc.resp.raw)
			if err != nil {
				return err
			}
			c.Result = v
		}
	}
	return nil
}

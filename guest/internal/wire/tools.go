package wire

import (
	"sort"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// newTools is the lang.ToolHost of one evaluation: the granted names, with
// calls going through h. With h.Batch it is a lang.BatchToolHost;
// without, the interpreter makes a batch's calls one at a time.
func newTools(sortedNames []string, h Host) lang.ToolHost {
	if h.Batch != nil {
		return &batchTools{tools: tools{names: sortedNames, call: h.Call}, batch: h.Batch}
	}
	return &tools{names: sortedNames, call: h.Call}
}

// tools are the tools the host granted; calls go through the transport.
type tools struct {
	names []string // sorted
	call  func(req []byte) string
	// reqSize is the largest request written so far: the next one starts
	// with that much room instead of growing its buffer step by step.
	reqSize int
}

func (t *tools) HasTool(name string) bool {
	i := sort.SearchStrings(t.names, name)
	return i < len(t.names) && t.names[i] == name
}

func (t *tools) ToolNames() []string { return append([]string(nil), t.names...) }

func (t *tools) CallTool(name string, args *lang.Map) (lang.Value, error) {
	if t.call == nil {
		return nil, lang.Errorf(lang.ToolError, "tool/%s: this host cannot call tools", name)
	}
	var b strings.Builder
	b.Grow(t.reqSize)
	writeToolRequest(&b, name, args)
	req := bytesOf(&b)
	t.reqSize = max(t.reqSize, len(req))
	return DecodeToolResponse(name, t.call(req))
}

// batchTools add the batch transport.
type batchTools struct {
	tools // by value: one allocation for both
	batch func(req []byte) string
}

// CallToolBatch hands one pmap/pcalls batch to the host in one transport
// call; the host may run the calls concurrently.
func (t *batchTools) CallToolBatch(calls []lang.ToolRequest) []lang.ToolResponse {
	out := make([]lang.ToolResponse, len(calls))
	req, err := EncodeToolBatch(calls)
	if err != nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	return DecodeToolBatch(t.batch(req), out)
}

// writeToolRequest writes the tool request document {"name", "args"}; the
// arguments are exported as a result is (lang.AppendExportJSON).
func writeToolRequest(b *strings.Builder, name string, args *lang.Map) {
	b.WriteString(`{"name":`)
	lang.AppendJSONString(b, name)
	b.WriteString(`,"args":`)
	lang.AppendExportJSON(b, args)
	b.WriteByte('}')
}

// DecodeToolResponse reads a response document: {"value": v} gives v,
// {"error": "message"} a tool failure carrying the message; anything else
// is a tool_error.
func DecodeToolResponse(name string, resp string) (lang.Value, error) {
	var j lang.JSONScanner
	j.Reset(resp)
	isObject, v, err := scanResponse(&j)
	if !isObject || !j.End() {
		return nil, lang.Errorf(lang.ToolError, "tool/%s: the host's response is not a JSON object", name)
	}
	return v, err
}

// scanResponse reads one response document {"value"} or {"error"}. A
// value that is no object (isObject false) is read and counts as a
// response without a value.
func scanResponse(j *lang.JSONScanner) (isObject bool, v lang.Value, err error) {
	var msg string
	isObject = j.Object(func(key string) {
		switch key {
		case "value":
			v = j.Value()
		case "error":
			msg, _ = j.String()
		}
	})
	if msg != "" {
		return isObject, nil, toolFailure(msg)
	}
	return isObject, v, nil
}

// EncodeToolBatch is the JSON array of the request documents of calls.
func EncodeToolBatch(calls []lang.ToolRequest) ([]byte, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i, c := range calls {
		if i > 0 {
			b.WriteByte(',')
		}
		writeToolRequest(&b, c.Name, c.Args)
	}
	b.WriteByte(']')
	return bytesOf(&b), nil
}

// DecodeToolBatch reads a JSON array of response documents into out, one
// per call. An array of the wrong length, or no array, fails every call.
func DecodeToolBatch(resp string, out []lang.ToolResponse) []lang.ToolResponse {
	var j lang.JSONScanner
	j.Reset(resp)
	n := 0
	isArray := j.Array(func() {
		if n < len(out) {
			_, out[n].Value, out[n].Err = scanResponse(&j)
		}
		n++
	})
	if !isArray || !j.End() || n != len(out) {
		for i := range out {
			out[i] = lang.ToolResponse{Err: lang.Errorf(lang.ToolError, "the host's batch response is not a JSON array of %d results", len(out))}
		}
	}
	return out
}

// toolFailure carries the host's error message; the interpreter reports
// it as tool_error.
type toolFailure string

func (e toolFailure) Error() string { return string(e) }

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ptc-wasm/ptc/host"
)

// A tools file declares the tools a program may call (docs/cli.md):
//
//	{"tools": [
//	  {"name": "get-rates", "description": "...", "input_schema": {...},
//	   "result": {"EUR": 1}},                              // a fixed result
//	  {"name": "get-customer", "file": "customers.json",
//	   "key": "id"},                                       // a JSON file, or one entry of it
//	  {"name": "eta", "command": ["sh", "eta.sh"],
//	   "timeout": "5s"}]}                                  // a command: args on stdin, result on stdout

// toolSpec is one entry of a tools file as written.
type toolSpec struct {
	Name           string          `json:"name"`
	Description    string          `json:"description"`
	InputSchema    json.RawMessage `json:"input_schema"`
	InputSchemaAlt json.RawMessage `json:"inputSchema"`
	Result         json.RawMessage `json:"result"`
	File           string          `json:"file"`
	Key            string          `json:"key"`
	Command        []string        `json:"command"`
	Timeout        string          `json:"timeout"`
}

// toolDef is a loaded tool: its declaration and how to run it.
type toolDef struct {
	name, description string
	schema            *schema
	kind              string // "result", "file" or "command"
	run               func(ctx context.Context, args map[string]any) (any, error)
}

// toolSet is the tools of one tools file, by name.
type toolSet struct {
	defs []*toolDef // sorted by name
}

// defaultCommandTimeout bounds a command tool that sets no timeout.
const defaultCommandTimeout = 10 * time.Second

// maxCommandOutput bounds what a command tool may print (16 MiB).
const maxCommandOutput = 16 << 20

var toolNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_?!*+<>=.-]*$`)

// loadTools reads a tools file. Relative file and command paths in it are
// relative to the file's directory.
//
// # Errors
//
// An unreadable or malformed file, an entry with no or several
// implementations, a bad schema, a duplicate name: each names the tool and
// says what to change.
func loadTools(path string) (*toolSet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tools file: %w", err)
	}
	var doc struct {
		Tools []json.RawMessage `json:"tools"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("tools file %s: %v (expected {\"tools\": [...]})", path, err)
	}
	if doc.Tools == nil {
		return nil, fmt.Errorf("tools file %s: no \"tools\" array (expected {\"tools\": [...]})", path)
	}
	dir := filepath.Dir(path)
	set := &toolSet{}
	seen := map[string]bool{}
	for i, raw := range doc.Tools {
		var spec toolSpec
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&spec); err != nil {
			return nil, fmt.Errorf("tools file %s: tool #%d: %v", path, i+1, err)
		}
		def, err := newTool(spec, dir)
		if err != nil {
			label := spec.Name
			if label == "" {
				label = fmt.Sprintf("#%d", i+1)
			}
			return nil, fmt.Errorf("tools file %s: tool %s: %v", path, label, err)
		}
		if seen[def.name] {
			return nil, fmt.Errorf("tools file %s: tool %s is declared twice", path, def.name)
		}
		seen[def.name] = true
		set.defs = append(set.defs, def)
	}
	sort.Slice(set.defs, func(i, j int) bool { return set.defs[i].name < set.defs[j].name })
	return set, nil
}

func newTool(spec toolSpec, dir string) (*toolDef, error) {
	if !toolNameRE.MatchString(spec.Name) {
		return nil, fmt.Errorf("\"name\" must be a symbol name such as get-orders, got %q", spec.Name)
	}
	def := &toolDef{name: spec.Name, description: spec.Description}
	rawSchema := spec.InputSchema
	if len(spec.InputSchemaAlt) > 0 {
		if len(rawSchema) > 0 {
			return nil, errors.New("give \"input_schema\" or \"inputSchema\", not both")
		}
		rawSchema = spec.InputSchemaAlt
	}
	if len(rawSchema) > 0 {
		doc, err := decodeJSON(rawSchema)
		if err != nil {
			return nil, fmt.Errorf("input_schema: %v", err)
		}
		if def.schema, err = parseSchema(doc, "input_schema"); err != nil {
			return nil, err
		}
	}
	n := 0
	for _, set := range []bool{len(spec.Result) > 0, spec.File != "", len(spec.Command) > 0} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, errors.New("give exactly one implementation: \"result\" (fixed JSON), \"file\" (a JSON file) or \"command\" (a program reading the arguments as JSON on stdin)")
	}
	if spec.Key != "" && spec.File == "" {
		return nil, errors.New("\"key\" only goes with \"file\"")
	}
	if spec.Timeout != "" && len(spec.Command) == 0 {
		return nil, errors.New("\"timeout\" only goes with \"command\"")
	}
	switch {
	case len(spec.Result) > 0:
		v, err := decodeJSON(spec.Result)
		if err != nil {
			return nil, fmt.Errorf("result: %v", err)
		}
		def.kind = "result"
		def.run = func(context.Context, map[string]any) (any, error) { return v, nil }
	case spec.File != "":
		return def, fileTool(def, spec, dir)
	default:
		return def, commandTool(def, spec, dir)
	}
	return def, nil
}

// fileTool returns the contents of a JSON file, read once when the tools
// file loads; with "key", the entry of the file's top-level object named
// by that argument.
func fileTool(def *toolDef, spec toolSpec, dir string) error {
	path := spec.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	v, err := decodeJSON(b)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	def.kind = "file"
	if spec.Key == "" {
		def.run = func(context.Context, map[string]any) (any, error) { return v, nil }
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: with \"key\" the file must hold a JSON object, it holds %s", path, jsonType(v))
	}
	key, base := spec.Key, filepath.Base(path)
	def.run = func(_ context.Context, args map[string]any) (any, error) {
		k, ok := args[key]
		if !ok {
			return nil, fmt.Errorf("argument %s is required", key)
		}
		ks, ok := k.(string)
		if !ok {
			ks = compactJSON(k)
		}
		e, ok := m[ks]
		if !ok {
			return nil, fmt.Errorf("no entry %q in %s", ks, base)
		}
		return e, nil
	}
	return nil
}

// commandTool runs a program per call: the arguments as a JSON object on
// its stdin, a JSON result expected on its stdout.
func commandTool(def *toolDef, spec toolSpec, dir string) error {
	timeout := defaultCommandTimeout
	if spec.Timeout != "" {
		d, err := time.ParseDuration(spec.Timeout)
		if err != nil || d <= 0 {
			return fmt.Errorf("\"timeout\" must be a positive duration such as \"5s\", got %q", spec.Timeout)
		}
		timeout = d
	}
	argv := append([]string(nil), spec.Command...)
	if argv[0] == "" {
		return errors.New("\"command\" starts with an empty program name")
	}
	if strings.ContainsRune(argv[0], filepath.Separator) && !filepath.IsAbs(argv[0]) {
		argv[0] = filepath.Join(dir, argv[0])
	}
	shown := strings.Join(spec.Command, " ")
	def.kind = "command"
	def.run = func(ctx context.Context, args map[string]any) (any, error) {
		in, err := json.Marshal(args)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(in)
		stdout := &cappedBuffer{max: maxCommandOutput}
		stderr := &cappedBuffer{max: 4096}
		cmd.Stdout, cmd.Stderr = stdout, stderr
		cmd.WaitDelay = time.Second
		err = cmd.Run()
		switch {
		case ctx.Err() == context.DeadlineExceeded:
			return nil, fmt.Errorf("command `%s` did not finish within %s (the tool's timeout)", shown, timeout)
		case err != nil:
			msg := fmt.Sprintf("command `%s` failed: %v", shown, err)
			if tail := lastLine(stderr.String()); tail != "" {
				msg += ": " + tail
			}
			return nil, errors.New(msg)
		case stdout.over:
			return nil, fmt.Errorf("command `%s` printed more than %d bytes", shown, maxCommandOutput)
		}
		v, err := decodeJSON(stdout.Bytes())
		if err != nil {
			return nil, fmt.Errorf("command `%s` printed output that is not JSON (%v): %s", shown, err, brief(stdout.String()))
		}
		return v, nil
	}
	return nil
}

// hostTools wraps the tools for host.Options: each call validates its
// arguments against the tool's schema first.
func (ts *toolSet) hostTools() map[string]host.Tool {
	out := make(map[string]host.Tool, len(ts.defs))
	for _, d := range ts.defs {
		out[d.name] = func(ctx context.Context, args map[string]any) (any, error) {
			if d.schema != nil {
				if err := d.schema.validate(args, ""); err != nil {
					return nil, fmt.Errorf("invalid arguments: %v", err)
				}
			}
			return d.run(ctx, args)
		}
	}
	return out
}

// names returns the tool names, sorted; nil for a nil set (tools unknown).
func (ts *toolSet) names() []string {
	if ts == nil {
		return nil
	}
	out := make([]string, len(ts.defs))
	for i, d := range ts.defs {
		out[i] = d.name
	}
	return out
}

// decodeJSON decodes exactly one JSON value, keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// cappedBuffer keeps the first max bytes written and notes an overflow.
type cappedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); room < len(p) {
		c.over = true
		c.Buffer.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return c.Buffer.Write(p)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// brief quotes the start of s for an error message.
func brief(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "(nothing)"
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "..."
	}
	return fmt.Sprintf("%q", s)
}

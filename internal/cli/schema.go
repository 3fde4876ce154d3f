package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// schema is the subset of JSON Schema that tool arguments are checked
// against before a call: type (a name or an array of names, with integer
// and number), properties, required, additionalProperties false, items,
// enum, minimum/maximum, minLength/maxLength. Every other keyword
// (description, format, pattern, oneOf, $ref, ...) is accepted and
// ignored; docs/cli.md lists them.
type schema struct {
	types      []string
	properties map[string]*schema
	required   []string
	closed     bool // additionalProperties: false
	items      *schema
	enum       []any
	hasEnum    bool
	min, max   *float64
	minLen     *int
	maxLen     *int
}

var schemaTypes = map[string]bool{
	"object": true, "array": true, "string": true, "integer": true,
	"number": true, "boolean": true, "null": true,
}

// parseSchema reads a schema from its decoded JSON (numbers as
// json.Number). at names the place in the tools file, for errors.
//
// # Errors
//
// A keyword this validator checks has a value of the wrong shape, e.g.
// "type": "int" or "required": "id".
func parseSchema(doc any, at string) (*schema, error) {
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: a schema must be a JSON object, got %s", at, jsonType(doc))
	}
	s := &schema{}
	switch t := m["type"].(type) {
	case nil:
	case string:
		s.types = []string{t}
	case []any:
		for _, x := range t {
			name, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%s: \"type\" array must hold type names, got %s", at, jsonType(x))
			}
			s.types = append(s.types, name)
		}
	default:
		return nil, fmt.Errorf("%s: \"type\" must be a type name or an array of them", at)
	}
	for _, t := range s.types {
		if !schemaTypes[t] {
			return nil, fmt.Errorf("%s: unknown type %q (use object, array, string, integer, number, boolean or null)", at, t)
		}
	}
	if p, ok := m["properties"]; ok {
		pm, ok := p.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: \"properties\" must be an object of schemas", at)
		}
		s.properties = map[string]*schema{}
		for name, sub := range pm {
			ps, err := parseSchema(sub, at+".properties."+name)
			if err != nil {
				return nil, err
			}
			s.properties[name] = ps
		}
	}
	if r, ok := m["required"]; ok {
		ra, ok := r.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: \"required\" must be an array of property names", at)
		}
		for _, x := range ra {
			name, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%s: \"required\" must be an array of property names", at)
			}
			s.required = append(s.required, name)
		}
	}
	if ap, ok := m["additionalProperties"].(bool); ok {
		s.closed = !ap
	}
	if it, ok := m["items"]; ok {
		var err error
		if s.items, err = parseSchema(it, at+".items"); err != nil {
			return nil, err
		}
	}
	if e, ok := m["enum"]; ok {
		ea, ok := e.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: \"enum\" must be an array of values", at)
		}
		s.enum, s.hasEnum = ea, true
	}
	var err error
	if s.min, err = schemaNumber(m, "minimum", at); err != nil {
		return nil, err
	}
	if s.max, err = schemaNumber(m, "maximum", at); err != nil {
		return nil, err
	}
	if s.minLen, err = schemaCount(m, "minLength", at); err != nil {
		return nil, err
	}
	if s.maxLen, err = schemaCount(m, "maxLength", at); err != nil {
		return nil, err
	}
	return s, nil
}

func schemaNumber(m map[string]any, key, at string) (*float64, error) {
	v, ok := m[key]
	if !ok {
		return nil, nil
	}
	f, ok := toFloat(v)
	if !ok {
		return nil, fmt.Errorf("%s: %q must be a number", at, key)
	}
	return &f, nil
}

func schemaCount(m map[string]any, key, at string) (*int, error) {
	f, err := schemaNumber(m, key, at)
	if err != nil || f == nil {
		return nil, err
	}
	if *f < 0 || *f != math.Trunc(*f) {
		return nil, fmt.Errorf("%s: %q must be a non-negative integer", at, key)
	}
	n := int(*f)
	return &n, nil
}

// validate checks v against s and returns the first problem as
// "path: what is wrong", path like "items[2].qty" ("" is the whole
// argument map).
func (s *schema) validate(v any, path string) error {
	if len(s.types) > 0 && !s.typeMatches(v) {
		return schemaErr(path, "must be %s, got %s", strings.Join(s.types, " or "), describeJSON(v))
	}
	if s.hasEnum && !s.inEnum(v) {
		opts := make([]string, len(s.enum))
		for i, e := range s.enum {
			opts[i] = compactJSON(e)
		}
		return schemaErr(path, "must be one of %s, got %s", strings.Join(opts, ", "), compactJSON(v))
	}
	switch x := v.(type) {
	case map[string]any:
		return s.validateObject(x, path)
	case []any:
		if s.items != nil {
			for i, e := range x {
				if err := s.items.validate(e, path+"["+strconv.Itoa(i)+"]"); err != nil {
					return err
				}
			}
		}
	case string:
		n := len([]rune(x))
		if s.minLen != nil && n < *s.minLen {
			return schemaErr(path, "must be at least %d characters long, got %d", *s.minLen, n)
		}
		if s.maxLen != nil && n > *s.maxLen {
			return schemaErr(path, "must be at most %d characters long, got %d", *s.maxLen, n)
		}
	}
	if f, ok := toFloat(v); ok {
		if s.min != nil && f < *s.min {
			return schemaErr(path, "must be at least %s, got %s", fmtNum(*s.min), compactJSON(v))
		}
		if s.max != nil && f > *s.max {
			return schemaErr(path, "must be at most %s, got %s", fmtNum(*s.max), compactJSON(v))
		}
	}
	return nil
}

func (s *schema) validateObject(m map[string]any, path string) error {
	for _, r := range s.required {
		if _, ok := m[r]; !ok {
			return schemaErr(join(path, r), "is required")
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := s.properties[k]
		if !ok {
			if s.closed {
				return schemaErr(join(path, k), "is not an accepted argument (accepted: %s)", strings.Join(s.propertyNames(), ", "))
			}
			continue
		}
		if err := p.validate(m[k], join(path, k)); err != nil {
			return err
		}
	}
	return nil
}

func (s *schema) propertyNames() []string {
	names := make([]string, 0, len(s.properties))
	for n := range s.properties {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return []string{"none"}
	}
	return names
}

func (s *schema) typeMatches(v any) bool {
	for _, t := range s.types {
		switch t {
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "null":
			if v == nil {
				return true
			}
		case "number":
			if _, ok := toFloat(v); ok {
				return true
			}
		case "integer":
			if f, ok := toFloat(v); ok && f == math.Trunc(f) && !math.IsInf(f, 0) {
				return true
			}
		}
	}
	return false
}

func (s *schema) inEnum(v any) bool {
	for _, e := range s.enum {
		if jsonEqual(e, v) {
			return true
		}
	}
	return false
}

// jsonEqual compares two decoded JSON values, numbers by value.
func jsonEqual(a, b any) bool {
	fa, aNum := toFloat(a)
	fb, bNum := toFloat(b)
	if aNum || bNum {
		return aNum && bNum && fa == fb
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			if yv, ok := y[k]; !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// toFloat reads a JSON number in any of its decoded forms.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func schemaErr(path, format string, args ...any) error {
	if path == "" {
		path = "the arguments"
	}
	return fmt.Errorf("%s %s", path, fmt.Sprintf(format, args...))
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	if f, ok := toFloat(v); ok {
		if f == math.Trunc(f) {
			return "an integer"
		}
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// describeJSON is jsonType with the value when it is short.
func describeJSON(v any) string {
	s := compactJSON(v)
	if v == nil {
		return s
	}
	if len(s) > 40 {
		return jsonType(v)
	}
	return jsonType(v) + " " + s
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

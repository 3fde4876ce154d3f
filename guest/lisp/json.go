package lisp

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// maxDirectJSONDepth bounds the nesting appendJSON follows; deeper values
// take the general path.
const maxDirectJSONDepth = 1000

// appendJSON writes v as EncodeJSON does, straight from the Go value, for
// the types FromGo converts without a fallback (nil, booleans, numbers,
// strings, json.Number, []any, []string and map[string]any). It reports
// false, leaving b partly written, for anything else: another type, a NaN
// or infinity (an error on the general path), or nesting deeper than
// maxDirectJSONDepth. Map keys are written sorted, as FromGo inserts them,
// so for a map of up to 8 entries the bytes are the general path's; a
// larger map becomes a hash map in the interpreter, whose order does not
// depend on the order of the document's keys.
func appendJSON(b *strings.Builder, v any, depth int) bool {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int:
		appendInt(b, int64(x))
	case int8:
		appendInt(b, int64(x))
	case int16:
		appendInt(b, int64(x))
	case int32:
		appendInt(b, int64(x))
	case int64:
		appendInt(b, x)
	case uint:
		return appendUint(b, uint64(x))
	case uint8:
		appendInt(b, int64(x))
	case uint16:
		appendInt(b, int64(x))
	case uint32:
		appendInt(b, int64(x))
	case uint64:
		return appendUint(b, x)
	case float32:
		return appendFloat(b, float64(x))
	case float64:
		return appendFloat(b, x)
	case string:
		lang.AppendJSONString(b, x)
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			appendInt(b, i)
			return true
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return appendFloat(b, f)
	case []any:
		if depth >= maxDirectJSONDepth {
			return false
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if !appendJSON(b, e, depth+1) {
				return false
			}
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			lang.AppendJSONString(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		if depth >= maxDirectJSONDepth {
			return false
		}
		var buf [8]string
		keys := buf[:0]
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			lang.AppendJSONString(b, k)
			b.WriteByte(':')
			if !appendJSON(b, x[k], depth+1) {
				return false
			}
		}
		b.WriteByte('}')
	default:
		return false
	}
	return true
}

func appendInt(b *strings.Builder, i int64) {
	var buf [20]byte
	b.Write(strconv.AppendInt(buf[:0], i, 10))
}

// appendUint writes u as FromGo converts it: an integer, or a float past
// the int64 range.
func appendUint(b *strings.Builder, u uint64) bool {
	if u > math.MaxInt64 {
		return appendFloat(b, float64(u))
	}
	appendInt(b, int64(u))
	return true
}

// appendFloat writes f as the interpreter prints it (100.0, 1.0E300);
// false for NaN and the infinities, which JSON cannot hold.
func appendFloat(b *strings.Builder, f float64) bool {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return false
	}
	b.WriteString(lang.FormatFloat(f))
	return true
}

package wire

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// EncodeResult writes the result document of abi/README.md. It writes the
// fixed shape directly: building it as a map and encoding that cost more
// than the evaluation of a small program.
func EncodeResult(r *lang.Result) []byte { return encodeResult(r, true) }

// encodeResult is EncodeResult; without ledgerValues the tool_calls
// entries leave out args and result (the request's host_ledger).
func encodeResult(r *lang.Result, ledgerValues bool) []byte {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(`{"outcome":`)
	lang.AppendJSONString(&b, string(r.Outcome))
	if r.Outcome != lang.OutcomeError {
		b.WriteString(`,"value":`)
		lang.AppendExportJSON(&b, r.Value)
		b.WriteString(`,"printed":`)
		writePrinted(&b, r.Value)
	}
	if e := r.Error; e != nil {
		b.WriteString(`,"error":{"kind":`)
		lang.AppendJSONString(&b, string(e.Kind))
		b.WriteString(`,"message":`)
		lang.AppendJSONString(&b, e.Message)
		b.WriteString(`,"pos":{"line":`)
		b.WriteString(strconv.Itoa(e.Pos.Line))
		b.WriteString(`,"col":`)
		b.WriteString(strconv.Itoa(e.Pos.Col))
		b.WriteByte('}')
		if e.Hint != "" {
			b.WriteString(`,"hint":`)
			lang.AppendJSONString(&b, e.Hint)
		}
		if e.Limit != "" {
			b.WriteString(`,"limit":`)
			lang.AppendJSONString(&b, e.Limit)
		}
		b.WriteByte('}')
	}
	b.WriteString(`,"prints":`)
	writeStrings(&b, r.Prints)
	if r.PrintsTruncated {
		b.WriteString(`,"prints_truncated":true`)
	}
	b.WriteString(`,"tool_calls":[`)
	for i, c := range r.ToolCalls {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":`)
		lang.AppendJSONString(&b, c.Name)
		if ledgerValues {
			b.WriteString(`,"args":`)
			lang.AppendExportJSON(&b, c.Args)
		}
		if c.Error != "" {
			b.WriteString(`,"error":`)
			lang.AppendJSONString(&b, c.Error)
		} else if ledgerValues {
			b.WriteString(`,"result":`)
			lang.AppendExportJSON(&b, c.Result)
		}
		if c.Batch != 0 {
			b.WriteString(`,"batch":`)
			b.WriteString(strconv.Itoa(c.Batch))
		}
		b.WriteByte('}')
	}
	b.WriteString(`],"steps":`)
	b.WriteString(strconv.FormatInt(r.Steps, 10))
	if len(r.Defined) > 0 {
		b.WriteString(`,"defined":`)
		writeStrings(&b, r.Defined)
	}
	b.WriteByte('}')
	return bytesOf(&b)
}

// writePrinted writes v's printed form as a JSON string. Most results
// (numbers, keywords, collections of them) print with no character JSON
// escapes, and are printed straight into the document rather than into
// a string that is then copied in, escaped.
func writePrinted(b *strings.Builder, v lang.Value) {
	if !lang.PrintsJSONPlain(v) {
		lang.AppendJSONString(b, lang.PrStr(v))
		return
	}
	b.WriteByte('"')
	lang.AppendPrStr(b, v)
	b.WriteByte('"')
}

func writeStrings(b *strings.Builder, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		lang.AppendJSONString(b, s)
	}
	b.WriteByte(']')
}

// bytesOf returns the bytes b built, without copying them: documents are
// written once and only read afterwards (copied out by the adapter), so
// the string's bytes can serve as the slice.
func bytesOf(b *strings.Builder) []byte {
	s := b.String()
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

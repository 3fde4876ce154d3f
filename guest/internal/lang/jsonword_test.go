package lang

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// quoteByByte is sxJSONQuote's rule written one byte at a time: the
// reference the word-at-a-time loop must match.
func quoteByByte(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && w == 1 {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(s[i : i+w])
			}
			i += w
			continue
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&0xF])
		default:
			b.WriteByte(c)
		}
		i++
	}
	b.WriteByte('"')
	return b.String()
}

// TestJSONStringsWordAtATime: quoting and parsing strings of every length
// around the 8-byte steps, with special bytes anywhere, give what the
// byte-by-byte rules give, and parsing reads back what quoting wrote.
func TestJSONStringsWordAtATime(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	specials := []string{`"`, `\`, "\n", "\x01", "\x7f", "é", "😀", "\xff", "\xe2\x82", " "}
	for i := 0; i < 50000; i++ {
		var s strings.Builder
		n := r.IntN(40)
		for j := 0; j < n; j++ {
			if r.IntN(10) == 0 {
				s.WriteString(specials[r.IntN(len(specials))])
			} else {
				s.WriteByte(byte('a' + r.IntN(26)))
			}
		}
		in := s.String()
		var b strings.Builder
		sxJSONQuote(&b, in)
		want := quoteByByte(in)
		if b.String() != want {
			t.Fatalf("quote %q:\n got %s\nwant %s", in, b.String(), want)
		}
		v, ok := DecodeJSON(want)
		if !ok || v != perByteValid(in) {
			t.Fatalf("parse %s: got %q %v, want %q", want, v, ok, perByteValid(in))
		}
		// Raw (unescaped) non-ASCII and invalid bytes in the document.
		raw := `"` + strings.NewReplacer(`"`, "", `\`, "", "\n", "", "\x01", "").Replace(in) + `"`
		v, ok = DecodeJSON(raw)
		body := raw[1 : len(raw)-1]
		if !ok || v != perByteValid(body) {
			t.Fatalf("parse raw %q: got %q %v", raw, v, ok)
		}
	}
}

// perByteValid replaces each byte of s that is not part of valid UTF-8
// with U+FFFD, as the JSON encoder and parser do.
func perByteValid(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

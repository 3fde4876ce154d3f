// Package jsonword scans JSON string contents eight bytes at a time.
//
// Most strings that cross the host↔guest boundary (names, ids, log lines,
// payloads) are plain printable ASCII with no quote or backslash: every
// byte stands for itself in JSON. Both sides (the guest's JSON in
// guest/internal/lang and the host's in host/internal/wirejson) skip such
// runs a machine word at a time instead of testing each byte; the byte
// loops after the run handle escapes and UTF-8.
//
// The package is pure Go with no imports beyond unsafe, so the Wasm guest
// links it at no cost.
package jsonword

import "unsafe"

// Plain reports whether each of the 8 bytes packed in w stands for itself
// in a JSON string: printable ASCII other than '"' and '\\'. The tests for
// "a byte below n" and "a byte equal to c" are the classic word-at-a-time
// ones; each is exact as a whole-word yes or no.
func Plain(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	control := (w - ones*0x20) &^ w & highs
	q := w ^ (ones * '"')
	quote := (q - ones) &^ q & highs
	bs := w ^ (ones * '\\')
	backslash := (bs - ones) &^ bs & highs
	return control|quote|backslash|w&highs == 0
}

// Load is the 8 bytes of s at i (i+8 <= len(s)) as one word: one load
// where a byte loop would make eight. The byte order is the machine's;
// Plain does not depend on it.
func Load(s string, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}

// PlainPrefix is the length of the run of plain bytes (see Plain) that s
// starts with.
func PlainPrefix(s string) int {
	i := 0
	for i+8 <= len(s) && Plain(Load(s, i)) {
		i += 8
	}
	for i < len(s) {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			break
		}
		i++
	}
	return i
}

// PlainPrefixBytes is PlainPrefix for a byte slice.
func PlainPrefixBytes(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	return PlainPrefix(unsafe.String(&b[0], len(b)))
}

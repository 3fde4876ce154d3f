package jsonword

import (
	"math/rand/v2"
	"testing"
)

// plainByte is Plain's rule for one byte.
func plainByte(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }

// TestPlain: the word-at-a-time test agrees with the byte rule, for words
// that differ from an all-plain word in one byte (every value of it, in
// every position) and for random words.
func TestPlain(t *testing.T) {
	check := func(w [8]byte) {
		want := true
		for _, c := range w {
			want = want && plainByte(c)
		}
		s := string(w[:])
		if got := Plain(Load(s, 0)); got != want {
			t.Fatalf("%q: Plain = %v, want %v", s, got, want)
		}
	}
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := [8]byte{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}
			w[pos] = byte(c)
			check(w)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200000; i++ {
		var w [8]byte
		for j := range w {
			if r.IntN(4) == 0 {
				w[j] = byte(r.IntN(256))
			} else {
				w[j] = byte(0x20 + r.IntN(0x60))
			}
		}
		check(w)
	}
}

// TestPlainPrefix: the prefix ends at the first byte that is not plain,
// wherever it falls relative to the words, and at the end of the string.
func TestPlainPrefix(t *testing.T) {
	for n := 0; n <= 40; n++ {
		base := make([]byte, n)
		for i := range base {
			base[i] = byte('a' + i%26)
		}
		if got := PlainPrefix(string(base)); got != n {
			t.Fatalf("all plain, length %d: PlainPrefix = %d", n, got)
		}
		for at := 0; at < n; at++ {
			for _, c := range []byte{'"', '\\', 0, 0x1f, 0x7f, 0x80, 0xff} {
				b := append([]byte(nil), base...)
				b[at] = c
				want := at
				if plainByte(c) {
					want = n
				}
				if got := PlainPrefix(string(b)); got != want {
					t.Fatalf("%q: PlainPrefix = %d, want %d", b, got, want)
				}
				if got := PlainPrefixBytes(b); got != want {
					t.Fatalf("%q: PlainPrefixBytes = %d, want %d", b, got, want)
				}
			}
		}
	}
	if PlainPrefixBytes(nil) != 0 {
		t.Fatal("PlainPrefixBytes(nil) != 0")
	}
}

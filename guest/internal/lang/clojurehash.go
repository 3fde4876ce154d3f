package lang

import (
	"math"
	"sort"
	"unicode/utf16"
)

// Clojure's hash (hasheq) and the iteration order of its hash sets. Sets
// iterate, print and seq in the order Clojure's PersistentHashSet does, so
// (vec #{3 1 2}), (first s) and pr-str agree with Clojure. That order is
// the order of the 5-bit chunks of the 32-bit hash, lowest chunk first;
// equal hashes keep insertion order.

func murmurMixK1(k1 uint32) uint32 {
	k1 *= 0xcc9e2d51
	k1 = k1<<15 | k1>>17
	k1 *= 0x1b873593
	return k1
}

func murmurMixH1(h1, k1 uint32) uint32 {
	h1 ^= k1
	h1 = h1<<13 | h1>>19
	h1 = h1*5 + 0xe6546b64
	return h1
}

func murmurFmix(h1 uint32, length uint32) uint32 {
	h1 ^= length
	h1 ^= h1 >> 16
	h1 *= 0x85ebca6b
	h1 ^= h1 >> 13
	h1 *= 0xc2b2ae35
	h1 ^= h1 >> 16
	return h1
}

func murmurHashInt(input uint32) uint32 {
	if input == 0 {
		return 0
	}
	return murmurFmix(murmurMixH1(0, murmurMixK1(input)), 4)
}

func murmurHashLong(input int64) uint32 {
	if input == 0 {
		return 0
	}
	low, high := uint32(input), uint32(uint64(input)>>32)
	h1 := murmurMixH1(0, murmurMixK1(low))
	h1 = murmurMixH1(h1, murmurMixK1(high))
	return murmurFmix(h1, 8)
}

// murmurHashUnencodedChars hashes the UTF-16 code units of s.
func murmurHashUnencodedChars(s string) uint32 {
	units := utf16.Encode([]rune(s))
	var h1 uint32
	i := 1
	for ; i < len(units); i += 2 {
		k1 := uint32(units[i-1]) | uint32(units[i])<<16
		h1 = murmurMixH1(h1, murmurMixK1(k1))
	}
	if len(units)&1 == 1 {
		h1 ^= murmurMixK1(uint32(units[len(units)-1]))
	}
	return murmurFmix(h1, uint32(2*len(units)))
}

// javaStringHash is Java's String.hashCode over UTF-16 code units.
func javaStringHash(s string) uint32 {
	var h uint32
	for _, r := range s {
		if r < 0x10000 {
			h = 31*h + uint32(r)
			continue
		}
		hi, lo := utf16.EncodeRune(r)
		h = 31*h + uint32(hi)
		h = 31*h + uint32(lo)
	}
	return h
}

// hashCombine is Clojure's Util.hashCombine (Java int arithmetic: >> is
// an arithmetic shift).
func hashCombine(seed, hash uint32) uint32 {
	return seed ^ (hash + 0x9e3779b9 + seed<<6 + uint32(int32(seed)>>2))
}

// symbolHasheq is Clojure's Symbol.hasheq for "ns/name" or "name".
func symbolHasheq(full string) uint32 {
	ns, name := "", full
	if i := indexSlash(full); i > 0 && i < len(full)-1 {
		ns, name = full[:i], full[i+1:]
	}
	var nsHash uint32
	if ns != "" {
		nsHash = javaStringHash(ns)
	}
	return hashCombine(murmurHashUnencodedChars(name), nsHash)
}

func indexSlash(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// clojureHash is Clojure's hash (hasheq) for ordering: exact for nil,
// booleans, integers, floats, strings, keywords, symbols and collections of
// them; other values fall back to our own hash.
func clojureHash(v Value) uint32 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1231
		}
		return 1237
	case int64:
		return murmurHashLong(x)
	case float64:
		if x == 0 {
			return 0
		}
		b := math.Float64bits(x)
		return uint32(b ^ b>>32)
	case string:
		return murmurHashInt(javaStringHash(x))
	case Keyword:
		return symbolHasheq(string(x)) + 0x9e3779b9
	case Symbol:
		return symbolHasheq(string(x))
	case *Vector:
		h, n := uint32(1), uint32(0)
		x.Each(func(_ int, e Value) bool {
			h = 31*h + clojureHash(e)
			n++
			return true
		})
		return mixCollHash(h, n)
	case *List:
		h, n := uint32(1), uint32(0)
		x.Each(func(_ int, e Value) bool {
			h = 31*h + clojureHash(e)
			n++
			return true
		})
		return mixCollHash(h, n)
	case *Map:
		var h uint32
		x.Each(func(k, e Value) bool {
			h += mixCollHash(31*(31+clojureHash(k))+clojureHash(e), 2) // a [k v] entry
			return true
		})
		return mixCollHash(h, uint32(x.Len()))
	case *Set:
		var h uint32
		x.eachAnyOrder(func(e Value) bool {
			h += clojureHash(e)
			return true
		})
		return mixCollHash(h, uint32(x.Len()))
	}
	h := Hash(v)
	return uint32(h ^ h>>32)
}

// mixCollHash is Clojure's Murmur3.mixCollHash.
func mixCollHash(hash, count uint32) uint32 {
	return murmurFmix(murmurMixH1(0, murmurMixK1(hash)), count)
}

// hamtOrderKey turns a 32-bit hash into a key whose numeric order is the
// HAMT iteration order: the 5-bit chunks from the lowest, most significant
// first.
func hamtOrderKey(h uint32) uint64 {
	var k uint64
	for shift := uint(0); shift < 32; shift += 5 {
		k = k<<5 | uint64(h>>shift&31)
	}
	return k
}

// clojureOrder sorts items (in insertion order) into Clojure's hash-set
// iteration order.
func clojureOrder(items []Value) {
	if len(items) < 2 {
		return
	}
	keys := make([]uint64, len(items))
	for i, x := range items {
		keys[i] = hamtOrderKey(clojureHash(x))
	}
	sort.Stable(&orderSorter{items, keys})
}

type orderSorter struct {
	items []Value
	keys  []uint64
}

func (s *orderSorter) Len() int           { return len(s.items) }
func (s *orderSorter) Less(i, j int) bool { return s.keys[i] < s.keys[j] }
func (s *orderSorter) Swap(i, j int) {
	s.items[i], s.items[j] = s.items[j], s.items[i]
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
}

// Package lang holds PTC-Lisp's values, analyzer, evaluator and builtin
// library. It is pure Go: no os, net, syscall or wasm imports (a test in
// guest/ enforces this), so it is tested, fuzzed and benchmarked natively.
//
// A Value is any of:
//
//	nil        nil
//	bool       true, false
//	int64      integers (overflow is an arithmetic_error, never a wrap)
//	float64    doubles, including ##Inf, ##-Inf and ##NaN
//	string     strings; character literals are one-character strings
//	Keyword    :name or :ns/name (the string holds "name" or "ns/name")
//	Symbol     a quoted symbol, 'name
//	*Vector    persistent vector
//	*List      persistent linked list ('(1 2), (list ...))
//	*Map       persistent map (array map when small, hash trie when large)
//	*Set       persistent set
//	*Fn        closure made by fn/defn/#()
//	*Builtin   library function
//	*Regex     compiled regular expression
//	VarRef     the #'name display value returned by def
//	other      host-like values defined by the interop files (dates ...)
package lang

import (
	"math"
)

// Value is a PTC-Lisp value. See the package comment for the set of types.
type Value = any

// Keyword is a keyword without its leading colon: "name" or "ns/name".
type Keyword string

// Symbol is a quoted symbol value: 'name.
type Symbol string

// VarRef is what def, defn and defonce return: it prints as #'user/name.
type VarRef string

// Truthy reports whether v counts as true: everything but nil and false.
func Truthy(v Value) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	}
	return true
}

// TypeName is the short name of v's type used in error messages.
func TypeName(v Value) string {
	switch v.(type) {
	case nil:
		return "nil"
	case bool:
		return "boolean"
	case int64:
		return "integer"
	case float64:
		return "float"
	case string:
		return "string"
	case Keyword:
		return "keyword"
	case Symbol:
		return "symbol"
	case *Vector:
		return "vector"
	case *List:
		return "list"
	case *Map:
		return "map"
	case *Set:
		return "set"
	case *Fn, *Builtin:
		return "function"
	case *Regex:
		return "regex"
	case VarRef:
		return "var"
	}
	if t, ok := v.(interface{ TypeName() string }); ok {
		return t.TypeName()
	}
	return "unknown"
}

// Equal is Clojure's = on two values: numbers of different kinds are not
// equal (1 and 1.0 differ; use == for that), sequential collections are equal
// when their elements are (a vector equals a list), maps and sets compare as
// unordered collections.
func Equal(a, b Value) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case Keyword:
		y, ok := b.(Keyword)
		return ok && x == y
	case Symbol:
		y, ok := b.(Symbol)
		return ok && x == y
	case *Vector:
		switch y := b.(type) {
		case *Vector:
			return vectorsEqual(x, y)
		case *List:
			return seqEqualVL(x, y)
		}
		return false
	case *List:
		switch y := b.(type) {
		case *Vector:
			return seqEqualVL(y, x)
		case *List:
			return listsEqual(x, y)
		}
		return false
	case *Map:
		y, ok := b.(*Map)
		return ok && mapsEqual(x, y)
	case *Set:
		y, ok := b.(*Set)
		return ok && setsEqual(x, y)
	case VarRef:
		y, ok := b.(VarRef)
		return ok && x == y
	case *Regex:
		return a == b
	}
	if e, ok := a.(interface{ Equal(Value) bool }); ok {
		return e.Equal(b)
	}
	return a == b
}

func vectorsEqual(x, y *Vector) bool {
	if x == y {
		return true
	}
	n := x.Len()
	if n != y.Len() {
		return false
	}
	for i := 0; i < n; i++ {
		if !Equal(x.Nth(i), y.Nth(i)) {
			return false
		}
	}
	return true
}

func seqEqualVL(x *Vector, y *List) bool {
	n := x.Len()
	if n != y.Len() {
		return false
	}
	i := 0
	for l := y; l != nil && l.count > 0; l = l.rest {
		if !Equal(x.Nth(i), l.first) {
			return false
		}
		i++
	}
	return true
}

func listsEqual(x, y *List) bool {
	if x.Len() != y.Len() {
		return false
	}
	for x != nil && x.count > 0 {
		if !Equal(x.first, y.first) {
			return false
		}
		x, y = x.rest, y.rest
	}
	return true
}

func mapsEqual(x, y *Map) bool {
	if x == y {
		return true
	}
	if x.Len() != y.Len() {
		return false
	}
	eq := true
	x.Each(func(k, v Value) bool {
		w, ok := y.Get(k)
		if !ok || !Equal(v, w) {
			eq = false
			return false
		}
		return true
	})
	return eq
}

func setsEqual(x, y *Set) bool {
	if x == y {
		return true
	}
	if x.Len() != y.Len() {
		return false
	}
	eq := true
	x.eachAnyOrder(func(k Value) bool {
		if !y.Contains(k) {
			eq = false
			return false
		}
		return true
	})
	return eq
}

// NumEqual is Clojure's ==: numbers compare by value whatever their kind.
func NumEqual(a, b Value) (bool, bool) {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return x == y, true
		case float64:
			return float64(x) == y, true
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return x == float64(y), true
		case float64:
			return x == y, true
		}
	}
	return false, false
}

// Hashing. Hashes are deterministic (no per-process seed) so that the
// iteration order of hash maps and sets, and so printing, is stable.

const (
	hashNil    uint64 = 0x9e3779b97f4a7c15
	hashTrue   uint64 = 0x6a09e667f3bcc909
	hashFalse  uint64 = 0xbb67ae8584caa73b
	fnvOffset  uint64 = 14695981039346656037
	fnvPrime   uint64 = 1099511628211
	seedString uint64 = 0x3c6ef372fe94f82b
	seedKW     uint64 = 0xa54ff53a5f1d36f1
	seedSym    uint64 = 0x510e527fade682d1
	seedSeq    uint64 = 0x1f83d9abfb41bd6b
	seedMap    uint64 = 0x5be0cd19137e2179
	seedSet    uint64 = 0xcbbb9d5dc1059ed8
)

func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func hashString(seed uint64, s string) uint64 {
	h := fnvOffset ^ seed
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return mix64(h)
}

// Hash returns a hash of v consistent with Equal.
func Hash(v Value) uint64 {
	switch x := v.(type) {
	case nil:
		return hashNil
	case bool:
		if x {
			return hashTrue
		}
		return hashFalse
	case int64:
		return mix64(uint64(x))
	case float64:
		if x == 0 {
			x = 0 // -0.0 equals 0.0
		}
		if x != x {
			return 0x7ff8000000000001
		}
		return mix64(math.Float64bits(x) ^ 0x5555555555555555)
	case string:
		return hashString(seedString, x)
	case Keyword:
		return hashString(seedKW, string(x))
	case Symbol:
		return hashString(seedSym, string(x))
	case VarRef:
		return hashString(seedSym^1, string(x))
	case *Vector:
		h := seedSeq
		n := x.Len()
		for i := 0; i < n; i++ {
			h = h*31 + Hash(x.Nth(i))
		}
		return mix64(h)
	case *List:
		h := seedSeq
		for l := x; l != nil && l.count > 0; l = l.rest {
			h = h*31 + Hash(l.first)
		}
		return mix64(h)
	case *Map:
		var h uint64
		x.Each(func(k, v Value) bool {
			h += mix64(Hash(k)*31 + Hash(v))
			return true
		})
		return mix64(h ^ seedMap)
	case *Set:
		var h uint64
		x.eachAnyOrder(func(k Value) bool {
			h += Hash(k)
			return true
		})
		return mix64(h ^ seedSet)
	}
	if hv, ok := v.(interface{ Hash() uint64 }); ok {
		return hv.Hash()
	}
	// Functions, regexes: identity. Not hashed by address (not stable);
	// they all share one bucket, which is correct if slow.
	return 0x1234567
}

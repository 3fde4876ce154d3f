package lang

import (
	"strings"
	"unicode/utf8"
)

// flexGet looks k up in m with PTC's flexible key matching: the exact key
// first; then a keyword key also finds the string with the same name and a
// string finds the keyword; then, if the name has hyphens, the same two tries
// with hyphens replaced by underscores. JSON from tools has string keys and
// programs use keywords; this makes (:status order) work on both.
func flexGet(m *Map, k Value) (Value, bool) {
	if v, ok := m.Get(k); ok {
		return v, true
	}
	var name string
	switch x := k.(type) {
	case Keyword:
		name = string(x)
		if v, ok := m.Get(name); ok {
			return v, true
		}
	case string:
		name = x
		if v, ok := m.Get(Keyword(x)); ok {
			return v, true
		}
	default:
		return nil, false
	}
	if strings.IndexByte(name, '-') < 0 {
		return nil, false
	}
	alt := strings.ReplaceAll(name, "-", "_")
	if v, ok := m.Get(Keyword(alt)); ok {
		return v, true
	}
	if v, ok := m.Get(alt); ok {
		return v, true
	}
	return nil, false
}

// keywordGet is (k m) and (k m default) for a keyword k. It takes k as
// the Value its caller holds: a Keyword converted to a Value again would
// be a new allocation on every lookup (a fifth of W1's allocations).
func keywordGet(k Value, m Value, def Value) Value {
	if mm, ok := m.(*Map); ok {
		if v, ok := flexGet(mm, k); ok {
			return v
		}
		return def
	}
	return getValue(m, k, def)
}

// getValue is Clojure's get: maps (with flexible keys), vectors and strings
// by integer index, sets by membership; anything else gives def.
func getValue(coll Value, k Value, def Value) Value {
	switch c := coll.(type) {
	case *Map:
		if v, ok := flexGet(c, k); ok {
			return v
		}
	case *Vector:
		if i, ok := k.(int64); ok && i >= 0 && i < int64(c.Len()) {
			return c.Nth(int(i))
		}
	case *Set:
		if v, ok := c.Get(k); ok {
			return v
		}
	case string:
		if i, ok := k.(int64); ok && i >= 0 {
			if s, ok := runeAt(c, int(i)); ok {
				return s
			}
		}
	}
	return def
}

// getFound is get that also reports whether the key was present.
func getFound(coll Value, k Value) (Value, bool) {
	switch c := coll.(type) {
	case *Map:
		return flexGet(c, k)
	case *Vector:
		if i, ok := k.(int64); ok && i >= 0 && i < int64(c.Len()) {
			return c.Nth(int(i)), true
		}
	case *Set:
		return c.Get(k)
	case string:
		if i, ok := k.(int64); ok && i >= 0 {
			return runeAt(c, int(i))
		}
	}
	return nil, false
}

// runeAt returns the i-th character of s as a one-character string.
func runeAt(s string, i int) (string, bool) {
	if i < len(s) && isASCII(s) {
		return s[i : i+1], true
	}
	n := 0
	for off, r := range s {
		if n == i {
			return s[off : off+utf8.RuneLen(r)], true
		}
		n++
	}
	return "", false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

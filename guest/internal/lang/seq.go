package lang

import (
	"unicode/utf8"
)

// Sequence access. Every sequence function is eager: it walks a seqable
// (nil, vector, list, map, set, string) and builds a vector.

// isSeqable reports whether v can be walked as a sequence.
func isSeqable(v Value) bool {
	switch v.(type) {
	case nil, *Vector, *List, *Map, *Set, string:
		return true
	}
	return false
}

// eachSeq calls fn on each element of coll in order until fn returns
// false. Map elements are [k v] vectors; string elements are
// one-character strings. It charges one step per element and raises a
// type_error naming fn for anything that is not seqable.
func eachSeq(t *Thread, fname string, coll Value, fn func(x Value) bool) {
	switch c := coll.(type) {
	case nil:
	case *Vector:
		c.Each(func(_ int, x Value) bool {
			t.step()
			return fn(x)
		})
	case *List:
		for l := c; l != nil && l.count > 0; l = l.rest {
			t.step()
			if !fn(l.first) {
				return
			}
		}
	case *Map:
		c.Each(func(k, v Value) bool {
			t.step()
			return fn(NewVector([]Value{k, v}))
		})
	case *Set:
		c.Each(func(x Value) bool {
			t.step()
			return fn(x)
		})
	case string:
		for i := 0; i < len(c); {
			_, size := utf8.DecodeRuneInString(c[i:])
			t.step()
			if !fn(c[i : i+size]) {
				return
			}
			i += size
		}
	default:
		throw(notSeqable(fname, coll))
	}
}

func notSeqable(fname string, v Value) *Error {
	e := Errorf(TypeError, "%s expects a collection, got %s", fname, describeForError(v))
	switch v.(type) {
	case *Fn, *Builtin, Keyword:
		e.Hint = "arguments may be swapped: collection functions take the function first, e.g. (map f coll)"
	case int64, float64:
		e.Hint = "use (range n) to make a sequence of numbers"
	}
	return e
}

// seqItems returns the elements of coll as a slice. The slice may share
// storage with nothing the caller can see; callers may keep it.
func seqItems(t *Thread, coll Value) []Value {
	return seqItemsNamed(t, "seq", coll)
}

func seqItemsNamed(t *Thread, fname string, coll Value) []Value {
	switch c := coll.(type) {
	case nil:
		return nil
	case *Vector:
		t.charge(c.Len())
		return c.ToSlice()
	case *List:
		t.charge(c.Len())
		return c.ToSlice()
	}
	var out []Value
	eachSeq(t, fname, coll, func(x Value) bool {
		out = append(out, x)
		return true
	})
	return out
}

// seqCount is count for any countable value.
func seqCount(fname string, coll Value) int {
	switch c := coll.(type) {
	case nil:
		return 0
	case *Vector:
		return c.Len()
	case *List:
		return c.Len()
	case *Map:
		return c.Len()
	case *Set:
		return c.Len()
	case string:
		return utf8.RuneCountInString(c)
	}
	throw(Errorf(TypeError, "%s expects a collection or string, got %s", fname, describeForError(coll)))
	return 0
}

package lang

import "unsafe"

// jsonArena hands out the small pieces of a parsed JSON document from
// shared chunks: the entries of its maps and vectors, the Map headers, and
// the boxes of its strings and integers. Made one by one they were three
// allocations per object and one per string, most of the cost of
// decoding a tool result; in Wasm an allocation costs several times what
// it does natively.
//
// A chunk stays alive while any piece of it does. That costs little
// here: a document's strings (its keys too) are substrings of its text
// unless they hold escapes, so a map or string kept from it keeps the
// whole text alive already. A chunk is sized to the rest of the text
// (nextChunk), so a small document gets small chunks, and none holds
// more than jsonChunkMax pieces.
type jsonArena struct {
	vals []Value
	maps []Map
	strs []string
	ints []int64
}

// jsonChunkMax bounds the pieces of one chunk (4 KiB of Values).
const jsonChunkMax = 256

// nextChunk is the size of a new chunk of a kind of which the rest of the
// document holds about a piece per bytesPer bytes of its text: that
// guess, at least need pieces, at most jsonChunkMax (or need, if more).
func (p *sxJSONParser) nextChunk(bytesPer, need int) int {
	return max(need, min(max(4, (len(p.s)-p.i)/bytesPer), jsonChunkMax))
}

// take returns the next piece of the chunk *slab, starting a new chunk
// (of a piece per bytesPer bytes of the rest of the text) when it is used
// up.
func take[T any](p *sxJSONParser, slab *[]T, bytesPer int) *T {
	if len(*slab) == 0 {
		*slab = make([]T, p.nextChunk(bytesPer, 1))
	}
	e := &(*slab)[0]
	*slab = (*slab)[1:]
	return e
}

// stringType is the type word of an interface holding a string.
var stringType = func() unsafe.Pointer {
	var x any = "type word"
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]
}()

// boxIn returns the interface of type typ whose data word is p.
func boxIn(typ, p unsafe.Pointer) Value {
	var v any
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	w[0], w[1] = typ, p
	return v
}

// newValues returns a slice of n Values, capped at n: the caller owns it
// alone (an append copies it elsewhere). A long slice is made on its own.
func (p *sxJSONParser) newValues(n int) []Value {
	a := &p.arena
	if n > jsonChunkMax/4 {
		return make([]Value, n)
	}
	if len(a.vals) < n {
		a.vals = make([]Value, p.nextChunk(8, n))
	}
	out := a.vals[:n:n]
	a.vals = a.vals[n:]
	return out
}

// newMap is NewMapFromPairs(kvs), its header from the arena. When the
// keys are known to be distinct, it does not look for duplicates.
func (p *sxJSONParser) newMap(kvs []Value, distinct bool) *Map {
	if len(kvs) > 2*mapArrayMax {
		return NewMapFromPairs(kvs)
	}
	m := take(p, &p.arena.maps, 32)
	if !distinct {
		kvs = uniquePairs(kvs)
	}
	*m = Map{count: len(kvs) / 2, kvs: kvs}
	return m
}

// boxString returns s as a Value, its box from the arena.
func (p *sxJSONParser) boxString(s string) Value {
	if s == "" {
		return "" // Go boxes the empty string without allocating
	}
	box := take(p, &p.arena.strs, 32)
	*box = s
	return boxIn(stringType, unsafe.Pointer(box))
}

// boxInt returns i as a Value: a shared box for a small integer, else a box
// from the arena.
func (p *sxJSONParser) boxInt(i int64) Value {
	if i >= smallIntMin && i < smallIntMax {
		return smallInts[i-smallIntMin]
	}
	box := take(p, &p.arena.ints, 32)
	*box = i
	return boxIn(int64Type, unsafe.Pointer(box))
}

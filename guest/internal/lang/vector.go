package lang

import (
	"sync/atomic"
	"unsafe"
)

// Persistent vector: a 32-way trie of full 32-element leaves plus a tail
// holding the last 1..32 elements, as in Clojure.
//
// Layout invariants, for a vector v with v.cnt > 0:
//   - the trie holds elements [0, tailOff) and the tail [tailOff, cnt), where
//     tailOff = (cnt-1) &^ 31, so the tail is never empty;
//   - root is nil when tailOff == 0, otherwise it is an interior node of
//     height shift (shift >= 5, a multiple of 5): a node at shift 5 points to
//     leaves, a node at a larger shift to nodes at shift-5;
//   - shift is the smallest that fits the trie's leaves (1<<shift leaves fit
//     under a root at that shift).
//
// The tail array is sized to fit: a vector made by NewVector or a
// VectorBuilder uses its items as they are, and Conj grows a copied tail
// geometrically (4, 8, 16, 32 slots; always 32 once the vector has a
// trie), so tiny vectors stay tiny. A tail array with spare slots comes with
// a claim counter (v.claim) shared by every vector using that array: it
// records how many of its slots have been handed out. Conj appends in place,
// without copying the tail, when the vector's tail ends exactly at the
// counter and it wins the compare-and-swap that claims the next slot; any
// other version sharing the array (an older one, a sibling that lost the
// race, a popped one) copies instead, as does a vector whose tail has no
// counter. Each slot is thus written at most once, before any vector that can
// see it exists, which keeps every vector immutable. A full tail (32
// elements) can no longer change and becomes a trie leaf as it is.
//
// To keep the Vector header at 32 bytes (it is allocated by every Conj,
// Assoc and Pop) the tail is stored as a pointer to its first element and
// the array's capacity; tailVals rebuilds the slice with unsafe.Slice.

const (
	vecBits  = 5
	vecWidth = 1 << vecBits
	vecMask  = vecWidth - 1

	vecMaxLen = 1<<31 - 1 // cnt is an int32
)

// vecNode is an interior node of the trie. Nodes at shift 5 use leaves;
// nodes higher up use nodes. Unused slots are nil.
type vecNode struct {
	nodes  [vecWidth]*vecNode
	leaves [vecWidth]*[vecWidth]Value
}

// vecSpare is a tail array with room to append in place, allocated together
// with its claim counter. A is [c]Value for c in 4, 8, 16, 32.
type vecSpare[A any] struct {
	used atomic.Int32
	vals A
}

// Vector is an immutable persistent vector. The zero Vector is empty; use
// EmptyVector or NewVector rather than a nil *Vector.
type Vector struct {
	tail  *Value        // the tail array, elements [tailOff, cnt); nil if empty
	root  *vecNode      // trie; nil when cnt <= 32
	claim *atomic.Int32 // slots of the tail array handed out; nil: none spare
	cnt   int32
	shift uint8 // height of root
	tcap  uint8 // capacity of the tail array, <= 32
}

// vecMake returns a vector with the given tail (len(tail) = cnt - tailOff,
// cap(tail) <= 32).
func vecMake(tail []Value, root *vecNode, claim *atomic.Int32, cnt int32, shift uint) *Vector {
	return &Vector{tail: unsafe.SliceData(tail), root: root, claim: claim, cnt: cnt, shift: uint8(shift), tcap: uint8(cap(tail))}
}

// tailVals returns the tail: elements [tailOff, cnt), with the tail array's
// spare capacity.
func (v *Vector) tailVals() []Value {
	return unsafe.Slice(v.tail, v.tcap)[:int(v.cnt)-v.tailOff()]
}

var emptyVector = &Vector{shift: vecBits}

// EmptyVector returns the shared empty vector.
func EmptyVector() *Vector { return emptyVector }

// NewVector returns a vector holding items. It takes ownership of items: the
// caller must not use the slice afterwards (the vector keeps it as its
// storage, without copying).
func NewVector(items []Value) *Vector {
	n := len(items)
	if n == 0 {
		return emptyVector
	}
	if n > vecMaxLen {
		panic("lang: vector too large")
	}
	if cap(items)-n > n+8 {
		// A short slice of a much bigger array: don't keep it all alive.
		items = append(make([]Value, 0, n), items...)
	}
	to := (n - 1) &^ vecMask
	var root *vecNode
	shift := uint(vecBits)
	if to > 0 {
		root, shift = vecBuildTree(to>>vecBits, func(i int) *[vecWidth]Value {
			return (*[vecWidth]Value)(items[i<<vecBits : (i+1)<<vecBits])
		})
	}
	return vecMake(items[to:n:n], root, nil, int32(n), shift)
}

// vecBuildTree builds a left-packed trie over numLeaves (>= 1) leaves and
// returns its root and shift. Each level's nodes share one allocation.
func vecBuildTree(numLeaves int, leaf func(i int) *[vecWidth]Value) (*vecNode, uint) {
	level := make([]vecNode, (numLeaves+vecMask)>>vecBits)
	for i := 0; i < numLeaves; i++ {
		level[i>>vecBits].leaves[i&vecMask] = leaf(i)
	}
	shift := uint(vecBits)
	for len(level) > 1 {
		up := make([]vecNode, (len(level)+vecMask)>>vecBits)
		for i := range level {
			up[i>>vecBits].nodes[i&vecMask] = &level[i]
		}
		level = up
		shift += vecBits
	}
	return &level[0], shift
}

// vecTailCap is the capacity of a new tail that must hold n (1..32)
// elements: 32 when the vector has a trie (it is already long and likely
// to grow), else n rounded up to a power of two, at least 4 (so that conj
// onto an empty or tiny vector does not copy again at once).
func vecTailCap(n int, deep bool) int {
	c := 4
	if deep {
		c = vecWidth
	}
	for c < n {
		c <<= 1
	}
	return c
}

// vecNewTail returns a new tail array of capacity c holding a copy of old
// (len(old) <= n <= c), resliced to length n, and its claim counter set to
// n; the counter is nil when there is no spare room (c == n).
func vecNewTail(old []Value, n, c int) ([]Value, *atomic.Int32) {
	if c <= n {
		t := make([]Value, n)
		copy(t, old)
		return t, nil
	}
	var t []Value
	var used *atomic.Int32
	switch {
	case c <= 4:
		s := new(vecSpare[[4]Value])
		t, used = s.vals[:], &s.used
	case c <= 8:
		s := new(vecSpare[[8]Value])
		t, used = s.vals[:], &s.used
	case c <= 16:
		s := new(vecSpare[[16]Value])
		t, used = s.vals[:], &s.used
	default:
		s := new(vecSpare[[vecWidth]Value])
		t, used = s.vals[:], &s.used
	}
	used.Store(int32(n))
	copy(t, old)
	return t[:n], used
}

// Len returns the number of elements.
func (v *Vector) Len() int { return int(v.cnt) }

func (v *Vector) tailOff() int {
	if v.cnt == 0 {
		return 0
	}
	return int(v.cnt-1) &^ vecMask
}

// leafFor returns the trie leaf holding index i (i < tailOff).
func (v *Vector) leafFor(i int) *[vecWidth]Value {
	n := v.root
	for s := uint(v.shift); s > vecBits; s -= vecBits {
		n = n.nodes[(i>>s)&vecMask]
	}
	return n.leaves[(i>>vecBits)&vecMask]
}

// chunkFor returns the leaf or tail slice holding index i, starting at the
// chunk's first index (i &^ 31).
func (v *Vector) chunkFor(i int) []Value {
	if to := v.tailOff(); i >= to {
		// Capacity = length: callers must not append into spare slots.
		return unsafe.Slice(v.tail, int(v.cnt)-to)
	}
	return v.leafFor(i)[:]
}

func (v *Vector) checkIndex(i int) {
	if uint(i) >= uint(v.cnt) {
		panic(sprintf("lang: vector index %d out of range [0,%d)", i, v.cnt))
	}
}

// Nth returns element i. It panics unless 0 <= i < Len.
func (v *Vector) Nth(i int) Value {
	v.checkIndex(i)
	if to := v.tailOff(); i >= to {
		return unsafe.Slice(v.tail, v.tcap)[i-to]
	}
	return v.leafFor(i)[i&vecMask]
}

// Peek returns the last element, or nil when v is empty.
func (v *Vector) Peek() Value {
	if v.cnt == 0 {
		return nil
	}
	return unsafe.Slice(v.tail, v.tcap)[(v.cnt-1)&vecMask]
}

// Conj returns v with x appended.
func (v *Vector) Conj(x Value) *Vector {
	if v.cnt == vecMaxLen {
		panic("lang: vector too large")
	}
	t := v.tailVals()
	n := len(t)
	if n < vecWidth {
		claim := v.claim
		if n == cap(t) || claim == nil || !claim.CompareAndSwap(int32(n), int32(n+1)) {
			t, claim = vecNewTail(t, n+1, vecTailCap(n+1, v.root != nil))
		} else {
			t = t[:n+1]
		}
		t[n] = x
		return vecMake(t, v.root, claim, v.cnt+1, uint(v.shift))
	}
	// The tail is full: it becomes a leaf and x starts a new tail.
	leaf := (*[vecWidth]Value)(t)
	nt, claim := vecNewTail(nil, 1, vecWidth)
	nt[0] = x
	cnt := int(v.cnt)
	root, shift := v.root, uint(v.shift)
	switch {
	case root == nil:
		root, shift = new(vecNode), vecBits
		root.leaves[0] = leaf
	case cnt>>vecBits > 1<<shift:
		// The trie is full at this height: grow a level.
		nr := new(vecNode)
		nr.nodes[0] = root
		nr.nodes[1] = vecNewPath(shift, leaf)
		root = nr
		shift += vecBits
	default:
		root = vecPushLeaf(cnt, shift, root, leaf)
	}
	return vecMake(nt, root, claim, v.cnt+1, shift)
}

// vecNewPath returns a node at the given shift whose leftmost path leads to
// leaf.
func vecNewPath(shift uint, leaf *[vecWidth]Value) *vecNode {
	n := new(vecNode)
	if shift == vecBits {
		n.leaves[0] = leaf
	} else {
		n.nodes[0] = vecNewPath(shift-vecBits, leaf)
	}
	return n
}

// vecPushLeaf returns a copy of node (at shift) with leaf added as the leaf
// for indices [cnt-32, cnt).
func vecPushLeaf(cnt int, shift uint, node *vecNode, leaf *[vecWidth]Value) *vecNode {
	idx := ((cnt - 1) >> shift) & vecMask
	ret := new(vecNode)
	if shift == vecBits {
		ret.leaves = node.leaves
		ret.leaves[idx] = leaf
		return ret
	}
	ret.nodes = node.nodes
	if child := node.nodes[idx]; child != nil {
		ret.nodes[idx] = vecPushLeaf(cnt, shift-vecBits, child, leaf)
	} else {
		ret.nodes[idx] = vecNewPath(shift-vecBits, leaf)
	}
	return ret
}

// Assoc returns v with element i replaced by x. i == Len appends. It panics
// unless 0 <= i <= Len.
func (v *Vector) Assoc(i int, x Value) *Vector {
	if i == int(v.cnt) {
		return v.Conj(x)
	}
	v.checkIndex(i)
	if to := v.tailOff(); i >= to {
		t := v.tailVals()
		nt := make([]Value, len(t))
		copy(nt, t)
		nt[i-to] = x
		return vecMake(nt, v.root, nil, v.cnt, uint(v.shift))
	}
	return &Vector{tail: v.tail, root: vecAssoc(uint(v.shift), v.root, i, x), claim: v.claim,
		cnt: v.cnt, shift: v.shift, tcap: v.tcap}
}

func vecAssoc(shift uint, node *vecNode, i int, x Value) *vecNode {
	idx := (i >> shift) & vecMask
	ret := new(vecNode)
	if shift == vecBits {
		ret.leaves = node.leaves
		leaf := new([vecWidth]Value)
		*leaf = *node.leaves[idx]
		leaf[i&vecMask] = x
		ret.leaves[idx] = leaf
		return ret
	}
	ret.nodes = node.nodes
	ret.nodes[idx] = vecAssoc(shift-vecBits, node.nodes[idx], i, x)
	return ret
}

// Pop returns v without its last element. It panics when v is empty.
func (v *Vector) Pop() *Vector {
	switch v.cnt {
	case 0:
		panic("lang: can't pop an empty vector")
	case 1:
		return emptyVector
	}
	if int(v.cnt) > v.tailOff()+1 {
		// Share the tail: the claim counter is past our end, so a later
		// Conj on the result copies rather than overwriting.
		return &Vector{tail: v.tail, root: v.root, claim: v.claim, cnt: v.cnt - 1, shift: v.shift, tcap: v.tcap}
	}
	// The tail empties: the last leaf becomes the tail. Leaves never
	// change, and a full tail has no room to append, so it is shared.
	cnt := int(v.cnt)
	leaf := v.leafFor(cnt - 2)
	root, shift := vecPopLeaf(cnt, uint(v.shift), v.root), uint(v.shift)
	if root != nil && shift > vecBits && root.nodes[1] == nil {
		root = root.nodes[0]
		shift -= vecBits
	}
	if root == nil {
		shift = vecBits
	}
	return vecMake(leaf[:], root, nil, v.cnt-1, shift)
}

// vecPopLeaf returns node (at shift) without the leaf holding index cnt-2,
// the trie's last leaf, or nil when nothing is left.
func vecPopLeaf(cnt int, shift uint, node *vecNode) *vecNode {
	idx := ((cnt - 2) >> shift) & vecMask
	if shift == vecBits {
		if idx == 0 {
			return nil
		}
		ret := new(vecNode)
		ret.leaves = node.leaves
		ret.leaves[idx] = nil
		return ret
	}
	child := vecPopLeaf(cnt, shift-vecBits, node.nodes[idx])
	if child == nil && idx == 0 {
		return nil
	}
	ret := new(vecNode)
	ret.nodes = node.nodes
	ret.nodes[idx] = child
	return ret
}

// Each calls fn for each element in order, stopping early when fn returns
// false.
func (v *Vector) Each(fn func(i int, x Value) bool) {
	to := v.tailOff()
	for base := 0; base < to; base += vecWidth {
		for j, x := range v.leafFor(base) {
			if !fn(base+j, x) {
				return
			}
		}
	}
	for j, x := range v.tailVals() {
		if !fn(to+j, x) {
			return
		}
	}
}

// copyTo fills dst with the elements from index start on.
func (v *Vector) copyTo(dst []Value, start int) {
	for len(dst) > 0 {
		c := copy(dst, v.chunkFor(start)[start&vecMask:])
		dst = dst[c:]
		start += c
	}
}

// ToSlice returns the elements in a fresh slice.
func (v *Vector) ToSlice() []Value {
	out := make([]Value, v.cnt)
	v.copyTo(out, 0)
	return out
}

// Slice returns the elements [start, end) as a vector. It panics unless
// 0 <= start <= end <= Len.
func (v *Vector) Slice(start, end int) *Vector {
	if start < 0 || end < start || end > int(v.cnt) {
		panic(sprintf("lang: vector slice [%d:%d] out of range [0,%d]", start, end, v.cnt))
	}
	if start == 0 && end == int(v.cnt) {
		return v
	}
	items := make([]Value, end-start)
	v.copyTo(items, start)
	return NewVector(items)
}

// VectorBuilder builds a vector by appending, without the per-element
// copying of Conj. The zero VectorBuilder is ready to use.
//
// The first chunk starts small (the size hint, or vecBuildStart) and
// doubles up to 32 elements, so a small result gets a tail of about its
// size; a hint above 32 preallocates every chunk in one array. Chunks never
// have a claim counter, so a built vector's Conj copies its tail, and the
// builder may keep appending to a chunk a built vector uses (past its end).
type VectorBuilder struct {
	leaves []*[vecWidth]Value // full chunks
	cur    []Value            // chunk being filled; cap(cur) <= 32
	slab   []Value            // preallocated room for the next chunks
	hint   int                // capacity hint, until the first chunk exists
}

// vecBuildStart is the first chunk's capacity when there is no size hint.
const vecBuildStart = 8

// NewVectorBuilder returns a builder with room for about capHint elements.
// Nothing is allocated until the first Add.
func NewVectorBuilder(capHint int) *VectorBuilder {
	return &VectorBuilder{hint: capHint}
}

// grow makes room in cur for at least one more element.
func (b *VectorBuilder) grow() {
	n := len(b.cur)
	switch {
	case cap(b.cur) == 0: // the first chunk
		switch h := b.hint; {
		case h > vecWidth:
			b.slab = make([]Value, h)
			b.leaves = make([]*[vecWidth]Value, 0, (h-1)>>vecBits)
			b.cur = b.nextChunk()
		case h > 0:
			b.cur = make([]Value, 0, h)
		default:
			b.cur = make([]Value, 0, vecBuildStart)
		}
	case n == vecWidth: // full: it is a leaf now
		b.leaves = append(b.leaves, (*[vecWidth]Value)(b.cur))
		b.cur = b.nextChunk()
	default: // a short chunk is full: move to a bigger one
		c := vecWidth
		if len(b.leaves) == 0 {
			c = min(2*n, vecWidth)
		}
		nc := make([]Value, n, c)
		copy(nc, b.cur)
		b.cur = nc
	}
}

// nextChunk returns an empty chunk, from the slab while it lasts.
func (b *VectorBuilder) nextChunk() []Value {
	if len(b.slab) == 0 {
		return make([]Value, 0, vecWidth)
	}
	c := min(len(b.slab), vecWidth)
	ch := b.slab[:0:c]
	b.slab = b.slab[c:]
	return ch
}

// Add appends x.
func (b *VectorBuilder) Add(x Value) {
	if len(b.cur) == cap(b.cur) {
		b.grow()
	}
	b.cur = append(b.cur, x)
}

// Len returns the number of elements added so far.
func (b *VectorBuilder) Len() int { return len(b.leaves)<<vecBits + len(b.cur) }

// Build returns the vector of the elements added. The builder may still be
// used afterwards: the built vector does not change.
func (b *VectorBuilder) Build() *Vector {
	cnt := b.Len()
	if cnt == 0 {
		return emptyVector
	}
	if cnt > vecMaxLen {
		panic("lang: vector too large")
	}
	n := len(b.cur)
	tail := b.cur[:n:n]
	if len(b.leaves) == 0 && len(b.slab) > 0 {
		// The size hint was far too big: don't keep the slab alive.
		tail = append(make([]Value, 0, n), tail...)
	}
	var root *vecNode
	shift := uint(vecBits)
	if len(b.leaves) > 0 {
		root, shift = vecBuildTree(len(b.leaves), func(i int) *[vecWidth]Value { return b.leaves[i] })
	}
	return vecMake(tail, root, nil, int32(cnt), shift)
}

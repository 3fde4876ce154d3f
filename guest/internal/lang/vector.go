package lang

import (
	"sync/atomic"
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
// The tail lives in a vecTail, whose used field records how many of its slots
// have been handed out. Conj appends in place, without copying the tail,
// when the vector's tail ends exactly at used and it wins the
// compare-and-swap that claims the next slot; any other version sharing that
// tail (an older one, a sibling that lost the race, a popped one) copies
// instead. Each slot is thus written at most once, before any vector that can
// see it exists, which keeps every vector immutable.

const (
	vecBits  = 5
	vecWidth = 1 << vecBits
	vecMask  = vecWidth - 1
)

// vecNode is an interior node of the trie. Nodes at shift 5 use leaves;
// nodes higher up use nodes. Unused slots are nil.
type vecNode struct {
	nodes  [vecWidth]*vecNode
	leaves [vecWidth]*[vecWidth]Value
}

// vecTail is a vector's tail buffer. used counts the slots handed out; a
// full tail (used == 32) is frozen and may become a leaf.
type vecTail struct {
	used atomic.Int32
	vals [vecWidth]Value
}

// Vector is an immutable persistent vector. The zero Vector is empty; use
// EmptyVector or NewVector rather than a nil *Vector.
type Vector struct {
	cnt   int
	shift uint
	root  *vecNode
	tail  *vecTail
}

var emptyVector = &Vector{shift: vecBits}

// EmptyVector returns the shared empty vector.
func EmptyVector() *Vector { return emptyVector }

// NewVector returns a vector holding items. It takes ownership of items: the
// caller must not use the slice afterwards (its full 32-element chunks become
// the vector's leaves without copying).
func NewVector(items []Value) *Vector {
	n := len(items)
	if n == 0 {
		return emptyVector
	}
	to := (n - 1) &^ vecMask
	t := new(vecTail)
	copy(t.vals[:], items[to:])
	t.used.Store(int32(n - to))
	clear(items[to:]) // the backing array may outlive this call via the leaves
	v := &Vector{cnt: n, shift: vecBits, tail: t}
	if to > 0 {
		v.root, v.shift = vecBuildTree(to>>vecBits, func(i int) *[vecWidth]Value {
			return (*[vecWidth]Value)(items[i<<vecBits : (i+1)<<vecBits])
		})
	}
	return v
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

// Len returns the number of elements.
func (v *Vector) Len() int { return v.cnt }

func (v *Vector) tailOff() int {
	if v.cnt == 0 {
		return 0
	}
	return (v.cnt - 1) &^ vecMask
}

// leafFor returns the trie leaf holding index i (i < tailOff).
func (v *Vector) leafFor(i int) *[vecWidth]Value {
	n := v.root
	for s := v.shift; s > vecBits; s -= vecBits {
		n = n.nodes[(i>>s)&vecMask]
	}
	return n.leaves[(i>>vecBits)&vecMask]
}

// chunkFor returns the leaf or tail slice holding index i, starting at the
// chunk's first index (i &^ 31).
func (v *Vector) chunkFor(i int) []Value {
	if to := v.tailOff(); i >= to {
		return v.tail.vals[:v.cnt-to]
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
	if i >= v.tailOff() {
		return v.tail.vals[i&vecMask]
	}
	return v.leafFor(i)[i&vecMask]
}

// Peek returns the last element, or nil when v is empty.
func (v *Vector) Peek() Value {
	if v.cnt == 0 {
		return nil
	}
	return v.tail.vals[(v.cnt-1)&vecMask]
}

// Conj returns v with x appended.
func (v *Vector) Conj(x Value) *Vector {
	n := v.cnt - v.tailOff()
	if n < vecWidth {
		t := v.tail
		if t == nil || !t.used.CompareAndSwap(int32(n), int32(n+1)) {
			nt := new(vecTail)
			if t != nil {
				copy(nt.vals[:n], t.vals[:n])
			}
			nt.used.Store(int32(n + 1))
			t = nt
		}
		t.vals[n] = x
		return &Vector{cnt: v.cnt + 1, shift: v.shift, root: v.root, tail: t}
	}
	// The tail is full: it becomes a leaf and x starts a new tail.
	leaf := &v.tail.vals
	nt := new(vecTail)
	nt.vals[0] = x
	nt.used.Store(1)
	root, shift := v.root, v.shift
	switch {
	case root == nil:
		root, shift = new(vecNode), vecBits
		root.leaves[0] = leaf
	case v.cnt>>vecBits > 1<<shift:
		// The trie is full at this height: grow a level.
		nr := new(vecNode)
		nr.nodes[0] = root
		nr.nodes[1] = vecNewPath(shift, leaf)
		root = nr
		shift += vecBits
	default:
		root = vecPushLeaf(v.cnt, shift, root, leaf)
	}
	return &Vector{cnt: v.cnt + 1, shift: shift, root: root, tail: nt}
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
	if i == v.cnt {
		return v.Conj(x)
	}
	v.checkIndex(i)
	if to := v.tailOff(); i >= to {
		n := v.cnt - to
		nt := new(vecTail)
		copy(nt.vals[:n], v.tail.vals[:n])
		nt.vals[i&vecMask] = x
		nt.used.Store(int32(n))
		return &Vector{cnt: v.cnt, shift: v.shift, root: v.root, tail: nt}
	}
	return &Vector{cnt: v.cnt, shift: v.shift, root: vecAssoc(v.shift, v.root, i, x), tail: v.tail}
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
	to := v.tailOff()
	if v.cnt-to > 1 {
		// Share the tail: its used count is past our end, so a later Conj
		// on the result copies rather than overwriting.
		return &Vector{cnt: v.cnt - 1, shift: v.shift, root: v.root, tail: v.tail}
	}
	// The tail empties: the last leaf becomes the tail.
	nt := new(vecTail)
	nt.vals = *v.leafFor(v.cnt - 2)
	nt.used.Store(vecWidth)
	root, shift := vecPopLeaf(v.cnt, v.shift, v.root), v.shift
	if root != nil && shift > vecBits && root.nodes[1] == nil {
		root = root.nodes[0]
		shift -= vecBits
	}
	if root == nil {
		shift = vecBits
	}
	return &Vector{cnt: v.cnt - 1, shift: shift, root: root, tail: nt}
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
	if v.cnt == 0 {
		return
	}
	for j, x := range v.tail.vals[:v.cnt-to] {
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
	if start < 0 || end < start || end > v.cnt {
		panic(sprintf("lang: vector slice [%d:%d] out of range [0,%d]", start, end, v.cnt))
	}
	if start == 0 && end == v.cnt {
		return v
	}
	items := make([]Value, end-start)
	v.copyTo(items, start)
	return NewVector(items)
}

// VectorBuilder builds a vector by appending, without the per-element
// copying of Conj. The zero VectorBuilder is ready to use.
type VectorBuilder struct {
	leaves []*[vecWidth]Value // full chunks
	slab   []vecTail          // preallocated chunks not yet used
	cur    *vecTail           // chunk being filled
	n      int                // elements in cur
	free   int                // slots of cur that Add may write
	shared bool               // cur is the tail of a built vector
}

// NewVectorBuilder returns a builder with room for about capHint elements.
func NewVectorBuilder(capHint int) *VectorBuilder {
	b := &VectorBuilder{}
	if capHint > vecWidth {
		chunks := (capHint + vecMask) >> vecBits
		b.leaves = make([]*[vecWidth]Value, 0, chunks-1)
		b.slab = make([]vecTail, chunks)
	}
	return b
}

func (b *VectorBuilder) newChunk() *vecTail {
	if len(b.slab) > 0 {
		c := &b.slab[0]
		b.slab = b.slab[1:]
		return c
	}
	return new(vecTail)
}

// grow makes room in cur for at least one more element.
func (b *VectorBuilder) grow() {
	switch {
	case b.cur == nil:
		b.cur, b.n = b.newChunk(), 0
	case b.n == vecWidth:
		b.cur.used.Store(vecWidth) // frozen: it is a leaf now
		b.leaves = append(b.leaves, &b.cur.vals)
		b.cur, b.n = b.newChunk(), 0
	default: // shared with a built vector: copy before writing
		c := b.newChunk()
		copy(c.vals[:b.n], b.cur.vals[:b.n])
		b.cur = c
	}
	b.shared = false
	b.free = vecWidth - b.n
}

// Add appends x.
func (b *VectorBuilder) Add(x Value) {
	if b.free == 0 {
		b.grow()
	}
	b.cur.vals[b.n] = x
	b.n++
	b.free--
}

// Len returns the number of elements added so far.
func (b *VectorBuilder) Len() int { return len(b.leaves)<<vecBits + b.n }

// Build returns the vector of the elements added. The builder should not be
// used afterwards (doing so is safe but copies).
func (b *VectorBuilder) Build() *Vector {
	cnt := b.Len()
	if cnt == 0 {
		return emptyVector
	}
	b.cur.used.Store(int32(b.n))
	v := &Vector{cnt: cnt, shift: vecBits, tail: b.cur}
	if len(b.leaves) > 0 {
		v.root, v.shift = vecBuildTree(len(b.leaves), func(i int) *[vecWidth]Value { return b.leaves[i] })
	}
	b.shared, b.free = true, 0
	return v
}

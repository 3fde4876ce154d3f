package lang

import "math/bits"

// Persistent map. Up to mapArrayMax entries it is an array map: a flat
// k0,v0,k1,v1,... slice in insertion order, searched linearly. Beyond that it
// is a CHAMP-style hash trie (compressed hash-array mapped prefix tree) keyed
// by Hash: each node has a datamap (slots holding an entry inline) and a
// nodemap (slots holding a child node), 5 hash bits per level, lowest bits
// first. Below the level at shift 60 all 64 bits are used up: keys with
// equal hashes share a collision node there, a flat list of entries.
//
// The trie is kept canonical: a child node always holds at least two
// entries, so removing an entry that leaves a child with a single one moves
// that entry up into the parent. The shape, and so the iteration order, of a
// trie therefore depends only on its key set, not on the order of updates
// (apart from the order within a collision node).
//
// Builders edit trie nodes in place: a node whose edit field is the
// builder's token belongs to that builder. Persistent operations pass a nil
// token and always copy.

// mapArrayMax is the largest size of an array map.
const mapArrayMax = 8

const (
	hamBits = 5
	hamMask = 1<<hamBits - 1
	// hamMaxShift is the shift at which the hash bits run out and keys
	// with equal hashes go into a collision node.
	hamMaxShift = 65
)

// hamEdit marks the nodes owned by one builder. It is not zero-sized, so
// that each token has its own address.
type hamEdit struct{ _ byte }

// hamNode is a trie node. In a bitmap node arr holds
// 2*popcount(datamap) key/value slots followed by popcount(nodemap) child
// *hamNode, both in slot order. In a collision node (coll) arr holds only
// key/value pairs, all with one hash.
type hamNode struct {
	datamap uint32
	nodemap uint32
	coll    bool
	edit    *hamEdit
	arr     []Value
}

// Map is an immutable persistent map with Clojure = semantics for keys. Use
// EmptyMap, NewMapFromPairs or a MapBuilder rather than a nil *Map.
type Map struct {
	count int
	kvs   []Value  // array map entries, when root is nil
	root  *hamNode // hash trie, or nil for an array map
}

var emptyMap = &Map{}

// EmptyMap returns the shared empty map.
func EmptyMap() *Map { return emptyMap }

// NewMapFromPairs returns the map of the key/value pairs in kvs (k0, v0, k1,
// v1, ...). A later duplicate key's value wins. It takes ownership of kvs:
// the caller must not use the slice afterwards. It panics if len(kvs) is odd.
func NewMapFromPairs(kvs []Value) *Map {
	if len(kvs)%2 != 0 {
		panic("lang: NewMapFromPairs needs an even number of values")
	}
	if len(kvs) == 0 {
		return emptyMap
	}
	if len(kvs) <= 2*mapArrayMax {
		kvs = uniquePairs(kvs)
		return &Map{count: len(kvs) / 2, kvs: kvs}
	}
	var b MapBuilder
	for i := 0; i < len(kvs); i += 2 {
		b.Set(kvs[i], kvs[i+1])
	}
	return b.Build()
}

// uniquePairs removes the duplicate keys of the pairs kvs in place, each
// key keeping its first position and its last value: the entries of an
// array map, capped at their length.
func uniquePairs(kvs []Value) []Value {
	out := 0
	for i := 0; i < len(kvs); i += 2 {
		if j := mapArrayIndex(kvs[:out], kvs[i]); j >= 0 {
			kvs[j+1] = kvs[i+1]
			continue
		}
		kvs[out], kvs[out+1] = kvs[i], kvs[i+1]
		out += 2
	}
	clear(kvs[out:])
	return kvs[:out:out]
}

// mapArrayIndex returns the index of key k in the pair slice kvs, or -1.
// Keywords, strings and integers, the usual keys, are compared without
// going through Equal.
func mapArrayIndex(kvs []Value, k Value) int {
	switch kk := k.(type) {
	case Keyword:
		for i := 0; i < len(kvs); i += 2 {
			if x, ok := kvs[i].(Keyword); ok && x == kk {
				return i
			}
		}
		return -1
	case string:
		for i := 0; i < len(kvs); i += 2 {
			if x, ok := kvs[i].(string); ok && x == kk {
				return i
			}
		}
		return -1
	case int64:
		for i := 0; i < len(kvs); i += 2 {
			if x, ok := kvs[i].(int64); ok && x == kk {
				return i
			}
		}
		return -1
	}
	for i := 0; i < len(kvs); i += 2 {
		if Equal(k, kvs[i]) {
			return i
		}
	}
	return -1
}

// hamKeyEq reports whether the looked-up key k equals the stored key x.
func hamKeyEq(k, x Value) bool {
	if kk, ok := k.(Keyword); ok {
		y, ok := x.(Keyword)
		return ok && y == kk
	}
	return Equal(k, x)
}

// Len returns the number of entries.
func (m *Map) Len() int { return m.count }

// Get returns the value for key k and whether k is present.
func (m *Map) Get(k Value) (Value, bool) {
	_, v, ok := m.entry(k)
	return v, ok
}

// entry returns the stored key equal to k, its value and whether it exists.
func (m *Map) entry(k Value) (Value, Value, bool) {
	if m.root == nil {
		if i := mapArrayIndex(m.kvs, k); i >= 0 {
			return m.kvs[i], m.kvs[i+1], true
		}
		return nil, nil, false
	}
	return m.root.get(Hash(k), k)
}

// Assoc returns m with key k mapped to v. If k is present its value is
// replaced (an array map keeps the entry's position and the stored key).
func (m *Map) Assoc(k, v Value) *Map {
	r, _ := mapAssoc[Map](m, k, v, true)
	return r
}

// mapHolder is *Map or *Set: a pointer to H that gives access to the Map in
// it. The persistent operations allocate an H, so that a small array map's
// entries can share that allocation.
type mapHolder[H any] interface {
	*H
	mapPtr() *Map
}

func (m *Map) mapPtr() *Map { return m }

// mapAssoc returns a new H holding m with k mapped to v, or nil and false
// when that would not change m. When replace is false an existing entry is
// kept as it is.
func mapAssoc[H any, P mapHolder[H]](m *Map, k, v Value, replace bool) (P, bool) {
	if m.root == nil {
		i := mapArrayIndex(m.kvs, k)
		if i >= 0 && !replace {
			return nil, false
		}
		if i >= 0 || m.count < mapArrayMax {
			n := len(m.kvs)
			count := m.count
			if i < 0 {
				count++
			}
			h, kvs := mapArrayAlloc[H](2 * count)
			copy(kvs, m.kvs)
			if i >= 0 {
				kvs[i+1] = v
			} else {
				kvs[n], kvs[n+1] = k, v
			}
			*P(h).mapPtr() = Map{count: count, kvs: kvs}
			return h, true
		}
		// Grow into a trie, built in place under a private token.
		edit := new(hamEdit)
		root := hamFromPairs(edit, m.kvs)
		root, _ = root.assoc(edit, 0, Hash(k), k, v, true)
		h := P(new(H))
		*h.mapPtr() = Map{count: m.count + 1, root: root}
		return h, true
	}
	root, added := m.root.assoc(nil, 0, Hash(k), k, v, replace)
	if root == m.root {
		return nil, false
	}
	n := m.count
	if added {
		n++
	}
	h := P(new(H))
	*h.mapPtr() = Map{count: n, root: root}
	return h, true
}

// mapArrayAlloc returns a new H and a slots-long entry slice, in one
// allocation when slots is even and at most 2*mapArrayMax.
func mapArrayAlloc[H any](slots int) (*H, []Value) {
	switch slots {
	case 2:
		return mapBox[H](func(a *[2]Value) []Value { return a[:] })
	case 4:
		return mapBox[H](func(a *[4]Value) []Value { return a[:] })
	case 6:
		return mapBox[H](func(a *[6]Value) []Value { return a[:] })
	case 8:
		return mapBox[H](func(a *[8]Value) []Value { return a[:] })
	case 10:
		return mapBox[H](func(a *[10]Value) []Value { return a[:] })
	case 12:
		return mapBox[H](func(a *[12]Value) []Value { return a[:] })
	case 14:
		return mapBox[H](func(a *[14]Value) []Value { return a[:] })
	case 16:
		return mapBox[H](func(a *[16]Value) []Value { return a[:] })
	}
	return new(H), make([]Value, slots)
}

func mapBox[H, A any](slice func(*A) []Value) (*H, []Value) {
	b := new(struct {
		h H
		a A
	})
	return &b.h, slice(&b.a)
}

// hamFromPairs returns a trie owned by edit holding the pairs of kvs, which
// have distinct keys.
func hamFromPairs(edit *hamEdit, kvs []Value) *hamNode {
	root := &hamNode{edit: edit, arr: make([]Value, 0, len(kvs)+2)}
	for i := 0; i < len(kvs); i += 2 {
		root, _ = root.assoc(edit, 0, Hash(kvs[i]), kvs[i], kvs[i+1], true)
	}
	return root
}

// Dissoc returns m without key k (m itself when k is absent).
func (m *Map) Dissoc(k Value) *Map {
	r, changed := mapDissoc[Map](m, k)
	switch {
	case !changed:
		return m
	case r == nil:
		return emptyMap
	}
	return r
}

// mapDissoc returns a new H holding m without k, or nil and false when k is
// absent, or nil and true when the result is empty.
func mapDissoc[H any, P mapHolder[H]](m *Map, k Value) (P, bool) {
	if m.root == nil {
		i := mapArrayIndex(m.kvs, k)
		if i < 0 {
			return nil, false
		}
		if m.count == 1 {
			return nil, true
		}
		h, kvs := mapArrayAlloc[H](len(m.kvs) - 2)
		copy(kvs, m.kvs[:i])
		copy(kvs[i:], m.kvs[i+2:])
		*P(h).mapPtr() = Map{count: m.count - 1, kvs: kvs}
		return h, true
	}
	root := m.root.dissoc(0, Hash(k), k)
	if root == m.root {
		return nil, false
	}
	if m.count == 1 {
		return nil, true
	}
	h := P(new(H))
	*h.mapPtr() = Map{count: m.count - 1, root: root}
	return h, true
}

// Each calls fn for each entry, stopping early when fn returns false. Array
// maps go in insertion order, tries in a deterministic order that depends
// only on the keys.
func (m *Map) Each(fn func(k, v Value) bool) {
	if m.root == nil {
		for i := 0; i < len(m.kvs); i += 2 {
			if !fn(m.kvs[i], m.kvs[i+1]) {
				return
			}
		}
		return
	}
	m.root.each(fn)
}

// Keys returns the keys in Each order, in a fresh slice.
func (m *Map) Keys() []Value {
	out := make([]Value, 0, m.count)
	m.Each(func(k, _ Value) bool {
		out = append(out, k)
		return true
	})
	return out
}

// Vals returns the values in Each order, in a fresh slice.
func (m *Map) Vals() []Value {
	out := make([]Value, 0, m.count)
	m.Each(func(_, v Value) bool {
		out = append(out, v)
		return true
	})
	return out
}

// Trie nodes.

func hamBit(h uint64, shift uint) uint32 { return 1 << ((h >> shift) & hamMask) }

// dataEnd is the index in arr where the child nodes start.
func (n *hamNode) dataEnd() int {
	if n.coll {
		return len(n.arr)
	}
	return 2 * bits.OnesCount32(n.datamap)
}

func (n *hamNode) dataIndex(bit uint32) int {
	return 2 * bits.OnesCount32(n.datamap&(bit-1))
}

func (n *hamNode) nodeIndex(bit uint32) int {
	return n.dataEnd() + bits.OnesCount32(n.nodemap&(bit-1))
}

func (n *hamNode) owned(edit *hamEdit) bool { return edit != nil && n.edit == edit }

// editable returns n itself if edit owns it, else a copy owned by edit.
func (n *hamNode) editable(edit *hamEdit) *hamNode {
	if n.owned(edit) {
		return n
	}
	arr := make([]Value, len(n.arr))
	copy(arr, n.arr)
	return &hamNode{datamap: n.datamap, nodemap: n.nodemap, coll: n.coll, edit: edit, arr: arr}
}

// singleEntry reports whether n holds exactly one entry and no children.
func (n *hamNode) singleEntry() bool { return n.nodemap == 0 && len(n.arr) == 2 }

// get looks k (with hash h) up below n.
func (n *hamNode) get(h uint64, k Value) (Value, Value, bool) {
	for shift := uint(0); ; shift += hamBits {
		if n.coll {
			for i := 0; i < len(n.arr); i += 2 {
				if hamKeyEq(k, n.arr[i]) {
					return n.arr[i], n.arr[i+1], true
				}
			}
			return nil, nil, false
		}
		bit := hamBit(h, shift)
		if n.datamap&bit != 0 {
			i := n.dataIndex(bit)
			if hamKeyEq(k, n.arr[i]) {
				return n.arr[i], n.arr[i+1], true
			}
			return nil, nil, false
		}
		if n.nodemap&bit == 0 {
			return nil, nil, false
		}
		n = n.arr[n.nodeIndex(bit)].(*hamNode)
	}
}

// assoc returns n with k (hash h) mapped to v, and whether an entry was
// added. With replace false an existing entry is left alone. It returns n
// itself when nothing changed or when n is owned by edit and was updated in
// place.
func (n *hamNode) assoc(edit *hamEdit, shift uint, h uint64, k, v Value, replace bool) (*hamNode, bool) {
	if n.coll {
		for i := 0; i < len(n.arr); i += 2 {
			if hamKeyEq(k, n.arr[i]) {
				if !replace {
					return n, false
				}
				e := n.editable(edit)
				e.arr[i+1] = v
				return e, false
			}
		}
		if n.owned(edit) {
			n.arr = append(n.arr, k, v)
			return n, true
		}
		arr := make([]Value, len(n.arr)+2)
		copy(arr, n.arr)
		arr[len(n.arr)], arr[len(n.arr)+1] = k, v
		return &hamNode{coll: true, edit: edit, arr: arr}, true
	}
	bit := hamBit(h, shift)
	if n.datamap&bit != 0 {
		i := n.dataIndex(bit)
		ek := n.arr[i]
		if hamKeyEq(k, ek) {
			if !replace {
				return n, false
			}
			e := n.editable(edit)
			e.arr[i+1] = v
			return e, false
		}
		sub := hamMergeTwo(edit, shift+hamBits, Hash(ek), ek, n.arr[i+1], h, k, v)
		return n.dataToNode(edit, bit, i, sub), true
	}
	if n.nodemap&bit != 0 {
		j := n.nodeIndex(bit)
		child := n.arr[j].(*hamNode)
		nc, added := child.assoc(edit, shift+hamBits, h, k, v, replace)
		if nc == child {
			return n, added
		}
		e := n.editable(edit)
		e.arr[j] = nc
		return e, added
	}
	return n.insertData(edit, bit, k, v), true
}

// hamMergeTwo returns a node at shift holding two entries with distinct
// keys.
func hamMergeTwo(edit *hamEdit, shift uint, h1 uint64, k1, v1 Value, h2 uint64, k2, v2 Value) *hamNode {
	if shift >= hamMaxShift {
		return &hamNode{coll: true, edit: edit, arr: []Value{k1, v1, k2, v2}}
	}
	b1, b2 := hamBit(h1, shift), hamBit(h2, shift)
	if b1 == b2 {
		sub := hamMergeTwo(edit, shift+hamBits, h1, k1, v1, h2, k2, v2)
		return &hamNode{nodemap: b1, edit: edit, arr: []Value{sub}}
	}
	if b1 > b2 {
		k1, v1, k2, v2 = k2, v2, k1, v1
	}
	if edit != nil {
		// A builder's node is likely to grow: leave room.
		arr := make([]Value, 4, 8)
		arr[0], arr[1], arr[2], arr[3] = k1, v1, k2, v2
		return &hamNode{datamap: b1 | b2, edit: edit, arr: arr}
	}
	return &hamNode{datamap: b1 | b2, arr: []Value{k1, v1, k2, v2}}
}

// insertData returns n with the entry k, v added in the empty slot bit.
func (n *hamNode) insertData(edit *hamEdit, bit uint32, k, v Value) *hamNode {
	i := n.dataIndex(bit)
	if n.owned(edit) {
		n.arr = append(n.arr, nil, nil)
		copy(n.arr[i+2:], n.arr[i:len(n.arr)-2])
		n.arr[i], n.arr[i+1] = k, v
		n.datamap |= bit
		return n
	}
	arr := make([]Value, len(n.arr)+2)
	copy(arr, n.arr[:i])
	arr[i], arr[i+1] = k, v
	copy(arr[i+2:], n.arr[i:])
	return &hamNode{datamap: n.datamap | bit, nodemap: n.nodemap, edit: edit, arr: arr}
}

// dataToNode returns n with the entry at data index i (slot bit) replaced
// by the child sub.
func (n *hamNode) dataToNode(edit *hamEdit, bit uint32, i int, sub *hamNode) *hamNode {
	de := n.dataEnd()
	p := bits.OnesCount32(n.nodemap & (bit - 1))
	if n.owned(edit) {
		// Shift everything after the entry left, slotting sub in.
		arr, last := n.arr, len(n.arr)-1
		copy(arr[i:], arr[i+2:de])
		copy(arr[de-2:], arr[de:de+p])
		arr[de-2+p] = sub
		copy(arr[de-1+p:], arr[de+p:])
		arr[last] = nil
		n.arr = arr[:last]
		n.datamap ^= bit
		n.nodemap |= bit
		return n
	}
	arr := make([]Value, len(n.arr)-1)
	copy(arr, n.arr[:i])
	copy(arr[i:], n.arr[i+2:de])
	copy(arr[de-2:], n.arr[de:de+p])
	arr[de-2+p] = sub
	copy(arr[de-1+p:], n.arr[de+p:])
	return &hamNode{datamap: n.datamap ^ bit, nodemap: n.nodemap | bit, edit: edit, arr: arr}
}

// dissoc returns n without key k (hash h), or n itself when k is absent.
// Persistent only.
func (n *hamNode) dissoc(shift uint, h uint64, k Value) *hamNode {
	if n.coll {
		for i := 0; i < len(n.arr); i += 2 {
			if hamKeyEq(k, n.arr[i]) {
				return &hamNode{coll: true, arr: hamRemovePair(n.arr, i)}
			}
		}
		return n
	}
	bit := hamBit(h, shift)
	if n.datamap&bit != 0 {
		i := n.dataIndex(bit)
		if !hamKeyEq(k, n.arr[i]) {
			return n
		}
		return &hamNode{datamap: n.datamap ^ bit, nodemap: n.nodemap, arr: hamRemovePair(n.arr, i)}
	}
	if n.nodemap&bit == 0 {
		return n
	}
	j := n.nodeIndex(bit)
	child := n.arr[j].(*hamNode)
	nc := child.dissoc(shift+hamBits, h, k)
	if nc == child {
		return n
	}
	if nc.singleEntry() {
		// Canonical form: a lone entry moves up into this node.
		return n.nodeToData(bit, j, nc.arr[0], nc.arr[1])
	}
	e := n.editable(nil)
	e.arr[j] = nc
	return e
}

func hamRemovePair(arr []Value, i int) []Value {
	out := make([]Value, len(arr)-2)
	copy(out, arr[:i])
	copy(out[i:], arr[i+2:])
	return out
}

// nodeToData returns a copy of n with the child at index j (slot bit)
// replaced by the entry k, v.
func (n *hamNode) nodeToData(bit uint32, j int, k, v Value) *hamNode {
	de := n.dataEnd()
	i := n.dataIndex(bit)
	arr := make([]Value, len(n.arr)+1)
	copy(arr, n.arr[:i])
	arr[i], arr[i+1] = k, v
	copy(arr[i+2:], n.arr[i:de])
	copy(arr[de+2:], n.arr[de:j])
	copy(arr[j+2:], n.arr[j+1:])
	return &hamNode{datamap: n.datamap | bit, nodemap: n.nodemap ^ bit, arr: arr}
}

// each calls fn on the entries below n: a node's own entries, then its
// children in slot order. It returns false if fn did.
func (n *hamNode) each(fn func(k, v Value) bool) bool {
	de := n.dataEnd()
	for i := 0; i < de; i += 2 {
		if !fn(n.arr[i], n.arr[i+1]) {
			return false
		}
	}
	for _, c := range n.arr[de:] {
		if !c.(*hamNode).each(fn) {
			return false
		}
	}
	return true
}

// MapBuilder builds a map by updating it in place. The zero MapBuilder is
// ready to use.
type MapBuilder struct {
	count  int
	kvs    []Value  // array map entries while root is nil
	root   *hamNode // trie, owned by edit where edit says so
	edit   *hamEdit
	shared bool // kvs is shared with a built map
}

// NewMapBuilder returns an empty builder.
func NewMapBuilder() *MapBuilder { return &MapBuilder{} }

// NewMapBuilderFrom returns a builder that starts with m's entries. m is
// not changed: the builder copies what it updates.
func NewMapBuilderFrom(m *Map) *MapBuilder {
	return &MapBuilder{count: m.count, kvs: m.kvs, root: m.root, shared: true}
}

// Len returns the number of entries so far.
func (b *MapBuilder) Len() int { return b.count }

// Get returns the value for key k and whether k is present.
func (b *MapBuilder) Get(k Value) (Value, bool) {
	if b.root == nil {
		if i := mapArrayIndex(b.kvs, k); i >= 0 {
			return b.kvs[i+1], true
		}
		return nil, false
	}
	_, v, ok := b.root.get(Hash(k), k)
	return v, ok
}

// Set maps key k to v, replacing any earlier value.
func (b *MapBuilder) Set(k, v Value) { b.set(k, v, true) }

func (b *MapBuilder) set(k, v Value, replace bool) {
	if b.root == nil {
		if i := mapArrayIndex(b.kvs, k); i >= 0 {
			if replace {
				b.unshare()
				b.kvs[i+1] = v
			}
			return
		}
		if b.count < mapArrayMax {
			b.unshare()
			if b.kvs == nil {
				b.kvs = make([]Value, 0, 8)
			}
			b.kvs = append(b.kvs, k, v)
			b.count++
			return
		}
		b.edit = new(hamEdit)
		b.root = hamFromPairs(b.edit, b.kvs)
		b.kvs, b.shared = nil, false
	}
	if b.edit == nil {
		b.edit = new(hamEdit)
	}
	root, added := b.root.assoc(b.edit, 0, Hash(k), k, v, replace)
	b.root = root
	if added {
		b.count++
	}
}

// unshare gives the builder its own copy of kvs if a built map uses it.
func (b *MapBuilder) unshare() {
	if b.shared {
		kvs := make([]Value, len(b.kvs), 2*mapArrayMax)
		copy(kvs, b.kvs)
		b.kvs, b.shared = kvs, false
	}
}

// Build returns the map of the entries set. The builder should not be used
// afterwards (doing so is safe but copies).
func (b *MapBuilder) Build() *Map {
	if b.count == 0 {
		return emptyMap
	}
	m := b.build()
	return &m
}

func (b *MapBuilder) build() Map {
	b.shared = true
	b.edit = nil // later updates copy the built nodes
	return Map{count: b.count, kvs: b.kvs, root: b.root}
}

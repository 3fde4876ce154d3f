package lang

import "unsafe"

// Boxing integers. Converting an int64 to an interface allocates 8 bytes
// (Go only caches 0..255); arithmetic-heavy programs would allocate once
// per operation. Small integers share read-only boxes (smallInts); other
// results are written into a per-thread slab of int64s and the interface
// points into it, so a loop allocates one slab per slabInts results
// instead of one box per result. A slab stays alive while any integer
// boxed in it does (at most slabInts*8 bytes per live integer).

const slabInts = 256

// int64Type is the type word of an interface holding an int64.
var int64Type = func() unsafe.Pointer {
	var x any = int64(1 << 40)
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]
}()

// box returns i as a Value, without a heap allocation per call.
func (t *Thread) box(i int64) Value {
	if i >= smallIntMin && i < smallIntMax {
		return smallInts[i-smallIntMin]
	}
	if len(t.intSlab) == 0 {
		t.intSlab = make([]int64, slabInts)
	}
	p := &t.intSlab[0]
	t.intSlab = t.intSlab[1:]
	*p = i
	var v any
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	w[0], w[1] = int64Type, unsafe.Pointer(p)
	return v
}

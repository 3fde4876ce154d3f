package wasmfuel

import "sort"

// Data segment merging.
//
// The Go toolchain writes a module's initial memory as one active data
// segment per run of non-zero bytes: about 53,000 for the guest. wazero
// gives every instance a table with an entry per segment (24 bytes each,
// for memory.init), 1.2 MiB of host heap per instance that the guest
// never uses. Merging segments whose gap is small into one (the gap
// written as zeros, which memory holds anyway) leaves a handful.

const (
	secData      = 11
	secDataCount = 12
	opI32Const   = 0x41
)

// mergeGap is the largest gap between two segments that merging fills
// with zeros. Larger gaps stay gaps, so untouched pages stay untouched.
const mergeGap = 1024

type dataSegment struct {
	offset uint32
	init   []byte
}

// mergeData returns the body of a data section with adjacent segments
// merged, or body itself when the section holds anything but active
// segments of memory 0 at constant i32 offsets that do not overlap.
func mergeData(s *section, hasDataCount bool) ([]byte, error) {
	if hasDataCount {
		// memory.init and data.drop name segments by index: merging
		// would change their meaning.
		return s.body, nil
	}
	segs, ok, err := activeSegments(s)
	if err != nil || !ok {
		return s.body, err
	}
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].offset < segs[j].offset })
	var merged []dataSegment
	for _, sg := range segs {
		if k := len(merged) - 1; k >= 0 {
			last := &merged[k]
			end := uint64(last.offset) + uint64(len(last.init))
			if uint64(sg.offset) < end {
				return s.body, nil // overlapping: later segments win; keep as is
			}
			if gap := uint64(sg.offset) - end; gap <= mergeGap {
				last.init = append(last.init, make([]byte, gap)...)
				last.init = append(last.init, sg.init...)
				continue
			}
		}
		merged = append(merged, dataSegment{offset: sg.offset, init: append([]byte(nil), sg.init...)})
	}
	return appendDataSegments(nil, merged), nil
}

// activeSegments decodes a data section. ok is false when it holds
// anything but active segments of memory 0 at constant i32 offsets.
func activeSegments(s *section) (segs []dataSegment, ok bool, err error) {
	r := sub(s)
	n, err := r.vec(4)
	if err != nil {
		return nil, false, err
	}
	segs = make([]dataSegment, 0, n)
	for i := uint32(0); i < n; i++ {
		flags, err := r.u32()
		if err != nil {
			return nil, false, err
		}
		if flags != 0 {
			return nil, false, nil // passive, or another memory
		}
		op, err := r.byte()
		if err != nil {
			return nil, false, err
		}
		if op != opI32Const {
			return nil, false, nil // offset from a global
		}
		off, err := r.leb(32, true)
		if err != nil {
			return nil, false, err
		}
		if end, err := r.byte(); err != nil {
			return nil, false, err
		} else if end != opEnd {
			return nil, false, nil
		}
		init, err := r.name()
		if err != nil {
			return nil, false, err
		}
		segs = append(segs, dataSegment{offset: uint32(off), init: init})
	}
	if !r.done() {
		return nil, false, r.errf("junk after the data section")
	}
	return segs, true, nil
}

// appendDataSegments appends a data section body: the segments as active
// segments of memory 0 at constant offsets.
func appendDataSegments(out []byte, segs []dataSegment) []byte {
	out = appendU32(out, uint32(len(segs)))
	for _, sg := range segs {
		out = append(out, 0, opI32Const)
		out = appendS64(out, int64(int32(sg.offset)))
		out = append(out, opEnd)
		out = appendU32(out, uint32(len(sg.init)))
		out = append(out, sg.init...)
	}
	return out
}

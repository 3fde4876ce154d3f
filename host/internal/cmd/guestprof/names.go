package main

import "errors"

// functionNames reads a module's "name" section (its function names, by
// index) and counts its imported functions, which come first in the index
// space.
func functionNames(m []byte) (names map[uint32]string, imported uint32, err error) {
	r := &byteReader{b: m, i: 8}
	if len(m) < 8 || string(m[:4]) != "\x00asm" {
		return nil, 0, errors.New("not a WebAssembly module")
	}
	names = map[uint32]string{}
	for r.i < len(r.b) && r.err == nil {
		id := r.byte()
		size := r.u32()
		end := r.i + int(size)
		if end > len(r.b) || r.err != nil {
			return nil, 0, errors.New("truncated section")
		}
		switch id {
		case 2: // imports
			for n := r.u32(); n > 0 && r.err == nil; n-- {
				r.skip(int(r.u32())) // module
				r.skip(int(r.u32())) // name
				switch r.byte() {
				case 0: // function: type index
					r.u32()
					imported++
				case 1: // table: element type, limits
					r.byte()
					r.limits()
				case 2: // memory
					r.limits()
				case 3: // global: type, mutability
					r.skip(2)
				default:
					return nil, 0, errors.New("unknown import kind")
				}
			}
		case 0: // custom
			if r.name() == "name" {
				for r.i < end && r.err == nil {
					sub, subSize := r.byte(), int(r.u32())
					subEnd := r.i + subSize
					if sub == 1 { // function names
						for n := r.u32(); n > 0 && r.err == nil; n-- {
							idx := r.u32()
							names[idx] = r.name()
						}
					}
					r.i = subEnd
				}
			}
		}
		r.i = end
	}
	return names, imported, r.err
}

type byteReader struct {
	b   []byte
	i   int
	err error
}

func (r *byteReader) byte() byte {
	if r.i >= len(r.b) {
		r.err = errors.New("unexpected end of module")
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

// u32 reads an unsigned LEB128 number.
func (r *byteReader) u32() uint32 {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		v |= uint32(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.err = errors.New("bad LEB128 number")
	return 0
}

func (r *byteReader) skip(n int) {
	if n < 0 || r.i+n > len(r.b) {
		r.err = errors.New("unexpected end of module")
		return
	}
	r.i += n
}

func (r *byteReader) name() string {
	n := int(r.u32())
	start := r.i
	r.skip(n)
	if r.err != nil {
		return ""
	}
	return string(r.b[start : start+n])
}

func (r *byteReader) limits() {
	if flags := r.byte(); flags&1 != 0 {
		r.u32()
		r.u32()
	} else {
		r.u32()
	}
}

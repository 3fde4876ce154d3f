package wasmfuel

import "fmt"

// reader decodes the primitive encodings of the Wasm binary format from b.
// Every method checks bounds and returns an error instead of panicking.
type reader struct {
	b    []byte
	off  int
	base int // offset of b[0] in the whole module, for error messages
}

// FormatError reports a module Instrument cannot decode, with the byte
// offset in the module where decoding failed.
type FormatError struct {
	Offset int
	Msg    string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("wasmfuel: %s (at byte %d of the module)", e.Msg, e.Offset)
}

func (r *reader) errf(format string, args ...any) error {
	return &FormatError{Offset: r.base + r.off, Msg: fmt.Sprintf(format, args...)}
}

func (r *reader) done() bool { return r.off >= len(r.b) }

func (r *reader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, r.errf("unexpected end of data")
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(n) > uint64(len(r.b)-r.off) {
		return nil, r.errf("%d bytes announced but only %d left", n, len(r.b)-r.off)
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s, nil
}

// leb reads a LEB128 integer of at most bits bits. Signed values are
// sign-extended to 64 bits.
func (r *reader) leb(bits uint, signed bool) (uint64, error) {
	var v uint64
	var shift uint
	maxBytes := (bits + 6) / 7
	for i := uint(0); i < maxBytes; i++ {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 != 0 {
			continue
		}
		if i == maxBytes-1 && !signed && bits < 64 {
			// The unused high bits of the last byte must be zero.
			if used := bits - 7*(maxBytes-1); c>>used != 0 {
				return 0, r.errf("LEB128 integer overflows %d bits", bits)
			}
		}
		if signed && shift < 64 && c&0x40 != 0 {
			v |= ^uint64(0) << shift
		}
		return v, nil
	}
	return 0, r.errf("LEB128 integer longer than %d bytes", maxBytes)
}

func (r *reader) u32() (uint32, error) {
	v, err := r.leb(32, false)
	return uint32(v), err
}

// vec reads a vector length and checks that at least min bytes per
// element remain, so a bogus length cannot make a caller allocate much.
func (r *reader) vec(minElem int) (uint32, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if uint64(n)*uint64(minElem) > uint64(len(r.b)-r.off) {
		return 0, r.errf("vector of %d elements does not fit in the %d bytes left", n, len(r.b)-r.off)
	}
	return n, nil
}

// name reads a length-prefixed byte string.
func (r *reader) name() ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	return r.bytes(n)
}

func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendS64(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

package wasmfuel

// Opcodes the instrumentation looks at (the decoder knows them all).
const (
	opUnreachable = 0x00
	opBlock       = 0x02
	opLoop        = 0x03
	opIf          = 0x04
	opElse        = 0x05
	opEnd         = 0x0b
	opBr          = 0x0c
	opBrIf        = 0x0d
	opBrTable     = 0x0e
	opReturn      = 0x0f
	opReturnCall  = 0x12
	opReturnCallI = 0x13
	opGlobalGet   = 0x23
	opGlobalSet   = 0x24
	opI64Const    = 0x42
	opI64LtS      = 0x53
	opI64Sub      = 0x7d
	opPrefixFC    = 0xfc
	blockEmpty    = 0x40
)

// instr is one decoded instruction: its opcode and where its encoding
// (opcode and immediates) lies in the function body.
type instr struct {
	op         byte
	start, end int
}

// decodeExpr decodes the instructions of a function body's expression
// (r positioned after the locals) up to and including the final end,
// appending them to out (a buffer reused across functions). It
// checks the nesting of block/loop/if/else/end but not types: the engine
// validates the instrumented module.
func decodeExpr(r *reader, out []instr) ([]instr, error) {
	var stack []byte // opcodes of the open blocks
	for {
		start := r.off
		op, err := r.byte()
		if err != nil {
			return nil, r.errf("function body ends without its final end")
		}
		if err := skipImmediates(r, op); err != nil {
			return nil, err
		}
		out = append(out, instr{op: op, start: start, end: r.off})
		switch op {
		case opBlock, opLoop, opIf:
			stack = append(stack, op)
		case opElse:
			if len(stack) == 0 || stack[len(stack)-1] != opIf {
				r.off = start
				return nil, r.errf("else outside an if")
			}
			stack[len(stack)-1] = opElse
		case opEnd:
			if len(stack) == 0 {
				if !r.done() {
					r.off = start
					return nil, r.errf("%d bytes after the function body's final end", len(r.b)-r.off)
				}
				return out, nil
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// skipImmediates consumes the immediates of the instruction op. It covers
// the MVP, sign extension, non-trapping float-to-int, bulk memory,
// reference types and tail calls; anything else (SIMD, threads,
// exceptions, GC) is an error, since copying an instruction we cannot
// measure would corrupt the rest of the body.
func skipImmediates(r *reader, op byte) error {
	switch {
	case op == 0x00, op == 0x01, op == opElse, op == opEnd, op == opReturn,
		op == 0x1a, op == 0x1b, // drop, select
		op >= 0x45 && op <= 0xc4, // numeric, sign extension
		op == 0xd1:               // ref.is_null
		return nil
	case op == opBlock, op == opLoop, op == opIf:
		return blockType(r)
	case op == opBr, op == opBrIf, op == 0x10, op == opReturnCall, // call, return_call
		op >= 0x20 && op <= 0x26, // local.*, global.*, table.get/set
		op == 0xd2:               // ref.func
		_, err := r.u32()
		return err
	case op == opBrTable:
		n, err := r.vec(1)
		if err != nil {
			return err
		}
		for i := uint32(0); i <= n; i++ { // n labels and the default
			if _, err := r.u32(); err != nil {
				return err
			}
		}
		return nil
	case op == 0x11, op == opReturnCallI: // type index, table index
		return u32s(r, 2)
	case op == 0x1c: // select with types
		n, err := r.vec(1)
		if err != nil {
			return err
		}
		_, err = r.bytes(n)
		return err
	case op >= 0x28 && op <= 0x3e:
		return memArg(r)
	case op == 0x3f, op == 0x40: // memory.size, memory.grow: memory index
		_, err := r.u32()
		return err
	case op == 0x41:
		_, err := r.leb(32, true)
		return err
	case op == opI64Const:
		_, err := r.leb(64, true)
		return err
	case op == 0x43:
		_, err := r.bytes(4)
		return err
	case op == 0x44:
		_, err := r.bytes(8)
		return err
	case op == 0xd0: // ref.null reftype
		_, err := r.byte()
		return err
	case op == opPrefixFC:
		return prefixFC(r)
	}
	r.off--
	return r.errf("unsupported opcode 0x%02x (SIMD, threads, exceptions and GC are not supported)", op)
}

func u32s(r *reader, n int) error {
	for range n {
		if _, err := r.u32(); err != nil {
			return err
		}
	}
	return nil
}

// blockType is empty (0x40), a value type (one byte, negative as s33) or
// a type index (non-negative s33).
func blockType(r *reader) error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	switch c {
	case blockEmpty, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f:
		return nil
	}
	if c&0x40 != 0 && c&0x80 == 0 {
		r.off--
		return r.errf("unknown block type 0x%02x", c)
	}
	r.off--
	v, err := r.leb(33, true)
	if err != nil {
		return err
	}
	if int64(v) < 0 || v > 0xffffffff {
		return r.errf("block type index %d out of range", int64(v))
	}
	return nil
}

// memArg is align, (memory index when align has bit 6), offset.
func memArg(r *reader) error {
	align, err := r.u32()
	if err != nil {
		return err
	}
	if align&0x40 != 0 {
		if _, err := r.u32(); err != nil {
			return err
		}
	}
	_, err = r.u32()
	return err
}

// prefixFC decodes the 0xFC-prefixed instructions: saturating truncation
// (0–7), bulk memory (8–11), table operations (12–17).
func prefixFC(r *reader) error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	switch {
	case sub <= 7:
		return nil
	case sub == 8: // memory.init data, memory
		return u32s(r, 2)
	case sub == 9: // data.drop data
		return u32s(r, 1)
	case sub == 10: // memory.copy dst, src
		return u32s(r, 2)
	case sub == 11: // memory.fill memory
		return u32s(r, 1)
	case sub == 12, sub == 14: // table.init elem, table; table.copy dst, src
		return u32s(r, 2)
	case sub == 13, sub == 15, sub == 16, sub == 17: // elem.drop, table.grow/size/fill
		return u32s(r, 1)
	}
	return r.errf("unsupported opcode 0xfc %d", sub)
}

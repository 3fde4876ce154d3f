// Package wasmfuel rewrites a WebAssembly module so that it meters its own
// execution ("fuel") and cannot grow its memory past a maximum. Any Wasm
// runtime then enforces both, browsers included; nothing engine-specific
// is needed.
//
// # Fuel
//
// Instrument appends one mutable i64 global, exported under
// Options.FuelExport, and inserts a charge at the entry of every function
// and at the header of every loop:
//
//	global.get $fuel
//	i64.const <cost>
//	i64.sub
//	global.set $fuel
//	global.get $fuel
//	i64.const 0
//	i64.lt_s
//	if
//	  unreachable
//	end
//
// The host sets the global before a call and reads it after; the module
// traps with unreachable at the first charge that takes it below zero.
// Setting it to 0 from outside stops a running module at its next charge.
//
// The cost of a charge point is the number of instructions that run
// straight after it: counting forwards until the first instruction that
// may leave the straight line (br, br_if, br_table, if, else, return,
// return_call*, unreachable; counted) or a nested loop header (which has
// its own charge; not counted). block and end are free: they emit no code
// and fall through. The cost is at least 1, so every charge point takes
// fuel. A function whose entry runs straight into a loop header (every Go
// function with jumps does) gets no entry charge: the loop header's
// charge follows at once, and the few entry instructions go uncounted. Every unbounded execution passes through a loop header or a
// function entry unboundedly often, so a finite fuel always stops it; and
// the count is a deterministic function of the path taken, so the same
// run uses the same fuel. A unit of fuel is therefore roughly "one Wasm
// instruction on the entry path of a function or loop iteration"; code
// after a forward branch is not charged separately. For Go's wasm output,
// where every Go function is a loop with a br_table dispatch and every Go
// jump goes back to that loop header, fuel counts function calls and Go
// basic-block jumps, weighted by their dispatch code.
//
// # Memory
//
// With Options.MaxMemoryPages set, the limits of the module's memory
// (defined or imported) get that maximum (or keep a smaller one).
//
// # Errors
//
// Instrument decodes every instruction; a module it cannot decode
// completely (truncated, malformed, or using SIMD, threads, exceptions or
// GC instructions) returns a *FormatError and no output, never a partial
// rewrite.
package wasmfuel

import (
	"bytes"
	"errors"
	"fmt"
)

// Options configure Instrument.
type Options struct {
	// FuelExport is the export name of the fuel global. Empty: no fuel
	// metering (only the memory maximum is patched).
	FuelExport string
	// InitialFuel is the fuel global's value when the module is
	// instantiated, before the host sets it (start functions and
	// initializers run on it). Use math.MaxInt64 for "unmetered until the
	// host says otherwise".
	InitialFuel int64
	// MaxMemoryPages, when not 0, becomes the maximum (in 64 KiB pages) of
	// the module's memory, unless the module declares a smaller one.
	MaxMemoryPages uint32
	// MergeData merges active data segments separated by small gaps, so
	// a runtime keeps a few segment entries per instance instead of tens
	// of thousands (see data.go). The initial memory is the same.
	MergeData bool
}

// Section ids.
const (
	secCustom = 0
	secImport = 2
	secMemory = 5
	secGlobal = 6
	secExport = 7
	secCode   = 10
)

// order is the position of each known section id in a module.
var order = map[byte]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13}

type section struct {
	id   byte
	body []byte
	off  int // offset of body in the module
}

var magic = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// Instrument returns a copy of module with fuel metering and the memory
// maximum added as opts says. module is not modified.
//
// # Errors
//
// *FormatError when module cannot be decoded; an error when the memory's
// minimum exceeds MaxMemoryPages or FuelExport is already exported.
func Instrument(module []byte, opts Options) ([]byte, error) {
	secs, err := parseSections(module)
	if err != nil {
		return nil, err
	}
	ins := &instrumenter{opts: opts}
	hasDataCount := false
	for _, s := range secs {
		hasDataCount = hasDataCount || s.id == secDataCount
	}
	for i := range secs {
		s := &secs[i]
		var err error
		switch s.id {
		case secImport:
			s.body, err = ins.imports(s)
		case secMemory:
			s.body, err = ins.memories(s)
		case secGlobal:
			ins.definedGlobals, err = sub(s).vec(1)
		case secExport:
			err = ins.checkExports(s)
		case secData:
			if opts.MergeData {
				s.body, err = mergeData(s, hasDataCount)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if opts.FuelExport != "" {
		var err error
		if secs, err = ins.addFuel(secs); err != nil {
			return nil, err
		}
	}
	return encodeSections(secs), nil
}

// parseSections splits a module into its sections, checking their order.
func parseSections(module []byte) ([]section, error) {
	if len(module) < len(magic) || !bytes.Equal(module[:len(magic)], magic) {
		return nil, &FormatError{Msg: "not a WebAssembly 1.0 binary module (bad magic or version)"}
	}
	r := &reader{b: module, off: len(magic)}
	var secs []section
	last := 0 // order of the last known section
	for !r.done() {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		if rank, ok := order[id]; ok {
			if rank <= last {
				r.off--
				return nil, r.errf("section %d repeated or out of order", id)
			}
			last = rank
		} else if id != secCustom {
			r.off--
			return nil, r.errf("unknown section id %d", id)
		}
		n, err := r.u32()
		if err != nil {
			return nil, err
		}
		off := r.off
		body, err := r.bytes(n)
		if err != nil {
			return nil, err
		}
		secs = append(secs, section{id: id, body: body, off: off})
	}
	return secs, nil
}

// encodeSections writes a module from its sections.
func encodeSections(secs []section) []byte {
	n := len(magic)
	for _, s := range secs {
		n += 6 + len(s.body)
	}
	out := append(make([]byte, 0, n), magic...)
	for _, s := range secs {
		out = append(out, s.id)
		out = appendU32(out, uint32(len(s.body)))
		out = append(out, s.body...)
	}
	return out
}

type instrumenter struct {
	opts            Options
	importedFuncs   uint32
	importedGlobals uint32
	definedGlobals  uint32
	fuelGlobal      uint32
	instrs          []instr // decoding buffer, reused across functions
}

func sub(s *section) *reader { return &reader{b: s.body, base: s.off} }

// imports counts imported functions and globals and patches the limits of
// an imported memory.
func (ins *instrumenter) imports(s *section) ([]byte, error) {
	r := sub(s)
	n, err := r.vec(4)
	if err != nil {
		return nil, err
	}
	out := appendU32(nil, n)
	for range n {
		start := r.off
		if _, err := r.name(); err != nil {
			return nil, err
		}
		if _, err := r.name(); err != nil {
			return nil, err
		}
		kind, err := r.byte()
		if err != nil {
			return nil, err
		}
		out = append(out, s.body[start:r.off]...)
		start = r.off
		switch kind {
		case 0: // function: type index
			ins.importedFuncs++
			_, err = r.u32()
		case 1: // table: reference type, limits
			if _, err = r.byte(); err == nil {
				_, err = limits(r, nil, 0)
			}
		case 2: // memory
			out, err = limits(r, out, ins.opts.MaxMemoryPages)
			start = r.off
		case 3: // global: value type, mutability
			ins.importedGlobals++
			_, err = r.bytes(2)
		case 4: // tag: attribute, type index
			if _, err = r.byte(); err == nil {
				_, err = r.u32()
			}
		default:
			r.off--
			return nil, r.errf("unknown import kind %d", kind)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s.body[start:r.off]...)
	}
	if !r.done() {
		return nil, r.errf("junk after the import section")
	}
	return out, nil
}

// memories patches the maximum into every defined memory.
func (ins *instrumenter) memories(s *section) ([]byte, error) {
	r := sub(s)
	n, err := r.vec(2)
	if err != nil {
		return nil, err
	}
	out := appendU32(nil, n)
	for range n {
		if out, err = limits(r, out, ins.opts.MaxMemoryPages); err != nil {
			return nil, err
		}
	}
	if !r.done() {
		return nil, r.errf("junk after the memory section")
	}
	return out, nil
}

// limits decodes a limits structure and appends it to out with the
// maximum lowered to max (0: unchanged). out nil: decode only.
func limits(r *reader, out []byte, max uint32) ([]byte, error) {
	at := r.off
	flags, err := r.byte()
	if err != nil {
		return nil, err
	}
	if flags&^0x03 != 0 || flags == 0x02 {
		r.off = at
		return nil, r.errf("unsupported limits flags 0x%02x (64-bit or custom-page memories are not supported)", flags)
	}
	lo, err := r.u32()
	if err != nil {
		return nil, err
	}
	hasMax := flags&1 != 0
	var hi uint32
	if hasMax {
		if hi, err = r.u32(); err != nil {
			return nil, err
		}
	}
	if max != 0 && (!hasMax || hi > max) {
		if lo > max {
			return nil, fmt.Errorf("wasmfuel: the module's memory needs at least %d pages, more than the maximum of %d pages", lo, max)
		}
		hi, hasMax = max, true
	}
	if out == nil {
		return nil, nil
	}
	if hasMax {
		flags |= 1
	}
	out = append(out, flags)
	out = appendU32(out, lo)
	if hasMax {
		out = appendU32(out, hi)
	}
	return out, nil
}

// checkExports fails when the fuel export name is taken.
func (ins *instrumenter) checkExports(s *section) error {
	r := sub(s)
	n, err := r.vec(3)
	if err != nil {
		return err
	}
	for range n {
		name, err := r.name()
		if err != nil {
			return err
		}
		if _, err := r.byte(); err != nil {
			return err
		}
		if _, err := r.u32(); err != nil {
			return err
		}
		if ins.opts.FuelExport != "" && string(name) == ins.opts.FuelExport {
			return fmt.Errorf("wasmfuel: the module already exports %q", name)
		}
	}
	if !r.done() {
		return r.errf("junk after the export section")
	}
	return nil
}

// addFuel appends the fuel global and its export (creating the sections
// when the module has none) and instruments the code section.
func (ins *instrumenter) addFuel(secs []section) ([]section, error) {
	ins.fuelGlobal = ins.importedGlobals + ins.definedGlobals
	// global: i64, mutable, init (i64.const InitialFuel) end
	g := appendS64([]byte{0x7e, 0x01, opI64Const}, ins.opts.InitialFuel)
	g = append(g, opEnd)
	secs = appendToVec(secs, secGlobal, ins.definedGlobals, g)
	exp := appendU32(nil, uint32(len(ins.opts.FuelExport)))
	exp = append(exp, ins.opts.FuelExport...)
	exp = append(exp, 0x03) // global
	exp = appendU32(exp, ins.fuelGlobal)
	var nexp uint32
	for _, s := range secs {
		if s.id == secExport {
			nexp, _ = sub(&s).u32() // checked by checkExports
		}
	}
	secs = appendToVec(secs, secExport, nexp, exp)
	for i := range secs {
		if secs[i].id == secCode {
			body, err := ins.code(&secs[i])
			if err != nil {
				return nil, err
			}
			secs[i].body = body
		}
	}
	return secs, nil
}

// appendToVec adds elem to the vector that is section id's body (count n
// elements), creating the section in its place when absent.
func appendToVec(secs []section, id byte, n uint32, elem []byte) []section {
	for i := range secs {
		if secs[i].id == id {
			r := sub(&secs[i])
			r.u32() // count, already decoded once by the caller
			body := appendU32(nil, n+1)
			body = append(body, secs[i].body[r.off:]...)
			secs[i].body = append(body, elem...)
			return secs
		}
	}
	at := 0
	for i, s := range secs {
		if s.id != secCustom && order[s.id] < order[id] {
			at = i + 1
		}
	}
	body := append(appendU32(nil, 1), elem...)
	return append(secs[:at], append([]section{{id: id, body: body}}, secs[at:]...)...)
}

// code instruments every function body.
func (ins *instrumenter) code(s *section) ([]byte, error) {
	r := sub(s)
	n, err := r.vec(2)
	if err != nil {
		return nil, err
	}
	out := appendU32(make([]byte, 0, len(s.body)+len(s.body)/4), n)
	var body []byte
	for i := range n {
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		fr := &reader{base: r.base + r.off}
		if fr.b, err = r.bytes(size); err != nil {
			return nil, err
		}
		body, err = ins.function(fr, body[:0])
		if err != nil {
			var fe *FormatError
			if errors.As(err, &fe) {
				fe.Msg = fmt.Sprintf("function %d: %s", ins.importedFuncs+i, fe.Msg)
			}
			return nil, err
		}
		out = appendU32(out, uint32(len(body)))
		out = append(out, body...)
	}
	if !r.done() {
		return nil, r.errf("junk after the code section")
	}
	return out, nil
}

// function instruments one body (fr holds it) into out.
func (ins *instrumenter) function(fr *reader, out []byte) ([]byte, error) {
	groups, err := fr.vec(2)
	if err != nil {
		return nil, err
	}
	for range groups {
		if _, err := fr.u32(); err != nil {
			return nil, err
		}
		if _, err := fr.byte(); err != nil {
			return nil, err
		}
	}
	out = append(out, fr.b[:fr.off]...)
	code, err := decodeExpr(fr, ins.instrs[:0])
	if err != nil {
		return nil, err
	}
	ins.instrs = code
	if c, toLoop := cost(code); !toLoop {
		out = ins.charge(out, c)
	}
	for i, in := range code {
		out = append(out, fr.b[in.start:in.end]...)
		if in.op == opLoop {
			c, _ := cost(code[i+1:])
			out = ins.charge(out, c)
		}
	}
	return out, nil
}

// cost is the static cost of the straight-line code at the start of code
// (see the package documentation), at least 1, and whether that straight
// line runs into a loop header.
func cost(code []instr) (c int64, toLoop bool) {
	for _, in := range code {
		switch in.op {
		case opBlock, opEnd:
		case opLoop:
			return max(c, 1), true
		case opElse:
			return max(c, 1), false
		case opBr, opBrIf, opBrTable, opIf, opReturn, opReturnCall, opReturnCallI, opUnreachable:
			return c + 1, false
		default:
			c++
		}
	}
	return max(c, 1), false
}

// charge appends the charge sequence for cost.
func (ins *instrumenter) charge(out []byte, cost int64) []byte {
	out = append(out, opGlobalGet)
	out = appendU32(out, ins.fuelGlobal)
	out = append(out, opI64Const)
	out = appendS64(out, cost)
	out = append(out, opI64Sub, opGlobalSet)
	out = appendU32(out, ins.fuelGlobal)
	out = append(out, opGlobalGet)
	out = appendU32(out, ins.fuelGlobal)
	out = append(out, opI64Const, 0, opI64LtS, opIf, blockEmpty, opUnreachable, opEnd)
	return out
}

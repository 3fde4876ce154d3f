package wasmfuel

import (
	"errors"
	"fmt"
	"strconv"
)

// Starting instances from a snapshot.
//
// A host that starts many instances of one module can initialize one
// (the template), save its memory and globals, and start the others from
// that image instead of from the module's data segments and start
// function. SplitData and ExportGlobals prepare a module for that: the
// runtime must not copy the data segments itself (the host writes them
// into the template), and the host must be able to read and set every
// global.

// Segment is an active data segment of memory 0: Init is written at
// Offset when the module is instantiated.
type Segment struct {
	Offset uint32
	Init   []byte
}

// SplitData returns module without its data section, and the section's
// segments in order. The segments' Init alias module.
//
// # Errors
//
// *FormatError when module cannot be decoded; an error when its data
// section holds anything but active segments of memory 0 at constant
// offsets, or the module has a data count section (memory.init and
// data.drop name segments by index, so they cannot be taken out).
func SplitData(module []byte) ([]byte, []Segment, error) {
	secs, err := parseSections(module)
	if err != nil {
		return nil, nil, err
	}
	var out []Segment
	kept := secs[:0:0]
	for i := range secs {
		switch secs[i].id {
		case secDataCount:
			return nil, nil, errors.New("wasmfuel: the module has a data count section: its segments cannot be taken out")
		case secData:
			segs, ok, err := activeSegments(&secs[i])
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				return nil, nil, errors.New("wasmfuel: the data section holds segments other than active ones of memory 0 at constant offsets")
			}
			for _, sg := range segs {
				out = append(out, Segment{Offset: sg.offset, Init: sg.init})
			}
			continue
		}
		kept = append(kept, secs[i])
	}
	return encodeSections(kept), out, nil
}

// ExportGlobals returns module with every global it defines (not the
// imported ones) exported as prefix followed by the global's index, and
// those export names in index order.
//
// # Errors
//
// *FormatError when module cannot be decoded; an error when an export of
// that name exists already.
func ExportGlobals(module []byte, prefix string) ([]byte, []string, error) {
	secs, err := parseSections(module)
	if err != nil {
		return nil, nil, err
	}
	ins := &instrumenter{}
	var nexp uint32
	existing := map[string]bool{}
	for i := range secs {
		s := &secs[i]
		switch s.id {
		case secImport:
			if _, err := ins.imports(s); err != nil {
				return nil, nil, err
			}
		case secGlobal:
			if ins.definedGlobals, err = sub(s).vec(1); err != nil {
				return nil, nil, err
			}
		case secExport:
			r := sub(s)
			if nexp, err = r.vec(3); err != nil {
				return nil, nil, err
			}
			for range nexp {
				name, err := r.name()
				if err != nil {
					return nil, nil, err
				}
				existing[string(name)] = true
				if _, err := r.byte(); err != nil {
					return nil, nil, err
				}
				if _, err := r.u32(); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	var names []string
	for i := range ins.definedGlobals {
		idx := ins.importedGlobals + i
		name := prefix + strconv.FormatUint(uint64(idx), 10)
		if existing[name] {
			return nil, nil, fmt.Errorf("wasmfuel: the module already exports %q", name)
		}
		exp := appendU32(nil, uint32(len(name)))
		exp = append(exp, name...)
		exp = append(exp, 0x03) // global
		exp = appendU32(exp, idx)
		secs = appendToVec(secs, secExport, nexp, exp)
		nexp++
		names = append(names, name)
	}
	return encodeSections(secs), names, nil
}

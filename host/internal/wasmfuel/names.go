package wasmfuel

// FunctionNames reads the function names of module's "name" section, by
// function index, and counts its imported functions, which come first in
// the index space (the k-th function the module defines is function
// imported+k). Instrument keeps function indices, so the names apply to
// an instrumented module too. Tools that show compiled code by function
// use it (host/internal/cmd/guestprof).
//
// # Errors
//
// *FormatError when module cannot be decoded.
func FunctionNames(module []byte) (names map[uint32]string, imported uint32, err error) {
	secs, err := parseSections(module)
	if err != nil {
		return nil, 0, err
	}
	ins := &instrumenter{}
	names = map[uint32]string{}
	for i := range secs {
		s := &secs[i]
		switch s.id {
		case secImport:
			if _, err := ins.imports(s); err != nil {
				return nil, 0, err
			}
		case secCustom:
			if err := readFunctionNames(sub(s), names); err != nil {
				return nil, 0, err
			}
		}
	}
	return names, ins.importedFuncs, nil
}

// readFunctionNames adds the function names of a custom section to names
// when it is the "name" section.
func readFunctionNames(r *reader, names map[uint32]string) error {
	if section, err := r.name(); err != nil || string(section) != "name" {
		return err
	}
	for !r.done() {
		id, err := r.byte()
		if err != nil {
			return err
		}
		size, err := r.u32()
		if err != nil {
			return err
		}
		body, err := r.bytes(size)
		if err != nil {
			return err
		}
		if id != 1 { // 1: function names; 0 and 2 are module and local names
			continue
		}
		br := &reader{b: body, base: r.base + r.off - len(body)}
		n, err := br.vec(2)
		if err != nil {
			return err
		}
		for range n {
			idx, err := br.u32()
			if err != nil {
				return err
			}
			name, err := br.name()
			if err != nil {
				return err
			}
			names[idx] = string(name)
		}
	}
	return nil
}

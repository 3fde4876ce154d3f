package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// code is what wazero's cache file says of the compiled module: where
// each defined function starts in the code, and the code's size.
type code struct {
	offsets []uint64
	size    uint64
}

// compiledCode finds the module this process runs among the compiled
// modules in the cache directory dir: the one whose code is mapped (see
// codeAddress) in maps, the text of /proc/self/maps; the newest file if
// several fit (builds of nearly the same size). It returns the code's
// layout and address.
func compiledCode(dir, maps string) (c code, base uint64, err error) {
	var newest time.Time
	found := false
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		cc, err := parseCacheFile(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if a, err := codeAddress(maps, cc.size); err == nil && (!found || info.ModTime().After(newest)) {
			c, base, newest, found = cc, a, info.ModTime(), true
		}
		return nil
	})
	if err == nil && !found {
		err = fmt.Errorf("no compiled module in %s has its code mapped in this process", dir)
	}
	return c, base, err
}

// parseCacheFile reads the head of a wazero cache file: "WAZEVO", a
// length-prefixed version, the function count (u32), one u64 offset per
// function, the code's length (u64), the code.
func parseCacheFile(b []byte) (code, error) {
	bad := errors.New("not a wazero compilation cache file of the expected layout")
	if len(b) < 7 || !bytes.HasPrefix(b, []byte("WAZEVO")) {
		return code{}, bad
	}
	i := 7 + int(b[6])
	if len(b) < i+4 {
		return code{}, bad
	}
	n := int(binary.LittleEndian.Uint32(b[i:]))
	i += 4
	if n < 0 || len(b) < i+8*n+8 {
		return code{}, bad
	}
	c := code{offsets: make([]uint64, n)}
	for k := range c.offsets {
		c.offsets[k] = binary.LittleEndian.Uint64(b[i:])
		i += 8
	}
	c.size = binary.LittleEndian.Uint64(b[i:])
	if uint64(len(b)-i-8) < c.size {
		return code{}, bad
	}
	for k := 1; k < n; k++ {
		if c.offsets[k] < c.offsets[k-1] || c.offsets[k] > c.size {
			return code{}, bad
		}
	}
	return c, nil
}

// pageSize is the system's page size, to which mappings are rounded.
var pageSize = uint64(os.Getpagesize())

// codeAddress finds the executable anonymous mapping that holds size bytes
// of code (wazero maps the code on its own, rounded up to pages).
func codeAddress(maps string, size uint64) (uint64, error) {
	var found []uint64
	for _, line := range strings.Split(maps, "\n") {
		f := strings.Fields(line)
		if len(f) != 5 || !strings.Contains(f[1], "x") { // no path: anonymous
			continue
		}
		from, to, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		a, err1 := strconv.ParseUint(from, 16, 64)
		b, err2 := strconv.ParseUint(to, 16, 64)
		if err1 == nil && err2 == nil && b-a == (size+pageSize-1)&^(pageSize-1) {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		return 0, fmt.Errorf("want one executable mapping of %d bytes, found %d", size, len(found))
	}
	return found[0], nil
}

// perfMap writes one "START SIZE NAME" line per compiled function.
// Function k of the code is function imported+k of the module.
func perfMap(c code, base uint64, names map[uint32]string, imported uint32) []byte {
	var b bytes.Buffer
	for k, off := range c.offsets {
		end := c.size
		if k+1 < len(c.offsets) {
			end = c.offsets[k+1]
		}
		name := names[imported+uint32(k)]
		if name == "" {
			name = "wasm-function[" + strconv.Itoa(int(imported)+k) + "]"
		}
		fmt.Fprintf(&b, "%x %x %s\n", base+off, end-off, strings.ReplaceAll(name, " ", "_"))
	}
	return b.Bytes()
}

//go:build unix

package wazeroengine

import (
	"runtime"
	"syscall"
)

// mappedMemory backs a guest's linear memory with an anonymous mapping
// of the memory's maximum size, made once: growing the memory hands out
// more of it without copying, and pages the guest never touches cost no
// RAM. A Go slice grown by append instead copies the whole memory on each
// growth and keeps up to a quarter more capacity resident.
//
// # Notes
//
//   - Free (wazero calls it when the module closes) drops the pages
//     at once (MADV_DONTNEED on Linux); the mapping stays valid, so a late host
//     access reads zeros instead of faulting. The address range is
//     unmapped by a cleanup when the mappedMemory becomes unreachable: the
//     instance (and the host Session holding it) keeps it alive.
type mappedMemory struct {
	buf []byte // the whole mapping, len = the memory's maximum
}

// newMappedMemory maps max bytes, or returns nil when the system refuses.
func newMappedMemory(max uint64) *mappedMemory {
	if max == 0 || max > 1<<32 {
		return nil
	}
	b, err := syscall.Mmap(-1, 0, int(max), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON|mapNoReserve)
	if err != nil {
		return nil
	}
	m := &mappedMemory{buf: b}
	runtime.AddCleanup(m, func(b []byte) { syscall.Munmap(b) }, b)
	return m
}

// Reallocate implements experimental.LinearMemory.
func (m *mappedMemory) Reallocate(size uint64) []byte {
	if size > uint64(len(m.buf)) {
		return nil
	}
	return m.buf[:size:size]
}

// Free implements experimental.LinearMemory.
func (m *mappedMemory) Free() { dropPages(m.buf) }

//go:build unix

package wazeroengine

import (
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"
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

// store32 stores v at ptr atomically; false when ptr is not an aligned
// address inside the mapping.
func (m *mappedMemory) store32(ptr, v uint32) bool {
	if uint64(ptr)+4 > uint64(len(m.buf)) || ptr%4 != 0 {
		return false
	}
	atomic.StoreUint32((*uint32)(unsafe.Pointer(&m.buf[ptr])), v)
	return true
}

// Free implements experimental.LinearMemory.
func (m *mappedMemory) Free() { dropPages(m.buf) }

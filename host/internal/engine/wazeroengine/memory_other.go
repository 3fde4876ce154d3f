//go:build !unix

package wazeroengine

// mappedMemory is not used on this system: wazero's default, a Go slice,
// backs guest memory.
type mappedMemory struct{}

func newMappedMemory(uint64) *mappedMemory { return nil }

func (*mappedMemory) Reallocate(uint64) []byte { return nil }

func (*mappedMemory) Free() {}

func (*mappedMemory) store32(uint32, uint32) bool { return false }

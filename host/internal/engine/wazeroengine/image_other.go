//go:build !linux

package wazeroengine

// memoryImage needs Linux's memory files; elsewhere instances start from
// the data segments and _initialize.
const imagesSupported = false

type memoryImage struct{ size int }

func newMemoryImage([]byte) *memoryImage { return nil }

func (*memoryImage) mapInto(*mappedMemory) bool { return false }

func (*memoryImage) close() {}

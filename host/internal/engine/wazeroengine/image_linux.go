package wazeroengine

import (
	"bytes"
	"runtime"
	"syscall"
	"unsafe"
)

// memoryImage is a guest memory image in an anonymous memory file
// (memfd), mapped copy-on-write into the memory of each instance that
// starts from it: an instance reads the image's pages from the one copy
// in the page cache and gets a private page only where it writes.
// imagesSupported: instances may start from a memory image (start.go).
const imagesSupported = true

type memoryImage struct {
	fd   int
	size int // bytes, a whole number of Wasm pages
}

const pageSize = 4096

// newMemoryImage writes mem to a new memory file; only its non-zero
// pages take room there. nil when the system has no memory files.
func newMemoryImage(mem []byte) *memoryImage {
	nr := memfdCreateNumber()
	if nr == 0 {
		return nil
	}
	name := []byte("ptc-guest-image\x00")
	const mfdCloexec = 1
	fd, _, errno := syscall.Syscall(nr, uintptr(unsafe.Pointer(&name[0])), mfdCloexec, 0)
	if errno != 0 {
		return nil
	}
	img := &memoryImage{fd: int(fd), size: len(mem)}
	if syscall.Ftruncate(img.fd, int64(len(mem))) != nil {
		img.close()
		return nil
	}
	// Write each run of non-zero pages with one call.
	var zero [pageSize]byte
	isZero := func(off int) bool {
		page := mem[off:min(off+pageSize, len(mem))]
		return bytes.Equal(page, zero[:len(page)])
	}
	for off := 0; off < len(mem); {
		if isZero(off) {
			off += pageSize
			continue
		}
		end := off + pageSize
		for end < len(mem) && !isZero(end) {
			end += pageSize
		}
		end = min(end, len(mem))
		if !pwriteAll(img.fd, mem[off:end], int64(off)) {
			img.close()
			return nil
		}
		off = end
	}
	return img
}

// memfdCreateNumber is memfd_create's system call number (package
// syscall, frozen, lacks it on most architectures); 0 where unknown.
func memfdCreateNumber() uintptr {
	switch runtime.GOARCH {
	case "amd64":
		return 319
	case "arm64", "riscv64", "loong64":
		return 279
	}
	return 0
}

func pwriteAll(fd int, b []byte, off int64) bool {
	for len(b) > 0 {
		n, err := syscall.Pwrite(fd, b, off)
		if err != nil || n <= 0 {
			return false
		}
		b, off = b[n:], off+int64(n)
	}
	return true
}

// mapInto maps the image copy-on-write over the start of m's mapping.
func (img *memoryImage) mapInto(m *mappedMemory) bool {
	if m == nil || len(m.buf) < img.size {
		return false
	}
	// Not populated: an instance maps only the pages it touches, so its
	// resident set counts those alone. (Populating read-only, then making
	// the mapping writable, saved no measurable time on a first Eval and
	// put the whole image in every instance's resident set.)
	addr := uintptr(unsafe.Pointer(&m.buf[0]))
	_, _, errno := syscall.Syscall6(syscall.SYS_MMAP, addr, uintptr(img.size),
		syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_FIXED, uintptr(img.fd), 0)
	return errno == 0
}

func (img *memoryImage) close() { syscall.Close(img.fd) }

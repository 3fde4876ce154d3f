package wazeroengine

import "syscall"

// mapNoReserve: the mapping reserves no swap; only touched pages count.
const mapNoReserve = syscall.MAP_NORESERVE

// dropPages returns b's pages to the system; b stays mapped and reads zeros.
func dropPages(b []byte) { syscall.Madvise(b, syscall.MADV_DONTNEED) }

//go:build unix && !linux

package host

const mapNoReserve = 0

// dropPages does nothing here: the pages go when the cleanup unmaps them.
func dropPages([]byte) {}

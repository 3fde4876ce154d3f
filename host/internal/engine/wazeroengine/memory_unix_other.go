//go:build unix && !linux

package wazeroengine

const mapNoReserve = 0

// dropPages does nothing here: the pages go when the cleanup unmaps them.
func dropPages([]byte) {}

//go:build !linux

package host_test

// threadCPU is not available here; benchmarks report wall time only.
func threadCPU() int64 { return 0 }

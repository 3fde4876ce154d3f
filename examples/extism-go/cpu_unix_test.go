//go:build unix

package main

import "syscall"

// processCPU is the CPU time the process has used, in nanoseconds: on a
// shared machine a steadier measure than wall time, and it counts the
// garbage collector's work on other threads.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// Package gcyield lets a Wasm guest's garbage collector run, and finish.
//
// A Go program compiled to Wasm has one thread and cannot be preempted:
// the collector's mark workers run only when the goroutine that runs the
// guest's exports yields to the scheduler. The guest yields every few
// thousand steps and between evaluations (Yield).
//
// One yield is not enough. With one thread the runtime gives marking a
// quarter of the time, in slices, so a collection that starts in a long
// evaluation used to mark across many of its yields, and the write
// barrier, which is on while marking, slowed every pointer store in
// between. Under wazero the barrier was on at 25-55% of the yields of the
// benchmark workloads, and took a fifth of a million-step loop's time.
// Yield therefore goes on yielding while a collection marks, so that the
// mark finishes at once. That made W1, W2 and W5 a quarter faster and
// lowered the memory W1 and W2 peak at (docs/design.md, "The guest's
// collector").
//
// # Notes
//
// Whether a collection is marking is read from the runtime's own
// write-barrier switch (Marking). No API tells it, and the switch is
// exactly the cost avoided. The runtime exports the variable to compiled
// code, so the reference links on every Go release; TestMarking checks
// that it still means "marking". If it ever did not, Yield would yield
// once, as before, or at most MaxYields times: slower, never wrong.
package gcyield

import (
	"runtime"
	_ "unsafe" // for go:linkname
)

// writeBarrier is the runtime's variable of the same name, which compiled
// code tests before each pointer store into the heap; its first field is
// set while the collector marks. Only that field is declared here.
//
//go:linkname writeBarrier runtime.writeBarrier
var writeBarrier struct {
	enabled bool
}

// Marking reports whether a collection is in its mark phase.
func Marking() bool { return writeBarrier.enabled }

// MaxYields bounds the yields of one Yield beyond the first. Under wazero
// a mark over the workloads' heaps took up to ~650 yields; the rest of a
// longer one waits for the next Yield.
const MaxYields = 256

// Yield yields to the runtime's other goroutines, the collector's workers
// among them, and keeps yielding while a collection marks, at most
// MaxYields more times. It returns how many times it yielded.
func Yield() int {
	runtime.Gosched()
	n := 1
	for ; n <= MaxYields && Marking(); n++ {
		runtime.Gosched()
	}
	return n
}

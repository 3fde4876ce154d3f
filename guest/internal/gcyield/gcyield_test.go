package gcyield

import (
	"runtime"
	"testing"
)

// heap keeps enough pointers alive that a collection marks for a while.
var heap []*[8]int

// TestMarking: Marking is false while no collection runs, true at some
// point during one, and false again once runtime.GC has returned. If the
// runtime's variable stopped meaning "marking", one of these fails.
func TestMarking(t *testing.T) {
	heap = make([]*[8]int, 1<<18)
	for i := range heap {
		heap[i] = new([8]int)
	}
	defer func() { heap = nil }()
	runtime.GC()
	if Marking() {
		t.Fatal("Marking is true after runtime.GC returned")
	}
	seen := false
	for round := 0; round < 50 && !seen; round++ {
		done := make(chan struct{})
		go func() { runtime.GC(); close(done) }()
	watch:
		for {
			select {
			case <-done:
				break watch
			default:
				if Marking() {
					seen = true
				}
				runtime.Gosched()
			}
		}
		if Marking() {
			t.Fatalf("round %d: Marking is true after runtime.GC returned", round)
		}
	}
	if !seen {
		t.Fatal("Marking was never true during 50 collections")
	}
}

// TestYieldBounded: Yield yields at least once and at most 1+MaxYields
// times, with and without a collection under way.
func TestYieldBounded(t *testing.T) {
	if n := Yield(); n < 1 || n > 1+MaxYields {
		t.Fatalf("Yield with no collection: %d yields", n)
	}
	heap = make([]*[8]int, 1<<18)
	for i := range heap {
		heap[i] = new([8]int)
	}
	defer func() { heap = nil }()
	done := make(chan struct{})
	go func() { runtime.GC(); close(done) }()
	for n := 0; n < 1000; n++ {
		if y := Yield(); y < 1 || y > 1+MaxYields {
			t.Fatalf("Yield during a collection: %d yields", y)
		}
	}
	<-done
}

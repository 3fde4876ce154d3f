package lang

import (
	"sync/atomic"
)

// Limits bound one evaluation. A zero field means "use the default"; see
// DefaultLimits. Every limit, when hit, ends the evaluation with an error
// that names it (Error.Limit) and says how to work within it.
type Limits struct {
	// MaxSteps is the step budget. Every function call, loop iteration and
	// every element a builtin touches costs a step. Error kind step_limit.
	MaxSteps int64 `json:"max_steps,omitempty"`
	// MaxDepth is the deepest allowed call nesting. Error kind depth_limit.
	MaxDepth int `json:"max_depth,omitempty"`
	// MaxCollection is the most elements any one collection built by the
	// program may hold. Error kind size_limit.
	MaxCollection int `json:"max_collection,omitempty"`
	// MaxStringBytes is the longest string the program may build. Error
	// kind size_limit.
	MaxStringBytes int `json:"max_string_bytes,omitempty"`
	// MaxPrintBytes bounds the total output of println and friends. Output
	// past it is dropped and Result.PrintsTruncated is set; the program
	// goes on.
	MaxPrintBytes int `json:"max_print_bytes,omitempty"`
	// MaxResultBytes bounds the printed size of the result. Error kind
	// size_limit.
	MaxResultBytes int `json:"max_result_bytes,omitempty"`
	// MaxToolCalls bounds the number of tool calls. Error kind size_limit.
	MaxToolCalls int `json:"max_tool_calls,omitempty"`
	// MaxSourceBytes bounds the program text. Error kind size_limit.
	MaxSourceBytes int `json:"max_source_bytes,omitempty"`
	// MaxNesting bounds the nesting depth of the program text. Error kind
	// depth_limit.
	MaxNesting int `json:"max_nesting,omitempty"`
	// MaxForms bounds the number of forms in the program text. Error kind
	// size_limit.
	MaxForms int `json:"max_forms,omitempty"`
	// MaxParallel is how many elements of one pmap or pcalls are in flight
	// at once (see parallel.go): later elements wait for a slot, in order.
	// It bounds the size of a tool-call batch from one pmap. No error.
	MaxParallel int `json:"max_parallel,omitempty"`
}

// DefaultLimits are the limits used for zero fields of Limits.
var defaultLimits = Limits{
	MaxSteps:       50_000_000,
	MaxDepth:       5_000,
	MaxCollection:  10_000_000,
	MaxStringBytes: 16 << 20, // a string and its doubling must fit in a sandbox of 256 MiB with room to spare
	MaxPrintBytes:  64 << 10,
	MaxResultBytes: 4 << 20,
	MaxToolCalls:   1_000,
	MaxSourceBytes: 1 << 20,
	MaxNesting:     256,
	MaxForms:       1_000_000,
	MaxParallel:    8,
}

// DefaultLimits returns the default limits.
func DefaultLimits() Limits { return defaultLimits }

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	d := defaultLimits
	if l.MaxSteps <= 0 {
		l.MaxSteps = d.MaxSteps
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxCollection <= 0 {
		l.MaxCollection = d.MaxCollection
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = d.MaxStringBytes
	}
	if l.MaxPrintBytes <= 0 {
		l.MaxPrintBytes = d.MaxPrintBytes
	}
	if l.MaxResultBytes <= 0 {
		l.MaxResultBytes = d.MaxResultBytes
	}
	if l.MaxToolCalls <= 0 {
		l.MaxToolCalls = d.MaxToolCalls
	}
	if l.MaxSourceBytes <= 0 {
		l.MaxSourceBytes = d.MaxSourceBytes
	}
	if l.MaxNesting <= 0 {
		l.MaxNesting = d.MaxNesting
	}
	if l.MaxForms <= 0 {
		l.MaxForms = d.MaxForms
	}
	if l.MaxParallel <= 0 {
		l.MaxParallel = d.MaxParallel
	}
	return l
}

// checkEvery is how many steps pass between checks of the step budget
// and calls of Options.Safepoint; every pollEvery-th check also polls the
// cancellation flag and the deadline (Options.Poll, which in the Wasm
// guest also yields to its collector).
const (
	checkEvery = 1024
	pollEvery  = 4
)

// Thread is the per-evaluation state: budgets, the value stack that holds
// call frames, captured output and the tool-call ledger. A Thread is used by
// one goroutine; only Cancel may be called from another.
type Thread struct {
	limits Limits

	steps     int64
	nextCheck int64
	depth     int

	stack []Value
	sp    int

	pos Pos // position of the builtin call being made, for errors

	interrupt atomic.Value // ErrorKind set by Interrupt

	prints          []string
	printBytes      int
	printsTruncated bool

	tools     ToolHost
	toolCalls []ToolCall
	data      map[string]Value

	session *Session
	undo    []undoEntry

	clock func() int64     // Options.Clock
	poll  func() ErrorKind // Options.Poll
	// safepoint is Options.Safepoint; checks counts the step checks, for
	// pollEvery.
	safepoint func()
	checks    uint32

	intSlab []int64 // see box.go

	// pmap/pcalls (parallel.go): plw is set on a worker's child Thread
	// (nil on the top-level Thread); plBatches counts the tool-call
	// batches issued so far (ToolCall.Batch).
	plw       *plWorker
	plBatches int
}

// nowMillis reads the host-granted clock (milliseconds since the epoch).
func (t *Thread) nowMillis(what string) int64 {
	if t.clock == nil {
		throw(Errorf(ValueError, "%s: this evaluation has no clock", what).
			WithHint("the host did not grant a clock; pass dates in through data/ or a tool"))
	}
	return t.clock()
}

// Interrupt asks the evaluation to stop with the given kind (Timeout or
// Cancelled); it ends at the next check, at most a few thousand steps
// later. Safe to call from any goroutine. Hosts use it to enforce
// deadlines: the core itself reads no clock.
func (t *Thread) Interrupt(kind ErrorKind) { t.interrupt.Store(kind) }

// Cancel is Interrupt(Cancelled).
func (t *Thread) Cancel() { t.Interrupt(Cancelled) }

func newThread(lim Limits) *Thread {
	t := &Thread{}
	t.init(lim.WithDefaults())
	return t
}

// init readies a zero Thread for an evaluation under lim, which has its
// defaults filled in.
func (t *Thread) init(lim Limits) {
	t.limits = lim
	t.nextCheck = min(checkEvery, lim.MaxSteps)
}

// step charges one step.
func (t *Thread) step() {
	t.steps++
	if t.steps >= t.nextCheck {
		t.slowCheck()
	}
}

// charge charges n steps for work proportional to n.
func (t *Thread) charge(n int) {
	if n <= 0 {
		return
	}
	t.steps += int64(n)
	if t.steps >= t.nextCheck {
		t.slowCheck()
	}
}

func (t *Thread) slowCheck() {
	if t.steps > t.limits.MaxSteps {
		throw(&Error{Kind: StepLimit, Limit: "MaxSteps",
			Message: sprintf("step budget exhausted (MaxSteps=%d)", t.limits.MaxSteps),
			Hint:    "the program does too much work: process less data (take, filter early), avoid nested loops over large inputs, or ask the host for a larger MaxSteps"})
	}
	if t.safepoint != nil {
		t.safepoint()
	}
	if t.checks++; t.checks%pollEvery == 0 {
		if k, ok := t.plInterruptKind(); ok { // a pmap worker reads its parent's flag
			t.interrupted(k)
		}
	}
	t.nextCheck = t.steps + checkEvery
	if t.nextCheck > t.limits.MaxSteps+1 {
		t.nextCheck = t.limits.MaxSteps + 1
	}
}

// checkCollection raises size_limit when a collection would hold n elements.
func (t *Thread) checkCollection(n int) {
	if n > t.limits.MaxCollection {
		throw(&Error{Kind: SizeLimit, Limit: "MaxCollection",
			Message: sprintf("collection of %d elements is over the limit (MaxCollection=%d)", n, t.limits.MaxCollection),
			Hint:    "work on smaller pieces: take, filter or aggregate before building large collections"})
	}
}

// checkString raises size_limit when a string would be n bytes long.
func (t *Thread) checkString(n int) {
	if n > t.limits.MaxStringBytes {
		throw(&Error{Kind: SizeLimit, Limit: "MaxStringBytes",
			Message: sprintf("string of %d bytes is over the limit (MaxStringBytes=%d)", n, t.limits.MaxStringBytes),
			Hint:    "build smaller strings: subs, take or summarize before joining"})
	}
}

// alloc reserves a frame of n slots on the value stack. Frames are slices;
// when the stack grows, a new backing array is made and frames already
// handed out keep using the old one, which stays valid.
func (t *Thread) alloc(n int) []Value {
	sp := t.sp
	if sp+n > len(t.stack) {
		size := 2 * len(t.stack)
		if size < sp+n+64 {
			size = sp + n + 64
		}
		t.stack = make([]Value, size)
	}
	f := t.stack[sp : sp+n : sp+n]
	t.sp = sp + n
	return f
}

// release pops a frame made by alloc (the most recent one).
func (t *Thread) release(f []Value) {
	clear(f)
	t.sp -= len(f)
}

// print records one line of program output.
func (t *Thread) print(line string) {
	if t.printsTruncated {
		return
	}
	if t.printBytes+len(line) > t.limits.MaxPrintBytes {
		room := t.limits.MaxPrintBytes - t.printBytes
		if room > 0 {
			t.prints = append(t.prints, truncateUTF8(line, room))
		}
		t.prints = append(t.prints, sprintf("... output truncated (MaxPrintBytes=%d)", t.limits.MaxPrintBytes))
		t.printsTruncated = true
		return
	}
	t.printBytes += len(line)
	t.prints = append(t.prints, line)
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// depthErr is raised when calls nest too deeply.
func (t *Thread) depthErr() {
	throw(&Error{Kind: DepthLimit, Limit: "MaxDepth",
		Message: sprintf("calls nested deeper than %d (MaxDepth)", t.limits.MaxDepth),
		Hint:    "use loop/recur or reduce instead of deep recursion"})
}

func (t *Thread) interrupted(k ErrorKind) {
	if k == Timeout {
		throw(&Error{Kind: Timeout, Limit: "deadline", Message: "evaluation ran past its deadline",
			Hint: "do less work per evaluation, or split it across turns with def"})
	}
	throw(&Error{Kind: Cancelled, Message: "evaluation cancelled by the host"})
}

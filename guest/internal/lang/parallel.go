package lang

import "sync"

// Parallel tool calls for pmap and pcalls.
//
// The interpreter itself is never concurrent. pmap and pcalls run each
// element's function in a worker: a goroutine with its own child Thread
// (its own value stack and call depth; the parent's limits, tools, data,
// session and clock). Only one worker runs at a time: the coordinator (the
// parent's goroutine) hands a baton to one worker over a channel and waits
// until it gives it back, which it does when it finishes, fails, or calls a
// tool. So no interpreter state is ever touched by two goroutines at once
// and nothing needs a lock.
//
// Scheduling is deterministic. At most Limits.MaxParallel elements are in
// flight; later elements are admitted in order as earlier ones finish. The
// coordinator runs every ready worker once, lowest element first (a worker
// admitted during the pass runs in the same pass), until each in-flight
// worker waits on a tool call. Then it issues all their requests as one
// batch, in element order: BatchToolHost.CallToolBatch when the host has it,
// else CallTool one after another. Each worker gets its response and the
// next pass begins. Results are a vector in element order.
//
// Accounting is shared. Before a worker's turn the coordinator gives it the
// parent's step count, prints, tool-call ledger and undo log, and takes them
// back after, so steps count against one MaxSteps, prints appear in the
// order they happen, defs roll back if the evaluation fails, and the ledger
// holds the calls in the order the batches were issued (ToolCall.Batch is
// the batch number, from 1). MaxToolCalls counts calls still waiting for
// their batch. Workers read the parent's interrupt flag.
//
// The first error, fail or return that happens (in the baton order above)
// ends the pmap. Tool calls that other workers asked for before it happened
// are still made, as one last batch, and recorded (in a parallel run they
// would already be under way; as with map, the calls of elements before
// the failing one are made), but their workers do not run again. Then the
// coordinator stops every other worker (they unwind with a private panic
// and exit) and raises the error in the parent's goroutine. A Go panic in a
// worker is re-raised the same way (without the last batch) and becomes
// internal_error. An interrupt (timeout, cancelled) makes no last batch.
//
// A pmap or pcalls inside a worker runs its elements one after another in
// that worker (no nested coordinator); its tool calls still join the outer
// batches. With no tool host at all, pmap and pcalls are plain map and
// calls in order.

// BatchToolHost is a ToolHost that can make several tool calls at once.
type BatchToolHost interface {
	ToolHost
	// CallToolBatch makes the calls, concurrently if it likes (with a bound
	// of its choosing), and returns one response per call in the same order.
	CallToolBatch(calls []ToolRequest) []ToolResponse
}

// ToolRequest is one call of a batch: the tool's name and its argument map
// (string keys, as for CallTool).
type ToolRequest struct {
	Name string
	Args *Map
}

// ToolResponse is the outcome of one call of a batch: what CallTool would
// have returned.
type ToolResponse struct {
	Value Value
	Err   error
}

// Worker states.
const (
	plReady   = iota // has work: not started yet, or its tool response arrived
	plWaiting        // gave the baton back to make a tool call
	plDone           // finished; value holds the result
	plFailed         // panicked; failure holds the panic value
)

// plAbort unwinds a worker that the coordinator stopped. Only the worker's
// own recover sees it.
type plAbort struct{}

// plCoord is the coordinator of one pmap or pcalls. Its fields are used by
// whoever holds the baton; the channels order those uses.
type plCoord struct {
	t       *Thread       // the parent thread
	done    chan struct{} // closed when the pmap ends: waiting workers exit
	back    chan struct{} // a worker gives the baton back
	wg      sync.WaitGroup
	pending int         // workers waiting for the next batch
	live    []*plWorker // in flight, in element order
}

// plWorker is one goroutine and its child thread. When its element is done
// it parks, and the coordinator may give it the next element.
type plWorker struct {
	c       *plCoord
	idx     int // the element it works on
	job     func(t *Thread, i int) Value
	th      *Thread
	resume  chan struct{} // the coordinator hands the baton back
	started bool
	state   int
	req     ToolRequest
	resp    ToolResponse
	value   Value
	failure any
}

// plParallel reports whether pmap/pcalls on t should use workers: only on
// a top-level thread with a tool host (without tools there is nothing to
// run in parallel).
func (t *Thread) plParallel() bool {
	return t.plw == nil && t.tools != nil
}

// plMap is pmap: map with each call in a worker.
func (t *Thread) plMap(fname string, f Value, colls []Value) *Vector {
	if !t.plParallel() {
		return sqMap(t, fname, f, colls)
	}
	if len(colls) == 1 {
		xs := seqItemsNamed(t, fname, colls[0])
		return t.plRun(len(xs), func(w *Thread, i int) Value { return w.call1(f, xs[i]) })
	}
	lists := make([][]Value, len(colls))
	n := -1
	for i, c := range colls {
		lists[i] = seqItemsNamed(t, fname, c)
		if n < 0 || len(lists[i]) < n {
			n = len(lists[i])
		}
	}
	if len(lists) == 2 {
		x, y := lists[0], lists[1]
		return t.plRun(n, func(w *Thread, i int) Value { return w.call2(f, x[i], y[i]) })
	}
	return t.plRun(n, func(w *Thread, i int) Value {
		args := make([]Value, len(lists))
		for j, l := range lists {
			args[j] = l[i]
		}
		return w.Call(f, args)
	})
}

// plCalls is pcalls: each function called with no arguments in a worker.
func (t *Thread) plCalls(fs []Value) *Vector {
	if !t.plParallel() {
		b := NewVectorBuilder(len(fs))
		for _, f := range fs {
			b.Add(t.Call(f, nil))
		}
		return b.Build()
	}
	return t.plRun(len(fs), func(w *Thread, i int) Value { return w.Call(fs[i], nil) })
}

// plRun runs job(w, i) for i in [0, n) in workers and returns the results
// in order.
func (t *Thread) plRun(n int, job func(w *Thread, i int) Value) *Vector {
	if n == 0 {
		return NewVector(nil)
	}
	c := &plCoord{t: t, done: make(chan struct{}), back: make(chan struct{})}
	defer c.stop()
	results := make([]Value, n)
	maxLive := t.limits.MaxParallel
	c.live = make([]*plWorker, 0, min(n, maxLive))
	next := 0
	admit := func() {
		for len(c.live) < maxLive && next < n {
			c.live = append(c.live, c.worker(next, job))
			next++
		}
	}
	admit()
	for len(c.live) > 0 {
		// One pass: every ready worker runs until it waits or finishes,
		// lowest element first; finished ones make room for new ones,
		// which run in this pass too.
		for i := 0; i < len(c.live); i++ {
			w := c.live[i]
			if w.state != plReady {
				continue
			}
			c.turn(w)
			switch w.state {
			case plWaiting:
				c.pending++
			case plDone:
				results[w.idx] = w.value
				w.value = nil
				c.live = append(c.live[:i], c.live[i+1:]...)
				i--
				if next < n {
					// The parked worker takes the next element, which
					// goes last (element order).
					c.assign(w, next)
					c.live = append(c.live, w)
					next++
				}
			}
		}
		if len(c.live) > 0 {
			c.batch(c.live, false) // every in-flight worker waits on a tool call
		}
	}
	return NewVector(results)
}

// worker makes a worker for element i, with a new child thread. Its
// goroutine starts at its first turn. The child gets the parent's
// per-evaluation fields here (a new such Thread field must be added);
// the shared accounting moves in and out at each turn.
func (c *plCoord) worker(i int, job func(w *Thread, i int) Value) *plWorker {
	p := c.t
	w := &plWorker{c: c, job: job, resume: make(chan struct{})}
	w.th = &Thread{limits: p.limits, tools: p.tools, data: p.data, session: p.session, clock: p.clock, safepoint: p.safepoint, plw: w}
	c.assign(w, i)
	return w
}

// assign gives w element i: a new worker, or a parked one whose element is
// done (its stack is empty again).
func (c *plCoord) assign(w *plWorker, i int) {
	w.idx, w.state = i, plReady
	w.th.depth = c.t.depth
	w.th.pos = c.t.pos
}

// turn gives w the baton with the parent's accounting, waits for it to
// come back and takes the accounting back. A failed worker's error is
// raised here, in the parent's goroutine.
func (c *plCoord) turn(w *plWorker) {
	p := c.t
	if k, ok := p.interrupt.Load().(ErrorKind); ok {
		p.interrupted(k)
	}
	ch := w.th
	ch.steps, ch.nextCheck = p.steps, p.nextCheck
	ch.prints, ch.printBytes, ch.printsTruncated = p.prints, p.printBytes, p.printsTruncated
	ch.toolCalls, ch.undo = p.toolCalls, p.undo
	if !w.started {
		w.started = true
		c.wg.Add(1)
		go w.main()
	} else {
		w.resume <- struct{}{}
	}
	<-c.back
	p.steps, p.nextCheck = ch.steps, ch.nextCheck
	p.prints, p.printBytes, p.printsTruncated = ch.prints, ch.printBytes, ch.printsTruncated
	p.toolCalls, p.undo = ch.toolCalls, ch.undo
	ch.prints, ch.toolCalls, ch.undo = nil, nil, nil
	if w.state == plFailed {
		p.pos = ch.pos
		last := false
		switch x := w.failure.(type) {
		case *Error:
			if !x.Pos.IsValid() {
				x.Pos = ch.pos
			}
			last = x.Kind != Timeout && x.Kind != Cancelled
		case *signal:
			last = true
		}
		if last && c.pending > 0 {
			var ws []*plWorker
			for _, o := range c.live {
				if o.state == plWaiting {
					ws = append(ws, o)
				}
			}
			c.batch(ws, true)
		}
		panic(w.failure) // c.stop (deferred in plRun) ends the other workers
	}
}

// batch makes the pending tool calls of ws (all waiting, in element order)
// as one batch, records them in the ledger and hands out the responses.
// The last batch, made after a worker failed, raises no interrupt: the
// failure is raised after it (an interrupt only stops its calls when they
// are made one by one).
func (c *plCoord) batch(ws []*plWorker, last bool) {
	p := c.t
	p.plBatches++
	num := p.plBatches
	c.pending = 0
	give := func(w *plWorker, r ToolResponse) {
		call := ToolCall{Name: w.req.Name, Args: w.req.Args, Result: r.Value, Batch: num}
		if r.Err != nil {
			call.Error = r.Err.Error()
			call.Result = nil
		}
		p.toolCalls = append(p.toolCalls, call)
		w.req, w.resp, w.state = ToolRequest{}, r, plReady
	}
	if bh, ok := p.tools.(BatchToolHost); ok {
		reqs := make([]ToolRequest, len(ws))
		for i, w := range ws {
			reqs[i] = w.req
		}
		resps := bh.CallToolBatch(reqs)
		for i, w := range ws {
			var r ToolResponse
			if i < len(resps) {
				r = resps[i]
			} else {
				r.Err = Errorf(ToolError, "tool/%s: the tool host returned no response for this call", w.req.Name)
			}
			give(w, r)
		}
	} else {
		for _, w := range ws {
			v, err := p.tools.CallTool(w.req.Name, w.req.Args)
			give(w, ToolResponse{Value: v, Err: err})
			if k, ok := p.plInterruptKind(); ok {
				if last {
					return
				}
				p.interrupted(k)
			}
		}
	}
	// Poll as after a single call: a host that gave up on the batch (its
	// deadline passed while the calls ran) says so through the poll.
	if k, ok := p.plInterruptKind(); ok && !last {
		p.interrupted(k)
	}
}

// stop ends the pmap: workers still waiting for a tool response unwind
// and exit; it returns when every worker goroutine has exited.
func (c *plCoord) stop() {
	close(c.done)
	c.wg.Wait()
}

// main is the worker goroutine. It starts holding the baton; after each
// element it parks until it gets another one or the pmap ends.
func (w *plWorker) main() {
	c := w.c
	defer c.wg.Done()
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(plAbort); ok {
				return // stopped while waiting: the coordinator is not listening
			}
			w.failure, w.state = r, plFailed
			c.back <- struct{}{}
		}
	}()
	for {
		w.value = w.job(w.th, w.idx)
		w.state = plDone
		c.back <- struct{}{}
		select {
		case <-w.resume: // the next element
		case <-c.done:
			return
		}
	}
}

// awaitTool is a worker's tool call: it gives the baton back with the
// request and waits for the response of the batch it joins.
func (w *plWorker) awaitTool(name string, args *Map) (Value, error) {
	c := w.c
	w.req, w.state = ToolRequest{Name: name, Args: args}, plWaiting
	c.back <- struct{}{}
	select {
	case <-w.resume:
	case <-c.done:
		panic(plAbort{})
	}
	r := w.resp
	w.resp = ToolResponse{}
	return r.Value, r.Err
}

// plPendingCalls is the number of tool calls waiting for their batch, for
// MaxToolCalls.
func (t *Thread) plPendingCalls() int {
	if t.plw == nil {
		return 0
	}
	return t.plw.c.pending
}

// plInterruptKind reads the interrupt flag set by Thread.Interrupt; a
// worker reads its parent's.
func (t *Thread) plInterruptKind() (ErrorKind, bool) {
	if t.plw != nil {
		t = t.plw.c.t
	}
	k, ok := t.interrupt.Load().(ErrorKind)
	if !ok && t.poll != nil {
		if k = t.poll(); k != "" {
			return k, true
		}
	}
	return k, ok
}

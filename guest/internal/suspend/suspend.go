// Package suspend runs an evaluation that stops at each tool call and
// waits for its host to answer in a later call: the portable way for a
// Wasm guest to wait for asynchronous tools on a host without JSPI.
//
// The evaluation runs on a worker goroutine, kept for the next one (a new
// goroutine per evaluation would start on a small stack and grow it by
// copying, several times per evaluation, for the interpreter's recursion:
// that cost more than a small evaluation). Its tool transport (Call and
// Batch, byte-level, as the guest's imports are) hands each request to the
// goroutine that called Start or Resume and parks until Resume brings the
// response. Start and Resume return when the evaluation suspends or ends,
// so a guest export can return the pending request to its host and the
// evaluation survives, parked, until the next export call.
//
// A Machine is not safe for concurrent use; a guest's exports are called
// one at a time.
package suspend

import "errors"

// Errors of Start and Resume; the guest reports them to its host.
var (
	ErrBusy         = errors.New("an evaluation is suspended at a tool call: resume it (ptc_eval_resume) before starting another")
	ErrNotSuspended = errors.New("no evaluation is suspended at a tool call: start one with ptc_eval_start")
)

// Transport carries one request document to the host and returns its
// response document.
type Transport struct {
	Call  func(req []byte) string // one tool request {"name","args"} -> {"value"} or {"error"}
	Batch func(req []byte) string // a JSON array of requests -> a JSON array of responses
}

// Machine holds at most one suspendable evaluation.
type Machine struct {
	jobs    chan func(Transport) []byte // evaluations, to the worker
	pending chan []byte                 // pending-request documents, from the evaluation
	resp    chan string                 // the host's responses, to the evaluation
	done    chan []byte                 // the final document
	running bool                        // an evaluation started and has not ended
}

// Suspended reports whether an evaluation waits for Resume.
func (m *Machine) Suspended() bool { return m.running }

// Start runs eval on a new goroutine with a Transport that suspends it,
// and returns the first pending-request document or, if eval ends without
// calling a tool, its result.
func (m *Machine) Start(eval func(Transport) []byte) ([]byte, error) {
	if m.running {
		return nil, ErrBusy
	}
	if m.jobs == nil {
		m.jobs = make(chan func(Transport) []byte, 1)
		m.pending, m.resp, m.done = make(chan []byte, 1), make(chan string, 1), make(chan []byte, 1)
		go m.work()
	}
	m.running = true
	m.jobs <- eval
	return m.wait(), nil
}

// work runs the evaluations, one at a time, for the life of the process.
func (m *Machine) work() {
	t := Transport{
		Call:  func(req []byte) string { return m.ask("tool", "call", req) },
		Batch: func(req []byte) string { return m.ask("batch", "calls", req) },
	}
	for eval := range m.jobs {
		m.done <- eval(t)
	}
}

// Resume gives the suspended evaluation the host's response to its
// pending request and returns the next pending request or the result.
func (m *Machine) Resume(resp string) ([]byte, error) {
	if !m.running {
		return nil, ErrNotSuspended
	}
	m.resp <- resp
	return m.wait(), nil
}

// ask is the evaluation's side: publish the request, park for the answer.
func (m *Machine) ask(kind, field string, req []byte) string {
	m.pending <- PendingDoc(kind, field, req)
	return <-m.resp
}

// wait is the caller's side: run the evaluation until it asks or ends.
func (m *Machine) wait() []byte {
	select {
	case doc := <-m.pending:
		return doc
	case out := <-m.done:
		m.running = false
		return out
	}
}

// PendingDoc is {"pending":kind,field:req}; req is a JSON document.
func PendingDoc(kind, field string, req []byte) []byte {
	out := make([]byte, 0, len(req)+32)
	out = append(out, `{"pending":"`...)
	out = append(out, kind...)
	out = append(out, `","`...)
	out = append(out, field...)
	out = append(out, `":`...)
	out = append(out, req...)
	return append(out, '}')
}

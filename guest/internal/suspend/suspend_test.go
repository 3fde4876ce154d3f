package suspend

import (
	"errors"
	"testing"
)

func TestSuspendAtEachCall(t *testing.T) {
	var m Machine
	eval := func(tr Transport) []byte {
		a := tr.Call([]byte(`{"name":"a","args":{}}`))
		b := tr.Batch([]byte(`[{"name":"b","args":{}},{"name":"c","args":{}}]`))
		return []byte(`{"outcome":"value","got":[` + a + "," + b + "]}")
	}
	doc, err := m.Start(eval)
	if err != nil || string(doc) != `{"pending":"tool","call":{"name":"a","args":{}}}` {
		t.Fatalf("start: %s %v", doc, err)
	}
	if !m.Suspended() {
		t.Fatal("not suspended after a pending call")
	}
	if _, err := m.Start(eval); !errors.Is(err, ErrBusy) {
		t.Fatalf("a second start while suspended: %v", err)
	}
	doc, err = m.Resume(`{"value":1}`)
	if err != nil || string(doc) != `{"pending":"batch","calls":[{"name":"b","args":{}},{"name":"c","args":{}}]}` {
		t.Fatalf("resume 1: %s %v", doc, err)
	}
	doc, err = m.Resume(`[{"value":2},{"error":"no"}]`)
	if err != nil || string(doc) != `{"outcome":"value","got":[{"value":1},[{"value":2},{"error":"no"}]]}` {
		t.Fatalf("resume 2: %s %v", doc, err)
	}
	if m.Suspended() {
		t.Fatal("suspended after the end")
	}
	if _, err := m.Resume(""); !errors.Is(err, ErrNotSuspended) {
		t.Fatalf("resume after the end: %v", err)
	}
}

func TestNoToolCallsEndsInStart(t *testing.T) {
	var m Machine
	for i := 0; i < 3; i++ { // the machine is reusable
		doc, err := m.Start(func(Transport) []byte { return []byte(`{"outcome":"value"}`) })
		if err != nil || string(doc) != `{"outcome":"value"}` || m.Suspended() {
			t.Fatalf("run %d: %s %v", i, doc, err)
		}
	}
}

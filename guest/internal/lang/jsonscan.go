package lang

// JSONScanner reads a JSON document piece by piece, for the envelopes of
// the host boundary ({"source": ..., "limits": {...}, "data": {...}}):
// the reader takes the members it knows in the form it needs (a Go
// string, a Limits field) and the parser builds Values only where it asks
// for them. DecodeJSON of the whole envelope built a map of it, boxed its
// keys and values, and then looked each field up again; for a small
// request that was most of the guest's work outside the evaluation.
//
// Every method reads one whole JSON value at the cursor. A method that
// finds a value of another kind than it reads (Object at a string, say)
// still reads it, to skip it, and reports that it was not its kind. Text
// that is not valid JSON marks the scanner invalid for good (Valid), and
// the methods then read nothing. What is accepted is exactly what
// DecodeJSON accepts: the same parser reads every value.
//
// A JSONScanner is used by one goroutine; the zero value is a scanner of
// the empty document, where any read finds the text invalid.
type JSONScanner struct {
	p       sxJSONParser
	invalid bool
}

// Reset starts the scanner at the beginning of the document s.
func (j *JSONScanner) Reset(s string) {
	j.p = sxJSONParser{s: s}
	j.invalid = false
}

// Valid reports whether everything read so far was valid JSON.
func (j *JSONScanner) Valid() bool { return !j.invalid }

// End reports whether the document was valid JSON up to here and nothing
// but white space follows.
func (j *JSONScanner) End() bool {
	j.p.ws()
	return !j.invalid && j.p.i == len(j.p.s)
}

// fail marks the scanner invalid; it returns false for its callers.
func (j *JSONScanner) fail() bool {
	j.invalid = true
	return false
}

// at reports whether the value at the cursor starts with c. At the end of
// the text it is false, and the read that follows finds the text invalid.
func (j *JSONScanner) at(c byte) bool {
	j.p.ws()
	return !j.invalid && j.p.i < len(j.p.s) && j.p.s[j.p.i] == c
}

// Value reads the value at the cursor as DecodeJSON would: objects are
// maps with string keys. It is nil for invalid text.
func (j *JSONScanner) Value() Value {
	if j.invalid {
		return nil
	}
	v, ok := j.p.value()
	if !ok {
		j.fail()
		return nil
	}
	return v
}

// skip reads the value at the cursor and drops it.
func (j *JSONScanner) skip() { j.Value() }

// String reads a string value: its text and true, or "" and false when
// the value is of another kind (or invalid).
func (j *JSONScanner) String() (string, bool) {
	if !j.at('"') {
		j.skip()
		return "", false
	}
	s, ok := j.p.str()
	if !ok {
		return "", j.fail()
	}
	return s, true
}

// Object reads an object, calling member with each member's key in
// document order, the cursor at the member's value. member may read the
// value with any method of j; a value it leaves unread is skipped. It
// reports whether the value was an object and valid.
//
// Keys repeat as they are in the text: like DecodeJSON's maps, where a
// later duplicate key's value wins, a reader that keeps the last value
// of each key reads a document as DecodeJSON does.
func (j *JSONScanner) Object(member func(key string)) bool {
	if !j.at('{') {
		j.skip()
		return false
	}
	p := &j.p
	if empty, ok := p.open('}'); empty || !ok {
		return ok || j.fail()
	}
	for {
		k, ok := p.memberKey()
		if !ok {
			return j.fail()
		}
		if !j.element(func() { member(k) }) {
			return false
		}
		if more, ok := p.next('}'); !more {
			return ok || j.fail()
		}
	}
}

// Array reads an array, calling elem for each element with the cursor at
// it. elem may read the element with any method of j; an element it
// leaves unread is skipped. It reports whether the value was an array and
// valid.
func (j *JSONScanner) Array(elem func()) bool {
	if !j.at('[') {
		j.skip()
		return false
	}
	p := &j.p
	if empty, ok := p.open(']'); empty || !ok {
		return ok || j.fail()
	}
	for {
		if !j.element(elem) {
			return false
		}
		if more, ok := p.next(']'); !more {
			return ok || j.fail()
		}
	}
}

// element lets read read the value at the cursor, and skips the value
// when read left it. It reports whether the text is still valid.
func (j *JSONScanner) element(read func()) bool {
	j.p.ws()
	at := j.p.i
	read()
	if !j.invalid && j.p.i == at {
		j.skip()
	}
	return !j.invalid
}

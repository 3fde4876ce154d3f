package lang

import (
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// sameBox reports whether two Values are one box: the same type and data
// words, not merely equal contents.
func sameBox(a, b Value) bool {
	return *(*[2]unsafe.Pointer)(unsafe.Pointer(&a)) == *(*[2]unsafe.Pointer)(unsafe.Pointer(&b))
}

// TestJSONKeysInterned: the keys of nested objects that repeat across an
// array of objects are one boxed Value, in string and in keyword mode, and
// a document with more distinct keys than the table holds still parses
// every key right.
func TestJSONKeysInterned(t *testing.T) {
	doc := `[{"id":1,"name":"a","email":"e","age":3,"city":"c","country":"x","created_at":0,"tags":[],"active":true},` +
		`{"id":2,"name":"b","email":"f","age":4,"city":"d","country":"y","created_at":1,"tags":[],"active":false}]`
	for _, kw := range []bool{false, true} {
		p := sxJSONParser{kw: kw, s: doc}
		v, ok := p.value()
		if !ok {
			t.Fatalf("kw %v: no parse", kw)
		}
		a, b := v.(*Vector).Nth(0).(*Map), v.(*Vector).Nth(1).(*Map)
		var ka, kb []Value
		a.Each(func(k, _ Value) bool { ka = append(ka, k); return true })
		b.Each(func(k, _ Value) bool { kb = append(kb, k); return true })
		if len(ka) != 9 || len(kb) != 9 {
			t.Fatalf("kw %v: keys %v %v", kw, ka, kb)
		}
		for i := range ka {
			if !Equal(ka[i], kb[i]) {
				t.Fatalf("kw %v: key %d: %v vs %v", kw, i, ka[i], kb[i])
			}
			if _, isKw := ka[i].(Keyword); isKw != kw {
				t.Errorf("kw %v: key %v has the wrong kind", kw, ka[i])
			}
			if !sameBox(ka[i], kb[i]) {
				t.Errorf("kw %v: key %v boxed twice", kw, ka[i])
			}
		}
	}

	// Many distinct keys: slots are reused, and every key stays right.
	var b strings.Builder
	b.WriteString(`[{`)
	for i := 0; i < 300; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
	}
	b.WriteString(`}]`)
	v, ok := DecodeJSON(b.String())
	if !ok {
		t.Fatal("no parse")
	}
	m := v.(*Vector).Nth(0).(*Map)
	for i := 0; i < 300; i++ {
		if x, _ := m.Get("k" + strconv.Itoa(i)); x != int64(i) {
			t.Fatalf("k%d = %v", i, x)
		}
	}
}

package lang

import (
	"math/rand/v2"
	"reflect"
	"runtime"
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

// TestLimitsByName: every limit has its JSON name (the Limits struct
// tags), SetByName knows each of them and nothing else, and LimitsFromMap
// reads a map through it.
func TestLimitsByName(t *testing.T) {
	typ := reflect.TypeOf(Limits{})
	var l Limits
	pairs := []Value{"unknown", int64(5), Keyword("max_steps"), int64(6)}
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if !l.SetByName(name, int64(i+1)) {
			t.Errorf("SetByName does not know %s", name)
		}
		pairs = append(pairs, name, float64(i+1)+0.5)
	}
	if l.SetByName("unknown", int64(1)) || l.SetByName("MaxSteps", int64(1)) {
		t.Error("SetByName knows a name it should not")
	}
	v := reflect.ValueOf(l)
	for i := range typ.NumField() {
		if n := v.Field(i).Int(); n != int64(i+1) {
			t.Errorf("%s = %d after SetByName, want %d", typ.Field(i).Name, n, i+1)
		}
	}
	if got := LimitsFromMap(NewMapFromPairs(pairs)); got != l {
		t.Errorf("LimitsFromMap = %+v, want %+v", got, l)
	}
	l.SetByName("max_steps", "7")
	l.SetByName("max_depth", nil)
	if l.MaxSteps != 0 || l.MaxDepth != 0 {
		t.Errorf("a value that is no number gave %d, %d", l.MaxSteps, l.MaxDepth)
	}
}

// scanDocs are documents for the JSONScanner tests: objects, arrays and
// scalars, nested, with duplicate keys, and invalid ones.
var scanDocs = []string{
	`{}`, `[]`, `{"a":1}`, ` { "a" : [1, {"b": "c"}], "d": "e", "f": null } `, `{"a":1,"a":"two"}`,
	`{"k\u00e9y":"v\n","x":{"y":{"z":[true,false]}}}`, `["a", 1, "b", ["c"], {"d":"e"}, "f"]`,
	`["x"]`, `"s"`, `12`, `null`, `true`, ``, ` `, `{`, `[`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`,
	`{"a":1}}`, `{"a":1} 2`, `{"a":[1,2}`, `{"a":"\q"}`, `{1:2}`, `["\ud800x"]`,
	strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000),
	strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001),
	`{"a":` + strings.Repeat(`{"a":`, 9998) + `1` + strings.Repeat(`}`, 9999),
	`{"a":` + strings.Repeat(`{"a":`, 9999) + `1` + strings.Repeat(`}`, 10000),
}

// TestJSONScannerObject: Object accepts exactly the objects DecodeJSON
// accepts, whichever members the reader reads; it gives each member's key
// in order, and the members read are DecodeJSON's values (a later
// duplicate's winning).
func TestJSONScannerObject(t *testing.T) {
	for _, doc := range scanDocs {
		want, ok := DecodeJSON(doc)
		wm, isMap := want.(*Map)
		var allKeys string
		for mode := range 3 { // read every member, none, every other one
			var j JSONScanner
			j.Reset(doc)
			b := NewMapBuilder()
			var keys []string
			isObject := j.Object(func(k string) {
				keys = append(keys, k)
				if mode == 0 || mode == 2 && len(keys)%2 == 1 {
					b.Set(k, j.Value())
				}
			})
			if got := isObject && j.End(); got != (ok && isMap) {
				t.Errorf("%.40s, mode %d: Object and End %v, DecodeJSON gave an object: %v", doc, mode, got, ok && isMap)
				continue
			}
			if !ok || !isMap {
				continue
			}
			if mode == 0 {
				allKeys = strings.Join(keys, "|")
				read := b.Build()
				if !Equal(read, wm) || PrStr(read) != PrStr(wm) {
					t.Errorf("%.40s: read %s, want %s", doc, PrStr(read), PrStr(wm))
				}
			} else if got := strings.Join(keys, "|"); got != allKeys {
				t.Errorf("%.40s, mode %d: keys %s, want %s", doc, mode, got, allKeys)
			}
		}
	}
}

// TestJSONScannerArray: Array accepts exactly the arrays DecodeJSON
// accepts; String reads the string elements and skips the others.
func TestJSONScannerArray(t *testing.T) {
	for _, doc := range scanDocs {
		want, ok := DecodeJSON(doc)
		wv, isVec := want.(*Vector)
		var j JSONScanner
		j.Reset(doc)
		var strs []string
		n := 0
		isArray := j.Array(func() {
			n++
			if s, ok := j.String(); ok {
				strs = append(strs, s)
			}
		})
		if got := isArray && j.End(); got != (ok && isVec) {
			t.Errorf("%.40s: Array and End %v, DecodeJSON gave an array: %v", doc, got, ok && isVec)
			continue
		}
		if !ok || !isVec {
			continue
		}
		var wantStrs []string
		wv.Each(func(_ int, v Value) bool {
			if s, ok := v.(string); ok {
				wantStrs = append(wantStrs, s)
			}
			return true
		})
		if n != wv.Len() || strings.Join(strs, "|") != strings.Join(wantStrs, "|") {
			t.Errorf("%.40s: %d elements, strings %q; want %d, %q", doc, n, strs, wv.Len(), wantStrs)
		}
	}
}

// TestJSONScannerInvalidIsFinal: once the text is found invalid, every
// method reads nothing and reports so.
func TestJSONScannerInvalidIsFinal(t *testing.T) {
	var j JSONScanner
	j.Reset(`{"a":[1,}, "b":"c"}`)
	if j.Object(func(string) {}) || j.Valid() || j.End() {
		t.Fatal("an invalid object was read as valid")
	}
	if s, ok := j.String(); ok || s != "" || j.Value() != nil || j.Array(func() { t.Error("elem called") }) {
		t.Error("an invalid scanner read something")
	}
	var z JSONScanner
	if z.Value() != nil || z.Valid() || z.End() {
		t.Error("the zero scanner (the empty document) has a value")
	}
}

// TestJSONArenaPiecesAreOwnedAlone: the maps and vectors of a document
// share the parser's chunks, each capped at its own entries, so growing
// or changing one (persistently, or in a transient) leaves its neighbors
// as they were.
func TestJSONArenaPiecesAreOwnedAlone(t *testing.T) {
	doc := `[[1,2],[3,4],{"a":1,"b":2},{"c":3},["x","y"],[5]]`
	v, ok := DecodeJSON(doc)
	if !ok {
		t.Fatal("no parse")
	}
	outer := v.(*Vector)
	before := PrStr(outer)
	first := outer.Nth(0).(*Vector)
	m := outer.Nth(2).(*Map)
	grown := first.Conj(int64(99)).Conj(int64(100))
	changed := first.Assoc(1, "z")
	m2 := m.Assoc("z", int64(26)).Assoc("a", "A")
	b := NewVectorBuilder(0)
	outer.Nth(1).(*Vector).Each(func(_ int, x Value) bool { b.Add(x); return true })
	b.Add("more")
	if got := PrStr(outer); got != before {
		t.Errorf("the document changed: %s, was %s", got, before)
	}
	if PrStr(grown) != "[1 2 99 100]" || PrStr(changed) != `[1 "z"]` || PrStr(b.Build()) != `[3 4 "more"]` {
		t.Errorf("grown %s, changed %s, built %s", PrStr(grown), PrStr(changed), PrStr(b.Build()))
	}
	if x, _ := m2.Get("a"); x != "A" || m2.Len() != 3 {
		t.Errorf("assoc gave %s", PrStr(m2))
	}
}

// TestJSONRoundTripLarge: documents larger than any arena chunk (many
// strings, big integers, maps and vectors) decode to what was encoded,
// and stay so after the rest of the document is dropped and collected.
func TestJSONRoundTripLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for round := range 20 {
		items := make([]Value, 50+r.IntN(400))
		for i := range items {
			items[i] = ExportValue(randomExportValue(r, 3))
			if i%7 == 0 {
				items[i] = int64(r.Uint64() >> 1) // boxed, not a shared small integer
			}
		}
		want := NewVector(items)
		doc, err := EncodeJSON(want)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := DecodeJSON(doc)
		if !ok || !Equal(got, want) || PrStr(got) != PrStr(want) {
			t.Fatalf("round %d: decode differs\n got %.300s\nwant %.300s", round, PrStr(got), PrStr(want))
		}
		// Keep a few pieces, drop the rest, collect, and check the kept.
		keep := []Value{got.(*Vector).Nth(0), got.(*Vector).Nth(len(items) / 2), got.(*Vector).Nth(len(items) - 1)}
		wantKept := []string{PrStr(keep[0]), PrStr(keep[1]), PrStr(keep[2])}
		got = nil
		runtime.GC()
		garbage := make([][]byte, 0, 1000)
		for range 1000 {
			garbage = append(garbage, make([]byte, 64))
		}
		runtime.GC()
		for i, k := range keep {
			if PrStr(k) != wantKept[i] {
				t.Fatalf("round %d: kept piece %d is now %s, was %s", round, i, PrStr(k), wantKept[i])
			}
		}
		runtime.KeepAlive(garbage)
	}
}

// TestJSONIntegers: integers of every length parse as strconv reads them,
// those that overflow int64 as floats.
func TestJSONIntegers(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 4))
	texts := []string{"0", "-0", "7", "-7", "999999999999999999", "-999999999999999999", "1000000000000000000",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "123456789012345678901"}
	for range 2000 {
		n := r.Int64() >> r.IntN(63)
		if r.IntN(2) == 0 {
			n = -n
		}
		texts = append(texts, strconv.FormatInt(n, 10))
	}
	for _, text := range texts {
		got, ok := DecodeJSON(text)
		var want Value
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			want = i
		} else {
			want, _ = strconv.ParseFloat(text, 64)
		}
		if !ok || got != want {
			t.Errorf("DecodeJSON(%s) = %v (%T), want %v (%T)", text, got, got, want, want)
		}
	}
}

// TestJSONDuplicateKeys: a later duplicate key's value wins at its first
// position, as NewMapFromPairs does, whether or not the keys share a slot
// of the key table, in objects nested or not, with string, keyword or
// function-made keys.
func TestJSONDuplicateKeys(t *testing.T) {
	// Keys that share a slot without being equal, and keys that are.
	bySlot := map[int][]string{}
	for i := 0; len(bySlot) < keySlots || i < 500; i++ {
		k := "k" + strconv.Itoa(i)
		bySlot[keySlot(k)] = append(bySlot[keySlot(k)], k)
	}
	var sharing []string
	for _, ks := range bySlot {
		if len(ks) >= 2 {
			sharing = ks[:2]
			break
		}
	}
	r := rand.New(rand.NewPCG(2, 9))
	for range 500 {
		pool := append([]string{"a", "b", ""}, sharing...)
		var pairs []Value
		var b strings.Builder
		b.WriteByte('{')
		for i, n := 0, 1+r.IntN(12); i < n; i++ {
			k := pool[r.IntN(len(pool))]
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(k) + ":" + strconv.Itoa(i))
			pairs = append(pairs, k, int64(i))
		}
		b.WriteByte('}')
		want := NewMapFromPairs(pairs)
		for _, doc := range []string{b.String(), `[` + b.String() + `,` + b.String() + `]`} {
			got, ok := DecodeJSON(doc)
			if !ok {
				t.Fatalf("%s: no parse", doc)
			}
			if v, isVec := got.(*Vector); isVec {
				got = v.Nth(1)
			}
			if PrStr(got) != PrStr(want) {
				t.Errorf("%s: got %s, want %s", doc, PrStr(got), PrStr(want))
			}
		}
	}
	for src, want := range map[string]string{
		`(json/parse-string "{\"a\":1,\"b\":2}" (fn [k] "x"))`:           `{"x" 2}`,
		`(json/parse-string "[{\"a\":1,\"b\":2,\"a\":3}]" true)`:         `[{:a 3, :b 2}]`,
		`(json/read-str "{\"ab\":1,\"ba\":2}" :key-fn (comp str count))`: `{"2" 2}`,
	} {
		res := NewSession().Eval(src, Options{})
		if res.Error != nil || PrStr(res.Value) != want {
			t.Errorf("%s = %s (%v), want %s", src, PrStr(res.Value), res.Error, want)
		}
	}
}

package lisp

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/guest/internal/lang"
)

// generalJSON is EncodeJSON's general path: FromGo, then the
// interpreter's encoder.
func generalJSON(v any) (string, error) {
	s, err := lang.EncodeJSON(FromGo(v))
	if err != nil {
		return "", err
	}
	return s, nil
}

// randomJSONish makes a random Go value of the kinds hosts pass: every
// type appendJSON handles, plus some it leaves to the general path.
func randomJSONish(r *rand.Rand, depth int) (v any, bigMap bool) {
	n := 17
	if depth > 3 {
		n = 12 // scalars only
	}
	switch r.IntN(n) {
	case 0:
		return nil, false
	case 1:
		return r.IntN(2) == 0, false
	case 2:
		return r.Int64() - math.MaxInt64/2, false
	case 3:
		return int32(r.Int32()), false
	case 4:
		return uint64(math.MaxInt64) + uint64(r.IntN(3)), false
	case 5:
		return []float64{0, -0.5, 100, 1e300, 1e-7, 3.25, math.NaN(), math.Inf(-1)}[r.IntN(8)], false
	case 6:
		return float32(r.Float32() * 1000), false
	case 7:
		return []string{"", "plain", "quote\" back\\slash", "line\nfeed\ttab\b\f\x01", "héllo ☃ 😀", "bad \xff utf8", "</script>"}[r.IntN(7)], false
	case 8:
		return json.Number([]string{"12", "-3.5", "1e2", "99999999999999999999", "1e999"}[r.IntN(5)]), false
	case 9:
		return struct{ A int }{1}, false // not JSON-like: the general path prints it
	case 10:
		return []string{"a", "b\"c"}, false
	case 11:
		return uint8(r.IntN(256)), false
	case 12, 13:
		a := make([]any, r.IntN(5))
		big := false
		for i := range a {
			var b bool
			a[i], b = randomJSONish(r, depth+1)
			big = big || b
		}
		return a, big
	default:
		m := map[string]any{}
		size := r.IntN(12)
		big := size > 8
		for i := 0; i < size; i++ {
			var b bool
			m[[]string{"id", "name", "ok", "k" + string(rune('a'+i)), "ключ", "a\"b"}[r.IntN(6)]+string(rune('0'+i))], b = randomJSONish(r, depth+1)
			big = big || b
		}
		return m, big
	}
}

// TestEncodeJSONDirectMatchesGeneral: EncodeJSON's direct path writes
// what the general path writes, byte for byte when no map has more than
// 8 entries, and the same value (as the interpreter reads it back) when
// one does; values it does not take give the general path's result and
// error.
func TestEncodeJSONDirectMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	direct := 0
	for i := 0; i < 20000; i++ {
		v, big := randomJSONish(r, 0)
		want, wantErr := generalJSON(v)
		got, err := EncodeJSON(v)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%#v: error %v, general path %v", v, err, wantErr)
		}
		if err != nil {
			if err.Error() != wantErr.Error() {
				t.Fatalf("%#v: error %q, general path %q", v, err, wantErr)
			}
			continue
		}
		var b strings.Builder
		if appendJSON(&b, v, 0) {
			direct++
		}
		if !big {
			if string(got) != want {
				t.Fatalf("%#v:\n got %s\nwant %s", v, got, want)
			}
			continue
		}
		gv, ok1 := lang.DecodeJSON(string(got))
		wv, ok2 := lang.DecodeJSON(want)
		if !ok1 || !ok2 || !lang.Equal(gv, wv) {
			t.Fatalf("%#v:\n got %s\nwant %s (same value expected)", v, got, want)
		}
	}
	if direct < 5000 {
		t.Fatalf("only %d of 20000 values took the direct path", direct)
	}
}

// TestEncodeJSONDeepFallsBack: nesting past maxDirectJSONDepth still
// encodes, through the general path.
func TestEncodeJSONDeepFallsBack(t *testing.T) {
	var v any = "x"
	for i := 0; i < maxDirectJSONDepth+5; i++ {
		v = []any{v}
	}
	got, err := EncodeJSON(v)
	want, _ := generalJSON(v)
	if err != nil || string(got) != want {
		t.Fatalf("deep value: %v, %.40s... want %.40s...", err, got, want)
	}
}

func BenchmarkEncodeJSON(b *testing.B) {
	payload := make([]any, 16)
	for i := range payload {
		payload[i] = map[string]any{"id": i, "name": "item-" + strings.Repeat("x", 30), "ok": true}
	}
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			EncodeJSON(payload)
		}
	})
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			generalJSON(payload)
		}
	})
}

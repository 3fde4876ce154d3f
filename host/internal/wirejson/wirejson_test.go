package wirejson

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// viaStdlib decodes b the way the host did before this package:
// encoding/json with UseNumber, then integers as int64 and the rest as
// float64.
func viaStdlib(t testing.TB, b []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v, extra any
	if err := dec.Decode(&v); err != nil || dec.Decode(&extra) != io.EOF {
		return nil, false
	}
	var norm func(any) any
	norm = func(v any) any {
		switch x := v.(type) {
		case json.Number:
			if i, err := x.Int64(); err == nil {
				return i
			}
			f, _ := x.Float64()
			return f
		case []any:
			for i := range x {
				x[i] = norm(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = norm(x[k])
			}
		}
		return v
	}
	return norm(v), true
}

var docs = []string{
	`null`, `true`, `false`, `0`, `-0`, `12`, `-7`, `1.5`, `2.0`, `1e3`, `-2.5E-3`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775809`, `123456789012345678901234567890`,
	`""`, `"plain"`, `"esc \" \\ \/ \b \f \n \r \t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"lone \ud83d x"`, `"lone low \ude00"`,
	"\"utf8 \xc3\xa9 and bad \xff\"",
	`[]`, `{}`, `[1, [2, [3]], {"a": {"b": null}}]`,
	`{"outcome":"value","value":[2,3,4],"printed":"[2 3 4]","prints":[],"tool_calls":[{"name":"t","args":{"p":1.0},"batch":1}],"steps":7}`,
	` { "dup": 1, "dup": 2 } `,
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, d := range docs {
		want, ok := viaStdlib(t, []byte(d))
		if !ok {
			t.Fatalf("test document %q is not JSON", d)
		}
		got, err := Decode([]byte(d))
		if err != nil {
			t.Errorf("Decode(%q): %v", d, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Decode(%q) = %#v, want %#v", d, got, want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, d := range []string{``, ` `, `nul`, `tru`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `"abc`, `"\x"`, "\"a\nb\"", `[1,]`, `[1 2]`, `{"a"}`, `{"a":1,}`, `{1:2}`, `[1] x`, `"\u12"`} {
		if v, err := Decode([]byte(d)); err == nil {
			t.Errorf("Decode(%q) = %#v, want an error", d, v)
		}
	}
	deep := bytes.Repeat([]byte("["), maxDepth+2)
	if _, err := Decode(deep); err == nil {
		t.Error("no error for nesting past maxDepth")
	}
}

// TestMembersMatchesDecode: for every object document, Members hands
// out the members Decode puts in its map (the last of duplicates wins
// when collected into a map), keys escaped or not; for other values it
// says ErrNotObject; for invalid JSON it fails as Decode does.
func TestMembersMatchesDecode(t *testing.T) {
	objects := append([]string{`{"\u0061b":1,"a\"q":[2],"é":{"x":"y"}}`, `{"k":"v"}   `}, docs...)
	for _, d := range objects {
		want, err := Decode([]byte(d))
		if err != nil {
			t.Fatalf("Decode(%q): %v", d, err)
		}
		got := map[string]any{}
		n := 0
		err = Members([]byte(d), func(k []byte, v any) error {
			got[string(k)] = v
			n++
			return nil
		})
		if _, isObject := want.(map[string]any); !isObject {
			if err != ErrNotObject {
				t.Errorf("Members(%q) = %v, want ErrNotObject", d, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Members(%q) = %#v, %v; want %#v", d, got, err, want)
		}
		if strings.Contains(d, `"dup"`) && n != 2 {
			t.Errorf("Members(%q) called fn %d times, want 2 (duplicates included)", d, n)
		}
	}
	for _, d := range []string{``, `{`, `{"a"}`, `{"a":1,}`, `{1:2}`, `{"a":1} x`, `{"a":tru}`, `{"a` + "\n" + `":1`} {
		if err := Members([]byte(d), func([]byte, any) error { return nil }); err == nil || err == ErrNotObject {
			t.Errorf("Members(%q) = %v, want a syntax error", d, err)
		}
	}
	stop := io.ErrUnexpectedEOF
	calls := 0
	if err := Members([]byte(`{"a":1,"b":2}`), func([]byte, any) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("fn's error: got %v after %d calls, want it after 1", err, calls)
	}
}

func TestAppendStringRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", "quote \" backslash \\", "ctl \x00\x01\x1f\n\r\t", "é中😀", "bad \xff utf8", "<html>&"} {
		b := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("AppendString(%q) = %s: not JSON: %v", s, b, err)
		}
		want := string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
		if back != want {
			t.Errorf("AppendString(%q) read back as %q", s, back)
		}
		got, err := Decode(b)
		if err != nil || got != want {
			t.Errorf("Decode(AppendString(%q)) = %q, %v", s, got, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, d := range docs {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Decode(b)
		want, ok := viaStdlib(t, b)
		if ok != (err == nil) {
			t.Fatalf("Decode(%q): err %v, encoding/json ok %v", b, err, ok)
		}
		if ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q) = %#v, want %#v", b, got, want)
		}
	})
}

// TestCloneIsDeepAndEqual: a clone equals what Decode gave, and changing
// the clone's maps and slices at any depth leaves the original as it was.
func TestCloneIsDeepAndEqual(t *testing.T) {
	for _, d := range docs {
		orig, err := Decode([]byte(d))
		if err != nil {
			t.Fatal(err)
		}
		c := Clone(orig)
		if !reflect.DeepEqual(c, orig) {
			t.Fatalf("Clone(%s) = %#v, want %#v", d, c, orig)
		}
		scribble(c)
		again, _ := Decode([]byte(d))
		if !reflect.DeepEqual(orig, again) {
			t.Errorf("changing the clone of %s changed the original: %#v", d, orig)
		}
	}
}

// scribble changes every map and slice in v, at every depth.
func scribble(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			scribble(e)
			x[k] = "changed"
		}
		x["added"] = true
	case []any:
		for i, e := range x {
			scribble(e)
			x[i] = "changed"
		}
	}
}

// TestStringsRandomRoundTrip: random strings, long enough that escapes
// fall inside and across the words the fast paths skip, written by
// AppendString read back the same by encoding/json and by Decode.
func TestStringsRandomRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", "b", "Z", " ", "\"", "\\", "\n", "\x00", "\x1f", "\x7f", "é", "中", "😀", "\xff", "/"}
	for i := 0; i < 20000; i++ {
		var sb strings.Builder
		for n := r.IntN(40); n > 0; n-- {
			if r.IntN(3) == 0 {
				sb.WriteString(alphabet[r.IntN(len(alphabet))])
			} else {
				sb.WriteByte(byte('a' + r.IntN(26)))
			}
		}
		s := sb.String()
		want := string([]rune(s)) // each invalid byte becomes U+FFFD
		b := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil || back != want {
			t.Fatalf("AppendString(%q) = %s: encoding/json reads %q, %v", s, b, back, err)
		}
		if got, err := Decode(b); err != nil || got != want {
			t.Fatalf("Decode(%s) = %q, %v; want %q", b, got, err, want)
		}
	}
}

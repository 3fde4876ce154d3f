package reader

import (
	"testing"
)

// FuzzReadAll checks that ReadAll never panics, that its errors are always
// *Error with a usable position, and that whatever it reads renders back
// (Form.String) to source that reads as the same forms.
func FuzzReadAll(f *testing.F) {
	for _, tc := range valueCases() {
		f.Add(tc.src)
	}
	for _, tc := range errorCases() {
		if len(tc.src) < 1000 {
			f.Add(tc.src)
		}
	}
	for _, s := range []string{
		benchProgram,
		`#"\\\"" #"\"" \u2028 "\uD83D\uDE00" ::a :1/a #'a/b ##-Inf 0x7FFFFFFFFFFFFFFFN`,
		"(defn f [x] #(+ x %1 %&)) {:a [1 #{2}] \"k\" '(q)}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fs, err := ReadAll(src, Limits{})
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("ReadAll(%q): error %T %v is not *Error", src, err, err)
			}
			if fs != nil {
				t.Fatalf("ReadAll(%q): forms returned with error %v", src, err)
			}
			if e.Msg == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("ReadAll(%q): bad error %#v", src, e)
			}
			switch e.Limit {
			case "", "MaxSourceBytes", "MaxDepth", "MaxNodes":
			default:
				t.Fatalf("ReadAll(%q): bad limit %q", src, e.Limit)
			}
			return
		}
		for _, f := range fs {
			if f.Pos.Line < 1 || f.Pos.Col < 1 {
				t.Fatalf("ReadAll(%q): %s at bad position %s", src, f, f.Pos)
			}
			if f.Kind == Map && len(f.Items)%2 != 0 {
				t.Fatalf("ReadAll(%q): odd map %s", src, f)
			}
		}
		roundTrip(t, src)
	})
}

package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

// TestQuickstart runs the example and checks what it prints.
func TestQuickstart(t *testing.T) {
	r, w, _ := os.Pipe()
	old := os.Stdout
	os.Stdout = w
	main()
	w.Close()
	os.Stdout = old
	var buf bytes.Buffer
	io.Copy(&buf, r)
	got := buf.String()
	for _, want := range []string{
		"turn 1: value 3\n",
		"  print: pending orders: 3\n",
		`  tool call: get-orders {"status":"pending"}`,
		`turn 2: value [{:customer "ada", :total 420} {:customer "cy", :total 45}]`,
		"turn 3: error unbound_symbol: unable to resolve symbol: fitler (hint: did you mean filter?)",
		`turn 4: return {:big [1 3], :previous [{:customer "ada", :total 420} {:customer "cy", :total 45}]}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\n--- output:\n%s", want, got)
		}
	}
}

package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

func TestEmbedGo(t *testing.T) {
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
		"turn 1: value 3\n  tools: list-tickets\n",
		`turn 2: value [{:owner "Ada", :hours 7} {:owner "Bob", :hours 3}]`,
		"  tools: get-user get-user\n",
		"turn 3: error tool_error: tool/get-user failed: no user u9",
		"turn 4: error timeout:",
		`turn 5: return {:open 3, :owners ["Ada" "Bob"]}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\n--- output:\n%s", want, got)
		}
	}
}

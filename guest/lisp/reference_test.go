package lisp_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/guest/lisp"
)

var update = flag.Bool("update", false, "rewrite generated files (docs/functions.md)")

// renderReference renders the function reference from the catalogue.
func renderReference() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from the builtin catalogue by `go test ./guest/lisp -run FunctionReference -update`. Do not edit. -->\n")
	b.WriteString("# PTC-Lisp function reference\n\n")
	docs := lisp.Catalogue()
	b.WriteString("Every builtin function, special form and macro, with its arities and examples. ")
	b.WriteString("Names in `clojure.string`, `clojure.set`, `clojure.walk` and `json` are also reachable through the aliases ")
	b.WriteString("`str/`, `string/`, `set/`, `walk/`; `clojure.core/x` and `core/x` name core functions. ")
	b.WriteString("PTC marks extensions that Clojure does not have. See language.md for semantics.\n\n")
	var groups []string
	byGroup := map[string][]*lisp.Doc{}
	for _, d := range docs {
		if _, ok := byGroup[d.Group]; !ok {
			groups = append(groups, d.Group)
		}
		byGroup[d.Group] = append(byGroup[d.Group], d)
	}
	b.WriteString("## Contents\n\n")
	for _, g := range groups {
		b.WriteString("- [" + g + "](#" + anchor(g) + ") (" + itoa(len(byGroup[g])) + ")\n")
	}
	b.WriteString("\n")
	for _, g := range groups {
		b.WriteString("## " + g + "\n\n")
		for _, d := range byGroup[g] {
			name := d.Name
			if d.NS != "clojure.core" && d.NS != "" && d.Kind != "method" && d.Kind != "constructor" {
				name = d.NS + "/" + d.Name
			}
			b.WriteString("### `" + name + "`")
			var tags []string
			if d.Kind != "function" {
				tags = append(tags, d.Kind)
			}
			if d.PTC {
				tags = append(tags, "PTC")
			}
			if d.Bare {
				tags = append(tags, "also `"+d.Name+"`")
			}
			if len(tags) > 0 {
				b.WriteString(" — " + strings.Join(tags, ", "))
			}
			b.WriteString("\n\n")
			for _, a := range d.Arities {
				b.WriteString("    " + a + "\n")
			}
			if len(d.Arities) > 0 {
				b.WriteString("\n")
			}
			if d.Doc != "" {
				b.WriteString(d.Doc + "\n\n")
			}
			if d.Note != "" {
				b.WriteString("Note: " + d.Note + "\n\n")
			}
			if len(d.Examples) > 0 {
				b.WriteString("```clojure\n")
				for _, e := range d.Examples {
					b.WriteString(e.Code + "\n;; => " + e.Result + "\n")
				}
				b.WriteString("```\n\n")
			}
		}
	}
	return b.String()
}

func anchor(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestFunctionReference keeps docs/functions.md in step with the catalogue.
func TestFunctionReference(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "functions.md")
	want := renderReference()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("docs/functions.md is out of date with the builtin catalogue; run: go test ./guest/lisp -run FunctionReference -update")
	}
}

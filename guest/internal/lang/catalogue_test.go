package lang

import (
	"sort"
	"strings"
	"testing"
)

// tcDocName is the name a catalogue entry is reported under.
func tcDocName(d *Doc) string {
	if d.NS == "" || d.NS == nsCore {
		return d.Name
	}
	return d.NS + "/" + d.Name
}

// TestCatalogueExamples evaluates every example of every catalogue entry in
// a fresh session and compares the pr-str of its value with Result
// ("error: kind" means the example must fail with that kind; the fail
// outcome counts as kind fail).
func TestCatalogueExamples(t *testing.T) {
	var bad []string
	n := 0
	for _, d := range Catalogue() {
		for _, ex := range d.Examples {
			n++
			if msg := tcCheckExample(ex); msg != "" {
				bad = append(bad, tcDocName(d)+": "+ex.Code+" → "+msg)
			}
		}
	}
	t.Logf("%d examples, %d mismatches", n, len(bad))
	if len(bad) > 0 {
		t.Errorf("%d of %d catalogue examples do not give their documented result:\n  %s", len(bad), n, strings.Join(bad, "\n  "))
	}
}

func tcCheckExample(ex Example) string {
	r, hung := tcEval(NewSession(), ex.Code, Options{Limits: tcChunkLimits(Limits{})}, 0)
	if hung {
		return "hung"
	}
	if kind, ok := strings.CutPrefix(ex.Result, "error:"); ok {
		kind = strings.TrimSpace(kind)
		got := ""
		switch {
		case r.Outcome == OutcomeFail:
			got = string(Fail)
		case r.Outcome == OutcomeError && r.Error != nil:
			got = string(r.Error.Kind)
		}
		if got != kind {
			return "got " + tcShowResult(r) + ", want error " + kind
		}
		return ""
	}
	if r.Outcome != OutcomeValue && r.Outcome != OutcomeReturn {
		return "got " + tcShowResult(r) + ", want " + ex.Result
	}
	if got := PrStr(r.Value); got != ex.Result {
		return "got " + got + ", want " + ex.Result
	}
	return ""
}

// TestCatalogueDocs checks that every entry has a doc string and arities
// (constants need no arities).
func TestCatalogueDocs(t *testing.T) {
	var bad []string
	for _, d := range Catalogue() {
		name := tcDocName(d)
		if strings.TrimSpace(d.Doc) == "" {
			bad = append(bad, name+": empty Doc")
		}
		if d.Kind != "constant" && len(d.Arities) == 0 {
			bad = append(bad, name+": no Arities")
		}
		for _, a := range d.Arities {
			if strings.TrimSpace(a) == "" {
				bad = append(bad, name+": empty arity string")
			}
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("%d catalogue entries are incomplete:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
}

func TestCatalogueExampleChecker(t *testing.T) {
	for _, c := range []struct {
		ex Example
		ok bool
	}{
		{Example{"(+ 1 2)", "3"}, true},
		{Example{"(+ 1 2)", "4"}, false},
		{Example{"(+ 1 2)", "3.0"}, false},
		{Example{"(/ 1 0)", "error: arithmetic_error"}, true},
		{Example{"(/ 1 0)", "error: type_error"}, false},
		{Example{"(fail 1)", "error: fail"}, true},
		{Example{"(+ 1 2)", "error: type_error"}, false},
	} {
		if got := tcCheckExample(c.ex) == ""; got != c.ok {
			t.Errorf("tcCheckExample(%q → %q) ok=%v, want %v", c.ex.Code, c.ex.Result, got, c.ok)
		}
	}
}

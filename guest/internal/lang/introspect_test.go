package lang

import (
	"strings"
	"testing"
)

func TestIntrospectDoc(t *testing.T) {
	cases := []struct{ src, want string }{
		{`(doc inc)`, "clojure.core/inc\n(inc x)\n  x plus one.\n  (inc 41) ;=> 42"},
		{`(doc "str/join")`, "clojure.string/join\n(join coll) (join separator coll)"},
		{`(doc ->>)`, "clojure.core/->> (macro)\n(->> x forms...)"},
		{`(defn area "Area of a w by h rectangle." [w h] (* w h)) (doc area)`, "user/area\n([w h])\n  Area of a w by h rectangle."},
		{`(doc mapp)`, "no documentation for mapp; did you mean map?"},
	}
	for _, c := range cases {
		r := NewSession().Eval(c.src, Options{})
		if r.Error != nil || len(r.Prints) != 1 || !strings.HasPrefix(r.Prints[0], c.want) {
			t.Errorf("%s: prints %q (err %v), want prefix %q", c.src, r.Prints, r.Error, c.want)
		}
	}
}

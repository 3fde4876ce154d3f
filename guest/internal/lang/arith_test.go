package lang

import (
	"fmt"
	"testing"
)

// TestSpecializedOperands: the specialized arithmetic, comparison and
// equality nodes read a local or constant argument in place; every shape
// of argument (local, constant, other expression) must give what the
// builtin gives called through apply, value or error kind alike, for
// integers, floats, overflow and non-numbers.
func TestSpecializedOperands(t *testing.T) {
	values := []string{"0", "7", "-3", "2.5", "9223372036854775807", "-9223372036854775808", "nil", `"s"`, ":k"}
	ops := []string{"+", "-", "*", "<", ">", "<=", ">=", "=", "not="}
	show := func(r *Result) string {
		if r.Error != nil {
			return "error " + string(r.Error.Kind)
		}
		return PrStr(r.Value)
	}
	for _, op := range ops {
		for _, x := range values {
			for _, y := range values {
				want := show(NewSession().Eval(fmt.Sprintf("(let [a %s b %s] (apply %s [a b]))", x, y, op), Options{}))
				for _, form := range []string{
					"(%[1]s a b)", "(%[1]s a %[3]s)", "(%[1]s %[2]s b)", "(%[1]s %[2]s %[3]s)",
					"(%[1]s (identity a) b)", "(%[1]s a (identity b))",
				} {
					call := fmt.Sprintf(form, op, x, y)
					src := fmt.Sprintf("(let [a %s b %s] %s)", x, y, call)
					if got := show(NewSession().Eval(src, Options{})); got != want {
						t.Errorf("%s: %s, want %s", src, got, want)
					}
				}
			}
			for _, op1 := range []string{"inc", "dec"} {
				want := show(NewSession().Eval(fmt.Sprintf("(let [a %s] (apply %s [a]))", x, op1), Options{}))
				for _, form := range []string{"(%[1]s a)", "(%[1]s %[2]s)", "(%[1]s (identity a))"} {
					src := fmt.Sprintf("(let [a %s] %s)", x, fmt.Sprintf(form, op1, x))
					if got := show(NewSession().Eval(src, Options{})); got != want {
						t.Errorf("%s: %s, want %s", src, got, want)
					}
				}
			}
		}
	}
}

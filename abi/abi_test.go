package abi

import (
	"fmt"
	"testing"
)

func TestPosString(t *testing.T) {
	if got := fmt.Sprint(Pos{Line: 3, Col: 14}); got != "3:14" {
		t.Fatalf("Pos prints as %q, want 3:14", got)
	}
}

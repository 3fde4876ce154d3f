package host_test

import (
	"fmt"
	"os"
	"testing"
)

// testCacheDir is a compilation cache shared by the engines of one test
// run (see newHost): compiling the guest takes one to two seconds, which
// every test that makes an engine paid again; with the cache only the
// first compilation of each module variant (fuel on or off, memory limit)
// does, and the suite runs fast enough to run under -race. It is set once,
// before any test runs.
var testCacheDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ptc-host-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "host tests: no compilation cache:", err)
		os.Exit(1)
	}
	testCacheDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

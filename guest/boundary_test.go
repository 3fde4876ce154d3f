package guest_test

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// The interpreter core must not reach the operating system, the network
// or a wasm host, even transitively: it runs natively in tests and inside
// a wasm sandbox, and it reads no clock or files.
var boundaryRoots = []string{
	"github.com/ptc-wasm/ptc/guest/internal/lang",
	"github.com/ptc-wasm/ptc/guest/internal/reader",
	"github.com/ptc-wasm/ptc/guest/internal/wire",
}

// boundaryForbidden reports why an import path may not be in the core's
// dependency closure, or "".
func boundaryForbidden(p string) string {
	switch {
	case p == "os" || strings.HasPrefix(p, "os/"):
		return "operating system access"
	case p == "syscall" || strings.HasPrefix(p, "syscall/"):
		return "system calls"
	case strings.HasPrefix(p, "internal/syscall/"), p == "internal/poll", p == "internal/testlog":
		return "system calls (via os)"
	case p == "net" || strings.HasPrefix(p, "net/"):
		return "network access"
	case strings.Contains(p, "wazero"):
		return "wasm runtime"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "wasm" || seg == "wasip1" || seg == "js" {
			return "wasm host bindings"
		}
	}
	return ""
}

func TestCoreBoundary(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found in PATH")
	}
	args := append([]string{"list", "-deps", "-f", `{{.ImportPath}}: {{join .Imports " "}}`}, boundaryRoots...)
	cmd := exec.Command(goBin, args...)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, msg)
	}
	imports := map[string][]string{}
	var all []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		imports[pkg] = strings.Fields(deps)
		all = append(all, pkg)
	}
	sort.Strings(all)
	reported := map[string]bool{}
	for _, root := range boundaryRoots {
		if _, ok := imports[root]; !ok {
			t.Fatalf("go list did not list %s", root)
		}
		for _, p := range all {
			why := boundaryForbidden(p)
			if why == "" || reported[root+" "+p] {
				continue
			}
			chain := boundaryChain(imports, root, p)
			if chain == nil {
				continue
			}
			reported[root+" "+p] = true
			t.Errorf("%s depends on %s (%s): %s", root, p, why, strings.Join(chain, " -> "))
		}
	}
}

// boundaryChain returns the shortest import chain from root to target, or
// nil when target is not reachable from root.
func boundaryChain(imports map[string][]string, root, target string) []string {
	prev := map[string]string{root: ""}
	queue := []string{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p == target {
			var chain []string
			for x := target; x != ""; x = prev[x] {
				chain = append([]string{x}, chain...)
			}
			return chain
		}
		for _, d := range imports[p] {
			if _, seen := prev[d]; !seen {
				prev[d] = p
				queue = append(queue, d)
			}
		}
	}
	return nil
}

func TestBoundaryRules(t *testing.T) {
	for p, bad := range map[string]bool{
		"os": true, "os/exec": true, "syscall": true, "syscall/js": true, "net": true, "net/http": true,
		"internal/syscall/unix": true, "internal/poll": true, "github.com/tetratelabs/wazero": true,
		"internal/wasm": true, "example.com/wasip1/x": true,
		"strings": false, "strconv": false, "internal/runtime/syscall/linux": false, "unsafe": false,
		"github.com/ptc-wasm/ptc/guest/internal/lang": false,
	} {
		if got := boundaryForbidden(p) != ""; got != bad {
			t.Errorf("boundaryForbidden(%q) = %v, want %v", p, got, bad)
		}
	}
	g := map[string][]string{"lang": {"strings", "fmt"}, "fmt": {"os", "strconv"}, "os": {"syscall"}}
	if c := strings.Join(boundaryChain(g, "lang", "syscall"), " -> "); c != "lang -> fmt -> os -> syscall" {
		t.Errorf("chain = %q", c)
	}
	if c := boundaryChain(g, "fmt", "lang"); c != nil {
		t.Errorf("unreachable chain = %v", c)
	}
}

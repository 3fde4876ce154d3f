package ptc_test

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readmeCommand is one "$ command" line of a console block in README.md
// and the output shown under it.
type readmeCommand struct {
	line     int
	cmd      string
	want     string
	wantExit int
}

// readmeCommands reads the console blocks of README.md.
func readmeCommands(t *testing.T) []readmeCommand {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []readmeCommand
	in := false
	// go run reports a non-zero exit as a last line "exit status N".
	exitLine := regexp.MustCompile(`^exit status (\d+)$`)
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "```console"):
			in = true
		case in && strings.HasPrefix(l, "```"):
			in = false
		case in && strings.HasPrefix(l, "$ "):
			out = append(out, readmeCommand{line: i + 1, cmd: strings.TrimPrefix(l, "$ ")})
		case in && len(out) > 0:
			c := &out[len(out)-1]
			if m := exitLine.FindStringSubmatch(l); m != nil {
				c.wantExit, _ = strconv.Atoi(m[1])
			}
			c.want += l + "\n"
		}
	}
	return out
}

// TestReadmeCommands runs every command the README shows and compares
// its output with the README's (when the README shows output).
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run; skipped with -short")
	}
	cmds := readmeCommands(t)
	if len(cmds) < 4 {
		t.Fatalf("found only %d commands in README.md", len(cmds))
	}
	cache := t.TempDir()
	for _, c := range cmds {
		if c.cmd == "make test" {
			continue // the command that runs this test
		}
		t.Run(c.cmd, func(t *testing.T) {
			cmd := exec.Command("sh", "-c", c.cmd)
			cmd.Env = append(os.Environ(), "PTC_HOST_CACHE_DIR="+cache)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.wantExit {
				t.Errorf("README.md:%d: %s exited %d, README says %d\n%s", c.line, c.cmd, code, c.wantExit, out.String())
			}
			if c.want != "" && out.String() != c.want {
				t.Errorf("README.md:%d: %s printed\n%s\nREADME shows\n%s", c.line, c.cmd, out.String(), c.want)
			}
		})
	}
}

package cli

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"
)

// TestPlaygroundServes runs the real binary's playground command on a free
// port, reads the URL it prints and fetches the page and the module, then
// interrupts it and expects a clean exit.
func TestPlaygroundServes(t *testing.T) {
	cmd := exec.Command(binary, "playground", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL line: %v (stderr %q)", err, stderr.String())
	}
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	if url == "" {
		t.Fatalf("no URL in %q", line)
	}
	get := func(path string) (string, []byte) {
		t.Helper()
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s, %v", path, resp.Status, err)
		}
		return resp.Header.Get("Content-Type"), b
	}
	if _, body := get(""); !bytes.Contains(body, []byte("PTC-Lisp playground")) {
		t.Errorf("GET /: not the playground page")
	}
	if ct, body := get("ptc.wasm"); ct != "application/wasm" || !bytes.HasPrefix(body, []byte("\x00asm")) {
		t.Errorf("GET /ptc.wasm: Content-Type %q, %d bytes", ct, len(body))
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after an interrupt: %v (stderr %q)", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Error("still running 10 s after an interrupt")
	}
}

func TestPlaygroundUsage(t *testing.T) {
	if code, _, errOut := runCLI(t, "", "playground", "extra"); code != exitUsage || errOut == "" {
		t.Errorf("playground extra: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "playground", "--addr", "not an address"); code != exitUsage || errOut == "" {
		t.Errorf("playground --addr 'not an address': exit %d, %q", code, errOut)
	}
}

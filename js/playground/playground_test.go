package playground_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ptc-wasm/ptc/host"
	"github.com/ptc-wasm/ptc/js/playground"
)

// TestHandlerServesPageAndModule checks that the page, its scripts and the
// instrumented guest module are served with the types a browser needs.
func TestHandlerServesPageAndModule(t *testing.T) {
	mod, err := host.JSModule(4096)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(playground.Handler(mod))
	defer srv.Close()

	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		return resp, body
	}
	for _, c := range []struct{ path, ctype, contains string }{
		{"/", "text/html", `src="app.js"`},
		{"/index.html", "text/html", "PTC-Lisp playground"},
		{"/app.js", "javascript", ""},
		{"/worker.js", "javascript", ""},
		{"/style.css", "text/css", ""},
	} {
		resp, body := get(c.path)
		if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, c.ctype) {
			t.Errorf("GET %s: Content-Type %q, want %s", c.path, ct, c.ctype)
		}
		if !bytes.Contains(body, []byte(c.contains)) {
			t.Errorf("GET %s: body lacks %q", c.path, c.contains)
		}
	}
	resp, body := get("/ptc.wasm")
	if ct := resp.Header.Get("Content-Type"); ct != "application/wasm" {
		t.Errorf("GET /ptc.wasm: Content-Type %q, want application/wasm", ct)
	}
	if !bytes.HasPrefix(body, []byte("\x00asm")) || !bytes.Equal(body, mod) {
		t.Errorf("GET /ptc.wasm: %d bytes, not the module (%d bytes)", len(body), len(mod))
	}
}

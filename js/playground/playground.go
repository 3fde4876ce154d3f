// Package playground serves the PTC-Lisp browser playground: the static
// page built from this directory's src/ by `make playground` (embedded
// from dist/) and the guest module the page runs in a Web Worker.
//
//	mod, err := host.JSModule(4096)
//	...
//	http.ListenAndServe("127.0.0.1:8080", playground.Handler(mod))
//
// Programs run in the visitor's browser; the server only hands out files.
package playground

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"time"
)

//go:embed dist
var dist embed.FS

// Assets returns the page's static files (index.html, app.js, worker.js,
// style.css) at the root of the file system.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path embedded above
	}
	return sub
}

// Handler serves the playground: the static assets, and at /ptc.wasm the
// guest module instrumented for a JavaScript host (host.JSModule), with
// Content-Type application/wasm so browsers can compile it while it
// downloads. wasm is not copied; the caller must not change it.
func Handler(wasm []byte) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServerFS(Assets()))
	mux.HandleFunc("/ptc.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeContent(w, r, "ptc.wasm", time.Time{}, bytes.NewReader(wasm))
	})
	return mux
}

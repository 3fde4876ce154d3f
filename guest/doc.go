// Package guest is the root of the PTC-Lisp guest: the interpreter core
// (internal/reader, internal/lang) and the code that embeds it. The core
// packages must stay free of os, syscall, net and wasm dependencies;
// boundary_test.go checks this with go list.
package guest

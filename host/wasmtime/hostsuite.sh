#!/bin/sh
# hostsuite.sh runs a go command on package host (github.com/ptc-wasm/ptc/host)
# with its tests on wasmtime: the host suite's one engine-specific file,
# host/engine_default_test.go, is swapped for testdata/engine_default_test.go
# through a go -overlay, written here because it needs absolute paths. It
# runs from this module, whose replace directive builds host from the same
# checkout.
#
#	sh host/wasmtime/hostsuite.sh test
#	sh host/wasmtime/hostsuite.sh vet
#	sh host/wasmtime/hostsuite.sh test -run '^$' -bench WarmEvalW6 -count 2
#
# $GO names the go command (default: go).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 test|vet [flags]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
overlay=$(mktemp)
trap 'rm -f "$overlay"' EXIT
printf '{"Replace": {"%s": "%s"}}\n' "$root/host/engine_default_test.go" "$here/testdata/engine_default_test.go" >"$overlay"
cmd=$1
shift
cd "$here"
"${GO:-go}" "$cmd" -overlay "$overlay" "$@" github.com/ptc-wasm/ptc/host

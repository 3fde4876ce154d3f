package host

import (
	"context"
	"errors"
	"fmt"

	"github.com/ptc-wasm/ptc/host/internal/engine"
	"github.com/ptc-wasm/ptc/host/internal/engine/wazeroengine"
)

// newRuntimeFunc makes an engine.Runtime (wazeroengine.New and the like).
type newRuntimeFunc func(context.Context, engine.Config) (engine.Runtime, error)

// runtimeFor returns the constructor of the runtime WithEngine named, and
// whether that runtime meters fuel itself (else the module gets the fuel
// instrumentation).
func runtimeFor(name string) (newRuntimeFunc, bool, error) {
	switch name {
	case "", "wazero":
		return wazeroengine.New, false, nil
	case "wasmtime":
		f, err := wasmtimeRuntime()
		return f, true, err
	}
	return nil, false, fmt.Errorf("%w %q (want \"wazero\" or \"wasmtime\")", ErrUnknownEngine, name)
}

// ErrUnknownEngine is wrapped by the error of New when WithEngine names a
// runtime this build does not have: an unknown name, or "wasmtime" in a
// build without -tags wasmtime.
var ErrUnknownEngine = errors.New("host: no such engine in this build:")

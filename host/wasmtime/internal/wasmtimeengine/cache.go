package wasmtimeengine

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/bytecodealliance/wasmtime-go/v39"

	"github.com/ptc-wasm/ptc/host/internal/engine"
)

// wasmtimeModule is the module path whose version keys the cache.
const wasmtimeModule = "github.com/bytecodealliance/wasmtime-go/v39"

// loadModule returns the guest compiled for eng: from the compilation
// cache when it holds this module, compiled by this wasmtime with these
// settings, else compiled now (10–25 s for the guest) and stored there.
// The cache is cfg.CacheDir, or ptc-wasm/wasmtime in the user's cache
// directory; without a usable one the module is compiled every time.
//
// # Notes
//
// A cached file is native code that wasmtime maps and runs as it is:
// whoever can write the cache directory can run code in this process, as
// with any compilation cache. Files are keyed by a hash of the module
// bytes (with or without the fuel global), the wasmtime-go version and the
// platform, and
// written under a temporary name then renamed, so a concurrent process
// never reads half a file. wasmtime refuses a file made by another
// version or with other settings; the module is then compiled again.
func loadModule(eng *wasmtime.Engine, cfg engine.Config) (*wasmtime.Module, error) {
	dir := cfg.CacheDir
	if dir == "" {
		if base, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(base, "ptc-wasm", "wasmtime")
		}
	}
	var path string
	if dir != "" {
		path = filepath.Join(dir, cacheKey(cfg)+".cwasm")
		if mod, err := wasmtime.NewModuleDeserializeFile(eng, path); err == nil {
			return mod, nil
		}
	}
	mod, err := wasmtime.NewModule(eng, cfg.Module)
	if err != nil || path == "" {
		return mod, err
	}
	if b, err := mod.Serialize(); err == nil {
		writeCache(dir, path, b) // best effort: a cache that cannot be written costs time, not correctness
	}
	return mod, nil
}

// cacheKey names the compiled form of cfg.Module.
func cacheKey(cfg engine.Config) string {
	h := sha256.New()
	h.Write(cfg.Module)
	version := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == wasmtimeModule {
				version = d.Version
			}
		}
	}
	for _, s := range []string{version, runtime.GOOS, runtime.GOARCH, "epoch"} {
		h.Write([]byte{0})
		h.Write([]byte(s))
	}
	return "ptc-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// writeCache stores b at path, through a temporary file in dir.
func writeCache(dir, path string, b []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*.cwasm")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

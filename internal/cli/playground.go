package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/ptc-wasm/ptc/host"
	"github.com/ptc-wasm/ptc/js/playground"
)

// playgroundPages is the memory maximum written into the module the
// playground serves; the page lowers or raises it per run (its "memory
// pages" input) by rewriting the module in the browser.
const playgroundPages = 4096

// playground is `ptc-host playground [--addr HOST:PORT] [--open]`: it
// serves the browser playground (embedded assets and the guest module
// instrumented for JavaScript) until interrupted. Programs run in the
// browser, not in this process.
func (e *env) playground(args []string) int {
	fs := e.newFlagSet("playground", "ptc-host playground [--addr HOST:PORT] [--open]\n\nServes the PTC-Lisp playground, a page that runs programs in the browser's own\nWebAssembly, and prints its URL. Ctrl+C stops it.")
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on; port 0 picks a free port")
	open := fs.Bool("open", false, "open the page in the default browser")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		return e.usageErr("playground takes no arguments, got %q", pos)
	}
	mod, err := host.JSModule(playgroundPages)
	if err != nil {
		fmt.Fprintf(e.stderr, "ptc-host: playground: %v\n", err)
		return exitInternal
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.usageErr("playground: %v", err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "ptc-host: playground at %s (Ctrl+C stops it)\n", url)
	if *open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(e.stderr, "ptc-host: cannot open a browser (%v); open %s yourself\n", err, url)
		}
	}

	srv := &http.Server{Handler: playground.Handler(mod), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	err = srv.Serve(ln)
	stop()
	<-done
	if !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(e.stderr, "ptc-host: playground: %v\n", err)
		return exitInternal
	}
	return exitOK
}

// openBrowser asks the desktop to open url, without waiting for it.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"inkling/web"
)

// serveConfig is what `inkling serve` needs to know.
type serveConfig struct {
	staticDir  string // css, icons, manifest and the built app.wasm
	weightsDir string // the *.inkw files the app may fetch
	version    string // the app's version; "" hashes the files served
}

func runServe(args []string) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fl.String("addr", "127.0.0.1:8000", "address to listen on")
	cfg := serveConfig{}
	fl.StringVar(&cfg.staticDir, "static", "static", "folder of the static files and app.wasm")
	fl.StringVar(&cfg.weightsDir, "weights", "weights", "folder of the weights files")
	fl.StringVar(&cfg.version, "version", "", "app version for the service worker (default: a hash of the files served)")
	export := fl.String("export", "", "write a static site to this folder and exit, instead of serving")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("serve: unexpected arguments %q", fl.Args())
	}
	web.Routes("")
	srv, err := newServer(cfg)
	if err != nil {
		return err
	}
	if *export != "" {
		return srv.export(*export)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Printf("inkling: serving the app at http://%s (version %s)\n", ln.Addr(), srv.handler.Version)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return srv.run(ctx, ln)
}

// run serves on ln until ctx ends, then shuts down: it stops accepting,
// lets the requests in flight finish (for up to 5 s) and returns.
func (s *server) run(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Println("inkling: shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

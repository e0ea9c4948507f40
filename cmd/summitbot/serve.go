package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/ops"
)

// newServer is an HTTP server with a timeout on every phase, so slow or
// stuck clients cannot hold connections open.
func newServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// opsServer starts /healthz, /readyz and /metrics on addr; the caller shuts
// it down.
func opsServer(addr string, m *ops.Metrics, ready func() error, log *slog.Logger, stdout io.Writer) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on the health and metrics address %q (METRICS_ADDR): %w", addr, err)
	}
	srv := newServer(ops.Mux(m, ready), log)
	go srv.Serve(ln)
	fmt.Fprintf(stdout, "summitbot metrics and health on http://%s\n", ln.Addr())
	return srv, nil
}

// serveHTTP answers interactions that Discord POSTs to /interactions. It
// listens at once and reports not ready until the index is open; it needs
// no gateway and no token (follow-ups use the interaction's own token).
func serveHTTP(ctx context.Context, cfg config.Config, strict bool, stdout, stderr io.Writer) error {
	log := newLogger(cfg.LogLevel, stderr)
	key, _ := hex.DecodeString(cfg.PublicKey) // validated by config
	metrics := ops.NewMetrics()
	var handler atomic.Pointer[bot.HTTPHandler]
	mux, ready := interactionsMux(metrics, &handler)
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %q: %w", cfg.HTTPAddr, err)
	}
	srv := newServer(mux, log)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "summitbot serving interactions on http://%s/interactions\n", ln.Addr())
	var extra *http.Server
	if ops := cfg.OpsAddr(config.ModeHTTP); ops != cfg.HTTPAddr {
		if extra, err = opsServer(ops, metrics, ready, log, stdout); err != nil {
			srv.Close()
			return err
		}
	}

	live, err := openIndex(ctx, cfg, openHow{strict: strict}, stderr)
	if err != nil {
		srv.Close()
		return err
	}
	defer live.Close() // after the servers have drained
	rest, err := bot.NewSession(sessionConfig(cfg))
	if err != nil {
		srv.Close()
		return err
	}
	eng := newEngine(cfg, live, metrics, log)
	stopUpkeep := keepCurrent(ctx, cfg, eng, log)
	defer stopUpkeep() // before the index closes
	b := bot.New(eng, bot.Options{Version: version(), Logger: log, Observer: metrics})
	h := bot.NewHTTPHandler(b, bot.HTTPOptions{PublicKey: ed25519.PublicKey(key), Followup: rest, Logger: log})
	handler.Store(h)
	log.Info("summitbot ready (HTTP interactions)", "addr", ln.Addr().String(), "passages", eng.Stats().Passages, "version", version())

	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("shutting down: draining requests and follow-ups")
	drain(srv, h, extra, log)
	return nil
}

// interactionsMux serves /interactions through the handler once it is
// stored, and /healthz, /readyz and /metrics; ready reports whether it is.
func interactionsMux(metrics *ops.Metrics, handler *atomic.Pointer[bot.HTTPHandler]) (mux *http.ServeMux, ready func() error) {
	ready = func() error {
		if handler.Load() == nil {
			return errors.New("the index is not open yet")
		}
		return nil
	}
	mux = ops.Mux(metrics, ready)
	mux.HandleFunc("/interactions", func(w http.ResponseWriter, r *http.Request) {
		h := handler.Load()
		if h == nil {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "starting: the index is not open yet", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
	return mux, ready
}

// drain shuts serve's servers down, letting requests and follow-ups in
// flight finish within shutdownGrace; extra may be nil.
func drain(srv *http.Server, h *bot.HTTPHandler, extra *http.Server, log *slog.Logger) {
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	if err := h.Shutdown(sctx); err != nil {
		log.Warn("shutdown follow-ups", "err", err)
	}
	if extra != nil {
		extra.Shutdown(sctx)
	}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// healthcheck asks the local server's /healthz, for container health
// checks that have no shell or curl. It asks the address each mode serves
// health on (config.HealthAddrs), so it needs no flag to know the mode.
func healthcheck(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var errs []error
	for _, addr := range cfg.HealthAddrs() {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			errs = append(errs, fmt.Errorf("healthcheck %q: %w", addr, err))
			continue
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		url := "http://" + net.JoinHostPort(host, port) + "/healthz"
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			errs = append(errs, fmt.Errorf("healthcheck %s: %w", url, err))
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			errs = append(errs, fmt.Errorf("healthcheck %s: %s", url, resp.Status))
			continue
		}
		fmt.Fprintln(stdout, "healthy")
		return nil
	}
	return errors.Join(errs...)
}

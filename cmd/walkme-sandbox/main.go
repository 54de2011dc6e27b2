// Command walkme-sandbox serves the WalkMe sandbox (internal/sandbox) on a loopback
// address, for the demo and for manual testing.
//
//	walkme-sandbox [-listen 127.0.0.1:0] [-state FILE] [-config FILE] [-token-ttl 24h] [-port-file FILE]
//
// -config names a JSON file whose fields replace those of DefaultConfig, with the Go field
// names of sandbox.Config (TokenTTL as a duration string such as "1h"); unknown fields are
// an error; -h prints the format. The API is served at the root, inspection and control
// under /_sandbox/ (GET /_sandbox/ lists them). Under go run, the sandbox exits when go run does.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if exe, err := os.Executable(); err == nil && underGoRun(exe, parentName()) {
		ctx = exitWithParent(ctx)
	}
	code := realMain(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// realMain runs the sandbox and returns the exit code: 0 after a clean shutdown or -h,
// 2 for bad flags, 1 for any other error.
func realMain(ctx context.Context, args []string, stderr io.Writer) int {
	err := run(ctx, args, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		_, _ = fmt.Fprintln(stderr, "walkme-sandbox:", err)
		return 2
	default:
		_, _ = fmt.Fprintln(stderr, "walkme-sandbox:", err)
		return 1
	}
}

// usageError is a command line the flags do not accept.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("walkme-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback `address` to listen on (port 0 picks a free port)")
	statePath := fs.String("state", "", "JSON `file` to keep the state in across restarts")
	configPath := fs.String("config", "", "JSON `file` overriding the default configuration")
	tokenTTL := fs.Duration("token-ttl", 0, "access token lifetime (default from the configuration, 24h)")
	portFile := fs.String("port-file", "", "`file` to write the listen URL to once listening")
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err} // the flag package has printed the usage
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments: %v", fs.Args())}
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}

	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if *statePath != "" {
		cfg.PersistPath = *statePath
	}
	if *tokenTTL != 0 {
		cfg.TokenTTL = *tokenTTL
	}
	sb, err := sandbox.New(cfg)
	if err != nil {
		return err
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *listen, err)
	}
	url := "http://" + ln.Addr().String()
	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	srv := &http.Server{Handler: logRequests(logger, sb), ReadHeaderTimeout: 10 * time.Second}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if *portFile != "" {
		if err := writeFileAtomic(*portFile, []byte(url+"\n")); err != nil {
			_ = srv.Close()
			return fmt.Errorf("writing port file: %w", err)
		}
		defer func() { _ = os.Remove(*portFile) }()
	}
	logger.Printf("walkme-sandbox listening on %s (client %s / %s, system %s, integration token %s)",
		url, sandbox.DefaultClientID, sandbox.DefaultClientSecret, sandbox.DefaultSystemGUID, sandbox.DefaultIntegrationToken)

	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	logger.Printf("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Printf("shutdown: %v", err)
	}
	// Every mutation is saved as it happens; this last save only makes sure.
	if err := sb.Save(); err != nil {
		return fmt.Errorf("saving state: %w", err)
	}
	return nil
}

// checkLoopback refuses addresses reachable from other machines: the sandbox has no
// real authentication and its /_sandbox/ control API none at all.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-listen %q: refusing a non-loopback address; use 127.0.0.1, [::1] or localhost", addr)
}

// loadConfig returns DefaultConfig overridden by the JSON file at path, if any.
func loadConfig(path string) (sandbox.Config, error) {
	cfg := sandbox.DefaultConfig()
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("reading config: %w", err)
	}
	file := struct {
		*sandbox.Config
		TokenTTL string // a duration string, shadowing Config.TokenTTL
	}{Config: &cfg}
	// A JSON object decoded into a map adds to it; the file's Templates replace the default's.
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) == nil && fields["Templates"] != nil {
		cfg.Templates = nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if file.TokenTTL != "" {
		if cfg.TokenTTL, err = time.ParseDuration(file.TokenTTL); err != nil {
			return cfg, fmt.Errorf("config %s: TokenTTL: %w", path, err)
		}
	}
	return cfg, nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// statusRecorder remembers the status a handler answered. Unwrap lets the sandbox hijack
// the connection through it to drop a request.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request.
func logRequests(logger *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() { // deferred, so that a request the sandbox aborts is logged too
			status := fmt.Sprint(rec.status)
			if rec.status == 0 {
				status = "no answer (dropped or client gone)"
			}
			logger.Printf("%s %s %s %v", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
	})
}

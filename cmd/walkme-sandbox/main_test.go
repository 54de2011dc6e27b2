package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// syncBuffer is a bytes.Buffer safe for the server's concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0": true, "127.0.0.1:8080": true, "[::1]:0": true, "localhost:9000": true, "127.1.2.3:0": true,
		":8080": false, "0.0.0.0:0": false, "[::]:0": false, "192.168.1.10:80": false, "example.com:80": false, "127.0.0.1": false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("%s: err %v, want ok=%v", addr, err, ok)
		}
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	err := run(context.Background(), []string{"-listen", "0.0.0.0:0"}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Errorf("err %v", err)
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	writeFile(t, good, []byte(`{"TokenTTL":"1h","ListShape":"wrapped","Systems":["s1"],"Clients":[{"ID":"c","Secret":"x","Scopes":["segments:read"]}]}`), 0o600)
	cfg, err := loadConfig(good)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TokenTTL != time.Hour || cfg.ListShape != "wrapped" || cfg.Systems[0] != "s1" || cfg.Clients[0].ID != "c" ||
		cfg.Integrations[0].Token != sandbox.DefaultIntegrationToken {
		t.Errorf("config %+v", cfg)
	}
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, bad, []byte(`{"ListShap":"wrapped"}`), 0o600)
	if _, err := loadConfig(bad); err == nil || !strings.Contains(err.Error(), "ListShap") {
		t.Errorf("err %v", err)
	}
	writeFile(t, bad, []byte(`{"TokenTTL":"a day"}`), 0o600)
	if _, err := loadConfig(bad); err == nil {
		t.Error("bad TokenTTL accepted")
	}
}

func TestRunServesPersistsAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	portFile, statePath := filepath.Join(dir, "url"), filepath.Join(dir, "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-port-file", portFile, "-state", statePath, "-token-ttl", "2h"}, logs)
	}()

	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no port file; logs:\n%s", logs)
		}
		if b, err := os.ReadFile(portFile); err == nil {
			base = strings.TrimSpace(string(b))
		}
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("port file %q", base)
	}

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/accounts/connect/token", strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(sandbox.DefaultClientID, sandbox.DefaultClientSecret)
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	doJSON(t, req, http.StatusOK, &tok)
	if tok.ExpiresIn != 7200 {
		t.Errorf("expires_in %d, want the -token-ttl", tok.ExpiresIn)
	}

	segURL := base + "/public/v1/user/system/" + sandbox.DefaultSystemGUID + "/segment"
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodPost, segURL, strings.NewReader(`{"name":"Beta","userIds":["a","b"]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	doJSON(t, req, http.StatusCreated, nil)

	// A dropped request goes through the logging wrapper too.
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/_sandbox/faults", strings.NewReader(`{"endpoint":"segment.list","drop":"before"}`))
	doJSON(t, req, http.StatusOK, nil)
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodGet, segURL, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("dropped request answered %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancellation")
	}
	if _, err := os.Stat(portFile); !os.IsNotExist(err) {
		t.Errorf("port file left behind: %v", err)
	}
	out := logs.String()
	for _, want := range []string{"listening on " + base, "POST /public/v1/user/system/" + sandbox.DefaultSystemGUID + "/segment 201", "no answer", "shutting down"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs do not mention %q:\n%s", want, out)
		}
	}

	cfg := sandbox.DefaultConfig()
	cfg.PersistPath = statePath
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if segs := sb.Segments(sandbox.DefaultSystemGUID); len(segs) != 1 || segs[0].Name != "Beta" || segs[0].MemberCount != 2 {
		t.Errorf("persisted segments %+v", segs)
	}
}

func writeFile(t *testing.T, path string, data []byte, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, data, perm); err != nil {
		t.Fatal(err)
	}
}

func doJSON(t *testing.T, req *http.Request, want int, v any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d", req.Method, req.URL.Path, resp.StatusCode, want)
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
}

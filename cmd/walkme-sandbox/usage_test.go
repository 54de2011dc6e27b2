package main

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// walkme-sandbox -h prints the usage, with the -config file format, and exits 0.
func TestHelpExitsZero(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var out syncBuffer
		if code := realMain(context.Background(), []string{arg}, &out); code != 0 {
			t.Errorf("%s: exit %d, want 0", arg, code)
		}
		for _, want := range []string{"-listen", "-config", `"Clients"`, `"Templates"`, `"Integrations"`} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: usage lacks %s:\n%s", arg, want, out.String())
			}
		}
	}
	var out syncBuffer
	if code := realMain(context.Background(), []string{"-nope"}, &out); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
}

func TestUnderGoRun(t *testing.T) {
	for _, c := range []struct {
		exe, parent string
		want        bool
	}{
		{filepath.Join(os.TempDir(), "go-build1234", "b001", "exe", "walkme-sandbox"), "", true},
		{"/root/.cache/go-build/9c/9cba1a00aa8f-d/walkme-sandbox", "", true}, // go run's cache (Go 1.24+)
		{"/opt/cache/9c/9cba1a00aa8f-d/walkme-sandbox", "go", true},          // another GOCACHE, Linux
		{"/usr/local/bin/walkme-sandbox", "bash", false},
		{"/home/me/terraform-provider-walkme/bin/walkme-sandbox", "", false},
	} {
		if got := underGoRun(c.exe, c.parent); got != c.want {
			t.Errorf("underGoRun(%s, %q) = %v, want %v", c.exe, c.parent, got, c.want)
		}
	}
}

// Stopping `go run ./cmd/walkme-sandbox` (SIGTERM to go run, as a process manager or
// `kill` does) leaves no sandbox behind: go run does not pass the signal on, so the sandbox
// notices that its parent is gone.
func TestGoRunLeavesNoOrphan(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sandbox with go run")
	}
	dir := t.TempDir()
	portFile := filepath.Join(dir, "url")
	cmd := exec.CommandContext(t.Context(), "go", "run", ".", "-port-file", portFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var addr string
	for range 600 { // the build may take a while on a busy machine
		if b, err := os.ReadFile(portFile); err == nil && len(b) > 0 {
			addr = strings.TrimPrefix(strings.TrimSpace(string(b)), "http://")
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if addr == "" {
		t.Fatal("the sandbox did not start")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for range 300 {
		c, err := (&net.Dialer{}).DialContext(t.Context(), "tcp", addr)
		if err != nil {
			return // gone
		}
		_ = c.Close()
		time.Sleep(100 * time.Millisecond)
	}
	t.Error(errors.New("the sandbox still answers after go run was stopped"))
}

// The -config file's Templates replace the default's (a JSON object would otherwise add to
// the default map), like every other field.
func TestLoadConfigTemplatesReplace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	writeFile(t, path, []byte(`{"Templates":{"my-template":["NAME"]}}`), 0o600)
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Templates) != 1 || len(cfg.Templates["my-template"]) != 1 {
		t.Errorf("templates %v", cfg.Templates)
	}
}

package sandbox

import (
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPersistRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, func(c *Config) { c.PersistPath = path })
	tok := h.token()
	first := h.createSegment(tok, map[string]any{"id": "e1", "name": "First", "userIds": []string{"a", "b"}})
	second := h.createSegment(tok, map[string]any{"name": "Second", "userIds": []string{"c"}})
	push(h, tok, map[string]any{"Email": "a@x", "Status": "s", "ARR": 2.5, "account": map[string]any{"tier": "t"}})
	expectStatus(t, h.call(http.MethodPost, sendPath, tok, walkmeExample), http.StatusOK)

	cfg := DefaultConfig()
	cfg.PersistPath = path
	cfg.Now = h.clock.Now
	s2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s2.Segments(DefaultSystemGUID), h.s.Segments(DefaultSystemGUID); !slices.Equal(got, want) || got[0].GUID != first || got[1].GUID != second {
		t.Errorf("segments %+v, want %+v", got, want)
	}
	if m, _ := s2.Members(DefaultSystemGUID, first); !slices.Equal(m, []string{"a", "b"}) {
		t.Errorf("members %v", m)
	}
	attrs, _ := s2.UserAttributes(DefaultIntegrationToken, "a@x")
	if !maps.Equal(attrs, map[string]any{"Status": "s", "ARR": 2.5, "account.tier": "t"}) {
		t.Errorf("attributes %v", attrs)
	}
	n1, n2 := h.s.Notifications(), s2.Notifications()
	if len(n2) != 1 || !n2[0].StartAt.Equal(n1[0].StartAt) || !n2[0].EndAt.Equal(n1[0].EndAt) || n2[0].Override["URL"] != "www.someurl.com" || string(n2[0].Raw) != string(n1[0].Raw) {
		t.Errorf("notifications %+v", n2)
	}

	// The restarted sandbox still honours the token and keeps the creation order.
	h.ts.Config.Handler = s2
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusOK)
	third := h.createSegment(tok, map[string]any{"name": "Third", "userIds": []string{}})
	if segs := s2.Segments(DefaultSystemGUID); segs[2].GUID != third {
		t.Errorf("order %+v", segs)
	}
	expectStatus(t, h.call(http.MethodPost, segPath, tok, map[string]any{"id": "e1", "name": "Dup", "userIds": []string{}}), http.StatusConflict)

	s2.Reset()
	s3, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(s3.Segments(DefaultSystemGUID)) != 0 || len(s3.Notifications()) != 0 {
		t.Error("Reset was not persisted")
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("state file %v: %v (tokens inside: must not be world-readable)", info.Mode(), err)
	}
}

func TestPersistErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	if err := os.WriteFile(corrupt, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.PersistPath = corrupt
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "corrupt.json") {
		t.Errorf("err %v", err)
	}

	// A state file that cannot be written turns the mutation's answer into a 500.
	h := newHarness(t, func(c *Config) { c.PersistPath = filepath.Join(dir, "missing-dir", "state.json") })
	resp := h.tokenRequest(DefaultClientID, DefaultClientSecret, clientCredentials, form)
	expectStatus(t, resp, http.StatusInternalServerError, "not saved")
}

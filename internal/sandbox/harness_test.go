package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for Config.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var epoch = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// harness runs a sandbox behind a real HTTP server, on a fake clock.
type harness struct {
	t     *testing.T
	s     *Server
	ts    *httptest.Server
	clock *fakeClock
}

func newHarness(t *testing.T, opts ...func(*Config)) *harness {
	t.Helper()
	clock := &fakeClock{t: epoch}
	cfg := DefaultConfig()
	cfg.Now = clock.Now
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &harness{t: t, s: s, ts: ts, clock: clock}
}

// response is a decoded HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

func (r response) message(t *testing.T) string {
	t.Helper()
	m := r.json(t)
	msg, _ := m["message"].(string)
	return msg
}

// tokenRequest posts to the token endpoint with the given Basic credentials (none when
// id is "") and form.
func (h *harness) tokenRequest(id, secret string, form url.Values, contentType string) response {
	h.t.Helper()
	req, err := http.NewRequestWithContext(h.t.Context(), http.MethodPost, h.ts.URL+"/accounts/connect/token", strings.NewReader(form.Encode()))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if id != "" {
		req.SetBasicAuth(id, secret)
	}
	return h.send(req)
}

// token gets an access token for the default client.
func (h *harness) token() string {
	h.t.Helper()
	return h.tokenFor(DefaultClientID, DefaultClientSecret)
}

func (h *harness) tokenFor(id, secret string) string {
	h.t.Helper()
	resp := h.tokenRequest(id, secret, url.Values{"grant_type": {"client_credentials"}}, "application/x-www-form-urlencoded")
	if resp.status != http.StatusOK {
		h.t.Fatalf("token: %d %s", resp.status, resp.body)
	}
	tok, _ := resp.json(h.t)["access_token"].(string)
	return tok
}

// call sends an API request with a bearer token (none when token is ""). body is sent
// as is when it is a string or []byte, else as JSON.
func (h *harness) call(method, path, token string, body any) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(h.t.Context(), method, h.ts.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.send(req)
}

func (h *harness) send(req *http.Request) response {
	h.t.Helper()
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

const segPath = "/public/v1/user/system/" + DefaultSystemGUID + "/segment"

// createSegment creates a segment and returns its GUID.
func (h *harness) createSegment(token string, body map[string]any) string {
	h.t.Helper()
	resp := h.call(http.MethodPost, segPath, token, body)
	if resp.status != http.StatusCreated {
		h.t.Fatalf("create: %d %s", resp.status, resp.body)
	}
	guid, _ := resp.json(h.t)["guid"].(string)
	return guid
}

func expectStatus(t *testing.T, resp response, want int, msgContains ...string) {
	t.Helper()
	if resp.status != want {
		t.Fatalf("status %d, want %d; body %s", resp.status, want, resp.body)
	}
	text := string(resp.body)
	var m struct{ Message string }
	if json.Unmarshal(resp.body, &m) == nil && m.Message != "" {
		text = m.Message
	}
	for _, s := range msgContains {
		if !strings.Contains(text, s) {
			t.Errorf("%q does not mention %q", text, s)
		}
	}
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

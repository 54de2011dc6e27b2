package client

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testClientID = "client-4711"
	testSecret   = "s3cr3t-Value/with+chars&<x>"
	testSystem   = "bcf4c7f5682b4aa6875a0fc9bdfa21ca"
)

// fakeWalkMe is a minimal WalkMe: a token endpoint with Basic auth, a bearer
// check, and an API handler each test supplies.
type fakeWalkMe struct {
	t   *testing.T
	srv *httptest.Server

	expiresIn  atomic.Int64
	tokenType  string
	tokenDelay time.Duration
	// tokenReply, when set, answers the nth (1-based) token request instead.
	tokenReply func(n int, w http.ResponseWriter) bool

	mu           sync.Mutex
	tokenCount   int
	issued       map[string]bool
	revoked      map[string]bool
	apiCount     map[string]int
	lastHeaders  http.Header
	tokenHeaders http.Header
	lastBody     map[string]string // "METHOD path" → last body

	api http.HandlerFunc
	// connState, when set, sees every connection's state changes (http.Server.ConnState).
	connState func(net.Conn, http.ConnState)
}

// newFake starts a fake; opts set its fields before it serves anything.
func newFake(t *testing.T, api http.HandlerFunc, opts ...func(*fakeWalkMe)) *fakeWalkMe {
	t.Helper()
	f := &fakeWalkMe{t: t, tokenType: "Bearer", issued: map[string]bool{}, revoked: map[string]bool{},
		apiCount: map[string]int{}, lastBody: map[string]string{}, api: api}
	f.expiresIn.Store(86400)
	for _, o := range opts {
		o(f)
	}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ConnState = f.connState
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWalkMe) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/accounts/connect/token" {
		f.serveToken(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	key := r.Method + " " + r.URL.Path
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	f.apiCount[key]++
	f.lastHeaders = r.Header.Clone()
	f.lastBody[key] = string(body)
	ok := f.issued[tok] && !f.revoked[tok]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusUnauthorized, `{"message":"invalid or expired token"}`)
		return
	}
	f.api(w, r)
}

func (f *fakeWalkMe) serveToken(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.tokenCount++
	n := f.tokenCount
	f.tokenHeaders = r.Header.Clone()
	f.mu.Unlock()
	if f.tokenDelay > 0 {
		time.Sleep(f.tokenDelay)
	}
	if f.tokenReply != nil && f.tokenReply(n, w) {
		return
	}
	// oauth2 escapes the credentials before Basic auth (RFC 6749 2.3.1).
	id, secret, ok := r.BasicAuth()
	if !ok || id != testClientID || secret != url.QueryEscape(testSecret) || r.FormValue("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusUnauthorized, `{"error":"invalid_client"}`)
		return
	}
	tok := "at-" + randomHex()
	f.mu.Lock()
	f.issued[tok] = true
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"access_token":%q,"expires_in":%d,"token_type":%q}`, tok, f.expiresIn.Load(), f.tokenType))
}

func (f *fakeWalkMe) tokens() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCount
}

// headers returns the headers of the last API request and of the last token request.
func (f *fakeWalkMe) headers() (api, token http.Header) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastHeaders, f.tokenHeaders
}

func (f *fakeWalkMe) count(method, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.apiCount[method+" "+path]
}

func (f *fakeWalkMe) body(method, path string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastBody[method+" "+path]
}

func (f *fakeWalkMe) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for tok := range f.issued {
		f.revoked[tok] = true
	}
}

func (f *fakeWalkMe) allIssued() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for tok := range f.issued {
		out = append(out, tok)
	}
	return out
}

func newTestClient(t *testing.T, f *fakeWalkMe, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		APIURL:         f.srv.URL,
		ClientID:       testClientID,
		ClientSecret:   testSecret,
		UserAgent:      "terraform-provider-walkme/test terraform/1.14.0",
		MaxRetries:     3,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
		RequestTimeout: 5 * time.Second,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// dropConnection closes the connection without an answer: a lost response.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func randomHex() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// segmentStore is an in-memory segment list for create tests.
type segmentStore struct {
	mu   sync.Mutex
	segs []Segment
}

func (s *segmentStore) add(name, ext string) Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	seg := Segment{GUID: fmt.Sprintf("0000000%d-123c-4d83-8b38-a5a456789d0a", len(s.segs)+1), Name: name, ExternalID: ext}
	s.segs = append(s.segs, seg)
	return seg
}

func (s *segmentStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.segs)
}

// listJSON renders the list the way the documented create request names the
// external id: "id".
func (s *segmentStore) listJSON() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := make([]map[string]string, 0, len(s.segs))
	for _, seg := range s.segs {
		items = append(items, map[string]string{"guid": seg.GUID, "name": seg.Name, "id": seg.ExternalID})
	}
	b, _ := json.Marshal(items)
	return string(b)
}

func decodeCreate(t *testing.T, r *http.Request) createSegmentBody {
	t.Helper()
	var in createSegmentBody
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		t.Errorf("decoding create body: %v", err)
	}
	return in
}

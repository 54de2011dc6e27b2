package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewAPIURL(t *testing.T) {
	cases := []struct {
		url     string
		wantErr string
		base    string
	}{
		{url: "", base: "https://api.walkme.com"},
		{url: "https://api.walkme.com/", base: "https://api.walkme.com"},
		{url: "https://eu.example.com/prefix/", base: "https://eu.example.com/prefix"},
		{url: "http://127.0.0.1:8080", base: "http://127.0.0.1:8080"},
		{url: "http://127.8.9.10", base: "http://127.8.9.10"},
		{url: "http://localhost:1234/", base: "http://localhost:1234"},
		{url: "http://LOCALHOST", base: "http://LOCALHOST"},
		{url: "http://[::1]:9000", base: "http://[::1]:9000"},
		{url: "http://x.example.com", wantErr: `api_url "http://x.example.com" uses plain http: only https is allowed, except for loopback hosts`},
		{url: "http://10.0.0.1", wantErr: "uses plain http"},
		{url: "http://localhost.example.com", wantErr: "uses plain http"},
		{url: "https://api.walkme.com?x=1", wantErr: "must not have a query or fragment"},
		{url: "https://api.walkme.com#frag", wantErr: "must not have a query or fragment"},
		{url: "https://user:pw@api.walkme.com", wantErr: "must not contain credentials"},
		{url: "ftp://api.walkme.com", wantErr: "must use https"},
		{url: "api.walkme.com", wantErr: "must be an absolute URL"},
		{url: "https://%zz", wantErr: "is not a valid URL"},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			c, err := New(Config{APIURL: tc.url, ClientID: "id", ClientSecret: "secret"})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("New(%q) error = %v, want it to contain %q", tc.url, err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "pw") {
					t.Errorf("error leaks URL password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q): %v", tc.url, err)
			}
			if c.baseURL != tc.base {
				t.Errorf("base URL = %q, want %q", c.baseURL, tc.base)
			}
			if got, want := c.tokens.conf.TokenURL, tc.base+"/accounts/connect/token"; got != want {
				t.Errorf("token URL = %q, want %q", got, want)
			}
		})
	}
}

func TestNewCredentialsAndDefaults(t *testing.T) {
	_, err := New(Config{})
	if err == nil || !strings.Contains(err.Error(), "client ID and client secret required") {
		t.Errorf("New without credentials: %v", err)
	}
	_, err = New(Config{ClientID: "id"})
	if err == nil || !strings.Contains(err.Error(), "client secret required") {
		t.Errorf("New without secret: %v", err)
	}
	c, err := New(Config{ClientID: "id", ClientSecret: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{APIURL: DefaultAPIURL, ClientID: "id", ClientSecret: "secret", UserAgent: DefaultUserAgent,
		MaxRetries: 0, RetryWaitMin: time.Second, RetryWaitMax: 30 * time.Second, RequestTimeout: time.Minute}
	if c.cfg != want {
		t.Errorf("defaults = %+v, want %+v", c.cfg, want)
	}
	if _, err := New(Config{ClientID: "id", ClientSecret: "s", RetryWaitMin: time.Second, RetryWaitMax: time.Millisecond}); err == nil {
		t.Error("RetryWaitMax below RetryWaitMin accepted")
	}
}

// MaxRetries is taken as given: 0 is no retries (no sentinel for "the default"), and the
// bound is the client's own.
func TestNewMaxRetriesTakenAsGiven(t *testing.T) {
	for _, n := range []int{0, 3, MaxRetriesLimit} {
		c, err := New(Config{ClientID: "id", ClientSecret: "secret", MaxRetries: n})
		if err != nil {
			t.Fatalf("MaxRetries %d: %v", n, err)
		}
		if c.cfg.MaxRetries != n {
			t.Errorf("MaxRetries %d became %d", n, c.cfg.MaxRetries)
		}
	}
	for _, n := range []int{-1, MaxRetriesLimit + 1} {
		_, err := New(Config{ClientID: "id", ClientSecret: "secret", MaxRetries: n})
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("from 0 to %d", MaxRetriesLimit)) {
			t.Errorf("MaxRetries %d: error %v, want one naming the range", n, err)
		}
	}
}

func TestRequestHeaders(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, `[]`) })
	c := newTestClient(t, f)
	if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
		t.Fatal(err)
	}
	h, th := f.headers()
	if th.Get("User-Agent") != c.cfg.UserAgent || th.Get("Accept") != "application/json" {
		t.Errorf("token request headers: %v", th)
	}
	if h.Get("User-Agent") != c.cfg.UserAgent || h.Get("Accept") != "application/json" || h.Get("Content-Type") != "" {
		t.Errorf("GET headers: %v", h)
	}
	if !strings.HasPrefix(h.Get("Authorization"), "Bearer at-") {
		t.Errorf("Authorization = %q", h.Get("Authorization"))
	}
	if err := c.UpdateSegment(context.Background(), testSystem, "12345aeb-123c-4d83-8b38-a5a456789d0a", SegmentAdd, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if h, _ = f.headers(); h.Get("Content-Type") != "application/json" {
		t.Errorf("PUT Content-Type = %q", h.Get("Content-Type"))
	}
}

func TestAccessToken(t *testing.T) {
	f := newFake(t, nil)
	f.expiresIn.Store(3600)
	c := newTestClient(t, f)
	tok, exp, err := c.AccessToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, "at-") {
		t.Errorf("token = %q", tok)
	}
	if d := time.Until(exp); d < 59*time.Minute || d > time.Hour {
		t.Errorf("expiry in %s, want about 1h", d)
	}
	tok2, _, _ := c.AccessToken(context.Background())
	if tok2 != tok || f.tokens() != 1 {
		t.Errorf("second AccessToken: %q after %d token requests", tok2, f.tokens())
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
	})
	c := newTestClient(t, f)
	_, err := c.ListSegments(context.Background(), testSystem)
	if !hasStatus(err, http.StatusTemporaryRedirect) || elsewhere.Load() != 0 {
		t.Errorf("error %v; other host contacted %d times", err, elsewhere.Load())
	}
}

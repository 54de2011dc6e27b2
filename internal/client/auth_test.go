package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func listOK(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, `[]`) }

// fakeClock moves the client's renewal clock without sleeping.
type fakeClock struct{ offset atomic.Int64 }

func (c *fakeClock) now() time.Time                { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *fakeClock) advance(d time.Duration)       { c.offset.Add(int64(d)) }
func (c *fakeClock) install(cl *Client) *fakeClock { cl.now = c.now; return c }

func TestTokenReusedAcrossCalls(t *testing.T) {
	f := newFake(t, listOK)
	c := newTestClient(t, f)
	ctx := context.Background()
	for range 10 {
		if _, err := c.ListSegments(ctx, testSystem); err != nil {
			t.Fatal(err)
		}
	}
	listConcurrently(t, c, 10)
	if n := f.tokens(); n != 1 {
		t.Errorf("%d token requests for 20 calls, want 1", n)
	}
}

func TestTokenConcurrentCallersShareOneFetch(t *testing.T) {
	// All callers arrive while the fetch runs.
	f := newFake(t, listOK, func(f *fakeWalkMe) { f.tokenDelay = 50 * time.Millisecond })
	c := newTestClient(t, f)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := f.tokens(); n != 1 {
		t.Errorf("%d token requests from 10 concurrent first calls, want 1", n)
	}
}

func TestTokenFetchOutlivesCancelledCaller(t *testing.T) {
	f := newFake(t, listOK, func(f *fakeWalkMe) { f.tokenDelay = 100 * time.Millisecond })
	c := newTestClient(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.ListSegments(ctx, testSystem); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancelled caller: %v", err)
	}
	// The fetch went on without the caller; the next call uses its token.
	if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
		t.Fatal(err)
	}
	if n := f.tokens(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	cases := []struct {
		name      string
		expiresIn int64
		keep      time.Duration // still used this long after it was obtained
		renew     time.Duration // renewed this long after
	}{
		{"5 minutes before a 24h token expires", 86400, 86400*time.Second - 6*time.Minute, 86400*time.Second - 4*time.Minute},
		{"10% of a 60s lifetime", 60, 53 * time.Second, 55 * time.Second},
		{"10% of a 10s lifetime", 10, 8500 * time.Millisecond, 9500 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, listOK)
			f.expiresIn.Store(tc.expiresIn)
			c := newTestClient(t, f)
			clock := new(fakeClock).install(c)
			ctx := context.Background()
			if _, err := c.ListSegments(ctx, testSystem); err != nil {
				t.Fatal(err)
			}
			clock.advance(tc.keep)
			if _, err := c.ListSegments(ctx, testSystem); err != nil {
				t.Fatal(err)
			}
			if n := f.tokens(); n != 1 {
				t.Fatalf("%d token requests outside the renewal window, want 1", n)
			}
			clock.advance(tc.renew - tc.keep)
			if _, err := c.ListSegments(ctx, testSystem); err != nil {
				t.Fatal(err)
			}
			if n := f.tokens(); n != 2 {
				t.Errorf("%d token requests inside the renewal window, want 2", n)
			}
		})
	}
}

func TestTokenRenewedOnceOn401(t *testing.T) {
	f := newFake(t, listOK)
	c := newTestClient(t, f)
	ctx := context.Background()
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Fatal(err)
	}
	f.revokeAll() // WalkMe forgets the token before its expiry
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Fatalf("call after revocation: %v", err)
	}
	if n := f.tokens(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 3 {
		t.Errorf("%d list requests, want 3 (ok, 401, ok)", n)
	}
}

func TestTokenConcurrent401sRenewOnce(t *testing.T) {
	f := newFake(t, listOK)
	c := newTestClient(t, f)
	ctx := context.Background()
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Fatal(err)
	}
	f.revokeAll()
	listConcurrently(t, c, 10)
	if n := f.tokens(); n != 2 {
		t.Errorf("%d token requests after 10 concurrent 401s, want 2", n)
	}
}

func TestTokenPersistent401Fails(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"message":"token not accepted"}`)
	})
	c := newTestClient(t, f)
	_, err := c.ListSegments(context.Background(), testSystem)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized {
		t.Fatalf("error = %v, want a 401 APIError", err)
	}
	if !strings.Contains(err.Error(), "access token rejected") || !strings.Contains(err.Error(), "token not accepted") {
		t.Errorf("error text: %v", err)
	}
	if n := f.tokens(); n != 2 {
		t.Errorf("%d token requests, want 2 (one renewal)", n)
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 2 {
		t.Errorf("%d list requests, want 2", n)
	}
}

func TestTokenCredentialsRejected(t *testing.T) {
	f := newFake(t, listOK)
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.ClientSecret = "wrong-secret-value"
		cfg.CredentialsHint = "check setting X"
	})
	_, err := c.ListSegments(context.Background(), testSystem)
	if err == nil {
		t.Fatal("no error with a wrong secret")
	}
	if !errors.Is(err, ErrCredentialsRejected) {
		t.Errorf("error %q does not wrap ErrCredentialsRejected", err)
	}
	for _, want := range []string{"WalkMe rejected the client credentials", "401 Unauthorized", "invalid_client", "check setting X"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("error contains the secret: %v", err)
	}
	if n := f.tokens(); n != 1 {
		t.Errorf("%d token requests, want 1 (rejected credentials are not retried)", n)
	}
}

func TestTokenFetchRetried(t *testing.T) {
	f := newFake(t, listOK, func(f *fakeWalkMe) { f.tokenReply = flakyTokenEndpoint })
	c := newTestClient(t, f)
	if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
		t.Fatal(err)
	}
	if n := f.tokens(); n != 3 {
		t.Errorf("%d token requests, want 3", n)
	}
}

func flakyTokenEndpoint(n int, w http.ResponseWriter) bool {
	switch n {
	case 1:
		w.Header().Set("Retry-After", "0")
		writeJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
	case 2:
		writeJSON(w, http.StatusServiceUnavailable, `{"message":"maintenance"}`)
	default:
		return false
	}
	return true
}

func TestTokenFetchRetriesBounded(t *testing.T) {
	f := newFake(t, listOK, func(f *fakeWalkMe) {
		f.tokenReply = func(n int, w http.ResponseWriter) bool {
			writeJSON(w, http.StatusBadGateway, `{"message":"bad gateway"}`)
			return true
		}
	})
	c := newTestClient(t, f)
	_, err := c.ListSegments(context.Background(), testSystem)
	if err == nil || !strings.Contains(err.Error(), "502 Bad Gateway: bad gateway (after 4 attempts)") {
		t.Errorf("error = %v", err)
	}
	if n := f.tokens(); n != 4 {
		t.Errorf("%d token requests, want MaxRetries+1 = 4", n)
	}
}

func TestTokenType(t *testing.T) {
	// One WalkMe page writes it so, and omits scope.
	f := newFake(t, listOK, func(f *fakeWalkMe) { f.tokenType = "bearer" })
	c := newTestClient(t, f)
	if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
		t.Fatalf("lower-case bearer: %v", err)
	}
	f2 := newFake(t, listOK, func(f *fakeWalkMe) { f.tokenType = "mac" })
	c2 := newTestClient(t, f2)
	if _, err := c2.ListSegments(context.Background(), testSystem); err == nil || !strings.Contains(err.Error(), `token_type "mac"`) {
		t.Errorf("token_type mac: %v", err)
	}
}

func TestTokenRenewalFailureKeepsUnexpiredToken(t *testing.T) {
	f := newFake(t, listOK, func(f *fakeWalkMe) {
		f.expiresIn.Store(3600)
		f.tokenReply = func(n int, w http.ResponseWriter) bool {
			if n == 1 {
				return false
			}
			writeJSON(w, http.StatusServiceUnavailable, ``)
			return true
		}
	})
	c := newTestClient(t, f)
	clock := new(fakeClock).install(c)
	ctx := context.Background()
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Fatal(err)
	}
	clock.advance(58 * time.Minute) // inside the renewal window, not expired
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Errorf("renewal failed and the unexpired token was not used: %v", err)
	}
	if n := f.tokens(); n != 5 {
		t.Errorf("%d token requests, want 1 + 4 renewal attempts", n)
	}
	if _, err := c.ListSegments(ctx, testSystem); err != nil || f.tokens() != 5 {
		t.Errorf("renewal retried at once after failing (%d token requests): %v", f.tokens(), err)
	}
	clock.advance(3 * time.Minute) // expired now
	if _, err := c.ListSegments(ctx, testSystem); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("expired token and failed renewal: %v", err)
	}
}

// listConcurrently makes n ListSegments calls at once and waits for them all.
func listConcurrently(t *testing.T, c *Client, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// TestTokenNonPositiveExpiresInReused: an expires_in of 0 or below gives no usable
// lifetime; the token is then kept until WalkMe rejects it, not fetched per call.
func TestTokenNonPositiveExpiresInReused(t *testing.T) {
	for _, expiresIn := range []int64{0, -1, -3600} {
		f := newFake(t, listOK)
		f.expiresIn.Store(expiresIn)
		c := newTestClient(t, f)
		for range 3 {
			if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
				t.Fatalf("expires_in %d: %v", expiresIn, err)
			}
		}
		if n := f.tokens(); n != 1 {
			t.Errorf("expires_in %d: %d token requests for 3 calls, want 1", expiresIn, n)
		}
	}
}

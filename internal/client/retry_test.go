package client

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const testSegmentGUID = "12345aeb-123c-4d83-8b38-a5a456789d0a"

// loggedWaits returns the wait_ms of every retry the client logged: what the
// backoff decided, read without measuring elapsed time.
func loggedWaits(t *testing.T, buf *bytes.Buffer) []int64 {
	t.Helper()
	entries, err := tflogtest.MultilineJSONDecode(buf)
	if err != nil {
		t.Fatal(err)
	}
	var waits []int64
	for _, e := range entries {
		if e["@message"] == "retrying WalkMe API request" {
			ms, _ := e["wait_ms"].(float64)
			waits = append(waits, int64(ms))
		}
	}
	return waits
}

func TestRetryAfterSecondsHonoured(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, `{"message":"busy"}`)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.RetryWaitMax = 2 * time.Second })
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Fatal(err)
	}
	if waits := loggedWaits(t, &buf); len(waits) != 1 || waits[0] != 1000 {
		t.Errorf("waits %v ms, want one of the 1000 ms Retry-After asked", waits)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestRetryAfterCappedAtRetryWaitMax(t *testing.T) {
	for _, after := range []string{"120", "172800", "99999999999999999999999"} {
		var calls atomic.Int32
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
			if calls.Add(1) == 1 {
				w.Header().Set("Retry-After", after)
				writeJSON(w, http.StatusTooManyRequests, ``)
				return
			}
			writeJSON(w, http.StatusOK, `[]`)
		})
		c := newTestClient(t, f, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 50*time.Millisecond })
		var buf bytes.Buffer
		ctx := tflogtest.RootLogger(context.Background(), &buf)
		if _, err := c.ListSegments(ctx, testSystem); err != nil {
			t.Fatal(err)
		}
		if waits := loggedWaits(t, &buf); len(waits) != 1 || waits[0] != 50 {
			t.Errorf("Retry-After %s: waits %v ms, want one of the 50 ms cap", after, waits)
		}
	}
}

// TestRetryWaitWithinBounds checks the pure wait function: Retry-After is kept
// within [RetryWaitMin, RetryWaitMax], however small, past, large or absurd.
func TestRetryWaitWithinBounds(t *testing.T) {
	minWait, maxWait := time.Second, 30*time.Second
	cases := []struct {
		retryAfter string
		want       time.Duration
	}{
		{"10", 10 * time.Second},
		{"0", minWait},
		{"Mon, 10 May 2000 11:00:00 GMT", minWait}, // in the past
		{"120", maxWait},
		{"86401", maxWait},  // above a day: capped, not ignored
		{"172800", maxWait}, // two days
		{"99999999999999999999999", maxWait},
		{"Fri, 10 May 2999 11:00:00 GMT", maxWait},
	}
	for _, tc := range cases {
		for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
			h := http.Header{"Retry-After": {tc.retryAfter}}
			if got := retryWait(minWait, maxWait, 0, status, h); got != tc.want {
				t.Errorf("status %d, Retry-After %q: wait %s, want %s", status, tc.retryAfter, got, tc.want)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2027, 5, 10, 11, 30, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"0", 0, true},
		{"Mon, 10 May 2027 11:30:30 GMT", 30 * time.Second, true},
		{"Monday, 10-May-27 11:31:00 GMT", time.Minute, true}, // RFC 850
		{"Mon May 10 11:30:05 2027", 5 * time.Second, true},   // ANSI C
		{"Mon, 10 May 2027 11:00:00 GMT", 0, true},            // in the past: now
		{"", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{"86400", 24 * time.Hour, true},
		{"99999999999", 24 * time.Hour, true},             // counts as a day, capped later
		{"99999999999999999999999", 24 * time.Hour, true}, // beyond int64 too
		{"Fri, 10 May 2999 11:00:00 GMT", 24 * time.Hour, true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffJitterBounds(t *testing.T) {
	minWait, maxWait := 10*time.Millisecond, 80*time.Millisecond
	for attempt := range 8 {
		ceiling := min(minWait<<attempt, maxWait)
		for range 200 {
			d := backoff(minWait, maxWait, attempt, nil)
			if d < minWait || d > ceiling {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, minWait, ceiling)
			}
		}
	}
	resp := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"3600"}}}
	if d := backoff(minWait, maxWait, 0, resp); d != maxWait {
		t.Errorf("Retry-After 3600 gave %s, want the cap %s", d, maxWait)
	}
	resp.StatusCode = http.StatusBadRequest // not a retried status: header ignored
	if d := backoff(minWait, maxWait, 0, resp); d > minWait {
		t.Errorf("Retry-After on a 400 gave %s", d)
	}
}

func TestRetriesBounded(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, `{"message":"down for maintenance"}`)
	})
	c := newTestClient(t, f)
	_, err := c.ListSegments(context.Background(), testSystem)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusServiceUnavailable || ae.Message != "down for maintenance" {
		t.Fatalf("error = %#v", err)
	}
	if !strings.Contains(err.Error(), "503 Service Unavailable: down for maintenance") {
		t.Errorf("error text: %v", err)
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 4 {
		t.Errorf("%d attempts, want MaxRetries+1 = 4", n)
	}
}

func TestNoRetries(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusBadGateway, ``) })
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = -1 })
	if _, err := c.ListSegments(context.Background(), testSystem); err == nil {
		t.Fatal("no error")
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 1 {
		t.Errorf("%d attempts with retries off, want 1", n)
	}
}

func TestRetry429ThenSuccess(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= 2 {
			writeJSON(w, http.StatusTooManyRequests, `{"message":"rate limited"}`)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	c := newTestClient(t, f)
	if _, err := c.ListSegments(context.Background(), testSystem); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusNotImplemented} {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, status, `{"error":"nope"}`) })
		c := newTestClient(t, f)
		err := c.UpdateSegment(context.Background(), testSystem, testSegmentGUID, SegmentAdd, []string{"a"})
		if !hasStatus(err, status) {
			t.Errorf("status %d: error %v", status, err)
		}
		if n := f.count("PUT", segmentPath(testSystem, testSegmentGUID)); n != 1 {
			t.Errorf("status %d retried: %d attempts", status, n)
		}
	}
}

func TestNetworkErrorRetriedForIdempotentCalls(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			dropConnection(t, w)
			return
		}
		writeJSON(w, http.StatusOK, `{}`)
	})
	c := newTestClient(t, f)
	if err := c.UpdateSegment(context.Background(), testSystem, testSegmentGUID, SegmentRemove, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestNetworkErrorRetriesBounded(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { dropConnection(t, w) })
	c := newTestClient(t, f)
	err := c.UpdateSegment(context.Background(), testSystem, testSegmentGUID, SegmentAdd, []string{"a"})
	if err == nil || !strings.Contains(err.Error(), "(after 4 attempts)") {
		t.Errorf("error = %v", err)
	}
	if strings.Contains(err.Error(), f.srv.URL) {
		t.Errorf("error repeats the full URL: %v", err)
	}
}

// TestContextCancelStopsRetries cancels during an hour-long backoff: only the
// cancellation can end the call (a wait that ignored it would run into the test
// binary's timeout), and no further attempt is made.
func TestContextCancelStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, ``)
		cancel() // the client now waits an hour before its next attempt
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour })
	if _, _, err := c.AccessToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.ListSegments(ctx, testSystem)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want the cancellation", err)
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 1 {
		t.Errorf("%d attempts after cancelling, want 1", n)
	}
}

func TestClassifyError(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &net.AddrError{Err: "refused"}}
	cases := []struct {
		name string
		err  error
		want errKind
	}{
		{"dial", refused, errNotSent},
		{"ECONNREFUSED", &net.OpError{Op: "read", Err: syscall.ECONNREFUSED}, errNotSent},
		{"dns", &net.DNSError{Err: "no such host", Name: "x"}, errNotSent},
		{"EOF after sending", errors.New("EOF"), errMaybeSent},
		{"reset", &net.OpError{Op: "read", Err: syscall.ECONNRESET}, errMaybeSent},
		{"timeout", context.DeadlineExceeded, errMaybeSent},
		{"token", &tokenError{errors.New("x")}, errFatal},
		{"scheme", errors.New(`unsupported protocol scheme "ftp"`), errFatal},
	}
	for _, tc := range cases {
		if got := classifyError(tc.err); got != tc.want {
			t.Errorf("%s: kind %d, want %d", tc.name, got, tc.want)
		}
	}
}

// failFirstTransport fails the first API request with err before it reaches
// the server; token requests pass through.
type failFirstTransport struct {
	base   http.RoundTripper
	err    error
	failed atomic.Bool
}

func (t *failFirstTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != "/accounts/connect/token" && t.failed.CompareAndSwap(false, true) {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, t.err
	}
	return t.base.RoundTrip(r)
}

// TestPerAttemptTimeoutRetried: the first attempt hangs until the client gives up
// on it; only the per-attempt timeout can end it (without one the test runs into
// the test binary's timeout), and the call then succeeds on a second attempt.
func TestPerAttemptTimeoutRetried(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hang until the client abandons the attempt
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	c := newTestClient(t, f)
	if _, _, err := c.AccessToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.http.Timeout = 100 * time.Millisecond // only API attempts; the token is cached
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	if _, err := c.ListSegments(ctx, testSystem); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
	if !strings.Contains(buf.String(), `"@message":"WalkMe API request failed","@module":"provider","attempt":1`) {
		t.Errorf("the first attempt did not fail:\n%s", buf.String())
	}
}

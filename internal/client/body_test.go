package client

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// endlessBody is a response body that never ends; it counts what was read of it.
type endlessBody struct{ read atomic.Int64 }

func (b *endlessBody) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	b.read.Add(int64(len(p)))
	return len(p), nil
}

func (b *endlessBody) Close() error { return nil }

// endlessTransport answers every API request with an endless body; token
// requests go to the fake.
type endlessTransport struct {
	base  http.RoundTripper
	body  *endlessBody
	calls atomic.Int32
}

func (t *endlessTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/accounts/connect/token" {
		return t.base.RoundTrip(r)
	}
	t.calls.Add(1)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: t.body, ContentLength: -1, Request: r}, nil
}

// TestResponseBodyCapped: an endless answer is read up to the cap and no further,
// fails with a clear error, and is not asked for again.
func TestResponseBodyCapped(t *testing.T) {
	if maxResponseBody > 8<<20 {
		t.Errorf("response cap %d MiB: WalkMe's answers are small, a few MiB are plenty", maxResponseBody>>20)
	}
	f := newFake(t, listOK)
	rt := &endlessTransport{base: http.DefaultTransport, body: &endlessBody{}}
	c := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: rt} })
	_, err := c.ListSegments(context.Background(), testSystem)
	if err == nil || !strings.Contains(err.Error(), "response body exceeds the 4 MiB limit") {
		t.Errorf("error = %v", err)
	}
	if n := rt.body.read.Load(); n > maxResponseBody+64<<10 {
		t.Errorf("read %d bytes of an endless body, want it to stop at the %d-byte cap", n, maxResponseBody)
	}
	if n := rt.calls.Load(); n != 1 {
		t.Errorf("%d attempts, want 1: a too large answer does not shrink on a retry", n)
	}
}

// allocatedBy returns the bytes allocated while fn ran (all goroutines, the fake
// server's included: bounds using it must be generous).
func allocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestResponseBodyReadOnce: a large answer is read into one buffer once, not
// copied again between the transport and the caller.
func TestResponseBodyReadOnce(t *testing.T) {
	const size = 3 << 20
	body := `{"ok":true}` + strings.Repeat(" ", size-11)
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		writeJSON(w, http.StatusOK, body)
	})
	c := newTestClient(t, f)
	ctx := context.Background()
	if _, _, err := c.AccessToken(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	n := allocatedBy(func() { err = c.UpdateSegment(ctx, testSystem, testSegmentGUID, SegmentAdd, []string{"a"}) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a %d MiB answer allocated %.1f MiB", size>>20, float64(n)/(1<<20))
	// Read twice (as before), it cost over 4x its size; the race detector adds ~1x.
	if n > 3*size {
		t.Errorf("a %d MiB answer allocated %.1f MiB, want under %d MiB (read once)", size>>20, float64(n)/(1<<20), 3*size>>20)
	}
}

// TestLargeErrorBodyNotParsed: the message of an error body beyond the size worth
// parsing is taken from its text, not by decoding megabytes of JSON.
func TestLargeErrorBodyNotParsed(t *testing.T) {
	const size = 3 << 20
	body := `{"message":"too big","pad":[` + strings.Repeat("0,", size/2) + `0]}`
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		writeJSON(w, http.StatusBadRequest, body)
	})
	c := newTestClient(t, f)
	ctx := context.Background()
	if _, _, err := c.AccessToken(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	n := allocatedBy(func() { err = c.UpdateSegment(ctx, testSystem, testSegmentGUID, SegmentAdd, []string{"a"}) })
	if !hasStatus(err, http.StatusBadRequest) {
		t.Fatalf("error = %v", err)
	}
	t.Logf("a %d MiB error body allocated %.1f MiB", size>>20, float64(n)/(1<<20))
	if n > 4*size {
		t.Errorf("a %d MiB error body allocated %.1f MiB, want under %d MiB", size>>20, float64(n)/(1<<20), 4*size>>20)
	}
	if len(err.Error()) > maxMessage+300 {
		t.Errorf("error of %d bytes", len(err.Error()))
	}
}

var _ io.ReadCloser = (*endlessBody)(nil)

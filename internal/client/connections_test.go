package client

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentRequestsReuseConnections: a caller that keeps MaxConcurrentRequests requests
// in flight reuses that many connections. Go's default transport keeps only two idle
// connections per host, so with four in flight two were closed after every request and
// dialled again: against WalkMe, a TLS handshake for half the requests.
func TestConcurrentRequestsReuseConnections(t *testing.T) {
	var opened atomic.Int64
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(2 * time.Millisecond) // the requests overlap
		writeJSON(w, http.StatusOK, `{"message":"Request has been received"}`)
	}, func(f *fakeWalkMe) {
		f.connState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				opened.Add(1)
			}
		}
	})
	const inFlight, each = 4, 100
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxConcurrentRequests = inFlight })
	if err := c.PushUserData(context.Background(), "tok", []map[string]any{{"Email": "a", "x": 1}}); err != nil {
		t.Fatal(err) // the token fetched once, before the workers start
	}
	var wg sync.WaitGroup
	for range inFlight {
		wg.Go(func() {
			for range each {
				if err := c.PushUserData(context.Background(), "tok", []map[string]any{{"Email": "a", "x": 1}}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	// About one connection per worker: a few more when a dial races a connection coming
	// free (the transport keeps both), never one per request or so, as when two were kept.
	n := opened.Load()
	t.Logf("%d requests, %d in flight: %d connections opened", inFlight*each+1, inFlight, n)
	if n > 2*inFlight+1 {
		t.Fatalf("%d requests, %d in flight, opened %d connections; want at most %d", inFlight*each+1, inFlight, n, 2*inFlight+1)
	}
}

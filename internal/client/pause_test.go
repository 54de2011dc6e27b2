package client

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestRateLimitPausesEveryRequest: a 429 with Retry-After holds back every request of the
// client, not only the one that got it. Only a lower bound on time is checked (a request
// must not arrive early), which no slow machine can break.
func TestRateLimitPausesEveryRequest(t *testing.T) {
	var mu sync.Mutex
	var limitedAt time.Time
	var arrivals []time.Time
	limited := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if limitedAt.IsZero() {
			limitedAt = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			close(limited)
			return
		}
		arrivals = append(arrivals, time.Now())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"message":"Request has been received"}`))
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.RetryWaitMax = 5 * time.Second })
	rec := []map[string]any{{"Email": "a@b.c", "Status": "x"}}
	errs := make(chan error, 2)
	go func() { errs <- c.PushUserData(context.Background(), "integration-token", rec) }()
	<-limited
	// Let the client read the 429 and start its pause before the second call begins.
	for c.pause.remaining(time.Now()) == 0 {
		time.Sleep(time.Millisecond)
	}
	go func() { errs <- c.PushUserData(context.Background(), "integration-token", rec) }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != 2 {
		t.Fatalf("%d requests after the 429, want 2", len(arrivals))
	}
	for i, at := range arrivals {
		if early := limitedAt.Add(900 * time.Millisecond).Sub(at); early > 0 {
			t.Errorf("request %d arrived %v before the 1 s Retry-After ended", i, early)
		}
	}
}

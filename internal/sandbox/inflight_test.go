package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestInFlightCounter(t *testing.T) {
	var c inflightCounter
	a := c.enter("x")
	b := c.enter("y")
	d := c.enter("x")
	a()
	if c.now != 2 || c.max != 3 || c.maxBy["x"] != 2 || c.maxBy["y"] != 1 {
		t.Fatalf("now %d max %d by %v", c.now, c.max, c.maxBy)
	}
	b()
	d()
	if c.now != 0 || c.max != 3 {
		t.Fatalf("now %d max %d", c.now, c.max)
	}
}

// TestInFlightOverHTTP: requests held by an injected delay are counted while in flight,
// visible in Go and under /_sandbox/inflight, and the token endpoint is not counted.
func TestInFlightOverHTTP(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.s.InjectFault(Fault{Endpoint: EndpointUserDataPush, Times: 2, Delay: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{}, 2)
	for range 2 {
		go func() {
			defer func() { done <- struct{}{} }()
			body := `{"token":"` + DefaultIntegrationToken + `","data":[]}`
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.ts.URL+dataPath, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	for h.s.InFlight().Now < 2 { // both requests are held by the delay until cancelled
		select {
		case <-t.Context().Done():
			t.Fatal("requests never in flight")
		case <-time.After(time.Millisecond):
		}
	}
	resp := h.call(http.MethodGet, "/_sandbox/inflight", "", nil)
	var got InFlight
	if err := json.Unmarshal(resp.body, &got); err != nil || got.Now != 2 || got.Max != 2 || got.MaxByRoute[EndpointUserDataPush] != 2 {
		t.Fatalf("/_sandbox/inflight: %s (%v)", resp.body, err)
	}
	cancel()
	<-done
	<-done
	for h.s.InFlight().Now != 0 {
		select {
		case <-t.Context().Done():
			t.Fatal("requests still in flight")
		case <-time.After(time.Millisecond):
		}
	}
	if got := h.s.InFlight(); got.Max != 2 {
		t.Fatalf("max %d after the requests ended, want 2", got.Max)
	}
	h.s.ResetInFlight()
	if got := h.s.InFlight(); got.Max != 0 {
		t.Fatalf("max %d after reset", got.Max)
	}
}

package sandbox

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultStatusWithRetryAfter(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentCreate, Status: http.StatusTooManyRequests, RetryAfter: "7"})
	body := map[string]any{"name": "S", "userIds": []string{"a"}}
	resp := h.call(http.MethodPost, segPath, tok, body)
	expectStatus(t, resp, http.StatusTooManyRequests)
	if got := resp.header.Get("Retry-After"); got != "7" {
		t.Errorf("Retry-After %q", got)
	}
	if resp.json(t)["statusCode"] != float64(429) {
		t.Errorf("body %s", resp.body)
	}
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 0 {
		t.Fatalf("the faulted create acted: %d segments", n)
	}
	if rec := lastRecord(h); rec.Status != 429 || rec.Fault != "status 429 Retry-After 7" {
		t.Errorf("record %+v", rec)
	}
	expectStatus(t, h.call(http.MethodPost, segPath, tok, body), http.StatusCreated)
	if n := h.s.Count(EndpointSegmentCreate); n != 2 {
		t.Errorf("Count %d, want 2 (faulted requests count)", n)
	}
}

func TestFaultSkipAndTimes(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentList, Skip: 2, Times: 2, Status: http.StatusServiceUnavailable})
	var got []int
	for range 5 {
		got = append(got, h.call(http.MethodGet, segPath, tok, nil).status)
		// Other endpoints do not consume the fault.
		expectStatus(t, push(h, tok, map[string]any{"Email": "a@x", "Status": "s"}), http.StatusOK)
	}
	want := []int{200, 200, 503, 503, 200}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
	if n := h.s.Count(EndpointSegmentList); n != 5 {
		t.Errorf("Count %d", n)
	}
}

func TestFaultsApplyInOrder(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.s.InjectFault(Fault{Status: 500})                                // any API call
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentList, Status: 502}) // then this one
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), 500)
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), 502)
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), 200)

	// "" never touches the token endpoint; an explicit token fault does.
	h.s.InjectFault(Fault{Status: 503, Times: 5})
	h.token()
	h.s.ClearFaults()
	h.s.InjectFault(Fault{Endpoint: EndpointToken, Status: 503})
	resp := h.tokenRequest(DefaultClientID, DefaultClientSecret, clientCredentials, form)
	expectStatus(t, resp, 503)
	// Faults come before authorization, like a gateway's.
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentList, Status: 429})
	expectStatus(t, h.call(http.MethodGet, segPath, "", nil), 429)
}

func TestFaultDropAfterActs(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentCreate, Drop: DropAfter})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, h.ts.URL+segPath, strings.NewReader(`{"name":"S","userIds":["a"]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := h.ts.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer %d, want a dropped connection", resp.StatusCode)
	}
	segs := h.s.Segments(DefaultSystemGUID)
	if len(segs) != 1 || segs[0].Name != "S" || segs[0].MemberCount != 1 {
		t.Fatalf("the create did not act before the drop: %+v", segs)
	}
	if rec := lastRecord(h); rec.Status != 201 || rec.Fault != "drop after" {
		t.Errorf("record %+v", rec)
	}
	// A retry now meets the name taken by the lost attempt.
	expectStatus(t, h.call(http.MethodPost, segPath, tok, `{"name":"S","userIds":["a"]}`), http.StatusConflict)
}

func TestFaultDropBeforeDoesNotAct(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.s.InjectFault(Fault{Endpoint: EndpointNotificationSend, Drop: DropBefore})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, h.ts.URL+sendPath, strings.NewReader(walkmeExample))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := h.ts.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer %d, want a dropped connection", resp.StatusCode)
	}
	if n := len(h.s.Notifications()); n != 0 {
		t.Fatalf("%d notifications after a drop before acting", n)
	}
	if rec := lastRecord(h); rec.Status != 0 || rec.Fault != "drop before" {
		t.Errorf("record %+v", rec)
	}
}

func TestFaultDelay(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	const delay = 150 * time.Millisecond
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentCreate, Delay: delay})
	start := time.Now()
	expectStatus(t, h.call(http.MethodPost, segPath, tok, map[string]any{"name": "slow", "userIds": []string{}}), http.StatusCreated)
	if took := time.Since(start); took < delay {
		t.Errorf("answered after %v, before the %v delay", took, delay)
	}

	// A client that gives up during the delay leaves nothing behind.
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentCreate, Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.ts.URL+segPath, strings.NewReader(`{"name":"gone","userIds":[]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	if resp, err := h.ts.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		if err == nil {
			resp.Body.Close()
		}
		t.Fatalf("err %v, want the client's deadline", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for h.s.Count(EndpointSegmentCreate) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // the server notices the client leaving asynchronously
	}
	if rec := lastRecord(h); !strings.Contains(rec.Fault, "client gave up") {
		t.Errorf("record %+v", rec)
	}
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 1 {
		t.Errorf("%d segments, want only the slow one", n)
	}
}

func TestFaultValidate(t *testing.T) {
	for _, f := range []Fault{
		{Endpoint: "segments", Status: 500},
		{Status: 1000},
		{Drop: "sideways"},
		{Drop: DropAfter, Status: 500},
		{Endpoint: EndpointToken},
		{Status: 500, Times: -1},
	} {
		if err := f.validate(); err == nil {
			t.Errorf("%+v: no error", f)
		}
	}
	if err := (Fault{Endpoint: EndpointUserDataPush, Delay: time.Second}).validate(); err != nil {
		t.Error(err)
	}
}

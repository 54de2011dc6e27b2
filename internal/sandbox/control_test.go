package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// control sends a request to /_sandbox/ and decodes a JSON answer into v (when non-nil).
func (h *harness) control(method, path, body string, v any) int {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(h.t.Context(), method, h.ts.URL+"/_sandbox"+path, strings.NewReader(body))
	resp := h.send(req)
	if v != nil && resp.status == http.StatusOK {
		if err := json.Unmarshal(resp.body, v); err != nil {
			h.t.Fatalf("%s: %s: %v", path, resp.body, err)
		}
	}
	return resp.status
}

func TestControlInspection(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"id": "e", "name": "S", "userIds": []string{"b", "a"}})
	push(h, tok, map[string]any{"Email": "a@x", "Status": "s", "ARR": 3})
	h.call(http.MethodPost, sendPath, tok, walkmeExample)
	logged := len(h.s.Requests())

	var state struct {
		Systems       map[string][]SegmentInfo
		Users         map[string]int
		Notifications int
		TokensIssued  int
	}
	h.control(http.MethodGet, "/state", "", &state)
	if segs := state.Systems[DefaultSystemGUID]; len(segs) != 1 || segs[0].MemberCount != 2 || segs[0].ExternalID != "e" ||
		state.Users[DefaultIntegrationToken] != 1 || state.Notifications != 1 || state.TokensIssued != 1 {
		t.Errorf("state %+v", state)
	}
	var segs []SegmentInfo
	h.control(http.MethodGet, "/systems/"+DefaultSystemGUID+"/segments", "", &segs)
	if len(segs) != 1 || segs[0].GUID != guid {
		t.Errorf("segments %+v", segs)
	}
	var members struct {
		Count   int
		Members []string
	}
	h.control(http.MethodGet, "/systems/"+DefaultSystemGUID+"/segments/"+guid+"/members", "", &members)
	if members.Count != 2 || strings.Join(members.Members, ",") != "a,b" {
		t.Errorf("members %+v", members)
	}
	if st := h.control(http.MethodGet, "/systems/"+DefaultSystemGUID+"/segments/nope/members", "", nil); st != 404 {
		t.Errorf("unknown segment: %d", st)
	}
	var attrs map[string]any
	h.control(http.MethodGet, "/users/"+DefaultIntegrationToken+"/a@x", "", &attrs)
	if attrs["Status"] != "s" || attrs["ARR"] != 3.0 {
		t.Errorf("user %v", attrs)
	}
	var users map[string]map[string]any
	h.control(http.MethodGet, "/users/"+DefaultIntegrationToken, "", &users)
	if len(users) != 1 || users["a@x"]["Status"] != "s" {
		t.Errorf("users %v", users)
	}
	if st := h.control(http.MethodGet, "/users/nope", "", nil); st != 404 {
		t.Errorf("unknown integration: %d", st)
	}
	if st := h.control(http.MethodGet, "/users/"+DefaultIntegrationToken+"/nobody", "", nil); st != 404 {
		t.Errorf("unknown user: %d", st)
	}
	var notes []ReceivedNotification
	h.control(http.MethodGet, "/notifications", "", &notes)
	if len(notes) != 1 || notes[0].Override["URL"] != "www.someurl.com" {
		t.Errorf("notifications %+v", notes)
	}
	var recs []RequestRecord
	h.control(http.MethodGet, "/requests", "", &recs)
	if len(recs) != logged || recs[1].Endpoint != EndpointSegmentCreate || recs[1].Body == nil {
		t.Errorf("requests %+v", recs)
	}
	var counts map[string]int
	h.control(http.MethodGet, "/requests/counts", "", &counts)
	if counts[EndpointToken] != 1 || counts[EndpointSegmentCreate] != 1 || counts[EndpointSegmentDelete] != 0 || len(counts) != len(endpointNames) {
		t.Errorf("counts %v", counts)
	}
	var as []Assumption
	h.control(http.MethodGet, "/assumptions", "", &as)
	if len(as) != len(assumptions) || as[0] != assumptions[0] {
		t.Errorf("assumptions %d", len(as))
	}
	if n := len(h.s.Requests()); n != logged {
		t.Errorf("inspection was logged: %d records, want %d", n, logged)
	}
}

func TestControlActions(t *testing.T) {
	h := newHarness(t)
	tok := h.token()

	if st := h.control(http.MethodPost, "/faults", `{"endpoint":"segment.list","status":503,"retryAfter":"2","delay":"10ms","times":2}`, nil); st != 200 {
		t.Fatalf("inject: %d", st)
	}
	resp := h.call(http.MethodGet, segPath, tok, nil)
	expectStatus(t, resp, 503)
	if resp.header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q", resp.header.Get("Retry-After"))
	}
	if st := h.control(http.MethodDelete, "/faults", "", nil); st != 204 {
		t.Errorf("clear: %d", st)
	}
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), 200)
	for _, bad := range []string{`{"endpoint":"nope","status":500}`, `{"delay":"soon"}`, `{"status":500,"extra":1}`, `{}`, `[`} {
		if st := h.control(http.MethodPost, "/faults", bad, nil); st != 400 {
			t.Errorf("%s: %d, want 400", bad, st)
		}
	}

	if st := h.control(http.MethodPost, "/tokens/expire", "", nil); st != 204 {
		t.Errorf("expire: %d", st)
	}
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusUnauthorized)

	tok = h.token()
	h.createSegment(tok, map[string]any{"name": "S", "userIds": []string{"a"}})
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentList, Status: 500})
	if st := h.control(http.MethodPost, "/reset", "", nil); st != 204 {
		t.Errorf("reset: %d", st)
	}
	if len(h.s.Segments(DefaultSystemGUID)) != 0 || len(h.s.Requests()) != 0 || h.s.TokensIssued() != 0 || h.s.Count(EndpointToken) != 0 {
		t.Error("reset left state behind")
	}
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusUnauthorized) // tokens are gone
	expectStatus(t, h.call(http.MethodGet, segPath, h.token(), nil), http.StatusOK)     // and so are faults
}

func TestRequestLogBodies(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.createSegment(tok, map[string]any{"name": "small", "userIds": []string{"a"}})
	h.createSegment(tok, map[string]any{"name": "big", "userIds": ids("a-fairly-long-user-id-", 5000)})
	recs := h.s.Requests()
	if recs[0].Endpoint != EndpointToken || recs[0].Body != nil {
		t.Errorf("token request body recorded: %+v", recs[0])
	}
	assertJSON(t, recs[1].Body, `{"name":"small","userIds":["a"]}`)
	if recs[2].Body != nil || recs[2].UserIDCount != 5000 {
		t.Errorf("body over 64 KiB recorded (%d bytes)", len(recs[2].Body))
	}
	h.s.ResetLog()
	if len(h.s.Requests()) != 0 || h.s.Count(EndpointSegmentCreate) != 0 {
		t.Error("ResetLog kept records")
	}
	if len(h.s.Segments(DefaultSystemGUID)) != 2 {
		t.Error("ResetLog dropped segments")
	}
}

func TestRequestLogIsBounded(t *testing.T) {
	h := newHarness(t)
	for range 2*maxLogRecords + 5 {
		h.s.record(RequestRecord{Endpoint: EndpointSegmentList})
	}
	if n := len(h.s.Requests()); n != maxLogRecords {
		t.Errorf("%d records kept", n)
	}
	if n := h.s.Count(EndpointSegmentList); n != 2*maxLogRecords+5 {
		t.Errorf("Count %d", n)
	}
}

package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const fuzzGUID = "12345aeb-123c-4d83-8b38-a5a456789d0a"

// FuzzAPIBodies sends arbitrary bodies to every endpoint: the sandbox must answer each
// with a client error or success, never panic or fail with a 5xx, and a rejected
// request must leave its state exactly as it was (requests are atomic, as
// ASSUMPTIONS.md says of End User Update requests and the sandbox does of all).
func FuzzAPIBodies(f *testing.F) {
	s, err := New(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	req := httptest.NewRequestWithContext(f.Context(), http.MethodPost, "/accounts/connect/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	tok := strings.Split(rec.Body.String(), `"`)[3]

	targets := []struct{ method, path string }{
		{http.MethodPost, segPath},
		{http.MethodPut, segPath + "/" + fuzzGUID},
		{http.MethodPost, dataPath},
		{http.MethodPost, sendPath},
		{http.MethodPost, "/accounts/connect/token"},
	}
	for _, seed := range []string{
		`{"name":"a","userIds":["x"]}`, `{"action":"add","userIds":["x"]}`,
		`{"token":"sandbox-integration-token","data":[{"Email":"a","Status":"s","account":{"tier":"x"}}]}`,
		walkmeExample, `null`, `[]`, `{"a":[[[[null]]]]}`, `"\ud800"`, `{"data":[{"Email":{"x":1}}]}`, `grant_type=x&scope=%zz`,
		// Valid first, invalid later: nothing of the valid part may be kept.
		`{"action":"add","userIds":["x",""]}`, `{"action":"override","userIds":["y",7]}`,
		`{"token":"sandbox-integration-token","data":[{"Email":"a","Status":"s"},{"Email":{"x":1}}]}`,
	} {
		for i := range targets {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, target uint8, body string) {
		tg := targets[int(target)%len(targets)]
		// Start each input from one known segment, so that updates get past the 404.
		s.mu.Lock()
		s.systems[DefaultSystemGUID] = map[string]*segment{fuzzGUID: {guid: fuzzGUID, name: "fuzz", members: newMemberSet(0)}}
		s.mu.Unlock()
		req := httptest.NewRequestWithContext(t.Context(), tg.method, tg.path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tg.path == "/accounts/connect/token" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
		} else {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		before := fullState(t, s)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", tg.method, tg.path, body, rec.Code, rec.Body)
		}
		if after := fullState(t, s); rec.Code >= 400 && after != before {
			t.Fatalf("%s %s %q was rejected (%d %s) but changed the state:\nbefore %s\nafter  %s",
				tg.method, tg.path, body, rec.Code, rec.Body, before, after)
		}
		s.ResetLog()
	})
}

// fullState is everything the sandbox keeps, members and attributes included, as
// comparable JSON.
func fullState(t *testing.T, s *Server) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := persistedState{Seq: s.seq, Systems: map[string][]persistedSegment{}, Users: s.users,
		Notifications: s.notifications, Tokens: s.tokens, TokensIssued: s.tokensIssued}
	for sys, segs := range s.systems {
		for _, sg := range sortedSegments(segs) {
			st.Systems[sys] = append(st.Systems[sys], persistedSegment{GUID: sg.guid, Name: sg.name,
				ExternalID: sg.externalID, Seq: sg.seq, Created: sg.created, Members: slices.Sorted(slices.Values(sg.members.list()))})
		}
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

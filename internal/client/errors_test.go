package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestForbiddenNamesPermission(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusForbidden, `{"message":"insufficient scope"}`)
	})
	c := newTestClient(t, f)
	ctx := context.Background()
	_, listErr := c.ListSegments(ctx, testSystem)
	_, createErr := c.CreateSegment(ctx, testSystem, betaInput)
	updateErr := c.UpdateSegment(ctx, testSystem, testSegmentGUID, SegmentAdd, nil)
	pushErr := c.PushUserData(ctx, "tok", []map[string]any{{"Email": "a", "S": "b"}})
	_, sendErr := c.SendNotification(ctx, outage)
	cases := []struct {
		err  error
		want string
	}{
		{listErr, `WalkMe API GET /public/v1/user/system/` + testSystem + `/segment: 403 Forbidden: insufficient scope; enable the API key permission "Segments API: Read" (scope segments:read) in WalkMe Admin Center → API Keys`},
		{createErr, `WalkMe API POST /public/v1/user/system/` + testSystem + `/segment: 403 Forbidden: insufficient scope; enable the API key permission "Segments API: Write and Read" (scope segments:write) in WalkMe Admin Center → API Keys`},
		{updateErr, `"Segments API: Write and Read" (scope segments:write)`},
		{pushErr, `"End User Update API" (scope endUserUpdate:write)`},
		{sendErr, `enable the API key permission "Notifications API: Write" in WalkMe Admin Center → API Keys`},
	}
	for _, tc := range cases {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("error %v\nwant it to contain %s", tc.err, tc.want)
		}
		if ae := (*APIError)(nil); !errors.As(tc.err, &ae) || ae.StatusCode != http.StatusForbidden {
			t.Errorf("error %v is not a 403 APIError", tc.err)
		}
	}
	var ae *APIError
	if !errors.As(listErr, &ae) || ae.Permission != "Segments API: Read" || ae.Scope != "segments:read" || ae.Method != "GET" {
		t.Errorf("APIError = %+v", ae)
	}
	if errors.Is(sendErr, ErrNotificationMaybeSent) {
		t.Error("a 403 notification is reported as maybe sent")
	}
}

func TestErrorPredicates(t *testing.T) {
	nf := fmt.Errorf("wrapped: %w", &APIError{StatusCode: 404})
	if !IsNotFound(nf) || IsConflict(nf) || IsNotFound(errors.New("404")) || IsNotFound(nil) {
		t.Error("IsNotFound")
	}
	if !IsConflict(&APIError{StatusCode: 409}) {
		t.Error("IsConflict")
	}
	e := &APIError{Method: "DELETE", Path: "/p", StatusCode: 599}
	if got := e.Error(); got != "WalkMe API DELETE /p: status 599" {
		t.Errorf("Error() = %q", got)
	}
}

func TestExtractMessage(t *testing.T) {
	long := strings.Repeat("ü", 1000)
	cases := []struct{ body, want string }{
		{`{"message":"Segment not found"}`, "Segment not found"},
		{`{"error":"invalid_request","error_description":"userIds too long"}`, "userIds too long"},
		{`{"error":"invalid_request"}`, "invalid_request"},
		{`{"title":"Bad Request","detail":"name missing"}`, "Bad Request"},
		{`{"detail":"name missing"}`, "name missing"},
		{`{"error":{"message":"nested"}}`, "nested"},
		{`{"message":""," error":"x","status":400}`, `{"message":""," error":"x","status":400}`},
		{"  plain text\n", "plain text"},
		{``, ""},
		{`[1,2]`, "[1,2]"},
		{long, long[:1024] + "…"},
	}
	c, err := New(Config{ClientID: "id", ClientSecret: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		if got := c.errorMessage([]byte(tc.body)); got != tc.want {
			t.Errorf("errorMessage(%.40q) = %.60q, want %.60q", tc.body, got, tc.want)
		}
	}
}

// The client, not the provider, tells a wrong integration token from other refusals: a 400
// or 404 of the End User Update API whose message names the token.
func TestIntegrationTokenRejected(t *testing.T) {
	cases := []struct {
		status  int
		message string
		want    bool
	}{
		{http.StatusBadRequest, "invalid integration token", true},
		{http.StatusNotFound, "Token not found", true},
		{http.StatusBadRequest, "data[0] has no Email", false},
		{http.StatusForbidden, "token lacks the permission", false},
		{http.StatusConflict, "token in use", false},
	}
	for _, tc := range cases {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, tc.status, fmt.Sprintf(`{"message":%q}`, tc.message))
		})
		c := newTestClient(t, f)
		pushErr := c.PushUserData(context.Background(), "tok", []map[string]any{{"Email": "a"}})
		emptyErr := c.PushEmptyUserData(context.Background(), "tok")
		for _, err := range []error{pushErr, emptyErr} {
			if got := IsIntegrationTokenRejected(err); got != tc.want {
				t.Errorf("%d %q: IsIntegrationTokenRejected(%v) = %v, want %v", tc.status, tc.message, err, got, tc.want)
			}
		}
	}
	// Only the End User Update API has an integration token: a segment 400 naming a token
	// is something else.
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusBadRequest, `{"message":"invalid token"}`)
	})
	if _, err := newTestClient(t, f).ListSegments(context.Background(), testSystem); IsIntegrationTokenRejected(err) {
		t.Errorf("segment list error %v counts as a rejected integration token", err)
	}
	if IsIntegrationTokenRejected(errors.New("token")) || IsIntegrationTokenRejected(nil) {
		t.Error("an error that is not an APIError counts as a rejected integration token")
	}
}

package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const testIntegrationToken = "int-tok&<9f8e7d>/+=="

// echoServer repeats credentials back in its answers, as a careless server or
// proxy might, so the test can prove none of them reaches a log or an error.
func echoServer(t *testing.T) *fakeWalkMe {
	var puts atomic.Int32
	return newFake(t, func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		switch {
		case r.URL.Path == userDataPath:
			var in userDataBody
			_ = json.NewDecoder(r.Body).Decode(&in)
			msg, _ := json.Marshal(map[string]string{"message": "token " + in.Token + " rejected for " + auth})
			writeJSON(w, http.StatusBadRequest, string(msg))
		case r.Method == http.MethodPut && puts.Add(1) == 1:
			writeJSON(w, http.StatusOK, fmt.Sprintf(`{"echo":%q,"secret":%q}`, auth, testSecret))
		case r.Method == http.MethodPut:
			writeJSON(w, http.StatusForbidden, fmt.Sprintf(`{"message":"no scope for %s"}`, auth))
		default:
			writeJSON(w, http.StatusOK, `[{"guid":"`+testSegmentGUID+`","name":"n"}]`)
		}
	}, func(f *fakeWalkMe) {
		f.tokenReply = func(n int, w http.ResponseWriter) bool {
			if n > 1 {
				return false
			}
			writeJSON(w, http.StatusServiceUnavailable, fmt.Sprintf(`{"message":"try later, %s"}`, testSecret))
			return true
		}
	})
}

func TestSecretsNeverLoggedNorInErrors(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	f := echoServer(t)
	c := newTestClient(t, f)

	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	_, err := c.ListSegments(ctx, testSystem)
	collect(err)
	f.revokeAll() // the next call goes through a 401 and a renewal
	collect(c.UpdateSegment(ctx, testSystem, testSegmentGUID, SegmentAdd, []string{"a"}))
	collect(c.UpdateSegment(ctx, testSystem, testSegmentGUID, SegmentAdd, []string{"a"}))
	collect(c.PushUserData(ctx, testIntegrationToken, []map[string]any{{"Email": "a", "S": "b"}}))
	_, err = c.SendNotification(ctx, outage)
	collect(err)
	// A token endpoint that echoes the secret in a rejection.
	f2 := newFake(t, listOK, func(f *fakeWalkMe) {
		f.tokenReply = func(_ int, w http.ResponseWriter) bool {
			writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(`{"error":"invalid_client","error_description":"bad secret %s"}`, testSecret))
			return true
		}
	})
	_, err = newTestClient(t, f2).ListSegments(ctx, testSystem)
	collect(err)
	if len(errs) != 3 {
		t.Fatalf("want 3 errors (403, 400, token rejection), got %d: %v", len(errs), errs)
	}

	secrets := append([]string{testSecret, testIntegrationToken}, f.allIssued()...)
	if len(secrets) < 4 {
		t.Fatalf("expected two access tokens to check, got %v", secrets)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, e := range entries {
		b, _ := encodeBody(e) // unescaped, so "&" and "<" read as themselves
		all.Write(b)
		all.WriteByte('\n')
	}
	logs := all.String()
	for _, s := range secrets {
		escaped, _ := json.Marshal(s)
		for _, form := range []string{s, string(escaped[1 : len(escaped)-1])} {
			if strings.Contains(logs, form) {
				t.Errorf("log contains secret %q", form)
			}
			for _, e := range errs {
				if strings.Contains(e.Error(), form) {
					t.Errorf("error contains secret %q: %v", form, e)
				}
			}
		}
	}
	if strings.Contains(logs, "Bearer at-") {
		t.Error("log contains an Authorization header value")
	}
	// The logs are there, bodies included, with the secrets masked.
	for _, want := range []string{`"@message":"WalkMe API request"`, `"@message":"WalkMe API response body"`,
		`\"userIds\":[\"a\"]`, `\"token\":\"***\"`, `"@message":"obtained WalkMe access token"`, `"token_requests":2`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s", want)
		}
	}
	if t.Failed() {
		t.Logf("logs:\n%s\nerrors: %v", logs, errs)
	}
}

func TestLoggedBodiesCut(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	f := newFake(t, listOK)
	c := newTestClient(t, f)
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("user-%04d@example.com", i)
	}
	if err := c.UpdateSegment(ctx, testSystem, testSegmentGUID, SegmentAdd, ids); err != nil {
		t.Fatal(err)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e["@message"] == "WalkMe API request body" {
			found = true
			if body := e["body"].(string); len(body) > maxLoggedBody+len("…") {
				t.Errorf("logged body is %d bytes", len(body))
			}
		}
	}
	if !found {
		t.Error("no request body logged")
	}
}

func TestRedactBeforeCut(t *testing.T) {
	c, err := New(Config{ClientID: "id", ClientSecret: "0123456789-secret"})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(strings.Repeat("x", maxLoggedBody-5) + "0123456789-secret")
	if got := loggableBody(c, body, nil); strings.Contains(got, "01234") {
		t.Errorf("a secret cut in half survives: %q", got[len(got)-20:])
	}
}

func TestMaskedContextMasksMessagesAndFields(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c, err := New(Config{ClientID: "id", ClientSecret: "the-secret&"})
	if err != nil {
		t.Fatal(err)
	}
	ctx = c.maskedContext(ctx, "integration-tok")
	tflog.Trace(ctx, "message with the-secret& and integration-tok", map[string]any{"f": `"the-secret\u0026" integration-tok`})
	out := buf.String()
	if strings.Contains(out, "the-secret") || strings.Contains(out, "integration-tok") {
		t.Errorf("unmasked: %s", out)
	}
	if !strings.Contains(out, "message with *** and ***") {
		t.Errorf("message not masked as expected: %s", out)
	}
}

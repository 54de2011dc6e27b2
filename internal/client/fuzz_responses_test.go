package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzDecode (decode_test.go) covers the decoders one by one. These fuzz targets feed
// arbitrary answers through the whole request path instead: the token endpoint's answer
// (decoded by golang.org/x/oauth2, then checked by the client), every API call's answer
// (status and body, buffered, decoded, turned into errors), and Retry-After. The client
// must never panic, never let a secret that WalkMe echoes reach an error, and never
// report success for an answer it could not use.

const (
	fuzzAccessToken      = "fuzz-access-token-4b9e2c"
	fuzzIntegrationToken = "fuzz-integration-token-77d1"
	fuzzSegmentGUID      = "12345aeb-123c-4d83-8b38-a5a456789d0a"
)

// fuzzTransport answers in memory: the token endpoint with one answer, every API call
// with another.
type fuzzTransport struct {
	tokenStatus int
	tokenType   string
	tokenBody   []byte
	apiStatus   int
	apiBody     []byte
}

func (ft *fuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	status, ctype, body := ft.apiStatus, "application/json", ft.apiBody
	if r.URL.Path == "/accounts/connect/token" {
		status, ctype, body = ft.tokenStatus, ft.tokenType, ft.tokenBody
	}
	return &http.Response{
		StatusCode: status,
		Header:     http.Header{"Content-Type": {ctype}},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Request:    r,
	}, nil
}

// fuzzClient makes no retries and never sleeps: each input costs one or two round trips.
func fuzzClient(t *testing.T, ft *fuzzTransport) *Client {
	c, err := New(Config{
		APIURL:       "https://api.walkme.test",
		ClientID:     testClientID,
		ClientSecret: testSecret,
		MaxRetries:   -1,
		RetryWaitMin: time.Microsecond,
		RetryWaitMax: time.Microsecond,
		HTTPClient:   &http.Client{Transport: ft},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fuzzStatus maps any number onto an HTTP status code.
func fuzzStatus(n uint16) int {
	if n >= 100 && n <= 599 {
		return int(n)
	}
	return 100 + int(n)%500
}

var tokenContentTypes = []string{"application/json", "application/x-www-form-urlencoded", "text/plain", "text/html", ""}

func FuzzTokenResponse(f *testing.F) {
	for _, s := range []struct {
		status uint16
		ctype  uint8
		body   string
	}{
		{200, 0, `{"access_token":"eyJhbGciOi","expires_in":86400,"token_type":"Bearer","scope":"segments:write segments:read"}`},
		{200, 0, `{"access_token":"abc","expires_in":86400,"token_type":"bearer"}`},
		{200, 0, `{"access_token":"abc","expires_in":"86400","token_type":"Bearer"}`},
		{200, 0, `{"access_token":"abc","token_type":"mac"}`},
		{200, 0, `{"token_type":"Bearer"}`},
		{200, 1, `access_token=abc&token_type=bearer&expires_in=3600`},
		{401, 0, `{"error":"invalid_client","error_description":"unknown client or wrong secret"}`},
		{400, 0, `{"error":"invalid_scope"}`},
		{503, 3, `<html><body>503 Service Unavailable</body></html>`},
		{429, 0, `{"message":"Too many requests"}`},
		{500, 0, `{"error_description":"bad secret ` + testSecret + `"}`},
	} {
		f.Add(s.status, s.ctype, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status uint16, ctype uint8, body []byte) {
		ft := &fuzzTransport{tokenStatus: fuzzStatus(status), tokenType: tokenContentTypes[int(ctype)%len(tokenContentTypes)], tokenBody: body}
		tok, _, err := fuzzClient(t, ft).AccessToken(context.Background())
		if err != nil {
			if strings.Contains(err.Error(), testSecret) {
				t.Fatalf("the error holds the client secret: %v", err)
			}
			return
		}
		if ft.tokenStatus < 200 || ft.tokenStatus > 299 {
			t.Fatalf("status %d accepted as a token", ft.tokenStatus)
		}
		if tok == "" {
			t.Fatal("empty access token accepted")
		}
	})
}

// fuzzOps are the client's API calls, each returning what it decoded.
var fuzzOps = []func(context.Context, *Client) (string, error){
	func(ctx context.Context, c *Client) (string, error) {
		segs, err := c.ListSegments(ctx, testSystem)
		for _, s := range segs {
			if s.GUID == "" {
				return "", errors.New("listed a segment without GUID")
			}
		}
		return "", err
	},
	func(ctx context.Context, c *Client) (string, error) {
		s, err := c.CreateSegment(ctx, testSystem, CreateSegmentInput{Name: "Beta", ExternalID: "heap-1", UserIDs: []string{"a"}})
		return s.GUID, err
	},
	func(ctx context.Context, c *Client) (string, error) {
		return "", c.UpdateSegment(ctx, testSystem, fuzzSegmentGUID, SegmentAdd, []string{"a"})
	},
	func(ctx context.Context, c *Client) (string, error) {
		return "", c.DeleteSegment(ctx, testSystem, fuzzSegmentGUID)
	},
	func(ctx context.Context, c *Client) (string, error) {
		return "", c.PushUserData(ctx, fuzzIntegrationToken, []map[string]any{{"Email": "a", "Status": "x"}})
	},
	func(ctx context.Context, c *Client) (string, error) {
		r, err := c.SendNotification(ctx, Notification{TemplateID: "t", EndUserIDs: []string{"a"}})
		return r.Raw, err
	},
}

func FuzzAPIResponse(f *testing.F) {
	for _, s := range []struct {
		op     uint8
		status uint16
		body   string
	}{
		{0, 200, `[{"guid":"` + fuzzSegmentGUID + `","name":"Beta","id":"heap-1"}]`},
		{0, 200, `{"segments":[{"segmentGuid":"` + fuzzSegmentGUID + `","name":"Beta","externalId":"heap-1"}]}`},
		{0, 200, `{"data":[{"name":"no guid"}]}`},
		{1, 201, `{"guid":"` + fuzzSegmentGUID + `","name":"Beta","id":"heap-1"}`},
		{1, 201, ``},
		{1, 201, `{"segment":{"guid":"` + fuzzSegmentGUID + `"}}`},
		{1, 409, `{"message":"name already in use","statusCode":409}`},
		{1, 502, `<html><body>502 Bad Gateway</body></html>`},
		{2, 200, `{}`},
		{2, 401, `{"message":"access token expired","statusCode":401}`},
		{2, 403, `{"message":"this call requires scope segments:write","statusCode":403}`},
		{3, 204, ``},
		{3, 404, `{"message":"segment not found","statusCode":404}`},
		{4, 200, `{"message":"Request has been received"}`},
		{4, 400, `{"message":"invalid integration token ` + fuzzIntegrationToken + `"}`},
		{4, 400, `{"error":{"detail":"bearer ` + fuzzAccessToken + ` refused"}}`},
		{5, 200, `{"notificationId":"6d1c","status":"sent"}`},
		{5, 429, `{"message":"slow down"}`},
		{5, 503, `upstream connect error`},
	} {
		f.Add(s.op, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op uint8, status uint16, body []byte) {
		ft := &fuzzTransport{
			tokenStatus: http.StatusOK, tokenType: "application/json",
			tokenBody: []byte(`{"access_token":"` + fuzzAccessToken + `","expires_in":3600,"token_type":"Bearer"}`),
			apiStatus: fuzzStatus(status), apiBody: body,
		}
		n := int(op) % len(fuzzOps)
		got, err := fuzzOps[n](context.Background(), fuzzClient(t, ft))
		if err != nil {
			secrets := []string{testSecret, fuzzAccessToken}
			if n == 4 {
				secrets = append(secrets, fuzzIntegrationToken) // a secret of this call only
			}
			for _, secret := range secrets {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error holds a secret: %v", err)
				}
			}
			return
		}
		ok := ft.apiStatus >= 200 && ft.apiStatus <= 299 ||
			ft.apiStatus == http.StatusNotFound && n == 3 // delete: already gone
		if !ok {
			t.Fatalf("status %d reported as success", ft.apiStatus)
		}
		if n == 1 && got == "" {
			t.Fatal("created a segment without a GUID")
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, v := range []string{"1", "0", "-1", "86400", "86401", " 2 ", "1.5", "",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Monday, 02-Jan-06 15:04:05 MST"} {
		f.Add(v, uint8(0))
	}
	const minWait, maxWait = 10 * time.Millisecond, 3 * time.Second
	f.Fuzz(func(t *testing.T, v string, attempt uint8) {
		if d, ok := parseRetryAfter(v, time.Now()); ok && d < 0 {
			t.Fatalf("Retry-After %q parsed as %v", v, d)
		}
		for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable, 0} {
			w := retryWait(minWait, maxWait, int(attempt), status, http.Header{"Retry-After": {v}})
			if w < minWait || w > maxWait {
				t.Fatalf("status %d, Retry-After %q, attempt %d: wait %v outside [%v, %v]", status, v, attempt, w, minWait, maxWait)
			}
		}
	})
}

package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const form = "application/x-www-form-urlencoded"

var clientCredentials = url.Values{"grant_type": {"client_credentials"}}

func TestTokenIssued(t *testing.T) {
	h := newHarness(t)
	resp := h.tokenRequest(DefaultClientID, DefaultClientSecret, clientCredentials, form)
	expectStatus(t, resp, http.StatusOK)
	m := resp.json(t)
	if tok, _ := m["access_token"].(string); len(tok) < 32 {
		t.Errorf("access_token %q is too short", tok)
	}
	if m["expires_in"] != float64(86400) || m["token_type"] != "Bearer" {
		t.Errorf("expires_in %v token_type %v", m["expires_in"], m["token_type"])
	}
	if m["scope"] != "segments:read segments:write endUserUpdate:write notifications:write" {
		t.Errorf("scope %v", m["scope"])
	}
	if resp.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", resp.header.Get("Cache-Control"))
	}
	if h.s.TokensIssued() != 1 || h.s.Count(EndpointToken) != 1 {
		t.Errorf("TokensIssued %d Count %d", h.s.TokensIssued(), h.s.Count(EndpointToken))
	}
	if h.tokenFor(DefaultClientID, DefaultClientSecret) == m["access_token"] {
		t.Error("two tokens are equal")
	}
}

func TestTokenResponseVariants(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TokenTypeLower, c.OmitScope, c.TokenTTL = true, true, time.Hour })
	m := h.tokenRequest(DefaultClientID, DefaultClientSecret, clientCredentials, form).json(t)
	if m["token_type"] != "bearer" || m["expires_in"] != float64(3600) {
		t.Errorf("token_type %v expires_in %v", m["token_type"], m["expires_in"])
	}
	if _, ok := m["scope"]; ok {
		t.Errorf("scope present: %v", m)
	}
}

func TestTokenRejected(t *testing.T) {
	h := newHarness(t)
	formCreds := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	tests := []struct {
		name        string
		id, secret  string
		form        url.Values
		contentType string
		status      int
		code        string
	}{
		{"no credentials", "", "", clientCredentials, form, 401, "invalid_client"},
		{"wrong secret", DefaultClientID, "nope", clientCredentials, form, 401, "invalid_client"},
		{"unknown client", "someone", DefaultClientSecret, clientCredentials, form, 401, "invalid_client"},
		{"form credentials only", "", "", formCreds, form, 401, "invalid_client"},
		{"form credentials with Basic", DefaultClientID, DefaultClientSecret, formCreds, form, 401, "invalid_client"},
		{"JSON content type", DefaultClientID, DefaultClientSecret, clientCredentials, "application/json", 400, "invalid_request"},
		{"wrong grant type", DefaultClientID, DefaultClientSecret, url.Values{"grant_type": {"password"}}, form, 400, "unsupported_grant_type"},
		{"missing grant type", DefaultClientID, DefaultClientSecret, url.Values{}, form, 400, "invalid_request"},
		{"scope not held", DefaultClientID, DefaultClientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {"users:write"}}, form, 400, "invalid_scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.tokenRequest(tt.id, tt.secret, tt.form, tt.contentType)
			expectStatus(t, resp, tt.status)
			if got := resp.json(t)["error"]; got != tt.code {
				t.Errorf("error %v, want %s", got, tt.code)
			}
		})
	}
	if n := h.s.TokensIssued(); n != 0 {
		t.Errorf("TokensIssued %d after rejections", n)
	}
	expectStatus(t, h.call(http.MethodGet, "/accounts/connect/token", "", nil), http.StatusMethodNotAllowed)
}

func TestTokenScopeParameterNarrows(t *testing.T) {
	h := newHarness(t)
	resp := h.tokenRequest(DefaultClientID, DefaultClientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {"segments:read"}}, form)
	expectStatus(t, resp, http.StatusOK)
	tok := resp.json(t)["access_token"].(string)
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusOK)
	expectStatus(t, h.call(http.MethodPost, segPath, tok, map[string]any{"name": "x", "userIds": []string{}}), http.StatusForbidden, "segments:write")
}

func TestTokenBasicCredentialsAreURLDecoded(t *testing.T) {
	const secret = "s3cr+t/with=odd:chars é"
	h := newHarness(t, func(c *Config) {
		c.Clients = []Client{{ID: "id:1", Secret: secret, Scopes: []string{ScopeSegmentsRead}}}
	})
	// RFC 6749 §2.3.1, and what golang.org/x/oauth2 sends.
	resp := h.tokenRequest(url.QueryEscape("id:1"), url.QueryEscape(secret), clientCredentials, form)
	expectStatus(t, resp, http.StatusOK)
	// A raw "+" decodes to a space, so an unencoded secret with "+" fails, as it would
	// against an RFC-conforming server.
	expectStatus(t, h.tokenRequest("id%3A1", secret, clientCredentials, form), http.StatusUnauthorized)
}

func TestBearerRequired(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	tests := []struct {
		name, header, want string
	}{
		{"missing", "", "missing bearer token"},
		{"basic scheme", "Basic " + tok, "missing bearer token"},
		{"unknown token", "Bearer not-a-token", "invalid access token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, h.ts.URL+segPath, nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp := h.send(req)
			expectStatus(t, resp, http.StatusUnauthorized, tt.want)
			if resp.json(t)["statusCode"] != float64(401) {
				t.Errorf("statusCode missing: %s", resp.body)
			}
		})
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, h.ts.URL+segPath, nil)
	req.Header.Set("Authorization", "bearer "+tok)
	expectStatus(t, h.send(req), http.StatusOK)
}

func TestExpireTokens(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusOK)
	h.s.ExpireTokens()
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusUnauthorized, "expired")
	expectStatus(t, h.call(http.MethodGet, segPath, h.token(), nil), http.StatusOK)
}

func TestTokenTTLExpiry(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TokenTTL = time.Hour })
	tok := h.token()
	h.clock.Advance(time.Hour - time.Second)
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusOK)
	h.clock.Advance(time.Second)
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusUnauthorized, "expired")
}

func TestScopes(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.NotificationScope = "comcenter:write"
		c.Clients = []Client{
			{ID: "reader", Secret: "s", Scopes: []string{ScopeSegmentsRead}},
			{ID: "writer", Secret: "s", Scopes: []string{ScopeSegmentsWrite}},
			{ID: "users", Secret: "s", Scopes: []string{ScopeEndUserUpdateWrite}},
		}
	})
	reader, writer, users := h.tokenFor("reader", "s"), h.tokenFor("writer", "s"), h.tokenFor("users", "s")
	create := map[string]any{"name": "n", "userIds": []string{"a"}}

	expectStatus(t, h.call(http.MethodGet, segPath, reader, nil), http.StatusOK)
	expectStatus(t, h.call(http.MethodPost, segPath, reader, create), http.StatusForbidden, "requires scope segments:write", "Write and Read")
	expectStatus(t, h.call(http.MethodGet, segPath, writer, nil), http.StatusOK) // "Write and Read"
	guid := h.createSegment(writer, create)
	expectStatus(t, h.call(http.MethodDelete, segPath+"/"+guid, reader, nil), http.StatusForbidden, "segments:write")
	expectStatus(t, h.call(http.MethodGet, segPath, users, nil), http.StatusForbidden, "requires scope segments:read")
	expectStatus(t, h.call(http.MethodPost, "/public/v1/user/data", writer, map[string]any{"token": DefaultIntegrationToken, "data": []any{}}),
		http.StatusForbidden, "endUserUpdate:write")
	resp := h.call(http.MethodPost, "/public/v1/notifications/send", users, map[string]any{"notification": map[string]any{"templateId": DefaultTemplateID, "endUsersIds": []string{"a"}}})
	expectStatus(t, resp, http.StatusForbidden, "comcenter:write", "Notifications API")
	if !strings.Contains(resp.message(t), "requires scope") {
		t.Errorf("message %q", resp.message(t))
	}
}

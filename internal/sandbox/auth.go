package sandbox

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// accessToken is an issued bearer token. Tokens are opaque random strings (ASSUMED:
// token-opaque; WalkMe issues JWTs, which clients must not parse either).
type accessToken struct {
	ClientID  string    `json:"clientId"`
	Scopes    []string  `json:"scopes"`
	ExpiresAt time.Time `json:"expiresAt"`
	Revoked   bool      `json:"revoked"`
}

// oauthError is the token endpoint's error body (RFC 6749 §5.2).
func oauthError(status int, code, description string) reply {
	rep := jsonReply(status, map[string]string{"error": code, "error_description": description})
	rep.setHeader("Cache-Control", "no-store")
	return rep
}

// handleToken is POST /accounts/connect/token: client credentials with HTTP Basic only.
func (s *Server) handleToken(req *apiRequest) reply {
	r := req.r
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return oauthError(http.StatusBadRequest, "invalid_request",
			fmt.Sprintf("Content-Type must be application/x-www-form-urlencoded, got %q", r.Header.Get("Content-Type")))
	}
	form, err := url.ParseQuery(string(req.body))
	if err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "malformed form body: "+err.Error())
	}
	// WalkMe documents Basic authentication; a client that puts its credentials in the
	// form is refused so the mistake shows up here rather than against WalkMe.
	if form.Has("client_id") || form.Has("client_secret") {
		return oauthError(http.StatusUnauthorized, "invalid_client",
			"send the client ID and secret with HTTP Basic authentication, not in the form body")
	}
	client, ok := s.basicClient(r)
	if !ok {
		rep := oauthError(http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret (HTTP Basic authentication required)")
		rep.setHeader("WWW-Authenticate", `Basic realm="walkme"`)
		return rep
	}
	switch gt := form.Get("grant_type"); {
	case !form.Has("grant_type"):
		return oauthError(http.StatusBadRequest, "invalid_request", "grant_type is required")
	case gt != "client_credentials":
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported; use client_credentials", gt))
	}
	scopes := client.Scopes
	if form.Has("scope") {
		scopes = strings.Fields(form.Get("scope"))
		for _, sc := range scopes {
			if !slices.Contains(client.Scopes, sc) {
				return oauthError(http.StatusBadRequest, "invalid_scope", fmt.Sprintf("scope %q is not granted to this client", sc))
			}
		}
	}

	tok := randomToken()
	s.tokens[tok] = &accessToken{ClientID: client.ID, Scopes: slices.Clone(scopes), ExpiresAt: s.now().Add(s.cfg.TokenTTL)}
	s.tokensIssued++
	body := map[string]any{"access_token": tok, "expires_in": int64(s.cfg.TokenTTL / time.Second), "token_type": "Bearer"}
	if s.cfg.TokenTypeLower {
		body["token_type"] = "bearer"
	}
	if !s.cfg.OmitScope {
		body["scope"] = strings.Join(scopes, " ")
	}
	rep := s.persisted(jsonReply(http.StatusOK, body))
	rep.setHeader("Cache-Control", "no-store")
	rep.setHeader("Pragma", "no-cache")
	return rep
}

// basicClient authenticates HTTP Basic credentials. User name and password are
// form-url-decoded first, as RFC 6749 §2.3.1 asks (ASSUMED: token-basic-urlencoded).
func (s *Server) basicClient(r *http.Request) (Client, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return Client{}, false
	}
	id, err1 := url.QueryUnescape(user)
	secret, err2 := url.QueryUnescape(pass)
	if err1 != nil || err2 != nil {
		return Client{}, false
	}
	for _, c := range s.cfg.Clients {
		if c.ID == id && subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) == 1 {
			return c, true
		}
	}
	return Client{}, false
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// authorize checks the bearer token and its scope. Callers hold s.mu.
func (s *Server) authorize(r *http.Request, scope string) (reply, bool) {
	unauthorized := func(msg string) (reply, bool) {
		rep := errorReply(http.StatusUnauthorized, "%s", msg)
		rep.setHeader("WWW-Authenticate", `Bearer error="invalid_token"`)
		return rep, false
	}
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return unauthorized("missing bearer token: send Authorization: Bearer <access token>")
	}
	t, ok := s.tokens[tok]
	switch {
	case !ok:
		return unauthorized("invalid access token")
	case t.Revoked || !s.now().Before(t.ExpiresAt):
		return unauthorized("access token expired")
	case !hasScope(t.Scopes, scope):
		return errorReply(http.StatusForbidden, "this call requires scope %s (%s)", scope, permissionFor(scope, s.cfg.NotificationScope)), false
	}
	return reply{}, true
}

// hasScope reports whether scopes grant want. WalkMe's Segments permission is "Write and
// Read", so segments:write also grants reading (ASSUMED: scope-read-via-write).
func hasScope(scopes []string, want string) bool {
	return slices.Contains(scopes, want) ||
		(want == ScopeSegmentsRead && slices.Contains(scopes, ScopeSegmentsWrite))
}

// permissionFor names the Admin Center permission behind a scope, for 403 messages.
func permissionFor(scope, notificationScope string) string {
	switch scope {
	case ScopeSegmentsRead:
		return `enable Segments API "Read" on the API key`
	case ScopeSegmentsWrite:
		return `enable Segments API "Write and Read" on the API key`
	case ScopeEndUserUpdateWrite:
		return "enable End User Update API on the API key"
	case notificationScope:
		return `enable Notifications API "Write" on the API key`
	}
	return "enable the matching permission on the API key"
}

// ExpireTokens makes every token issued so far answer 401 from now on.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.Revoked = true
	}
	_ = s.saveLocked() // best effort: tokens are revoked in memory either way
}

// TokensIssued is the number of access tokens issued since New or Reset.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokensIssued
}

package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// maxMessage bounds the WalkMe message an error carries.
const maxMessage = 1 << 10

// APIError is a WalkMe API call answered with a non-2xx status.
type APIError struct {
	Method, Path string
	StatusCode   int
	Message      string // WalkMe's message, or the body's text
	Permission   string // on 403: the API-key permission to enable
	Scope        string // on 403: the OAuth scope that permission grants, when documented
	// TokenRejected: the End User Update API answered 400 or 404 with a message that names
	// the token. WalkMe documents no error codes for a wrong integration token; the provider
	// assumes its message mentions the token (the sandbox's "invalid integration token").
	TokenRejected bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "WalkMe API %s %s: %s", e.Method, e.Path, statusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	switch {
	case e.StatusCode == http.StatusForbidden && e.Permission != "":
		fmt.Fprintf(&b, "; enable the API key permission %q", e.Permission)
		if e.Scope != "" {
			fmt.Fprintf(&b, " (scope %s)", e.Scope)
		}
		b.WriteString(" in WalkMe Admin Center → API Keys")
	case e.StatusCode == http.StatusUnauthorized:
		b.WriteString("; access token rejected, also after fetching a new one")
	}
	return b.String()
}

// IsNotFound reports whether err is a WalkMe 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err is a WalkMe 409 (a name or key already in use).
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsIntegrationTokenRejected reports whether err is an End User Update refusal of the
// integration token (APIError.TokenRejected).
func IsIntegrationTokenRejected(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.TokenRejected
}

func hasStatus(err error, status int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == status
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("status %d", code)
}

// permission is an API-key permission in WalkMe's Admin Center.
type permission struct{ name, scope string }

var (
	permSegmentsRead  = permission{"Segments API: Read", "segments:read"}
	permSegmentsWrite = permission{"Segments API: Write and Read", "segments:write"}
	permUserData      = permission{"End User Update API", "endUserUpdate:write"}
	permNotifications = permission{"Notifications API: Write", ""} // scope name undocumented
)

func (c *Client) newAPIError(r request, res *response, secrets ...string) *APIError {
	e := &APIError{
		Method:     r.method,
		Path:       r.path,
		StatusCode: res.status,
		Message:    c.errorMessage(res.body, secrets...),
	}
	switch {
	case res.status == http.StatusForbidden:
		e.Permission, e.Scope = r.permission.name, r.permission.scope
	case r.permission == permUserData && (res.status == http.StatusBadRequest || res.status == http.StatusNotFound):
		e.TokenRejected = strings.Contains(strings.ToLower(e.Message), "token")
	}
	return e
}

// ErrCredentialsRejected is wrapped by errors of a token request WalkMe refused: the client
// ID or secret is wrong, or the API key was revoked.
var ErrCredentialsRejected = errors.New("WalkMe rejected the client credentials")

const defaultCredentialsHint = "check the client ID and client secret (API key in WalkMe Admin Center → API Keys)"

func (c *Client) credentialsHint() string {
	if c.cfg.CredentialsHint != "" {
		return c.cfg.CredentialsHint
	}
	return defaultCredentialsHint
}

// messageKeys are where error bodies commonly put their text, best first.
var messageKeys = []string{"message", "error_description", "error", "title", "detail"}

// maxParsedError is the largest error body parsed as JSON for its message: a
// message fits in far less, and decoding megabytes into maps costs many times
// their size. Larger bodies give their text.
const maxParsedError = 64 << 10

// errorMessage is an error body's message as errors carry it: secrets redacted
// first, then cut to maxMessage, so that no secret straddling the cut leaves a
// prefix behind.
func (c *Client) errorMessage(body []byte, secrets ...string) string {
	return cut(c.redact(extractMessage(body), secrets...), maxMessage)
}

// extractMessage finds WalkMe's message in an error body (whose shape is not
// documented), falling back to the body's text. It does not cut: see errorMessage.
func extractMessage(body []byte) string {
	text := strings.TrimSpace(string(body))
	if text == "" {
		return ""
	}
	if len(body) <= maxParsedError {
		var v any
		if json.Unmarshal(body, &v) == nil {
			if msg := messageIn(v, 0); msg != "" {
				return msg
			}
		}
	}
	return text
}

func messageIn(v any, depth int) string {
	obj, ok := v.(map[string]any)
	if !ok || depth > 2 {
		return ""
	}
	for _, k := range messageKeys {
		switch t := obj[k].(type) {
		case string:
			if s := strings.TrimSpace(t); s != "" {
				return s
			}
		case map[string]any:
			if s := messageIn(t, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

// cut shortens s to at most n bytes on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// redact replaces the client secret, the current access token and the given
// values, in every form they take, with "***", so echoed credentials never reach
// an error or a log. Redact before cutting: see errorMessage.
func (c *Client) redact(s string, extra ...string) string {
	return newRedactor(c.secretStrings(extra...)).apply(s)
}

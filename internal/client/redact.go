package client

import (
	"encoding/base64"
	"regexp"
	"strings"
)

// minSubstringSecret is the shortest secret form redacted wherever it occurs.
// A shorter one ("abc") is redacted only where it stands as a word of its own:
// redacted inside words it would garble unrelated text ("***def") and, worse,
// show where the secret occurs. Real client secrets and tokens are far longer.
const minSubstringSecret = 8

// redactor replaces secret forms with "***", in errors (redact) and, as tflog
// masks, in logs: one pattern serves both.
type redactor struct {
	forms []string       // longest first
	re    *regexp.Regexp // nil when there is nothing to redact
}

func newRedactor(forms []string) redactor {
	if len(forms) == 0 {
		return redactor{}
	}
	alts := make([]string, len(forms))
	for i, f := range forms {
		alts[i] = formPattern(f)
	}
	// Go's alternation is leftmost-first: among matches at one position the
	// longest form, listed first, wins, so no part of it survives a shorter one.
	return redactor{forms: forms, re: regexp.MustCompile(strings.Join(alts, "|"))}
}

// formPattern matches f anywhere, or only as a whole word when f is short.
func formPattern(f string) string {
	p := regexp.QuoteMeta(f)
	if len(f) >= minSubstringSecret {
		return p
	}
	if isWordByte(f[0]) {
		p = `\b` + p
	}
	if isWordByte(f[len(f)-1]) {
		p += `\b`
	}
	return p
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// apply redacts s. Most texts hold no secret: checking that first keeps a large
// body away from the regular expression.
func (r redactor) apply(s string) string {
	if r.re == nil {
		return s
	}
	for _, f := range r.forms {
		if strings.Contains(s, f) {
			return r.re.ReplaceAllLiteralString(s, "***")
		}
	}
	return s
}

// basicCredentials returns the Authorization values x/oauth2 can build from the
// client ID and secret: base64 of "id:secret", as given and URL-escaped.
func basicCredentials(id, secret string) []string {
	enc := base64.StdEncoding.EncodeToString
	return []string{enc([]byte(id + ":" + secret)), enc([]byte(escapeQuery(id) + ":" + escapeQuery(secret)))}
}

// redactedError is err with secrets removed from its text; errors.Is and
// errors.As still see err.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err unchanged when its text holds no secret.
func (c *Client) redactErr(err error, extra ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if red := c.redact(msg, extra...); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

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

// redactor replaces secret forms with "***": apply in errors, pattern as tflog
// masks in logs. Both follow one rule, leftmost match first and, among matches
// at one position, the longest form (forms are sorted longest first), so that no
// part of a longer form survives a shorter one; FuzzRedactMatchesMask holds them
// to it.
type redactor struct {
	forms []string // longest first
}

func newRedactor(forms []string) redactor { return redactor{forms: forms} }

// pattern is the rule as a regular expression (Go's alternation is leftmost-first),
// for tflog's masks; nil when there is nothing to redact.
func (r redactor) pattern() *regexp.Regexp {
	if len(r.forms) == 0 {
		return nil
	}
	alts := make([]string, len(r.forms))
	for i, f := range r.forms {
		alts[i] = formPattern(f)
	}
	return regexp.MustCompile(strings.Join(alts, "|"))
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

// apply redacts s. It finds occurrences with strings.Index rather than the
// regular expression, which is slow on a large text with a match (seconds for
// an answer at the 4 MiB cap).
func (r redactor) apply(s string) string {
	next := make([]int, len(r.forms)) // next match of each form at or after pos; -1: none left
	for i := range next {
		next[i] = -2 // not searched yet
	}
	var b strings.Builder
	done, pos := 0, 0 // s[:done] is written to b; matches are searched from pos
	for {
		best := -1
		for i, f := range r.forms {
			if next[i] != -1 && next[i] < pos {
				next[i] = r.find(s, f, pos)
			}
			if next[i] >= 0 && (best < 0 || next[i] < next[best]) {
				best = i // on a tie the earlier, longer form wins
			}
		}
		if best < 0 {
			break
		}
		at := next[best]
		b.WriteString(s[done:at])
		b.WriteString("***")
		pos = at + len(r.forms[best])
		done = pos
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// find returns the first match of form f in s at or after pos, or -1.
func (r redactor) find(s, f string, pos int) int {
	for pos <= len(s) {
		j := strings.Index(s[pos:], f)
		if j < 0 {
			return -1
		}
		at := pos + j
		if len(f) >= minSubstringSecret || wordBounded(s, at, f) {
			return at
		}
		pos = at + 1
	}
	return -1
}

// wordBounded reports whether f at s[at:] is not part of a longer word: a word
// byte at either end of f must not be next to another word byte.
func wordBounded(s string, at int, f string) bool {
	end := at + len(f)
	if isWordByte(f[0]) && at > 0 && isWordByte(s[at-1]) {
		return false
	}
	return !isWordByte(f[len(f)-1]) || end == len(s) || !isWordByte(s[end])
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

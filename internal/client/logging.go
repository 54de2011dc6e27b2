package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxLoggedBody bounds the bodies logged at TRACE.
const maxLoggedBody = 4 << 10

// maskedContext returns ctx with tflog masks for the client secret, the current
// access token and extra. It is applied to every call's own context: contexts do
// not flow from the provider's Configure to resource calls.
func (c *Client) maskedContext(ctx context.Context, extra ...string) context.Context {
	return maskValues(ctx, c.secretStrings(extra...))
}

// maskValues masks forms (from secretStrings or secretForms) in every log
// message and field of ctx, with the pattern redact uses for errors.
func maskValues(ctx context.Context, forms []string) context.Context {
	re := newRedactor(forms).pattern()
	if re == nil {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, re)
	return tflog.MaskMessageRegexes(ctx, re)
}

// secretStrings lists the client secret (also inside the Basic credentials of a
// token request), the current access token and extra, in every form they can
// take in a log or an error.
func (c *Client) secretStrings(extra ...string) []string {
	values := append([]string{c.cfg.ClientSecret}, extra...)
	if c.cfg.ClientSecret != "" {
		values = append(values, basicCredentials(c.cfg.ClientID, c.cfg.ClientSecret)...)
	}
	if c.tokens != nil {
		values = append(values, c.tokens.current())
	}
	return secretForms(values...)
}

// secretForms returns each non-empty value also as it appears escaped in JSON
// (with and without HTML escaping) or a URL, longest first so that no part of a
// longer one survives a shorter.
func secretForms(values ...string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, v := range values {
		if v == "" {
			continue
		}
		add(v)
		if b, err := json.Marshal(v); err == nil {
			add(string(b[1 : len(b)-1]))
		}
		if b, err := encodeBody(v); err == nil {
			add(string(b[1 : len(b)-1]))
		}
		add(escapeQuery(v))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// escapeQuery is the URL escaping of form bodies and of x/oauth2's Basic credentials.
func escapeQuery(s string) string { return url.QueryEscape(s) }

// attemptFields are the fields every log line of an attempt carries.
func attemptFields(req *http.Request, st *callState) map[string]any {
	f := map[string]any{"method": req.Method, "path": req.URL.Path, "attempt": st.attempts}
	if st.renewed {
		f["token_renewed"] = true // the re-send after a 401
	}
	return f
}

func logRequest(ctx context.Context, req *http.Request, st *callState) {
	fields := attemptFields(req, st)
	tflog.Debug(ctx, "WalkMe API request", fields)
	if !tflog.IsTrace(ctx) {
		return
	}
	b := st.payload // not read again from the request: a segment write's is 0.8 MB
	if b == nil {
		b = requestBody(req)
	}
	if len(b) == 0 {
		return
	}
	fields["body"] = loggableBody(st.c, b, st.req.secrets)
	tflog.Trace(ctx, "WalkMe API request body", fields)
}

// requestBody reads a copy of req's body, nil when there is none or it cannot be read.
func requestBody(req *http.Request) []byte {
	if req.GetBody == nil {
		return nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		return nil
	}
	return b
}

func logResponse(ctx context.Context, req *http.Request, st *callState, resp *http.Response, body []byte, took time.Duration) {
	fields := attemptFields(req, st)
	fields["status"], fields["duration_ms"] = resp.StatusCode, took.Milliseconds()
	tflog.Debug(ctx, "WalkMe API response", fields)
	if len(body) > 0 && tflog.IsTrace(ctx) {
		fields["body"] = loggableBody(st.c, body, st.req.secrets)
		tflog.Trace(ctx, "WalkMe API response body", fields)
	}
}

func logFailure(ctx context.Context, req *http.Request, st *callState, took time.Duration, err error) {
	fields := attemptFields(req, st)
	fields["duration_ms"], fields["error"] = took.Milliseconds(), err.Error()
	tflog.Debug(ctx, "WalkMe API request failed", fields)
}

// loggableBody redacts before cutting, so a secret straddling the cut cannot
// leave a fragment that the tflog masks would no longer recognise.
func loggableBody(c *Client, b []byte, secrets []string) string {
	return redactHead(newRedactor(c.secretStrings(secrets...)), b, maxLoggedBody)
}

// redactHead is cut(r.apply(string(b)), n) without redacting all of a large b: the
// provider logs at TRACE whenever Terraform may want it, and redacting a 0.8 MB segment
// request to log its first 4 KiB cost more than building it.
//
// It redacts a head of b instead, and keeps the result when it is long enough to be the
// same: matches starting more than longest+1 bytes before the head's end are the same as
// in all of b (each needs only longest bytes and the one after), and what the last
// longest+1 bytes yield is at most 3 bytes each ("***" for a match of 1), so the first
// len-3*(longest+1) bytes of the redacted head agree with the whole's. cut reads one byte
// past n; the margin keeps it inside. FuzzRedactHead compares it with the whole.
func redactHead(r redactor, b []byte, n int) string {
	longest := 0
	if len(r.forms) > 0 {
		longest = len(r.forms[0]) // forms are sorted longest first
	}
	need := n + 3*(longest+1) + 2
	for k := 4 * need; k < len(b); k *= 4 {
		if h := r.apply(string(b[:k])); len(h) >= need {
			return cut(h, n)
		}
	}
	return cut(r.apply(string(b)), n)
}

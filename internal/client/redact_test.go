package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Test credentials whose every form differs: JSON escapes `"` and `\` (and, with
// HTML escaping, `&` and `<`), URL escaping `&`, `<`, `+`, `/`, `%`, `=` and `"`.
const (
	formsClientID = "client+id/&1"
	formsSecret   = `s3cr3t&<x>+/%="q\`
	formsExtra    = `int-tok&<9>+/%="\`
)

// everyForm lists, computed here rather than by the code under test, each form in
// which v can reach a log or an error.
func everyForm(t *testing.T, v string) map[string]string {
	t.Helper()
	htmlEscaped, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	unescaped := strings.TrimSuffix(plain.String(), "\n")
	return map[string]string{
		"raw":                   v,
		"JSON (HTML-escaped)":   string(htmlEscaped[1 : len(htmlEscaped)-1]),
		"JSON (HTML-unescaped)": unescaped[1 : len(unescaped)-1],
		"URL-escaped":           url.QueryEscape(v),
		"Basic (raw)":           base64.StdEncoding.EncodeToString([]byte(formsClientID + ":" + v)),
		"Basic (URL-escaped)":   base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(formsClientID) + ":" + url.QueryEscape(v))),
	}
}

// TestSecretFormsAllMasked fails when any form is dropped from the masking set: each
// form, alone in a text, must be redacted from errors and masked in logs.
func TestSecretFormsAllMasked(t *testing.T) {
	c, err := New(Config{ClientID: formsClientID, ClientSecret: formsSecret})
	if err != nil {
		t.Fatal(err)
	}
	for _, value := range []string{formsSecret, formsExtra} {
		forms := everyForm(t, value)
		seen := map[string]string{}
		for name, form := range forms {
			if other, dup := seen[form]; dup {
				t.Fatalf("forms %s and %s are both %q: the test could not tell them apart", name, other, form)
			}
			seen[form] = name
		}
		for name, form := range forms {
			if value == formsExtra && strings.HasPrefix(name, "Basic") {
				continue // only the client secret travels in Basic credentials
			}
			text := "before " + form + " after"
			if got := c.redact(text, formsExtra); got != "before *** after" {
				t.Errorf("%s form of %q: redact gave %q", name, value, got)
			}
			var buf bytes.Buffer
			ctx := c.maskedContext(tflogtest.RootLogger(context.Background(), &buf), formsExtra)
			tflog.Info(ctx, text, map[string]any{"field": text})
			if logged := buf.String(); strings.Count(logged, "before *** after") != 2 {
				t.Errorf("%s form of %q: not masked in the log: %s", name, value, logged)
			}
		}
	}
}

// TestShortSecretRedactedOnlyAsWord: a secret shorter than minSubstringSecret is
// redacted where it stands as a word of its own, never inside other words.
func TestShortSecretRedactedOnlyAsWord(t *testing.T) {
	c, err := New(Config{ClientID: "id", ClientSecret: "abc"})
	if err != nil {
		t.Fatal(err)
	}
	text := `abcdef abc, xabc "abc" abc_1 abc`
	want := `abcdef ***, xabc "***" abc_1 ***`
	if got := c.redact(text); got != want {
		t.Errorf("redact(%q) = %q, want %q", text, got, want)
	}
	var buf bytes.Buffer
	ctx := c.maskedContext(tflogtest.RootLogger(context.Background(), &buf))
	tflog.Info(ctx, text, map[string]any{"field": text})
	inJSON, _ := json.Marshal(want)
	if got := buf.String(); strings.Count(got, string(inJSON)) != 2 {
		t.Errorf("log: %s, want message and field %q", got, want)
	}
	// A long secret is redacted wherever it occurs, inside words too.
	c, _ = New(Config{ClientID: "id", ClientSecret: "abcdefgh"})
	if got := c.redact("xabcdefghx"); got != "x***x" {
		t.Errorf("long secret inside a word: %q", got)
	}
}

// TestAPIErrorRedactedBeforeCut: a secret straddling the 1 KiB message limit
// leaves no prefix in the error.
func TestAPIErrorRedactedBeforeCut(t *testing.T) {
	for _, pad := range []int{maxMessage - 4, maxMessage - 10, maxMessage - 1} {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
			msg, _ := json.Marshal(map[string]string{"message": strings.Repeat("x", pad) + testSecret})
			writeJSON(w, http.StatusBadRequest, string(msg))
		})
		err := newTestClient(t, f).UpdateSegment(context.Background(), testSystem, testSegmentGUID, SegmentAdd, []string{"a"})
		if err == nil {
			t.Fatal("no error")
		}
		if strings.Contains(err.Error(), testSecret[:4]) {
			t.Errorf("pad %d: the error keeps a prefix of the secret: …%s", pad, err.Error()[len(err.Error())-40:])
		}
	}
}

// TestDecodeErrorRedacted: a list entry echoing the request's Authorization header
// and the client secret leaves neither in the decode error.
func TestDecodeErrorRedacted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		name := r.Header.Get("Authorization") + " " + testSecret
		b, _ := json.Marshal([]map[string]string{{"name": name}})
		writeJSON(w, http.StatusOK, string(b))
	})
	c := newTestClient(t, f)
	_, err := c.ListSegments(context.Background(), testSystem)
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range append(f.allIssued(), testSecret) {
		if strings.Contains(err.Error(), s) {
			t.Errorf("decode error contains %q: %v", s, err)
		}
	}
	if !strings.Contains(err.Error(), "Bearer ***") {
		t.Errorf("decode error lost its context: %v", err)
	}
}

// TestTokenErrorBasicCredentialsRedacted: a token endpoint echoing the Basic
// Authorization header leaves no credentials in the error.
func TestTokenErrorBasicCredentialsRedacted(t *testing.T) {
	var auth string
	f := newFake(t, listOK, func(f *fakeWalkMe) {
		f.tokenReply = func(_ int, w http.ResponseWriter) bool {
			writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(`{"error":"invalid_client","error_description":"bad credentials %s"}`, auth))
			return true
		}
	})
	// The fake does not keep the header it answers; rebuild it as oauth2 sends it.
	auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(testClientID)+":"+url.QueryEscape(testSecret)))
	_, err := newTestClient(t, f).ListSegments(context.Background(), testSystem)
	if err == nil {
		t.Fatal("no error")
	}
	if _, tokHeaders := f.headers(); tokHeaders.Get("Authorization") != auth {
		t.Fatalf("oauth2 sent %q, the test expected %q", tokHeaders.Get("Authorization"), auth)
	}
	if strings.Contains(err.Error(), strings.TrimPrefix(auth, "Basic ")) {
		t.Errorf("error contains the Basic credentials: %v", err)
	}
	if !strings.Contains(err.Error(), "bad credentials Basic ***") {
		t.Errorf("error lost its context: %v", err)
	}
}

// TestNotificationResultRedacted: a send answer echoing the access token keeps
// it out of the result handed to the provider, even where the answer is cut.
func TestNotificationResultRedacted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		pad := strings.Repeat("x", maxLoggedBody-40)
		b, _ := json.Marshal(map[string]string{"message": pad + " sent with " + r.Header.Get("Authorization")})
		writeJSON(w, http.StatusOK, string(b))
	})
	res, err := newTestClient(t, f).SendNotification(context.Background(), outage)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range f.allIssued() {
		if strings.Contains(res.Raw, tok[:8]) {
			t.Errorf("result keeps (a prefix of) the access token: …%s", res.Raw[len(res.Raw)-60:])
		}
	}
}

// TestReplacedTokenRedacted: an answer echoing a token the call sent before a
// renewal (no longer the current one) keeps it out of the error too.
func TestReplacedTokenRedacted(t *testing.T) {
	var first atomic.Value // the handler runs on the server's goroutines
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if first.CompareAndSwap(nil, tok) {
			writeJSON(w, http.StatusUnauthorized, `{"message":"token revoked"}`)
			return
		}
		writeJSON(w, http.StatusBadRequest, fmt.Sprintf(`{"message":"earlier you sent %s"}`, first.Load()))
	})
	err := newTestClient(t, f).UpdateSegment(context.Background(), testSystem, testSegmentGUID, SegmentAdd, []string{"a"})
	old, _ := first.Load().(string)
	if err == nil || old == "" {
		t.Fatalf("error %v, first token %q", err, old)
	}
	if strings.Contains(err.Error(), old) {
		t.Errorf("error contains the replaced token: %v", err)
	}
}

// BenchmarkRedactLargeBody: redacting an answer at the size cap, with and without
// a secret in it (the regular expression runs only when a form occurs).
func BenchmarkRedactLargeBody(b *testing.B) {
	c, err := New(Config{ClientID: formsClientID, ClientSecret: formsSecret})
	if err != nil {
		b.Fatal(err)
	}
	clean := strings.Repeat(`{"guid":"12345aeb-123c-4d83-8b38-a5a456789d0a","name":"n"},`, maxResponseBody/60)
	for _, tc := range []struct{ name, text string }{{"clean", clean}, {"with_secret", clean + formsSecret}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.text)))
			for b.Loop() {
				_ = c.redact(tc.text)
			}
		})
	}
}

// FuzzRedactMatchesMask: errors (apply) and logs (the tflog masks built from
// pattern) redact alike, for long and short (whole-word) secrets.
func FuzzRedactMatchesMask(f *testing.F) {
	for _, seed := range []string{"abc abcdef xabc", "s3cr3t&<x>+/%=\"q\\ and abc", "abcabc abc_abc", "", "ab", "tok-12345678tok-12345678"} {
		f.Add(seed)
	}
	r := newRedactor(secretForms("abc", formsSecret, "tok-12345678", "12345678", "a_b"))
	re := r.pattern()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := r.apply(s), re.ReplaceAllLiteralString(s, "***"); got != want {
			t.Fatalf("apply(%q) = %q, the log mask gives %q", s, got, want)
		}
	})
}

// headRedactor has forms of many lengths, short word-bounded ones included.
var headRedactor = newRedactor(secretForms("abc", formsSecret, "tok-12345678", "12345678", "a_b", "q"))

// FuzzRedactHead: redactHead gives what redacting the whole body and cutting it gives,
// for bodies (the input repeated up to past the lengths where it redacts only a head)
// full of secrets and word boundaries, and limits around them.
func FuzzRedactHead(f *testing.F) {
	for _, seed := range []string{"abc abcdef xabc ", formsSecret + "x", "q q q", "tok-12345678tok-1234567", "é" + formsSecret, "a_b_", ""} {
		f.Add(seed, uint16(7))
	}
	f.Fuzz(func(t *testing.T, unit string, n16 uint16) {
		n := int(n16 % 300)
		body := unit
		for len(unit) > 0 && len(body) < 20*(n+100) {
			body += unit
		}
		for _, b := range []string{body, "x" + body, body[:len(body)/2]} {
			if got, want := redactHead(headRedactor, []byte(b), n), cut(headRedactor.apply(b), n); got != want {
				t.Fatalf("redactHead(%q, %d) = %q, want %q", b, n, got, want)
			}
		}
	})
}

// TestRedactHeadAtTheHeadsEnd slides a secret of every form across the places where
// redactHead cuts its heads, in a body long enough to take them.
func TestRedactHeadAtTheHeadsEnd(t *testing.T) {
	const n = 40
	longest := len(headRedactor.forms[0])
	need := n + 3*(longest+1) + 2
	for _, form := range headRedactor.forms {
		for _, k := range []int{4 * need, 16 * need} {
			for at := k - 2*longest - 2; at <= k+2; at++ {
				b := strings.Repeat(" ", at) + form + " " + strings.Repeat("x", 64*need)
				if got, want := redactHead(headRedactor, []byte(b), n), cut(headRedactor.apply(b), n); got != want {
					t.Fatalf("form %q at %d: %q, want %q", form, at, got, want)
				}
				// Secrets shrink what precedes the head's end: the head must grow or give up.
				dense := strings.Repeat(form+" ", at/(len(form)+1)+1) + strings.Repeat("y", 64*need)
				if got, want := redactHead(headRedactor, []byte(dense), n), cut(headRedactor.apply(dense), n); got != want {
					t.Fatalf("dense %q at %d: %q, want %q", form, at, got, want)
				}
			}
		}
	}
}

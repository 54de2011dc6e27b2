package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// callState is one API call's state, shared by its attempts. The attempts of a
// call run one after another, so it needs no lock.
type callState struct {
	c        *Client
	req      request
	payload  []byte          // the encoded body every attempt sends, nil without one
	logCtx   context.Context // the caller's context with the call's masks
	attempts int
	renewed  bool     // the token was renewed once after a 401
	body     []byte   // the body of the latest answer, as bufferBody read it
	tokens   []string // the access tokens the attempts sent, which a renewal may have replaced since
}

// secrets are the call's own values to redact: its secrets and the tokens it sent.
func (st *callState) secrets() []string { return append(slices.Clone(st.req.secrets), st.tokens...) }

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func callStateFrom(ctx context.Context, c *Client) *callState {
	if st, ok := ctx.Value(callStateKey{}).(*callState); ok {
		return st
	}
	return &callState{c: c, logCtx: c.maskedContext(ctx)}
}

// retryClient is a retryablehttp client for this call only: its policy and
// retry budget differ between calls, and the final response or error must come
// back to us unchanged (hence ErrorHandler), logged by us (hence no Logger).
func (st *callState) retryClient() *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   st.c.http,
		RetryMax:     st.req.maxRetries,
		RetryWaitMin: st.c.cfg.RetryWaitMin,
		RetryWaitMax: st.c.cfg.RetryWaitMax,
		CheckRetry:   st.checkRetry,
		Backoff:      st.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// authTransport sits under retryablehttp: every attempt gets the current token,
// and a 401 leads to one renewal per call. It also logs every exchange and
// buffers response bodies, so a body lost mid-way counts as a failed attempt.
type authTransport struct {
	c    *Client
	base http.RoundTripper
}

// tokenError is a token failure inside an attempt; it is never retried there
// because fetching the token has its own retries.
type tokenError struct{ err error }

func (e *tokenError) Error() string { return e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := callStateFrom(req.Context(), t.c)
	st.attempts++
	tok, err := t.c.tokens.get(req.Context())
	if err != nil {
		closeBody(req)
		return nil, &tokenError{err}
	}
	resp, err := t.send(req, req.Body, st, tok.value)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || st.renewed {
		return resp, err
	}
	// WalkMe refused a token we thought valid (revoked, or its clock differs):
	// drop it unless someone already did, and try once more with a new one.
	resp.Body.Close()
	st.renewed = true
	t.c.tokens.invalidate(tok.value)
	if tok, err = t.c.tokens.get(req.Context()); err != nil {
		return nil, &tokenError{err}
	}
	var body io.ReadCloser = http.NoBody
	if req.GetBody != nil {
		if body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return t.send(req, body, st, tok.value)
}

func (t *authTransport) send(req *http.Request, body io.ReadCloser, st *callState, token string) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Body = body
	if out.URL.Host == t.c.apiHost {
		out.Header.Set("Authorization", "Bearer "+token)
	}
	st.tokens = append(st.tokens, token)
	ctx := maskValues(st.logCtx, secretForms(token)) // the secret is masked already
	logRequest(ctx, req, st)
	start := time.Now()
	resp, err := t.base.RoundTrip(out)
	var b []byte
	if err == nil {
		b, err = bufferBody(resp)
	}
	st.body = b // the caller takes the final answer's bytes from here: read once
	if err != nil {
		logFailure(ctx, req, st, time.Since(start), err)
		return nil, err
	}
	logResponse(ctx, req, st, resp, b, time.Since(start))
	return resp, nil
}

// bufferBody reads the whole body now, within the attempt's timeout.
func bufferBody(resp *http.Response) ([]byte, error) {
	b, err := readBody(resp)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// errResponseTooLarge is an answer beyond maxResponseBody. It is not retried: the
// next answer would be as large.
var errResponseTooLarge = fmt.Errorf("response body exceeds the %d MiB limit; WalkMe's answers are expected to be far smaller", maxResponseBody>>20)

// readBody reads at most maxResponseBody bytes, into one buffer of the announced
// length when there is one.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > maxResponseBody {
		return nil, errResponseTooLarge
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead) // ReadFrom wants room to see EOF
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxResponseBody+1)); err != nil {
		return nil, fmt.Errorf("reading response body: %w", err)
	}
	if buf.Len() > maxResponseBody {
		return nil, errResponseTooLarge
	}
	return buf.Bytes(), nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

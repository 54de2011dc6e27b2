package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const (
	// Renewal happens this long before expiry, or 10 % of the lifetime if less.
	renewBefore = 5 * time.Minute
	// After a failed renewal the unexpired token is used this long before the
	// next attempt, so that calls do not each wait through a token outage.
	renewPause = 30 * time.Second
)

// accessToken is a cached token; obtained is when it was asked for, so the
// lifetime it is measured against is never overestimated.
type accessToken struct {
	value    string
	expiry   time.Time // zero when WalkMe gave no expires_in
	obtained time.Time
	requests int // token requests it took
}

// tokenCache holds the Client's one access token. Concurrent callers share one
// fetch, which runs on a background context: Terraform cancels request contexts,
// and a token must outlive the request that happened to ask for it.
type tokenCache struct {
	c        *Client
	conf     *clientcredentials.Config
	fetchCtx context.Context

	mu          sync.Mutex
	cur         *accessToken
	inflight    *tokenFetch
	renewFailed time.Time // when renewing cur last failed
}

type tokenFetch struct {
	done chan struct{}
	tok  accessToken
	err  error
}

func newTokenCache(c *Client, rt http.RoundTripper) *tokenCache {
	hc := &http.Client{
		Transport:     &userAgentTransport{base: rt, userAgent: c.cfg.UserAgent},
		Timeout:       c.cfg.RequestTimeout,
		CheckRedirect: noRedirects,
	}
	return &tokenCache{
		c: c,
		conf: &clientcredentials.Config{
			ClientID:     c.cfg.ClientID,
			ClientSecret: c.cfg.ClientSecret,
			TokenURL:     c.baseURL + "/accounts/connect/token",
			AuthStyle:    oauth2.AuthStyleInHeader,
		},
		fetchCtx: context.WithValue(context.Background(), oauth2.HTTPClient, hc),
	}
}

// AccessToken returns the current access token and its expiry (zero when WalkMe
// gave none), fetching or renewing it first when needed.
func (c *Client) AccessToken(ctx context.Context) (token string, expiry time.Time, err error) {
	tok, err := c.tokens.get(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	return tok.value, tok.expiry, nil
}

// get returns a usable token, waiting for a shared fetch when there is none.
func (tc *tokenCache) get(ctx context.Context) (accessToken, error) {
	tc.mu.Lock()
	if tc.cur != nil && (tc.usable(tc.cur) || tc.renewalPaused(tc.cur)) {
		tok := *tc.cur
		tc.mu.Unlock()
		return tok, nil
	}
	f := tc.inflight
	started := f == nil
	if started {
		f = &tokenFetch{done: make(chan struct{})}
		tc.inflight = f
		go tc.run(f)
	}
	tc.mu.Unlock()

	select {
	case <-f.done:
	case <-ctx.Done():
		return accessToken{}, fmt.Errorf("waiting for a WalkMe access token: %w", ctx.Err())
	}
	if started {
		tc.logFetch(ctx, f)
	}
	if f.err != nil {
		if tok, ok := tc.stillValid(); ok {
			return tok, nil // renewal failed, but the old token has not expired yet
		}
	}
	return f.tok, f.err
}

// stillValid returns the cached token if it has not expired, renewal window or not.
func (tc *tokenCache) stillValid() (accessToken, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.cur == nil || !tc.c.now().Before(tc.cur.expiry) {
		return accessToken{}, false
	}
	return *tc.cur, true
}

// usable reports whether t is outside its renewal window.
func (tc *tokenCache) usable(t *accessToken) bool {
	if t.expiry.IsZero() {
		return true // no expiry given: rely on the renewal after a 401
	}
	margin := min(renewBefore, t.expiry.Sub(t.obtained)/10)
	return tc.c.now().Add(margin).Before(t.expiry)
}

// renewalPaused reports whether t, unexpired, is kept after a recent failed renewal.
func (tc *tokenCache) renewalPaused(t *accessToken) bool {
	now := tc.c.now()
	return !tc.renewFailed.IsZero() && now.Sub(tc.renewFailed) < renewPause && now.Before(t.expiry)
}

// invalidate drops the cached token if it is still token, so that concurrent
// 401s on the same token lead to a single renewal.
func (tc *tokenCache) invalidate(token string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.cur != nil && tc.cur.value == token {
		tc.cur = nil
	}
}

// current returns the cached token value, or "" when there is none.
func (tc *tokenCache) current() string {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.cur == nil {
		return ""
	}
	return tc.cur.value
}

func (tc *tokenCache) run(f *tokenFetch) {
	tok, err := tc.fetch()
	tc.mu.Lock()
	if err == nil {
		tc.cur, tc.renewFailed = &tok, time.Time{}
	} else if tc.cur != nil {
		tc.renewFailed = tc.c.now()
	}
	tc.inflight = nil
	tc.mu.Unlock()
	f.tok, f.err = tok, err
	close(f.done)
}

// fetch asks the token endpoint, retrying 429, 5xx and network errors like API
// calls are retried.
func (tc *tokenCache) fetch() (accessToken, error) {
	cfg := tc.c.cfg
	for attempt := 0; ; attempt++ {
		obtained := tc.c.now()
		tok, err := tc.conf.Token(tc.fetchCtx)
		if err == nil {
			return tc.accept(tok, obtained, attempt+1)
		}
		retry, status, header, ferr := tc.describe(err, attempt+1)
		if !retry || attempt >= cfg.MaxRetries {
			return accessToken{}, ferr
		}
		time.Sleep(retryWait(cfg.RetryWaitMin, cfg.RetryWaitMax, attempt, status, header))
	}
}

func (tc *tokenCache) accept(tok *oauth2.Token, obtained time.Time, requests int) (accessToken, error) {
	if tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer") {
		return accessToken{}, fmt.Errorf("fetching WalkMe access token: token endpoint returned token_type %q, expected Bearer", tok.TokenType)
	}
	expiry := tok.Expiry
	if !expiry.IsZero() && !expiry.After(time.Now()) { // oauth2 computed it from time.Now
		// An expires_in of 0 or below gives no usable lifetime: treat it as none and
		// rely on the renewal after a 401, rather than fetch a token for every call.
		expiry = time.Time{}
	}
	return accessToken{value: tok.AccessToken, expiry: expiry, obtained: obtained, requests: requests}, nil
}

// describe turns a token fetch failure into an error without secrets, and says
// whether to try again; status and header are the token endpoint's answer, if any.
func (tc *tokenCache) describe(err error, attempts int) (retry bool, status int, header http.Header, out error) {
	suffix := ""
	if attempts > 1 {
		suffix = fmt.Sprintf(" (after %d attempts)", attempts)
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		status, header = re.Response.StatusCode, re.Response.Header
		msg := cut(tc.c.redact(retrieveMessage(re)), maxMessage)
		if msg != "" {
			msg = ": " + msg
		}
		switch {
		case status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden:
			return false, status, header, fmt.Errorf("%w: token endpoint answered %s%s; %s", ErrCredentialsRejected, statusText(status), msg, tc.c.credentialsHint())
		case retryableStatus(status):
			return true, status, header, fmt.Errorf("fetching WalkMe access token: token endpoint answered %s%s%s", statusText(status), msg, suffix)
		default:
			return false, status, header, fmt.Errorf("fetching WalkMe access token: token endpoint answered %s%s", statusText(status), msg)
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return classifyError(err) != errFatal, 0, nil, fmt.Errorf("fetching WalkMe access token from %s: %v%s", tc.conf.TokenURL, tc.c.redact(ue.Err.Error()), suffix)
	}
	return false, 0, nil, fmt.Errorf("fetching WalkMe access token: %s", tc.c.redact(err.Error()))
}

func retrieveMessage(re *oauth2.RetrieveError) string {
	switch {
	case re.ErrorCode != "" && re.ErrorDescription != "":
		return re.ErrorCode + ": " + re.ErrorDescription
	case re.ErrorCode != "":
		return re.ErrorCode
	}
	return extractMessage(re.Body)
}

func (tc *tokenCache) logFetch(ctx context.Context, f *tokenFetch) {
	ctx = tc.c.maskedContext(ctx, f.tok.value)
	if f.err != nil {
		tflog.Debug(ctx, "WalkMe access token request failed", map[string]any{"error": f.err.Error()})
		return
	}
	fields := map[string]any{"token_requests": f.tok.requests}
	if !f.tok.expiry.IsZero() {
		fields["expires_at"] = f.tok.expiry.UTC().Format(time.RFC3339)
	}
	tflog.Debug(ctx, "obtained WalkMe access token", fields)
}

// userAgentTransport names the provider on token requests too.
type userAgentTransport struct {
	base      http.RoundTripper
	userAgent string
}

func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Header.Set("User-Agent", t.userAgent)
	out.Header.Set("Accept", "application/json")
	return t.base.RoundTrip(out)
}

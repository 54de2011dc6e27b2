// Package client is the typed client of WalkMe's public APIs: the access token,
// retries, errors and logging, and one method per API call the provider makes.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

// Defaults: New applies them to zero-valued Config fields, except MaxRetries, where 0
// means no retries (callers that want the default set DefaultMaxRetries). The provider
// asks these for its own defaults.
const (
	DefaultAPIURL         = "https://api.walkme.com"
	DefaultMaxRetries     = 5
	DefaultRetryWaitMin   = time.Second
	DefaultRetryWaitMax   = 30 * time.Second
	DefaultRequestTimeout = 60 * time.Second
	DefaultUserAgent      = "terraform-provider-walkme"

	// MaxRetriesLimit bounds Config.MaxRetries; the provider's max_retries asks it.
	MaxRetriesLimit = 20
)

// Limits WalkMe documents. The user-ID limits belong to internal/membership, the pure
// package that plans segment requests by them; the client checks its requests against
// the same numbers.
const (
	MaxSegmentUserIDs       = membership.MaxIDsPerRequest // per segment request
	MaxUserIDLength         = membership.MaxIDLength      // characters (runes) per user ID
	MaxUserDataRecords      = 100                         // records per End User Update request
	MaxNotificationEndUsers = 100
)

// maxResponseBody bounds how much of a response is read. WalkMe's answers are
// small (a segment list is names and GUIDs); a larger one is an error, not
// something to hold in memory.
const maxResponseBody = 4 << 20

// Config configures a Client. Zero values take the defaults above.
type Config struct {
	APIURL       string // base URL, default https://api.walkme.com; https only except loopback
	ClientID     string // required
	ClientSecret string // required
	UserAgent    string // "terraform-provider-walkme/<version> terraform/<cli version>"
	// CredentialsHint ends the error of rejected credentials; callers name their own
	// settings there (the provider: attributes and environment variables).
	CredentialsHint string
	MaxRetries      int           // retries after the first attempt, 0 to MaxRetriesLimit; 0 means none
	RetryWaitMin    time.Duration // default 1s
	RetryWaitMax    time.Duration // default 30s; also caps Retry-After
	RequestTimeout  time.Duration // per attempt, default 60s
	HTTPClient      *http.Client  // optional; only its Transport is used (tests inject transports)
	// MaxConcurrentRequests is the most requests the caller keeps in flight at once; as
	// many connections stay open for reuse. Default 2, Go's.
	MaxConcurrentRequests int
}

// Client calls WalkMe's public APIs. It is safe for concurrent use; one Client
// holds one access token for the whole provider process.
type Client struct {
	cfg     Config
	baseURL string // APIURL without a trailing slash
	apiHost string // the only host that ever receives the access token
	http    *http.Client
	tokens  *tokenCache
	now     func() time.Time // the clock for token renewal; tests move it
	pause   ratePause        // set by a 429: every request waits it out
}

// New validates cfg, applies defaults and returns a Client. It makes no request:
// the access token is fetched when the first call needs it.
func New(cfg Config) (*Client, error) {
	cfg = withDefaults(cfg)
	if err := validateConfig(cfg); err != nil {
		return nil, err
	}
	base, err := parseAPIURL(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:     cfg,
		baseURL: strings.TrimRight(base.String(), "/"),
		apiHost: base.Host,
		now:     time.Now,
	}
	rt := baseTransport(cfg.HTTPClient, cfg.MaxConcurrentRequests)
	c.http = &http.Client{
		Transport:     &authTransport{c: c, base: rt},
		Timeout:       cfg.RequestTimeout,
		CheckRedirect: noRedirects,
	}
	c.tokens = newTokenCache(c, rt)
	return c, nil
}

func withDefaults(cfg Config) Config {
	cfg.APIURL = strings.TrimSpace(cfg.APIURL)
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	return cfg
}

func validateConfig(cfg Config) error {
	var missing []string
	if cfg.ClientID == "" {
		missing = append(missing, "client ID")
	}
	if cfg.ClientSecret == "" {
		missing = append(missing, "client secret")
	}
	if len(missing) > 0 {
		return fmt.Errorf("WalkMe API credentials incomplete: %s required", strings.Join(missing, " and "))
	}
	if cfg.MaxRetries < 0 || cfg.MaxRetries > MaxRetriesLimit {
		return fmt.Errorf("maximum retries %d is not a whole number from 0 to %d", cfg.MaxRetries, MaxRetriesLimit)
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		return fmt.Errorf("retry wait maximum %s is below the minimum %s", cfg.RetryWaitMax, cfg.RetryWaitMin)
	}
	return nil
}

// parseAPIURL accepts https URLs, and http only for loopback hosts (the sandbox):
// the client secret and access token must never cross a network in clear text.
func parseAPIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("api_url %q is not a valid URL: %w", raw, err)
	}
	switch {
	case u.Host == "" || u.Opaque != "":
		return nil, fmt.Errorf("api_url %q must be an absolute URL such as %s", raw, DefaultAPIURL)
	case u.User != nil:
		return nil, fmt.Errorf("api_url %q must not contain credentials", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("api_url %q must not have a query or fragment", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("api_url %q uses plain http: only https is allowed, except for loopback hosts", raw)
		}
	default:
		return nil, fmt.Errorf("api_url %q must use https", raw)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// baseTransport is hc's transport, or Go's default one keeping a connection open for each
// request in flight and one for the token endpoint: Go keeps two, so more workers would
// dial (and against WalkMe, handshake TLS) again for most requests.
func baseTransport(hc *http.Client, inFlight int) http.RoundTripper {
	if hc != nil && hc.Transport != nil {
		return hc.Transport
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = max(inFlight, http.DefaultMaxIdleConnsPerHost) + 1
	return t
}

// noRedirects returns redirects to the caller as responses: an API client has
// no reason to follow them, and following one could carry a body elsewhere.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// request describes one API call.
type request struct {
	method     string
	path       string // escaped path below the base URL
	body       any    // JSON-encoded when non-nil
	policy     retryPolicy
	permission permission
	maxRetries int
	secrets    []string // call-specific values to keep out of logs and errors
}

func (c *Client) newRequest(method, path string, perm permission) request {
	return request{method: method, path: path, policy: retryIdempotent, permission: perm, maxRetries: c.cfg.MaxRetries}
}

// response is what came back from the last attempt of a call.
type response struct {
	status   int // 0 when no response arrived
	header   http.Header
	body     []byte
	attempts int
}

// do sends r with retries and returns the final response. A non-2xx status
// comes back as *APIError together with the response; a transport failure as
// *transportError.
func (c *Client) do(ctx context.Context, r request) (*response, error) {
	res := &response{}
	payload, err := encodeBody(r.body)
	if err != nil {
		return res, fmt.Errorf("encoding %s %s request: %w", r.method, r.path, err)
	}
	// Fetch the token before the first attempt so that waiting for it never counts
	// against the per-attempt timeout, and a token failure is reported as such.
	if _, err := c.tokens.get(ctx); err != nil {
		return res, err
	}
	if err := c.pause.wait(ctx); err != nil {
		return res, err
	}
	st := &callState{c: c, req: r, payload: payload}
	st.logCtx = c.maskedContext(ctx, r.secrets...)
	var raw any // an untyped nil, not a nil []byte, for a request without body
	if payload != nil {
		raw = payload
	}
	hreq, err := retryablehttp.NewRequestWithContext(withCallState(ctx, st), r.method, c.baseURL+r.path, raw)
	if err != nil {
		return res, fmt.Errorf("building %s %s request: %w", r.method, r.path, err)
	}
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.cfg.UserAgent)
	if payload != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	hresp, err := st.retryClient().Do(hreq)
	res.attempts = st.attempts
	if hresp != nil {
		defer hresp.Body.Close()
		res.status, res.header = hresp.StatusCode, hresp.Header
		res.body = st.body // buffered by the transport: not read a second time
	}
	if err != nil {
		return res, c.redactErr(st.wrapTransportError(err), st.secrets()...)
	}
	if res.status < 200 || res.status > 299 {
		return res, c.newAPIError(r, res, st.secrets()...)
	}
	return res, nil
}

// encodeBody marshals v without HTML escaping, so bodies read as they are meant
// in logs; nil means no body. A jsonAppender encodes itself, to the same bytes.
func encodeBody(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if a, ok := v.(jsonAppender); ok {
		return a.appendJSON(nil), nil
	}
	return encodeReflect(v)
}

// encodeReflect is encodeBody's general path, through encoding/json.
func encodeReflect(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// transportError is a call that got no usable response.
type transportError struct {
	method, path string
	attempts     int
	kind         errKind
	err          error
}

func (e *transportError) Error() string {
	s := fmt.Sprintf("WalkMe API %s %s: %v", e.method, e.path, e.err)
	if e.attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.attempts)
	}
	return s
}

func (e *transportError) Unwrap() error { return e.err }

// wrapTransportError strips net/http's *url.Error (its text repeats the full
// URL) and records whether the request may have reached WalkMe.
func (st *callState) wrapTransportError(err error) error {
	var te *tokenError
	if errors.As(err, &te) {
		return te.err
	}
	kind := classifyError(err)
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &transportError{method: st.req.method, path: st.req.path, attempts: st.attempts, kind: kind, err: err}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

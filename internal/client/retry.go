package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retryPolicy says which failures a call may repeat.
type retryPolicy int

const (
	// retryIdempotent repeats 429, 500, 502, 503, 504 and network errors.
	retryIdempotent retryPolicy = iota
	// retryUnsent is for calls that must not run twice: only a 429 (WalkMe
	// refused before acting) or a request that never reached WalkMe is repeated.
	retryUnsent
)

// errKind says what a transport error tells about the request's fate.
type errKind int

const (
	errMaybeSent errKind = iota // WalkMe may have received and acted on it
	errNotSent                  // it surely never reached WalkMe
	errFatal                    // it never reached WalkMe and retrying cannot help
)

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// checkRetry is the retryablehttp CheckRetry of a call.
func (st *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if errors.Is(err, errResponseTooLarge) {
			return false, nil
		}
		switch classifyError(err) {
		case errNotSent:
			return true, nil
		case errMaybeSent:
			return st.req.policy == retryIdempotent, nil
		default:
			return false, nil
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return true, nil
	}
	return st.req.policy == retryIdempotent && retryableStatus(resp.StatusCode), nil
}

// backoff is the retryablehttp Backoff of a call; it logs the decision.
func (st *callState) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	d := backoff(minWait, maxWait, attempt, resp)
	fields := map[string]any{"method": st.req.method, "path": st.req.path, "attempt": st.attempts, "wait_ms": d.Milliseconds()}
	if resp != nil {
		fields["status"] = resp.StatusCode
	}
	tflog.Debug(st.logCtx, "retrying WalkMe API request", fields)
	return d
}

// backoff is retryablehttp's Backoff signature over retryWait.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp == nil {
		return retryWait(minWait, maxWait, attempt, 0, nil)
	}
	return retryWait(minWait, maxWait, attempt, resp.StatusCode, resp.Header)
}

// retryWait waits what Retry-After asks on a retried status, kept within
// [minWait, maxWait] (a "0" or a past date must not make retries hammer WalkMe,
// and an absurd value must not stall the run), and otherwise an exponential
// backoff with full jitter in [minWait, maxWait]. status is 0 when no response
// arrived.
func retryWait(minWait, maxWait time.Duration, attempt, status int, header http.Header) time.Duration {
	if retryableStatus(status) {
		if d, ok := parseRetryAfter(header.Get("Retry-After"), time.Now()); ok {
			return min(max(d, minWait), maxWait)
		}
	}
	return jitter(minWait, maxWait, attempt)
}

func jitter(minWait, maxWait time.Duration, attempt int) time.Duration {
	ceiling := max(minWait, time.Millisecond)
	for i := 0; i < attempt && ceiling < maxWait; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, maxWait)
	if ceiling <= minWait {
		return minWait
	}
	return minWait + rand.N(ceiling-minWait+1)
}

// maxRetryAfter is the longest Retry-After read as such; longer ones (even beyond
// int64) count as this, which retryWait then caps at the configured maximum.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads Retry-After as seconds or as an HTTP date, at most
// maxRetryAfter; a date in the past is 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || secs > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), maxRetryAfter), true
}

// classifyError tells from a transport error whether the request can have
// reached WalkMe.
func classifyError(err error) errKind {
	if isFatal(err) {
		return errFatal
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"),
		errors.As(err, &dnsErr),
		errors.Is(err, syscall.ECONNREFUSED):
		return errNotSent
	}
	return errMaybeSent
}

func isFatal(err error) bool {
	var (
		tokErr   *tokenError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	if errors.As(err, &tokErr) || errors.As(err, &verify) || errors.As(err, &record) ||
		errors.As(err, &alert) || errors.As(err, &unknown) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"unsupported protocol scheme", "invalid header", "stopped after", "certificate is not trusted"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

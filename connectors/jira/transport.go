package jira

import (
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The transport every request goes through, from the top:
//
//	go-jira's authentication (BasicAuthTransport or BearerAuthTransport)
//	→ a bound on requests in flight
//	→ retries (go-retryablehttp: Retry-After honoured exactly, else
//	  exponential backoff with jitter)
//	→ one attempt, with its own timeout, observed for metrics.
//
// Retries sit under the authentication so that every attempt carries it,
// and the bound sits above the retries so that a request waiting out a
// Retry-After keeps its slot instead of letting another one hit the limit.

// newTransport returns the stack under the authentication.
func newTransport(cfg Config, base http.RoundTripper, logger *slog.Logger, observe func(*http.Response, error)) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{Timeout: cfg.Timeout, Transport: &observed{next: base, observe: observe}}
	rc.RetryMax = cfg.Retries
	rc.RetryWaitMin = 500 * time.Millisecond
	rc.RetryWaitMax = 30 * time.Second
	rc.Backoff = backoff
	rc.CheckRetry = checkRetry
	// When the retries are spent, hand back Jira's last answer (its status
	// and error body) rather than retryablehttp's "giving up" error.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.Logger = slogAdapter{logger}
	return bounded{next: &retryablehttp.RoundTripper{Client: rc}, slots: make(chan struct{}, cfg.Concurrency)}
}

// backoff waits exactly what an answer's Retry-After asks, never less;
// otherwise exponentially longer each attempt, half of it random so that
// many clients do not come back at once.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if d, ok := retryAfter(resp); ok {
		return d
	}
	d := retryablehttp.DefaultBackoff(min, max, attempt, nil)
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads an answer's Retry-After: seconds (a fraction rounded
// up) or an HTTP date.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 && secs < 1e6 {
		return time.Duration(math.Ceil(secs)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// checkRetry retries what failed for a passing reason: a connection that
// failed or timed out, a 429, a 5xx other than 501. A POST is retried only
// when the server said it did not take the request (429, 503): a comment
// that timed out may have been created, and its marker is found again on
// the next sync rather than created twice.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	var unknownAuthority x509.UnknownAuthorityError
	if err != nil && errors.As(err, &unknownAuthority) {
		return false, nil
	}
	if ctx.Value(creating{}) != nil {
		if err != nil {
			var op *net.OpError
			return errors.As(err, &op) && op.Op == "dial", nil // never reached the server
		}
		return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable, nil
	}
	if err != nil {
		return true, nil
	}
	code := resp.StatusCode
	return code == http.StatusTooManyRequests || code >= 500 && code != http.StatusNotImplemented, nil
}

// creating marks the context of a request that creates something (a POST):
// checkRetry retries it only when the server cannot have acted on it.
type creating struct{}

// bounded lets at most cap(slots) requests be in flight.
type bounded struct {
	next  http.RoundTripper
	slots chan struct{}
}

func (b bounded) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case b.slots <- struct{}{}:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	defer func() { <-b.slots }()
	return b.next.RoundTrip(req)
}

// observed sends one attempt: not before a pause Jira asked for is over
// (a Retry-After stops every request, not only the one it answered), and
// reports its outcome (for request and rate-limit metrics).
type observed struct {
	next    http.RoundTripper
	observe func(*http.Response, error)

	mu    sync.Mutex
	until time.Time // no request before this
}

func (o *observed) RoundTrip(req *http.Request) (*http.Response, error) {
	o.mu.Lock()
	wait := time.Until(o.until)
	o.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-req.Context().Done():
			t.Stop()
			return nil, req.Context().Err()
		}
	}
	resp, err := o.next.RoundTrip(req)
	if d, ok := retryAfter(resp); ok && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		o.mu.Lock()
		if until := time.Now().Add(d); until.After(o.until) {
			o.until = until
		}
		o.mu.Unlock()
	}
	if o.observe != nil {
		o.observe(resp, err)
	}
	return resp, err
}

// slogAdapter lets retryablehttp log through the connector's logger, at
// debug level: a retry is routine, its outcome is what the caller logs.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Error(msg string, kv ...any) { a.l.Debug(msg, kv...) }
func (a slogAdapter) Info(msg string, kv ...any)  { a.l.Debug(msg, kv...) }
func (a slogAdapter) Debug(msg string, kv ...any) { a.l.Debug(msg, kv...) }
func (a slogAdapter) Warn(msg string, kv ...any)  { a.l.Debug(msg, kv...) }

var _ retryablehttp.LeveledLogger = slogAdapter{}

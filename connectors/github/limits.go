package github

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limits is a transport that keeps to GitHub's rate limits
// (docs.github.com, "Rate limits for the REST API" and "Best practices"):
//
//   - primary: a 403 or 429 with x-ratelimit-remaining 0 waits until
//     x-ratelimit-reset, then tries again;
//   - secondary: a 403 or 429 with Retry-After waits that long; one that
//     names the secondary limit without it waits at least a minute,
//     doubling each time;
//   - a 5xx is retried with exponential backoff and jitter, a GET only;
//   - requests that change something are sent at least a second apart.
//
// A wait holds back every request of the client, not only the one that
// was refused, and ends early only when the request's context does.
// go-github v60 raises *RateLimitError only for a 403 with remaining 0 and
// treats a 429 as a plain error, so this sits under it and go-github sees
// the answer that finally came.
type limits struct {
	next    http.RoundTripper
	retries int
	// sleep waits for d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time

	mu         sync.Mutex
	until      time.Time // no request before this
	lastChange time.Time // when the last mutating request was sent
}

// mutatingGap is the least time between two requests that change
// something.
const mutatingGap = time.Second

func newLimits(next http.RoundTripper, retries int) *limits {
	return &limits{next: next, retries: retries, sleep: sleepCtx, now: time.Now}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *limits) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	mutating := req.Method != http.MethodGet && req.Method != http.MethodHead
	secondary := time.Minute
	for attempt := 0; ; attempt++ {
		if err := l.wait(ctx, mutating); err != nil {
			return nil, err
		}
		if attempt > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = body
		}
		resp, err := l.next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		pause, retry := l.verdict(resp, mutating, attempt, &secondary)
		if retry && attempt >= l.retries {
			l.hold(pause) // given up, but the next request waits still
		}
		if !retry || attempt >= l.retries {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		l.hold(pause)
	}
}

// wait sleeps until every pause is over and, for a mutating request, a
// second after the last one.
func (l *limits) wait(ctx context.Context, mutating bool) error {
	for {
		l.mu.Lock()
		now := l.now()
		until := l.until
		if mutating && !l.lastChange.IsZero() && l.lastChange.Add(mutatingGap).After(until) {
			until = l.lastChange.Add(mutatingGap)
		}
		if !until.After(now) {
			if mutating {
				l.lastChange = now
			}
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		if err := l.sleep(ctx, until.Sub(now)); err != nil {
			return err
		}
	}
}

// hold pauses every request for d.
func (l *limits) hold(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.now().Add(d); until.After(l.until) {
		l.until = until
	}
}

// verdict says how long to pause and whether to try again.
func (l *limits) verdict(resp *http.Response, mutating bool, attempt int, secondary *time.Duration) (time.Duration, bool) {
	code := resp.StatusCode
	if code == http.StatusForbidden || code == http.StatusTooManyRequests {
		if d, ok := retryAfter(resp, l.now()); ok {
			return d, true
		}
		if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
			if reset, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
				// A second past the reset: GitHub's clock and ours differ.
				return max(time.Unix(reset, 0).Sub(l.now())+time.Second, time.Second), true
			}
		}
		if code == http.StatusTooManyRequests || mentionsSecondary(resp) {
			d := *secondary
			*secondary *= 2
			return d, true
		}
		return 0, false // a 403 for want of permission
	}
	if code >= 500 && code != http.StatusNotImplemented && !mutating {
		d := time.Duration(1<<min(attempt, 6)) * time.Second
		return d/2 + rand.N(d/2+1), true
	}
	return 0, false
}

// mentionsSecondary reports a refusal that names the secondary rate
// limit; the body is read and put back.
func mentionsSecondary(resp *http.Response) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return err == nil && strings.Contains(strings.ToLower(string(body)), "secondary rate limit")
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

package github

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a fake time: sleeping moves it on and is recorded.
type clock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

// TestLimits: each kind of refusal is waited out as GitHub asks, then
// tried again, and the answer that finally came is what the caller sees.
func TestLimits(t *testing.T) {
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		method   string
		refuse   func(w http.ResponseWriter)
		times    int
		want     []time.Duration // the waits, in order
		attempts int
		status   int
	}{
		{"primary", "GET", func(w http.ResponseWriter) {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(start.Add(90*time.Second).Unix()))
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message": "API rate limit exceeded for user ID 1."}`)
		}, 1, []time.Duration{91 * time.Second}, 2, 200},
		{"secondary with Retry-After", "GET", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message": "You have exceeded a secondary rate limit."}`)
		}, 1, []time.Duration{7 * time.Second}, 2, 200},
		{"secondary without Retry-After doubles from a minute", "POST", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`)
		}, 2, []time.Duration{time.Minute, 2 * time.Minute}, 3, 200},
		{"a plain 429", "GET", func(w http.ResponseWriter) { w.WriteHeader(http.StatusTooManyRequests) }, 1, []time.Duration{time.Minute}, 2, 200},
		{"a 403 for want of permission is an answer", "GET", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message": "Resource not accessible by integration"}`)
		}, 1, nil, 1, 403},
		{"a 502 on a GET is retried", "GET", func(w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) }, 1, nil, 2, 200},
		{"a 502 on a POST is not", "POST", func(w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) }, 1, nil, 1, 502},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			attempts := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				attempts++
				if attempts <= c.times {
					c.refuse(w)
					return
				}
				fmt.Fprint(w, `{}`)
			}))
			defer srv.Close()
			clk := &clock{now: start}
			l := newLimits(http.DefaultTransport, 5)
			l.sleep, l.now = clk.Sleep, clk.Now
			req, _ := http.NewRequest(c.method, srv.URL+"/repos/a/b/issues", strings.NewReader(`{"body": "x"}`))
			resp, err := (&http.Client{Transport: l}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.status || attempts != c.attempts {
				t.Errorf("status %d after %d attempts, want %d after %d", resp.StatusCode, attempts, c.status, c.attempts)
			}
			if c.want != nil && fmt.Sprint(clk.slept) != fmt.Sprint(c.want) {
				t.Errorf("waited %v, want %v", clk.slept, c.want)
			}
		})
	}
}

// TestMutatingGap: requests that change something go at least a second
// apart; reads are not held back.
func TestMutatingGap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{}`) }))
	defer srv.Close()
	clk := &clock{now: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
	l := newLimits(http.DefaultTransport, 5)
	l.sleep, l.now = clk.Sleep, clk.Now
	c := &http.Client{Transport: l}
	for _, m := range []string{"POST", "GET", "PATCH"} {
		req, _ := http.NewRequest(m, srv.URL, strings.NewReader("{}"))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if fmt.Sprint(clk.slept) != "[1s]" {
		t.Errorf("waited %v, want one second before the PATCH", clk.slept)
	}
}

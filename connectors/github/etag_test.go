package github

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestETags: the second GET of an unchanged URL is conditional, GitHub's
// 304 comes back as the first answer marked from the cache with today's
// rate limit, a change is read anew, and two tokens share nothing.
func TestETags(t *testing.T) {
	var version, conditional atomic.Int64
	version.Store(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		etag := fmt.Sprintf(`"v%d-%s"`, version.Load(), r.Header.Get("Authorization"))
		if r.Header.Get("If-None-Match") == etag {
			w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(5000-conditional.Add(1)))
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("X-RateLimit-Remaining", "5000")
		w.Header().Set("ETag", etag)
		fmt.Fprintf(w, `[{"version": %d}]`, version.Load())
	}))
	defer srv.Close()
	c := &http.Client{Transport: newETags(http.DefaultTransport)}
	get := func(token string) (string, http.Header) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/repos/a/b/issues", nil)
		req.Header.Set("Authorization", token)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return string(b), resp.Header
	}
	if body, h := get("token a"); body != `[{"version": 1}]` || h.Get(FromCache) != "" {
		t.Errorf("first: %q %v", body, h)
	}
	body, h := get("token a")
	if body != `[{"version": 1}]` || h.Get(FromCache) != "1" || conditional.Load() != 1 || h.Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("second: %q, from cache %q, %d conditional, remaining %s", body, h.Get(FromCache), conditional.Load(), h.Get("X-RateLimit-Remaining"))
	}
	if _, h := get("token b"); h.Get(FromCache) != "" || conditional.Load() != 1 {
		t.Errorf("another token was answered from the first one's cache")
	}
	version.Store(2)
	if body, h := get("token a"); body != `[{"version": 2}]` || h.Get(FromCache) != "" {
		t.Errorf("after a change: %q %v", body, h.Get(FromCache))
	}
}

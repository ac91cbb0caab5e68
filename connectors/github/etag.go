package github

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"sync"
)

// FromCache is the header an answer carries when GitHub said 304 Not
// Modified and the transport answered from its cache: the data is what
// the connector already read.
const FromCache = "X-Ownerd-From-Cache"

// etags is a transport that makes every GET conditional: it remembers the
// ETag and the answer of each URL (per credentials, so that two tokens
// never share what they may see), sends If-None-Match, and turns GitHub's
// 304 into the remembered answer marked FromCache. A 304 costs no rate
// limit points; go-github v60 sends no ETags itself and reports a 304 as
// an error, so this sits under it.
//
// It is written here rather than taken from an HTTP cache library: those
// follow Cache-Control, which GitHub sets to a minute of max-age, and
// would answer from the cache without asking, hiding changes that
// happened in that minute.
type etags struct {
	next http.RoundTripper

	mu      sync.Mutex
	entries map[string]*etagEntry
	max     int // answers kept; the oldest go first
	bytes   int // what they hold
	order   []string
}

type etagEntry struct {
	etag   string
	answer []byte // the whole answer as httputil.DumpResponse wrote it
}

// maxCached and maxCachedBytes bound what the transport remembers: the
// streams' pages of many repositories, with room to spare. An answer over
// maxCachedAnswer is not remembered at all.
const (
	maxCached       = 4096
	maxCachedBytes  = 64 << 20
	maxCachedAnswer = 4 << 20
)

func newETags(next http.RoundTripper) *etags {
	return &etags{next: next, entries: map[string]*etagEntry{}, max: maxCached}
}

// key names a URL as seen with given credentials: the credentials only as
// a hash, so that no secret is held in the cache's keys. An App's
// installation token is renewed every hour; its answers are the same
// installation's, so its key is the App's, not the token's.
func key(req *http.Request) string {
	auth := req.Header.Get("Authorization")
	if strings.HasPrefix(strings.TrimPrefix(auth, "Bearer "), "ghs_") || strings.HasPrefix(auth, "token ghs_") {
		auth = "app installation"
	}
	h := sha256.Sum256([]byte(auth))
	return hex.EncodeToString(h[:8]) + " " + req.URL.String()
}

// pageTag is what a sync keeps of one page of a stream it read: the
// page's ETag and its Link header.
type pageTag struct {
	ETag string `json:"etag"`
	Link string `json:"link,omitempty"`
}

// streamTags carries a sync's page tags through its requests: those of
// the sync its state came from (prev), and those of the pages read now
// (next), which become the new state's only if the sync succeeds.
type streamTags struct {
	mu   sync.Mutex
	prev map[string]pageTag
	next map[string]pageTag
}

type streamKey struct{}

// withStream marks ctx's requests as pages of the sync's streams.
func withStream(ctx context.Context, tags *streamTags) context.Context {
	return context.WithValue(ctx, streamKey{}, tags)
}

// stream sends a page of a sync stream. Such a page is folded into the
// sync state, so an unchanged one holds nothing that state lacks: it is
// asked with the ETag the state keeps, and a 304 comes back as an empty
// page with the remembered Link header (paging goes on). Nothing of it is
// held in memory, and the ETags live and die with the state that read
// them: a sync that fails keeps none, and a restart from the store still
// asks conditionally.
func (t *etags) stream(req *http.Request, tags *streamTags) (*http.Response, error) {
	k := key(req)
	tags.mu.Lock()
	prev, had := tags.prev[k]
	tags.mu.Unlock()
	if had {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", prev.ETag)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	keep := func(pt pageTag) {
		tags.mu.Lock()
		tags.next[k] = pt
		tags.mu.Unlock()
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && had:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// GitHub's ETag covers the body, not the Link header: a page can
		// stay the same while a page after it appears. The 304's own
		// Link, when it sends one, is today's; else the remembered one
		// (ascending pages that were full are never remembered, below).
		h := resp.Header.Clone()
		if h.Get("Link") == "" {
			h.Set("Link", prev.Link)
		}
		if h.Get("Link") == "" {
			h.Del("Link")
		}
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set(FromCache, "1")
		keep(prev)
		return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Header: h, Body: io.NopCloser(strings.NewReader("[]")), ContentLength: 2, Request: req}, nil
	case resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "":
		if !ascending(req) {
			keep(pageTag{ETag: resp.Header.Get("ETag"), Link: resp.Header.Get("Link")})
			break
		}
		// Oldest first, a change lands at the end: after a full page, a
		// new page can appear while this one stays the same. Such a page
		// is asked again unconditionally; a page with room left changes
		// when anything is added to it.
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var items []json.RawMessage
		if json.Unmarshal(body, &items) == nil && len(items) < perPage(req) {
			keep(pageTag{ETag: resp.Header.Get("ETag"), Link: resp.Header.Get("Link")})
		}
	}
	return resp, nil
}

// ascending reports a stream listed oldest change first.
func ascending(req *http.Request) bool { return req.URL.Query().Get("direction") == "asc" }

// perPage is the page size a request asked for (GitHub's default is 30).
func perPage(req *http.Request) int {
	if n, err := strconv.Atoi(req.URL.Query().Get("per_page")); err == nil && n > 0 {
		return n
	}
	return 30
}

func (t *etags) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		return t.next.RoundTrip(req)
	}
	if tags, _ := req.Context().Value(streamKey{}).(*streamTags); tags != nil {
		return t.stream(req, tags)
	}
	k := key(req)
	t.mu.Lock()
	e := t.entries[k]
	t.mu.Unlock()
	if e != nil {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", e.etag)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && e != nil:
		cached, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(e.answer)), req)
		if err != nil {
			return resp, nil
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// The rate limit headers are today's, not the remembered ones.
		for _, h := range []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", "X-Ratelimit-Used", "X-Ratelimit-Resource", "Date"} {
			if v := resp.Header.Get(h); v != "" {
				cached.Header.Set(h, v)
			}
		}
		cached.Header.Set(FromCache, "1")
		return cached, nil
	case resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "" && resp.ContentLength <= maxCachedAnswer:
		dump, err := httputil.DumpResponse(resp, true)
		if err != nil {
			return nil, err
		}
		if len(dump) <= maxCachedAnswer {
			t.remember(k, &etagEntry{etag: resp.Header.Get("ETag"), answer: dump})
		}
	}
	return resp, nil
}

func (t *etags) remember(k string, e *etagEntry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.entries[k]; ok {
		t.bytes -= len(old.answer)
	} else {
		t.order = append(t.order, k)
	}
	t.entries[k] = e
	t.bytes += len(e.answer)
	for len(t.order) > 0 && (len(t.order) > t.max || t.bytes > maxCachedBytes) {
		if old, ok := t.entries[t.order[0]]; ok {
			t.bytes -= len(old.answer)
			delete(t.entries, t.order[0])
		}
		t.order = t.order[1:]
	}
}
